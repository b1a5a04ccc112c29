"""A person's own account page: who they are to Pavilion, the language Pavilion speaks to them in
(kept with the account, so a sign-in on any device opens in it), their password and their API tokens."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail

from pavilion.core import roles
from pavilion.core.accounts import language_preference_set, preferred_language
from pavilion.core.models import AccountPreference, ApiToken, AuditEntry
from pavilion.core.services import api_token_user
from tests.factories import MemberFactory, UserFactory

ACCOUNT = "/accounts/"
COOKIE = settings.LANGUAGE_COOKIE_NAME
User = get_user_model()


@pytest.fixture
def person(db):
    return MemberFactory(company__name="Qala Pilotsuz", user__username="elvin", user__first_name="Elvin",
                         user__last_name="Məmmədov").user


def language_of(user) -> str | None:
    """The account's language as stored (a user object caches what it read, a sign-in reads it)."""
    return preferred_language(User.objects.get(pk=user.pk))


def sign_in(client, username: str, password: str = "secret-password"):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_the_page_asks_to_sign_in_and_shows_the_person_their_roles_and_company(client, person):
    assert client.get(ACCOUNT)["Location"].startswith("/accounts/login/")
    client.force_login(person)
    page = client.get(ACCOUNT).content.decode()
    assert "Elvin Məmmədov" in page and "elvin@example.test" in page
    assert "Exhibitor administrator" in page and "Qala Pilotsuz" in page
    assert 'href="/accounts/"' in page  # in the person's own menu


def test_choosing_a_language_keeps_it_with_the_account_and_turns_this_device_at_once(client, person):
    client.force_login(person)
    response = client.post("/accounts/language/", {"language": "ru"})
    assert response.status_code == 302 and response.cookies[COOKIE].value == "ru"
    assert language_of(person) == "ru"
    assert AuditEntry.objects.filter(action="account.language", object_id=str(person.pk),
                                     after={"language": "ru"}).exists()
    page = client.get(ACCOUNT).content.decode()
    assert "Русский" in page and 'lang="ru"' in page and "Моя учётная запись" in page


@pytest.mark.parametrize("language", ["fr", "", "ru-RU"])
def test_a_language_pavilion_does_not_speak_is_refused_and_changes_nothing(client, person, language):
    client.force_login(person)
    response = client.post("/accounts/language/", {"language": language})
    assert response.status_code == 400 and COOKIE not in response.cookies
    assert not AccountPreference.objects.exists() and not AuditEntry.objects.filter(action="account.language").exists()


def test_signing_in_on_another_device_opens_in_the_account_s_language(client, person):
    AccountPreference.objects.create(user=person, language="az")
    response = sign_in(client, "elvin")
    assert response.status_code == 302 and response.cookies[COOKIE].value == "az"
    assert 'lang="az"' in client.get(ACCOUNT).content.decode()


def test_a_first_sign_in_keeps_the_language_chosen_on_the_device_and_none_is_made_up(client, person, db):
    sign_in(client, "elvin")
    assert not AccountPreference.objects.exists()  # nothing chosen: the browser's languages still decide
    client.logout()
    client.cookies[COOKIE] = "ru"
    response = sign_in(client, "elvin")
    assert language_of(person) == "ru" and response.cookies.get(COOKIE) is None


def test_a_failed_sign_in_changes_no_language(client, person):
    AccountPreference.objects.create(user=person, language="az")
    response = sign_in(client, "elvin", "wrong")
    assert response.status_code == 200 and COOKIE not in response.cookies


def test_the_header_switch_becomes_the_account_s_language_when_signed_in_only(client, person):
    response = client.post("/i18n/setlang/", {"language": "az", "next": "/"})
    assert response.status_code == 302 and response.cookies[COOKIE].value == "az"
    assert not AccountPreference.objects.exists()
    client.force_login(person)
    client.post("/i18n/setlang/", {"language": "ru", "next": "/"})
    assert language_of(person) == "ru"
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert language_of(person) == "ru"
    assert AuditEntry.objects.filter(action="account.language").count() == 1
    client.post("/i18n/setlang/", {"language": "ru", "next": "/"})  # the same again: nothing to record
    assert AuditEntry.objects.filter(action="account.language").count() == 1


def test_only_the_person_or_the_organiser_s_administrators_set_an_account_s_language(person):
    from django.core.exceptions import PermissionDenied

    stranger = UserFactory(username="stranger", role=roles.ORGANISER_STAFF)
    with pytest.raises(PermissionDenied):
        language_preference_set(actor=stranger, user=person, language="az")
    admin = UserFactory(username="admin", role=roles.ORGANISER_ADMIN)
    language_preference_set(actor=admin, user=person, language="az")
    assert language_of(person) == "az"


