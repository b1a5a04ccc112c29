"""What a person types on the registration forms: names in letters of one script a word (no emoji, digits or
look-alike letters), a birth date within a lifetime, and dates the browser's date fields can read in every
language."""

import datetime
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from pavilion.core.services import api_token_create
from pavilion.registrations.forms import DelegationVisitForm, RegistrationForm
from pavilion.registrations.models import Registration
from pavilion.registrations.validation import check_birth_date, check_person_name
from pavilion.registrations.views import status_url
from tests.registrations.support import person, photo_bytes

FORM = {
    "given_name": "Nigar", "family_name": "Abbasova", "nationality": "AZ", "birth_date": "1992-02-29",
    "email": "nigar@example.test", "language": "az", "document_type": "passport", "document_number": "C07777777",
    "document_country": "AZ", "organisation": "Azercosmos", "position": "Engineer", "sector": "industry",
}


def _photo():
    return SimpleUploadedFile("me.jpg", photo_bytes(), content_type="image/jpeg")


@pytest.mark.parametrize("name", ["Leyla", "Məmmədova", "Айгерим", "O'Brien", "D’Arcy", "Jean-Pierre", "J. R.",
                                  "Ἀλέξανδρος", "山田たろう", "김민준", "علی\u200cرضا", "e\u0301lodie", "Ana María",
                                  "O‘zbek G‘ulomov", "O`tkir", "ז׳אק", "阿卜杜拉·买买提", "ユーリ", "ｶﾀｶﾅ", "Jean\u2011Luc",
                                  "Lloyd\u2013Jones", "Mª José", "Ərdoğan İsmayılov", "Қанат Әбілов", "ნინო"])
def test_names_in_the_letters_of_any_script_are_accepted(name):
    assert check_person_name(name, field="given_name")


@pytest.mark.parametrize(("name", "shown"), [
    ("😀😀", "😀"), ("12345", "1 2 3 4 5"), ("Aйгерим😀", "😀"), ("Leyla!", "!"), ("Ali\u200cyev", "U+200C"),
])
def test_emoji_digits_and_symbols_are_refused_and_named(name, shown):
    with pytest.raises(ValidationError) as error:
        check_person_name(name, field="given_name")
    assert error.value.message_dict["given_name"][0].endswith("not allowed: " + shown)


@pytest.mark.parametrize("name", ["Aйгерим", "Anna Аnna", "Məmmədоva"])  # a Latin A; a Cyrillic А; a Cyrillic о
def test_a_word_that_mixes_latin_and_cyrillic_letters_is_refused(name):
    with pytest.raises(ValidationError) as error:
        check_person_name(name, field="family_name")
    assert "mixes letters of different alphabets" in error.value.message_dict["family_name"][0]


def test_a_name_without_letters_is_refused():
    with pytest.raises(ValidationError) as error:
        check_person_name("- .", field="given_name")
    assert error.value.message_dict == {"given_name": ["Write the name in letters."]}


def test_a_birth_date_more_than_110_years_ago_is_refused():
    on = datetime.date(2024, 9, 24)
    check_birth_date(datetime.date(1914, 9, 24), min_age=18, on=on, required=True)  # 110 on the day
    with pytest.raises(ValidationError) as error:
        check_birth_date(datetime.date(1914, 9, 23), min_age=18, on=on, required=True)
    assert "more than 110 years ago" in error.value.message_dict["birth_date"][0]


@pytest.mark.parametrize(("change", "field"), [
    ({"given_name": "😀😀", "family_name": "12345"}, "given_name"),
    ({"given_name": "Aйгерим"}, "given_name"),
    ({"patronymic": "Əli2"}, "patronymic"),
    ({"birth_date": "1900-01-01"}, "birth_date"),
])
def test_the_public_form_refuses_them_on_the_field(world, client, change, field):
    response = client.post(f"/events/{world.event.slug}/register/trade-visitor/", {**FORM, "photo": _photo(),
                                                                                   **change})
    assert response.status_code == 400 and field in response.context["form"].errors
    assert not Registration.objects.exists()


def test_every_way_in_goes_through_the_check(world, submit, client):
    """The service checks the names too: the API, the exhibitor's and the liaison's forms all submit through it."""
    with pytest.raises(ValidationError) as error:
        submit(person=person(given_name="Leyla😀"))
    assert "given_name" in error.value.message_dict
    body = {"category": "trade-visitor", "person": {
        "given_name": "Rauf", "family_name": "Əliyev1", "birth_date": "1985-04-12", "nationality": "AZ",
        "email": "rauf@example.test", "organisation": "Azersec"}}
    token = api_token_create(actor=None, user=world.organiser)
    response = client.post(f"/api/v1/events/{world.event.slug}/registrations", json.dumps(body),
                           content_type="application/json", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 400 and "person.family_name" in response.json()["detail"]
    # An edit of a registration goes through it as well.
    registration = submit()
    response = client.post(status_url(registration) + "edit/", {**FORM, "given_name": "Le\u0443la"})
    assert response.status_code == 400 and "given_name" in response.context["form"].errors
    assert not Registration.objects.filter(person__given_name="Le\u0443la").exists()


def test_the_delegation_member_form_refuses_them(world):
    form = RegistrationForm({**FORM, "given_name": "Ivan7", "position": "Colonel", "protocol_order": 2},
                            category=world.categories["delegation-member"])
    assert not form.is_valid() and "given_name" in form.errors


@pytest.mark.parametrize("language", ["ru", "az", "en"])
def test_the_edit_page_gives_the_birth_date_as_the_date_field_reads_it(world, submit, client, language,
                                                                       django_capture_on_commit_callbacks):
    """In ru and az the date was written 29.02.1992: the browser dropped it and the edit said it was missing."""
    registration = submit(person=person(birth_date=datetime.date(1992, 2, 29)))
    url = status_url(registration) + "edit/"
    client.cookies["django_language"] = language
    page = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    value = re.search(r'<input type="date" name="birth_date" value="([^"]*)"', page).group(1)
    assert value == "1992-02-29"
    # What the browser sends back is that value: the edit is saved.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**FORM, "given_name": "Leyla", "family_name": "Məmmədova",
                                     "document_number": "C01234567", "birth_date": value, "position": "Director"},
                               HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.position == "Director" and registration.person.birth_date == datetime.date(1992, 2, 29)


def test_the_visit_form_writes_its_times_as_the_date_time_field_reads_them(world, client):
    from django.utils import translation

    from pavilion.registrations.models import Delegation

    delegation = Delegation.objects.create(event=world.event, country="GE")
    form = DelegationVisitForm(delegation=delegation, initial={"starts_at": datetime.datetime(2024, 9, 25, 10, 30)})
    with translation.override("ru"):
        assert 'value="2024-09-25T10:30"' in str(form["starts_at"])
