"""The person's status link: an opaque token, private pages, in every e-mail, and asked for again; contact
sharing only while there is (or will be) a badge; a rejected person registering again is shown to the
organiser; long names wrap; exhibitors get their guests' link."""

import base64
import re

import pytest
from django.core import mail

from pavilion.core.mail import site_link
from pavilion.registrations import services
from pavilion.registrations.models import InvitationCode, LinkRequest, Registration
from pavilion.registrations.views import status_url
from tests.registrations.support import person

Status = Registration.Status


def _token(registration) -> str:
    return status_url(registration).rstrip("/").rsplit("/", 1)[1]


def _reject(world, commit, registration, reason="Document not readable"):
    commit(services.registration_reject, actor=world.organiser, registration=registration, reason=reason)
    registration.refresh_from_db()
    return registration


# 19: the token says nothing


def test_the_status_token_is_random_and_does_not_carry_the_registration_number(world, submit):
    first = submit()
    second = submit(person=person(given_name="Rauf", email="rauf@example.test", document_number="C07654321"))
    for registration in (first, second):
        token = _token(registration)
        assert len(token) >= 40 and ":" not in token  # not Django's signed value ("MTA2:…" was 106, signed)
        assert not token.startswith(base64.urlsafe_b64encode(str(registration.pk).encode()).decode().rstrip("="))
        assert token == Registration.objects.get(pk=registration.pk).link_token
    assert _token(first)[:8] != _token(second)[:8]  # no shared, countable prefix


def test_an_unknown_or_altered_token_is_a_404(world, submit, client):
    registration = submit()
    token = _token(registration)
    assert client.get(f"/registration/{token}/").status_code == 200
    assert client.get(f"/registration/{token[:-1]}x/").status_code == 404
    assert client.get("/registration/MTA2:1tXyz:abc/").status_code == 404  # an old-style signed id


# 18: token pages are private


@pytest.mark.parametrize("suffix", ["", "edit/"])
def test_token_pages_are_not_stored_indexed_or_sent_as_a_referrer(world, submit, client, suffix):
    registration = submit()
    response = client.get(status_url(registration) + suffix)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]
    assert response["Referrer-Policy"] == "same-origin"  # the token goes to no other site
    if not suffix:
        assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()


def test_the_managers_page_is_not_marked_as_the_persons(world, submit, client):
    registration = submit("exhibitor-staff", actor=world.exhibitor_admin, exhibitor=world.exhibitor,
                          person=person(), details={"position": "Engineer"})
    client.force_login(world.exhibitor_admin)
    page = client.get(f"/registrations/{registration.pk}/manage/").content.decode()
    assert 'name="robots"' not in page


# 2: the link in every e-mail, and again on request


def test_the_rejection_and_the_approval_e_mails_carry_the_status_link(world, submit, commit):
    rejected = submit(person=person(language="ru"))
    mail.outbox.clear()
    _reject(world, commit, rejected)
    [message] = mail.outbox
    assert "АДЕКС Тест" in message.subject
    assert site_link("registrations:status", token=_token(rejected)) in message.body
    mail.outbox.clear()
    approved = submit("media", person=person(given_name="Rauf", email="rauf@example.test",
                                             document_number="C07654321", language="en"),
                      details={"media_outlet": "Report", "press_card": "P-1"})
    if approved.status != Status.APPROVED:  # media waits for the organiser
        mail.outbox.clear()
        commit(services.registration_approve, actor=world.organiser, registration=approved)
    decision = next(message for message in mail.outbox if "approved" in message.subject)
    assert site_link("registrations:status", token=_token(approved)) in decision.body


def _ask(client, world, email, **extra):
    return client.post(f"/events/{world.event.slug}/registration-link/", {"email": email}, **extra)