def test_an_invitation_s_language_becomes_the_new_account_s(client, db):
    admin = UserFactory(username="admin", role=roles.ORGANISER_ADMIN)
    client.force_login(admin)
    client.post("/organiser/accounts/", {"first_name": "Nigar", "last_name": "Əliyeva", "email": "nigar@example.test",
                                         "role": roles.SECURITY_OFFICER, "company": "", "language": "az"})
    assert language_of(User.objects.get(username="nigar@example.test")) == "az"
    assert len(mail.outbox) == 1


def test_a_new_token_is_shown_once_works_for_the_api_and_is_listed_by_its_name(client, person):
    client.force_login(person)
    response = client.post("/accounts/tokens/", {"name": "  CRM   import "})
    page = response.content.decode()
    assert response.status_code == 200
    token = ApiToken.objects.get(user=person)
    assert token.name == "CRM import" and token.prefix in page
    raw = page.split("data-token>")[1].split("<")[0]
    assert raw.startswith(token.prefix) and api_token_user(raw) == person
    assert raw not in client.get(ACCOUNT).content.decode()  # never again
    assert AuditEntry.objects.filter(action="api_token.create", object_id=str(token.pk)).exists()


@pytest.mark.parametrize("name", ["", "   ", "x" * 81])
def test_a_token_without_a_name_or_with_a_long_one_is_refused(client, person, name):
    client.force_login(person)
    response = client.post("/accounts/tokens/", {"name": name})
    assert response.status_code == 400 and not ApiToken.objects.exists()
    assert "data-token>" not in response.content.decode()


def test_a_person_revokes_their_own_token_only(client, person):
    from pavilion.core.services import api_token_create

    raw = api_token_create(actor=None, user=person, name="CRM import")
    other = UserFactory(username="other")
    api_token_create(actor=None, user=other, name="theirs")
    theirs = ApiToken.objects.get(user=other)
    client.force_login(person)
    assert "theirs" not in client.get(ACCOUNT).content.decode()
    assert client.post(f"/accounts/tokens/{theirs.pk}/revoke/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
    mine = ApiToken.objects.get(user=person)
    response = client.post(f"/accounts/tokens/{mine.pk}/revoke/", follow=True)
    assert "Revoked the token" in response.content.decode() and api_token_user(raw) is None
    again = client.post(f"/accounts/tokens/{mine.pk}/revoke/", follow=True).content.decode()
    assert "revoked already" in again
    assert AuditEntry.objects.filter(action="api_token.revoke").count() == 1
    assert client.get(f"/accounts/tokens/{mine.pk}/revoke/").status_code == 405


def test_a_password_is_changed_only_with_the_present_one(client, person):
    client.force_login(person)
    wrong = client.post("/accounts/password/change/", {
        "old_password": "not-it", "new_password1": "Caspian-Shield-2026", "new_password2": "Caspian-Shield-2026"})
    assert wrong.status_code == 200 and "incorrectly" in wrong.content.decode()
    person.refresh_from_db()
    assert person.check_password("secret-password")
    done = client.post("/accounts/password/change/", {
        "old_password": "secret-password", "new_password1": "Caspian-Shield-2026",
        "new_password2": "Caspian-Shield-2026"}, follow=True)
    assert done.redirect_chain[-1][0] == ACCOUNT and "Your password is changed" in done.content.decode()
    person.refresh_from_db()
    assert person.check_password("Caspian-Shield-2026")
    assert "_auth_user_id" in client.session  # still signed in here


def test_the_page_s_queries_do_not_grow_with_the_tokens(client, person):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from pavilion.core.services import api_token_create

    client.force_login(person)
    counts = []
    for number in range(2):
        for more in range(1 + 4 * number):
            api_token_create(actor=None, user=person, name=f"script {number}-{more}")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(ACCOUNT).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 8


def test_the_command_names_a_token_and_refuses_a_long_name_or_an_unknown_person(person, capsys):
    from django.core.management import CommandError, call_command

    call_command("api-token", "elvin", "--name", "badge printer")
    raw = capsys.readouterr().out.strip().splitlines()[-1]
    assert api_token_user(raw) == person and ApiToken.objects.get().name == "badge printer"
    for arguments in (["elvin", "--name", "x" * 81], ["nobody"]):
        with pytest.raises(CommandError):
            call_command("api-token", *arguments)
    assert ApiToken.objects.count() == 1
