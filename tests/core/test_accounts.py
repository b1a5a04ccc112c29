"""Accounts on Pavilion's own pages: the organiser's administrators open one with its role (and
company, for an exhibitor's people), the person chooses a password from a one-time e-mailed link;
accounts are closed and opened again; a forgotten password is reset from the sign-in page."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from pavilion.core import roles
from pavilion.core.models import AuditEntry
from pavilion.exhibitors.models import CompanyMember
from tests.factories import CompanyFactory, UserFactory

ACCOUNTS = "/organiser/accounts/"
User = get_user_model()


@pytest.fixture
def people(db):
    return {"admin": UserFactory(username="org", role=roles.ORGANISER_ADMIN),
            "staff": UserFactory(username="orgstaff", role=roles.ORGANISER_STAFF),
            "company": CompanyFactory(name="Qala Pilotsuz")}


def new_account(people, **changes) -> dict:
    return {"first_name": "Rəşad", "last_name": "Əliyev", "email": "Rashad.Aliyev@Example.test",
            "role": roles.EXHIBITOR_ADMIN, "company": people["company"].pk, "language": "az", **changes}


def signs_in(client, username: str, password: str) -> bool:
    """Through the sign-in page, as a person does (the lockout needs the request)."""
    response = client.post("/accounts/login/", {"username": username, "password": password})
    signed_in = response.status_code == 302 and "_auth_user_id" in client.session
    client.logout()
    return signed_in


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/password/set/\S+/)", message.body).group(1)


def test_an_invited_exhibitor_administrator_chooses_a_password_and_signs_in(client, people):
    client.force_login(people["admin"])
    response = client.post(ACCOUNTS, new_account(people))
    assert response.status_code == 302
    user = User.objects.get(username="rashad.aliyev@example.test")
    assert not user.has_usable_password() and user.groups.get().name == roles.EXHIBITOR_ADMIN
    assert CompanyMember.objects.get(user=user).role == "admin"
    assert AuditEntry.objects.filter(action="account.create", object_id=str(user.pk)).exists()
    [invitation] = mail.outbox
    assert invitation.to == ["rashad.aliyev@example.test"] and "Rəşad Əliyev" in invitation.body
    assert "Pavilion" in invitation.subject and "your account is open" not in invitation.subject  # in Azerbaijani
    link = link_in(invitation)
    page = client.get(link, follow=True)
    assert page.status_code == 200 and 'name="new_password1"' in page.content.decode()
    done = client.post(page.redirect_chain[-1][0], {"new_password1": "Caspian-Shield-2026",
                                                    "new_password2": "Caspian-Shield-2026"}, follow=True)
    assert "Your password is saved" in done.content.decode()
    client.logout()
    assert signs_in(client, "rashad.aliyev@example.test", "Caspian-Shield-2026")
    assert "does not work any more" in client.get(link, follow=True).content.decode()  # one use only


@pytest.mark.parametrize("changes, field_message", [
    ({"email": "org@example.test"}, "An account with this e-mail address exists already."),
    ({"email": "not-an-address"}, "Enter a valid email address."),
    ({"company": ""}, "Choose the company this person acts for."),
    ({"role": roles.SECURITY_OFFICER}, "Only an exhibitor&#x27;s administrator or staff acts for a company."),
    ({"role": "superuser"}, "Select a valid choice."),
    ({"role": ""}, "This field is required."),
])
def test_bad_input_says_why_and_opens_nothing(client, people, changes, field_message):
    client.force_login(people["admin"])
    before = User.objects.count()
    response = client.post(ACCOUNTS, new_account(people, **changes))
    assert response.status_code == 400 and field_message in response.content.decode()
    assert User.objects.count() == before and not mail.outbox


def test_only_the_organisers_administrators_see_and_open_accounts(client, people):
    assert client.get(ACCOUNTS).status_code == 302  # to the sign-in page
    client.force_login(people["staff"])
    assert client.get(ACCOUNTS).status_code == 403
    assert client.post(ACCOUNTS, new_account(people)).status_code == 403
    assert not User.objects.filter(email__iexact="rashad.aliyev@example.test").exists()
    client.force_login(people["admin"])
    page = client.get(ACCOUNTS, {"role": roles.ORGANISER_STAFF}).content.decode()
    assert f'data-account="{people["staff"].pk}"' in page and f'data-account="{people["admin"].pk}"' not in page


def test_a_closed_account_cannot_sign_in_and_the_administrator_cannot_close_their_own(client, people):
    client.force_login(people["admin"])
    staff = people["staff"]
    client.post(f"{ACCOUNTS}{staff.pk}/close/")
    staff.refresh_from_db()
    assert not staff.is_active and AuditEntry.objects.filter(action="account.close").exists()
    assert not signs_in(client, "orgstaff", "secret-password")
    client.force_login(people["admin"])
    response = client.post(f"{ACCOUNTS}{people['admin'].pk}/close/", follow=True)
    assert "You cannot close your own account." in response.content.decode()
    people["admin"].refresh_from_db()
    assert people["admin"].is_active
    client.post(f"{ACCOUNTS}{staff.pk}/open/")
    staff.refresh_from_db()
    assert staff.is_active
    assert client.post(f"{ACCOUNTS}{staff.pk}/delete/").status_code == 404


def test_the_invitation_is_sent_again_only_while_no_password_is_chosen(client, people):
    client.force_login(people["admin"])
    client.post(ACCOUNTS, new_account(people, language="en"))
    user = User.objects.get(username="rashad.aliyev@example.test")
    client.post(f"{ACCOUNTS}{user.pk}/invite/")
    assert len(mail.outbox) == 2 and mail.outbox[1].subject == "Pavilion: your account is open"
    response = client.post(f"{ACCOUNTS}{people['staff'].pk}/invite/", follow=True)
    assert "has chosen a password already" in response.content.decode() and len(mail.outbox) == 2


def test_a_forgotten_password_is_reset_from_the_sign_in_page(client, people):
    assert 'href="/accounts/password/reset/"' in client.get("/accounts/login/").content.decode()
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.test"}, follow=True)
    assert "Look in your e-mail" in response.content.decode() and not mail.outbox  # says nothing of who exists
    client.post("/accounts/password/reset/", {"email": "orgstaff@example.test"})
    [message] = mail.outbox
    page = client.get(link_in(message), follow=True)
    client.post(page.redirect_chain[-1][0], {"new_password1": "Absheron-Gate-77", "new_password2": "Absheron-Gate-77"})
    assert signs_in(client, "orgstaff", "Absheron-Gate-77")


def test_repeated_wrong_passwords_lock_the_sign_in_out_for_a_while(client, people, settings, caplog):
    """After five wrong passwords for one user name from one address, even the right one is refused for
    the cool-off time, with a page that says so; another address is not affected."""
    wrong = {"username": "orgstaff", "password": "guess"}
    for _attempt in range(4):
        assert client.post("/accounts/login/", wrong).status_code == 200  # the form again, with its error
    assert client.post("/accounts/login/", wrong).status_code == 429  # the fifth locks the pair out
    response = client.post("/accounts/login/", {"username": "orgstaff", "password": "secret-password"})
    page = response.content.decode()
    assert response.status_code == 429 and "Too many failed sign-ins" in page and "15 minutes" in page
    assert "_auth_user_id" not in client.session
    assert "guess" not in page and "secret-password" not in page
    elsewhere = client.post("/accounts/login/", {"username": "orgstaff", "password": "secret-password"},
                            REMOTE_ADDR="10.1.2.3")
    assert elsewhere.status_code == 302
    logged = caplog.text
    assert "AXES" in logged and "orgstaff" not in logged and "127.0.0.1" not in logged  # no personal data


def test_behind_a_proxy_the_address_it_saw_counts(rf, settings):
    from pavilion.core.security import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7", REMOTE_ADDR="127.0.0.1")
    assert client_ip(request) == "127.0.0.1"
    settings.PAVILION_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.7"  # not the entry the client wrote itself