def test_a_person_asks_for_their_links_again_and_gets_them_by_e_mail(world, submit, commit, client,
                                                                     django_capture_on_commit_callbacks):
    first = _reject(world, commit, submit(person=person(language="ru")))
    second = submit(person=person(language="ru"))  # registered again after the rejection
    submit(person=person(given_name="Rauf", email="rauf@example.test", document_number="C07654321"))
    mail.outbox.clear()
    page = client.get(f"/events/{world.event.slug}/register/").content.decode()
    assert f"/events/{world.event.slug}/registration-link/" in page
    assert client.get(f"/events/{world.event.slug}/registration-link/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = _ask(client, world, " LEYLA@example.test ")
    assert response.status_code == 200 and 'id="link-request-sent"' in response.content.decode()
    [message] = mail.outbox
    assert message.to == ["leyla@example.test"] and "АДЕКС Тест" in message.subject
    assert status_url(first) in message.body and status_url(second) in message.body
    assert "rauf" not in message.body.casefold()


def test_the_answer_is_the_same_whether_the_address_is_registered_or_not(world, submit, client,
                                                                         django_capture_on_commit_callbacks):
    submit()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        known = _ask(client, world, "leyla@example.test")
        unknown = _ask(client, world, "nobody@example.test")
    assert len(mail.outbox) == 1

    def text(response):
        return re.sub(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]*"', "", response.content.decode())

    assert known.status_code == unknown.status_code == 200
    assert text(known) == text(unknown)
    assert "nobody@example.test" not in text(unknown)


def test_the_same_work_is_queued_whether_the_address_is_registered_or_not(world, submit, client, monkeypatch,
                                                                          django_capture_on_commit_callbacks):
    """The e-mail goes through a task for every request, so that with a task worker the mail server's delay
    does not show which addresses are registered."""
    from types import SimpleNamespace

    from pavilion.registrations import link_requests

    queued = []
    monkeypatch.setattr(link_requests, "send_registration_links", SimpleNamespace(enqueue=queued.append))
    registration = submit()
    with django_capture_on_commit_callbacks(execute=True):
        _ask(client, world, "leyla@example.test")
        _ask(client, world, "nobody@example.test")
    assert queued == [[registration.pk], []]


def test_link_requests_are_limited_per_address_and_per_client(world, submit, client,
                                                              django_capture_on_commit_callbacks):
    submit()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answers = [_ask(client, world, "leyla@example.test").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429] and len(mail.outbox) == 3
    # Other addresses from the same client: limited too, with the same answer known or not.
    answers = [_ask(client, world, f"other{number}@example.test").status_code for number in range(9)]
    assert answers[:7] == [200] * 7 and answers[7:] == [429, 429]  # 3 + 7 = 10 an hour
    # Another client may still ask for another address.
    assert _ask(client, world, "someone@example.test", REMOTE_ADDR="10.9.8.7").status_code == 200
    # Kept hashed, never the address in clear.
    assert not LinkRequest.objects.filter(key__icontains="example").exists()


def test_a_bad_address_is_refused_on_the_field(world, client):
    response = _ask(client, world, "not-an-address")
    assert response.status_code == 400 and 'id="link-request-sent"' not in response.content.decode()
    assert not LinkRequest.objects.exists()


# 12: contact sharing only while there is (or will be) a badge


@pytest.mark.parametrize("close", ["reject", "withdraw"])
def test_a_closed_registration_offers_no_contact_sharing_and_refuses_it(world, submit, commit, client, close):
    registration = submit()
    if close == "reject":
        _reject(world, commit, registration)
    else:
        commit(services.registration_withdraw, actor=None, registration=registration)
    page = client.get(status_url(registration)).content.decode()
    assert 'id="contact-sharing"' not in page
    assert 'id="next-step"' in page and world.event.organiser.name in page
    response = client.post(status_url(registration) + "contact-sharing/", {"shares_contact": "yes"}, follow=True)
    assert response.status_code == 200
    registration.refresh_from_db()
    assert registration.shares_contact is False
    text = response.content.decode()
    assert "now also get your e-mail" not in text and "no badge for exhibitors to scan" in text


def test_a_registration_in_review_still_offers_contact_sharing(world, submit, client):
    registration = submit()
    assert registration.status != Status.REJECTED
    assert 'id="contact-sharing"' in client.get(status_url(registration)).content.decode()
    client.post(status_url(registration) + "contact-sharing/", {"shares_contact": "yes"})
    registration.refresh_from_db()
    assert registration.shares_contact is True


def test_a_consent_given_before_the_withdrawal_can_still_be_taken_back(world, submit, commit, client):
    registration = submit()
    commit(services.registration_contact_sharing_set, actor=None, registration=registration, shares=True)
    commit(services.registration_withdraw, actor=None, registration=registration)
    assert "Stop sharing" in client.get(status_url(registration)).content.decode()
    client.post(status_url(registration) + "contact-sharing/", {"shares_contact": "no"})
    registration.refresh_from_db()
    assert registration.shares_contact is False


# 13: a rejected person registering again


@pytest.mark.parametrize("again", [
    {"given_name": "Leyla", "email": "other@example.test"},  # same document
    {"document_number": "C09999999"},  # same e-mail, name and birth date, another document
])
def test_the_organiser_sees_that_a_new_registration_s_person_was_rejected_before(world, submit, commit, client,
                                                                                 again):
    first = _reject(world, commit, submit(), reason="Document not readable")
    second = submit(person=person(**again))
    assert second.status != Status.REJECTED
    client.force_login(world.organiser)
    page = client.get(f"/events/{world.event.slug}/registrations/{second.pk}/").content.decode()
    assert f'data-earlier-rejection="{first.pk}"' in page and "Document not readable" in page
    assert f"/events/{world.event.slug}/registrations/{first.pk}/" in page
    listing = client.get(f"/events/{world.event.slug}/registrations/").content.decode()
    row = listing.split(f'data-registration="{second.pk}"')[1].split("</tr>")[0]
    assert "data-rejected-before" in row


def test_someone_else_is_not_marked(world, submit, commit, client):
    _reject(world, commit, submit())
    other = submit(person=person(given_name="Rauf", email="rauf@example.test", document_number="C07654321"))
    client.force_login(world.organiser)
    page = client.get(f"/events/{world.event.slug}/registrations/{other.pk}/").content.decode()
    assert "data-earlier-rejection" not in page
    listing = client.get(f"/events/{world.event.slug}/registrations/").content.decode()
    assert "data-rejected-before" not in listing.split(f'data-registration="{other.pk}"')[1].split("</tr>")[0]


# 4: long names wrap


def test_a_long_name_wraps_on_the_status_page(world, submit, client):
    registration = submit(person=person(family_name="M" * 100))
    page = client.get(status_url(registration)).content.decode()
    assert re.search(r'<p style="overflow-wrap:anywhere"><strong data-person-name>Leyla M{100}</strong>', page)


# 11: the guest link


def test_the_staff_page_gives_the_full_guest_link_of_each_code(world, client):
    client.force_login(world.exhibitor_admin)
    client.post(f"/portal/exhibitors/{world.exhibitor.pk}/invitations/", {"quota": 5})
    code = InvitationCode.objects.get().code
    page = client.get(f"/portal/exhibitors/{world.exhibitor.pk}/staff/").content.decode()
    link = f"http://testserver/events/{world.event.slug}/register/guest/?code={code}"
    assert f'value="{link}" readonly' in page and "Copy the link" in page
    client.logout()
    assert code in client.get(link).content.decode()  # the form opens with the code filled in
