"""The two-person rule both ways: the second officer may confirm a clearance or refuse it, which opens
the alert again with the refusal and its reason among the decisions; the one who cleared may do
neither. A true match on an official delegation's member asks the officer to say they checked."""

import pytest
from django.core.exceptions import ValidationError

from pavilion.core.models import AuditEntry
from pavilion.registrations import services
from pavilion.registrations.models import Registration
from pavilion.vetting import decisions
from pavilion.vetting.models import Alert, Decision
from tests.events.test_booking_race import race
from tests.registrations.support import listed_person


@pytest.fixture
def awaiting(world, un_list, submit, commit):
    """A delegation member's alert cleared by the first officer, waiting for a second."""
    delegation = services.delegation_create(actor=world.organiser, event=world.event, country="AF",
                                            sending_body="Ministry of Defence")
    alert = submit("delegation-member", actor=world.organiser, delegation=delegation,
                   person=listed_person()).alerts.get()
    commit(decisions.alert_decide, actor=world.officer, alert=alert, verdict="false-positive", reason="Namesake")
    alert.refresh_from_db()
    assert alert.status == Alert.Status.AWAITING_CONFIRMATION
    return alert


def test_the_second_officer_refuses_and_the_alert_is_open_again_with_the_refusal_recorded(world, awaiting, commit):
    refusal = commit(decisions.alert_refuse_clearance, actor=world.officer2, alert=awaiting,
                     reason="  The birthplace on the passport is the listed one  ")
    awaiting.refresh_from_db()
    assert awaiting.status == Alert.Status.OPEN
    assert (refusal.verdict, refusal.reason, refusal.officer) == (
        Decision.Verdict.CLEARANCE_REFUSED, "The birthplace on the passport is the listed one", world.officer2)
    audit = AuditEntry.objects.get(action="alert.refuse_clearance")
    assert audit.actor == world.officer2 and audit.object_id == str(awaiting.pk)
    assert awaiting.registration.status == Registration.Status.IN_REVIEW
    # Open again, any officer decides anew; a new clearance waits for the other officer again.
    commit(decisions.alert_decide, actor=world.officer2, alert=awaiting, verdict="false-positive",
           reason="Checked with the embassy: a namesake")
    awaiting.refresh_from_db()
    assert awaiting.status == Alert.Status.AWAITING_CONFIRMATION
    assert not decisions.can_confirm(world.officer2, awaiting) and decisions.can_confirm(world.officer, awaiting)
    commit(decisions.alert_confirm, actor=world.officer, alert=awaiting)
    awaiting.refresh_from_db()
    assert awaiting.status == Alert.Status.CLEARED


def test_the_officer_who_cleared_may_not_refuse_their_own_clearance(world, awaiting):
    with pytest.raises(ValidationError) as error:
        decisions.alert_refuse_clearance(actor=world.officer, alert=awaiting, reason="Second thoughts")
    assert "you made the clearance" in " ".join(error.value.messages)
    awaiting.refresh_from_db()
    assert awaiting.status == Alert.Status.AWAITING_CONFIRMATION and awaiting.decisions.count() == 1


def test_a_refusal_needs_a_reason_an_officer_and_an_alert_that_waits(world, awaiting, commit):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(ValidationError) as error:
        decisions.alert_refuse_clearance(actor=world.officer2, alert=awaiting, reason="   ")
    assert "reason" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        decisions.alert_refuse_clearance(actor=world.organiser_staff, alert=awaiting, reason="No")
    commit(decisions.alert_confirm, actor=world.officer2, alert=awaiting)
    with pytest.raises(ValidationError):  # confirmed meanwhile: nothing left to refuse
        decisions.alert_refuse_clearance(actor=world.officer2, alert=awaiting, reason="Too late")
    awaiting.refresh_from_db()
    assert awaiting.status == Alert.Status.CLEARED
    assert not awaiting.decisions.filter(verdict=Decision.Verdict.CLEARANCE_REFUSED).exists()


