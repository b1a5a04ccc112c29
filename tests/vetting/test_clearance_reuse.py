"""A remembered clearance is reused only where it satisfies the two-person rule of the new
registration: one officer's clearance of a trade visitor does not clear the same person as a
delegation member."""

from pavilion.registrations import services
from pavilion.registrations.models import Registration
from pavilion.vetting import decisions
from pavilion.vetting.models import Alert, Clearance
from tests.registrations.support import listed_person

Status = Registration.Status


def _delegation(world):
    """The event's Afghan delegation (made once: a second one of the same body is refused)."""
    from pavilion.registrations.models import Delegation

    return (Delegation.objects.filter(event=world.event, country="AF").first()
            or services.delegation_create(actor=world.organiser, event=world.event, country="AF",
                                          sending_body="Ministry of Defence"))


def _cleared_as_trade_visitor(world, submit, commit) -> Registration:
    """A trade visitor who matches TAi.108 exactly (hold band), cleared by one officer, then withdrawn."""
    registration = submit(person=listed_person())
    alert = registration.alerts.get()
    assert alert.band == Alert.Band.HOLD
    commit(decisions.alert_decide, actor=world.officer, alert=alert, verdict="false-positive", reason="Namesake")
    alert.refresh_from_db()
    assert alert.status == Alert.Status.CLEARED
    commit(services.registration_withdraw, actor=None, registration=registration)
    return registration


def test_one_officers_clearance_does_not_clear_the_person_as_a_delegation_member(world, un_list, submit, commit,
                                                                                  client):
    _cleared_as_trade_visitor(world, submit, commit)
    assert Clearance.objects.get().decision.confirmed_by is None
    again = submit("delegation-member", actor=world.organiser, delegation=_delegation(world),
                   person=listed_person(), details={"protocol_order": 1, "rank": "General"})
    again.refresh_from_db()
    alert = again.alerts.get()
    assert alert.status == Alert.Status.OPEN and alert.entry.entry_id == "TAi.108"
    assert again.status == Status.IN_REVIEW
    client.force_login(world.officer)
    page = client.get(f"/vetting/alerts/{alert.pk}/").content.decode()
    assert 'data-testid="earlier-clearance"' in page
    # Cleared again, now under the two-person rule; the confirmed clearance clears wherever it is reused.
    commit(decisions.alert_decide, actor=world.officer, alert=alert, verdict="false-positive", reason="Namesake")
    commit(decisions.alert_confirm, actor=world.officer2, alert=alert)
    commit(services.registration_withdraw, actor=None, registration=again)
    third = submit("delegation-member", actor=world.organiser, delegation=_delegation(world),
                   person=listed_person(), details={"protocol_order": 1, "rank": "General"})
    assert not third.alerts.exists()


def test_one_officers_clearance_still_clears_where_one_officer_suffices(world, un_list, submit, commit):
    _cleared_as_trade_visitor(world, submit, commit)
    again = submit("media", person=listed_person())
    assert not again.alerts.exists()


def test_a_clearance_given_once_for_a_registration_stays_for_a_second_officers_confirmation(world, un_list,
                                                                                             submit, commit):
    """The alert of the new registration is not opened twice by the screening that follows a decision."""
    _cleared_as_trade_visitor(world, submit, commit)
    again = submit("delegation-member", actor=world.organiser, delegation=_delegation(world),
                   person=listed_person(), details={"protocol_order": 1, "rank": "General"})
    alert = again.alerts.get()
    commit(decisions.alert_decide, actor=world.officer, alert=alert, verdict="false-positive", reason="Namesake")
    alert.refresh_from_db()
    assert alert.status == Alert.Status.AWAITING_CONFIRMATION


def test_a_registration_that_comes_to_need_two_officers_is_looked_at_again_once(world, un_list, submit, commit):
    """Staff of an exhibitor cleared by one officer; the exhibitor then lists a lethal product: the next
    screening reopens the alert, and once two officers have cleared it, it stays cleared."""
    from tests.factories import ProductFactory

    registration = submit("exhibitor-staff", actor=world.exhibitor_admin, exhibitor=world.exhibitor,
                          person=listed_person())
    alert = registration.alerts.get()
    commit(decisions.alert_decide, actor=world.officer, alert=alert, verdict="false-positive", reason="Namesake")
    ProductFactory(exhibitor=world.exhibitor, control="ML1")
    commit(services.registration_update, actor=None, registration=registration, person=listed_person())
    alert.refresh_from_db()
    assert alert.status == Alert.Status.OPEN and alert.explanation["earlier_clearance"]
    commit(decisions.alert_decide, actor=world.officer, alert=alert, verdict="false-positive", reason="Namesake")
    commit(decisions.alert_confirm, actor=world.officer2, alert=alert)
    newest = alert.decisions.order_by("-pk").first()
    assert newest.confirmed_by == world.officer2 and Clearance.objects.get().decision == newest
    commit(services.registration_update, actor=None, registration=registration, person=listed_person())
    alert.refresh_from_db()
    assert alert.status == Alert.Status.CLEARED
