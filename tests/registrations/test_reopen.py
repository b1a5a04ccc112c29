"""The organiser reopens a rejected registration for review (an appeal, a rejection made in error): before,
only a registration in review could be approved, so a rejection was final. Reopened, it is in review
again with the reason kept (the rejection's in the audit log), the person is told in their language,
and it is screened again against the watch lists as they are now. A withdrawn or cancelled registration
is not reopened, nor one of a person blocked after a confirmed watch-list match; only the organiser
reopens (as only the organiser approves and rejects: permissions.can_decide), not security officers."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from pavilion.core.models import AuditEntry
from pavilion.exhibitors.models import Exhibitor
from pavilion.registrations import services
from pavilion.registrations.models import Registration
from pavilion.registrations.views import status_url
from pavilion.vetting import decisions
from pavilion.vetting.models import Alert, Decision
from tests.registrations.support import listed_person, numbered_name, person

Status = Registration.Status
APPEAL = "Appeal of 3 September: a letter from the employer confirms the position."


def detail(world, registration) -> str:
    return f"/events/{world.event.slug}/registrations/{registration.pk}/"


def rejected(world, submit, commit, **kwargs) -> Registration:
    registration = submit(**kwargs)
    commit(services.registration_reject, actor=world.organiser, registration=registration,
           reason="Not a trade visitor")
    registration.refresh_from_db()
    assert registration.status == Status.REJECTED
    mail.outbox.clear()
    return registration


def test_the_organiser_reopens_a_rejection_on_the_registration_s_page(world, submit, commit, client,
                                                                      django_capture_on_commit_callbacks):
    registration = rejected(world, submit, commit, person=person(language="ru"))
    client.force_login(world.organiser)
    page = client.get(detail(world, registration)).content.decode()
    assert 'id="reopen"' in page and "Reopen for review" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(detail(world, registration) + "reopen/", {"reason": f"  {APPEAL} "}, follow=True)
    assert response.status_code == 200
    assert "Reopened for review: Leyla Məmmədova." in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Status.IN_REVIEW and registration.status_reason == APPEAL
    assert registration.decided_at is None and registration.decided_by is None
    entry = AuditEntry.objects.get(action="registration.reopen", object_id=str(registration.pk))
    assert entry.actor == world.organiser
    assert entry.before == {"status": "rejected", "reason": "Not a trade visitor"}
    assert entry.after == {"status": "in-review", "reason": APPEAL}
    # Told in their language (the event's Russian name), with the link to follow it, not the reason.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["leyla@example.test"] and "АДЕКС Тест" in message.subject
    assert status_url(registration) in message.body and APPEAL not in message.body
    page = client.get(detail(world, registration)).content.decode()
    assert APPEAL in page and 'id="reopen"' not in page  # in review: approve or reject, as any other
    with django_capture_on_commit_callbacks(execute=True):
        client.post(detail(world, registration) + "approve/")
    registration.refresh_from_db()
    assert registration.status == Status.APPROVED


def test_the_person_is_told_in_azerbaijani_when_that_is_their_language(world, submit, commit):
    registration = rejected(world, submit, commit, person=person(language="az"))
    commit(services.registration_reopen, actor=world.organiser, registration=registration, reason=APPEAL)
    assert "ADEX Sınaq" in mail.outbox[-1].subject and "ADEX Sınaq" in mail.outbox[-1].body


def test_reopened_it_is_screened_against_the_lists_as_they_are_now(world, submit, commit, request):
    """Rejected before the list that names them was imported (the list's re-screening covers active
    registrations only): reopened, it is screened again and cannot be approved past the new alert."""
    registration = rejected(world, submit, commit, person=listed_person())
    request.getfixturevalue("un_list")  # UN entry TAi.108 is imported now
    assert not registration.alerts.exists()
    commit(services.registration_reopen, actor=world.organiser, registration=registration, reason=APPEAL)
    registration.refresh_from_db()
    assert registration.status == Status.IN_REVIEW  # screening does not move it on by itself
    assert registration.alerts.filter(status=Alert.Status.OPEN).count() == 1
    with pytest.raises(ValidationError, match="open screening alert"):
        services.registration_approve(actor=world.organiser, registration=registration)


def test_a_person_blocked_after_a_true_match_is_not_reopened(world, submit, commit, un_list, client):
    registration = submit(person=listed_person())
    commit(decisions.alert_decide, actor=world.officer, alert=registration.alerts.get(), verdict=Decision.Verdict.TRUE_MATCH,
           reason="Same person: passport photo and birth date match.")
    registration.refresh_from_db()
    assert registration.status == Status.REJECTED and registration.person.is_blocked
    refusal = ("This person is blocked after a confirmed watch-list match: the registration cannot be reopened. "
               "The security officers' decision stands.")
    with pytest.raises(ValidationError) as error:
        services.registration_reopen(actor=world.organiser, registration=registration, reason=APPEAL)
    assert error.value.messages == [refusal]
    client.force_login(world.organiser)
    page = client.get(detail(world, registration)).content.decode()
    assert 'id="reopen"' not in page and "The security officers&#x27; decision stands." in page
    response = client.post(detail(world, registration) + "reopen/", {"reason": APPEAL}, follow=True)
    assert refusal in [str(message) for message in response.context["messages"]]
    registration.refresh_from_db()
    assert registration.status == Status.REJECTED
    assert not AuditEntry.objects.filter(action="registration.reopen").exists()


def test_another_record_of_a_blocked_person_is_not_reopened_either(world, submit, commit, un_list):
    """Rejected by the organiser under one record, blocked since under another with the same identity data."""
    first = rejected(world, submit, commit, person=listed_person())
    other = submit("media", person=listed_person())
    commit(decisions.alert_decide, actor=world.officer, alert=other.alerts.get(), verdict=Decision.Verdict.TRUE_MATCH,
           reason="Confirmed.")
    first.person.refresh_from_db()
    assert not first.person.is_blocked and first.person.pk != other.person_id
    with pytest.raises(ValidationError, match="blocked after a confirmed watch-list match"):
        services.registration_reopen(actor=world.organiser, registration=first, reason=APPEAL)


def test_a_person_whose_data_the_retention_rule_deleted_is_not_reopened(world, submit, commit):
    from pavilion.registrations.retention import purge_personal_data

    registration = rejected(world, submit, commit)
    purge_personal_data(before=world.event.end_date + datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="deleted under the retention rule"):
        services.registration_reopen(actor=world.organiser, registration=registration, reason=APPEAL)
    registration.refresh_from_db()
    assert registration.status == Status.REJECTED and not mail.outbox


@pytest.mark.parametrize("how", ["withdrawn", "in review", "approved"])
def test_only_a_rejection_is_reopened(world, submit, commit, how):
    registration = submit()
    if how == "withdrawn":
        commit(services.registration_withdraw, actor=None, registration=registration)
    elif how == "approved":
        commit(services.registration_approve, actor=world.organiser, registration=registration)
    registration.refresh_from_db()
    before = registration.status
    with pytest.raises(ValidationError) as error:
        services.registration_reopen(actor=world.organiser, registration=registration, reason=APPEAL)
    assert "Only a rejected registration can be reopened for review" in error.value.messages[0]
    registration.refresh_from_db()
    assert registration.status == before


def test_the_page_offers_no_reopening_of_a_withdrawn_registration(world, submit, commit, client):
    registration = submit()
    commit(services.registration_withdraw, actor=None, registration=registration)
    client.force_login(world.organiser)
    page = client.get(detail(world, registration)).content.decode()
    assert 'id="reopen"' not in page and "Reopen for review" not in page


@pytest.mark.parametrize(("reason", "message"), [
    ("", "Give the reason for reopening the registration."),
    ("   ", "Give the reason for reopening the registration."),
    ("x" * 301, "at most 300 characters"),
])
def test_a_reopening_needs_its_reason(world, submit, commit, client, reason, message):
    registration = rejected(world, submit, commit)
    client.force_login(world.organiser)
    response = client.post(detail(world, registration) + "reopen/", {"reason": reason})
    assert response.status_code == 400
    form = response.context["reopen_form"]
    assert message in " ".join(form.errors["reason"]) and not list(response.context["messages"])
    page = response.content.decode()
    assert 'id="reopen"' in page and 'aria-invalid="true"' in page
    if reason.strip():  # the text typed is kept, to be shortened
        assert f'>{reason}</textarea>' in page or f'value="{reason}"' in page
    with pytest.raises(ValidationError) as error:
        services.registration_reopen(actor=world.organiser, registration=registration, reason=reason)
    assert "reason" in error.value.message_dict
    registration.refresh_from_db()
    assert registration.status == Status.REJECTED and registration.status_reason == "Not a trade visitor"
    assert not AuditEntry.objects.filter(action="registration.reopen").exists() and not mail.outbox


def test_a_person_registered_again_since_is_not_reopened_twice(world, submit, commit):
    registration = rejected(world, submit, commit)
    submit()  # the same person registers anew after the rejection
    with pytest.raises(ValidationError, match="already registered for this event"):
        services.registration_reopen(actor=world.organiser, registration=registration, reason=APPEAL)
    registration.refresh_from_db()
    assert registration.status == Status.REJECTED


def staff_member(world, submit, number: int) -> Registration:
    return submit("exhibitor-staff", actor=world.exhibitor_admin, exhibitor=world.exhibitor,
                  person=person(given_name=numbered_name("Staff", number), document_number=f"C0000000{number}"))


def test_staff_take_a_place_of_their_exhibitor_s_quota_again(world, submit, commit):
    first = staff_member(world, submit, 0)
    commit(services.registration_reject, actor=world.organiser, registration=first, reason="Wrong company")
    for number in range(1, 5):  # the 4 places of the booked space, taken since
        staff_member(world, submit, number)
    with pytest.raises(ValidationError, match="staff quota of 4 badges"):
        services.registration_reopen(actor=world.organiser, registration=first, reason=APPEAL)
    Registration.objects.filter(person__given_name=numbered_name("Staff", 4)).update(status=Status.CANCELLED)
    commit(services.registration_reopen, actor=world.organiser, registration=first, reason=APPEAL)
    first.refresh_from_db()
    assert first.status == Status.IN_REVIEW


def test_staff_of_a_withdrawn_exhibitor_are_not_reopened(world, submit, commit):
    registration = staff_member(world, submit, 0)
    commit(services.registration_reject, actor=world.organiser, registration=registration, reason="Wrong company")
    Exhibitor.objects.filter(pk=world.exhibitor.pk).update(status=Exhibitor.Status.WITHDRAWN)
    with pytest.raises(ValidationError, match="is withdrawn from .*: it can register no new staff there"):
        services.registration_reopen(actor=world.organiser, registration=registration, reason=APPEAL)


def test_a_guest_of_a_withdrawn_exhibitor_is_not_reopened(world, submit, commit):
    invitation = services.invitation_code_create(actor=world.exhibitor_admin, exhibitor=world.exhibitor, quota=2)
    registration = rejected(world, submit, commit, category="guest", invitation_code=invitation.code)
    Exhibitor.objects.filter(pk=world.exhibitor.pk).update(status=Exhibitor.Status.WITHDRAWN)
    with pytest.raises(ValidationError) as error:
        services.registration_reopen(actor=world.organiser, registration=registration, reason=APPEAL)
    assert error.value.messages == ["A withdrawn exhibitor cannot invite guests."]
    Exhibitor.objects.filter(pk=world.exhibitor.pk).update(status=Exhibitor.Status.APPROVED)
    commit(services.registration_reopen, actor=world.organiser, registration=registration, reason=APPEAL)
    registration.refresh_from_db()
    assert registration.status == Status.IN_REVIEW


# Who may reopen -------------------------------------------------------------------------------------

def test_organiser_staff_reopen_as_they_approve_and_reject(world, submit, commit, client):
    registration = rejected(world, submit, commit)
    client.force_login(world.organiser_staff)
    assert 'id="reopen"' in client.get(detail(world, registration)).content.decode()
    assert client.post(detail(world, registration) + "reopen/", {"reason": APPEAL}).status_code == 302
    registration.refresh_from_db()
    assert registration.status == Status.IN_REVIEW


@pytest.mark.parametrize("who", ["officer", "exhibitor_admin", "visitor"])
def test_nobody_else_reopens(world, submit, commit, client, who):
    registration = rejected(world, submit, commit)
    user = getattr(world, who)
    client.force_login(user)
    if who == "officer":  # sees the registration, without the form
        page = client.get(detail(world, registration))
        assert page.status_code == 200 and 'id="reopen"' not in page.content.decode()
    assert client.post(detail(world, registration) + "reopen/", {"reason": APPEAL}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.registration_reopen(actor=user, registration=registration, reason=APPEAL)
    registration.refresh_from_db()
    assert registration.status == Status.REJECTED
    assert not AuditEntry.objects.filter(action="registration.reopen").exists()


def test_a_signed_out_visitor_is_sent_to_sign_in(world, submit, commit, client):
    registration = rejected(world, submit, commit)
    response = client.post(detail(world, registration) + "reopen/", {"reason": APPEAL})
    assert response.status_code == 302 and "next=" in response["Location"]
    registration.refresh_from_db()
    assert registration.status == Status.REJECTED


@pytest.mark.parametrize("rank", ["", "Major General"])
def test_the_page_shows_a_delegate_s_rank_in_brackets_only_when_there_is_one(world, commit, client, rank):
    delegation = services.delegation_create(actor=world.organiser, event=world.event, country="TR",
                                            liaison=world.liaison, sending_body="Ministry of National Defence")
    registration = commit(
        services.registration_submit, actor=world.liaison, category=world.categories["delegation-member"],
        delegation=delegation, details={"rank": rank, "position": "Chief", "protocol_order": 1},
        person=person(given_name="Orhan", family_name="Karaca", nationality="TR", document_number="U11111111",
                      document_country="TR", email="orhan@example.test"))
    client.force_login(world.organiser)
    page = client.get(detail(world, registration)).content.decode()
    assert f"<dd>{delegation}" in page and "()" not in page
    assert (f"<dd>{delegation} (Major General)</dd>" in page) == bool(rank)
    assert (f"<dd>{delegation}</dd>" in page) == (not rank)