def test_the_second_officer_refuses_by_form_and_a_missing_reason_is_said_on_its_field(world, awaiting, client):
    client.force_login(world.officer)
    assert f"/vetting/alerts/{awaiting.pk}/refuse/" not in client.get(f"/vetting/alerts/{awaiting.pk}/").content.decode()
    client.force_login(world.officer2)
    page = client.get(f"/vetting/alerts/{awaiting.pk}/?next=/vetting/%3Fband%3Dhold").content.decode()
    assert f"/vetting/alerts/{awaiting.pk}/refuse/" in page and f"/vetting/alerts/{awaiting.pk}/confirm/" in page
    empty = client.post(f"/vetting/alerts/{awaiting.pk}/refuse/", {"reason": "", "next": "/vetting/?band=hold"})
    assert empty.status_code == 400
    assert empty.context["refusal"].errors["reason"]
    assert 'data-field="reason"' in empty.content.decode()
    awaiting.refresh_from_db()
    assert awaiting.status == Alert.Status.AWAITING_CONFIRMATION
    response = client.post(f"/vetting/alerts/{awaiting.pk}/refuse/",
                           {"reason": "Not convinced", "next": "/vetting/?band=hold"})
    assert response.status_code == 302 and response["Location"] == "/vetting/?band=hold"
    awaiting.refresh_from_db()
    assert awaiting.status == Alert.Status.OPEN
    page = client.get(f"/vetting/alerts/{awaiting.pk}/").content.decode()
    assert "Not convinced" in page and "clearance refused by a second officer" in page
    assert f"/vetting/alerts/{awaiting.pk}/decide/" in page


def test_a_true_match_on_a_delegation_member_asks_the_officer_to_say_they_checked(world, un_list, submit, client):
    delegation = services.delegation_create(actor=world.organiser, event=world.event, country="AF",
                                            sending_body="Ministry of Defence")
    alert = submit("delegation-member", actor=world.organiser, delegation=delegation,
                   person=listed_person()).alerts.get()
    client.force_login(world.officer)
    assert 'name="checked"' in client.get(f"/vetting/alerts/{alert.pk}/").content.decode()
    unticked = client.post(f"/vetting/alerts/{alert.pk}/decide/", {"verdict": "match", "reason": "Same person"})
    assert unticked.status_code == 400 and unticked.context["form"].errors["checked"]
    alert.refresh_from_db()
    assert alert.status == Alert.Status.OPEN and alert.registration.status != Registration.Status.REJECTED
    ticked = client.post(f"/vetting/alerts/{alert.pk}/decide/",
                         {"verdict": "match", "reason": "Same person", "checked": "on"})
    assert ticked.status_code == 302
    alert.refresh_from_db()
    assert alert.status == Alert.Status.TRUE_MATCH


def test_a_trade_visitors_alert_asks_no_such_check(world, un_list, submit, client):
    alert = submit(person=listed_person()).alerts.get()
    client.force_login(world.officer)
    assert 'name="checked"' not in client.get(f"/vetting/alerts/{alert.pk}/").content.decode()
    client.post(f"/vetting/alerts/{alert.pk}/decide/", {"verdict": "match", "reason": "Same person"})
    alert.refresh_from_db()
    assert alert.status == Alert.Status.TRUE_MATCH


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_confirmation_and_a_refusal_at_once_one_wins(on_postgres, world, awaiting):
    """Both lock the alert (select_for_update): the second finds it no longer waiting."""
    results, errors = race([
        lambda: decisions.alert_confirm(actor=world.officer2, alert=awaiting),
        lambda: decisions.alert_refuse_clearance(actor=world.officer2, alert=awaiting, reason="No"),
    ])
    assert sum(result is not None for result in results) == 1
    assert all(isinstance(error, ValidationError) for error in errors if error is not None), errors
    awaiting.refresh_from_db()
    refused = awaiting.decisions.filter(verdict=Decision.Verdict.CLEARANCE_REFUSED).exists()
    assert awaiting.status == (Alert.Status.OPEN if refused else Alert.Status.CLEARED)


def test_the_organiser_is_not_the_second_pair_of_eyes(world, awaiting, client):
    """The organiser's administrators may decide alerts, but the second officer of the two-person rule is
    a security officer: otherwise the organiser who approves the registration confirms the clearance too."""
    from django.core.exceptions import PermissionDenied
    from django.urls import reverse

    assert not decisions.can_confirm(world.organiser, awaiting)
    with pytest.raises(PermissionDenied):
        decisions.alert_confirm(actor=world.organiser, alert=awaiting)
    with pytest.raises(PermissionDenied):
        decisions.alert_refuse_clearance(actor=world.organiser, alert=awaiting, reason="no")
    awaiting.refresh_from_db()
    assert awaiting.status == Alert.Status.AWAITING_CONFIRMATION
    client.force_login(world.organiser)
    page = client.get(f"/vetting/alerts/{awaiting.pk}/").content.decode()
    assert reverse("vetting:confirm", args=[awaiting.pk]) not in page
    assert 'data-testid="refuse-form"' not in page
    assert decisions.can_confirm(world.officer2, awaiting)
