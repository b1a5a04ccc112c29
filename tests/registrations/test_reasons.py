"""A registration's status reason reaches its reader in the reader's language: the reasons the code
gives are stored in English and translated when shown (the person's e-mail, their status page, the
organiser's page), whatever the language of whoever decided; a reason an officer types is shown as typed."""

from django.core import mail
from django.utils import translation

from pavilion.registrations import services
from pavilion.registrations.models import CountryPolicy, Registration
from pavilion.registrations.views import status_url
from tests.registrations.support import person

REFUSED = services.NOT_ACCEPTED  # what vetting gives a listed person


def test_a_reason_given_by_a_russian_speaking_officer_reaches_an_english_reader_in_english(world, submit, commit):
    registration = submit(person=person(language="en"))
    with translation.override("ru"):
        commit(services.registration_reject, actor=world.officer, registration=registration, reason=REFUSED)
    registration.refresh_from_db()
    assert registration.status_reason == "The registration could not be accepted."
    body = mail.outbox[-1].body
    assert "The registration could not be accepted." in body and "Регистрацию" not in body


def test_the_same_reason_reaches_an_azerbaijani_reader_in_azerbaijani(world, submit, commit, client):
    registration = submit(person=person(language="az"))
    with translation.override("ru"):
        commit(services.registration_reject, actor=world.officer, registration=registration, reason=REFUSED)
    assert "Qeydiyyat qəbul edilə bilmədi." in mail.outbox[-1].body
    client.cookies["django_language"] = "az"
    assert "Qeydiyyat qəbul edilə bilmədi." in client.get(status_url(registration)).content.decode()
    client.cookies["django_language"] = "en"
    assert "The registration could not be accepted." in client.get(status_url(registration)).content.decode()


def test_a_withdrawal_made_in_russian_reads_in_the_page_s_language(world, submit, commit, client):
    registration = submit()
    with translation.override("ru"):
        commit(services.registration_withdraw, actor=None, registration=registration)
    registration.refresh_from_db()
    assert registration.status_reason == "Withdrawn."
    client.cookies["django_language"] = "az"
    assert "Geri götürüldü." in client.get(status_url(registration)).content.decode()


def test_a_held_registration_is_explained_in_the_organiser_s_language(world, submit, client):
    CountryPolicy.objects.create(event=world.event, country="AZ", policy=CountryPolicy.Policy.INVITED_ONLY)
    with translation.override("ru"):  # submitted from the Russian form
        registration = submit()
    assert Registration.objects.get(pk=registration.pk).status_reason == "Held for review: this country is invited only."
    client.force_login(world.organiser)
    client.cookies["django_language"] = "az"
    page = client.get(f"/events/{world.event.slug}/registrations/{registration.pk}/").content.decode()
    assert "Baxış üçün saxlanılıb: bu ölkədən yalnız dəvətlə iştirak mümkündür." in page


def test_a_reason_the_organiser_types_is_shown_as_typed_and_escaped(world, submit, commit, client):
    registration = submit()
    commit(services.registration_reject, actor=world.organiser, registration=registration,
           reason="No trade link: 100% <b>private</b> visit")
    assert "No trade link: 100% <b>private</b> visit" in mail.outbox[-1].body  # plain text: as typed
    client.cookies["django_language"] = "ru"
    page = client.get(status_url(registration)).content.decode()
    assert "No trade link: 100% &lt;b&gt;private&lt;/b&gt; visit" in page


def test_the_reject_form_tells_the_officer_the_person_reads_the_reason(world, submit, client):
    registration = submit()
    client.force_login(world.organiser)
    page = client.get(f"/events/{world.event.slug}/registrations/{registration.pk}/").content.decode()
    assert "Reason (sent to the person)" in page and "word for word" in page
