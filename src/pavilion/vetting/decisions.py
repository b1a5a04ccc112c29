"""Security officers' decisions on screening alerts, with the two-person rule."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pavilion.core import clock, crypto, roles
from pavilion.core.services import audit_record
from pavilion.registrations import services as registration_services
from pavilion.registrations.models import Registration
from pavilion.registrations.permissions import can_vet
from pavilion.vetting.models import Alert, Clearance, Decision


def needs_second_officer(registration: Registration) -> bool:
    """Delegation members and staff of exhibitors with lethal-class products need two officers to clear."""
    if registration.delegation_id is not None or registration.category.code == "delegation-member":
        return True
    if registration.exhibitor_id is None or registration.category.code != "exhibitor-staff":
        return False
    from pavilion.vetting.export_policy import lethal_classes

    return registration.exhibitor.products.filter(control__in=lethal_classes()).exists()


def clearance_suffices(registration: Registration, *, confirmed: bool) -> bool:
    """Whether a remembered clearance of the person clears `registration` too: one that a second officer
    confirmed always does; one officer's alone only where the two-person rule does not hold for it."""
    return confirmed or not needs_second_officer(registration)


def is_second_officer(actor, decision: Decision) -> bool:
    """The two-person rule: whoever confirms a clearance is a security officer other than the one who
    made it. The organiser's administrators may decide alerts, but not be the second pair of eyes: the
    organiser who also approves the registration would then check their own clearance."""
    return roles.is_security_officer(actor) and decision.officer_id != actor.pk


def can_confirm(actor, alert: Alert) -> bool:
    """Whether `actor` may confirm the clearance `alert` waits for (what the confirm page allows)."""
    if alert.status != Alert.Status.AWAITING_CONFIRMATION:
        return False
    decision = _waiting_decision(alert.decisions.all())
    return decision is not None and is_second_officer(actor, decision)


def _waiting_decision(decisions):
    """The clearance an alert awaits a second officer for: its newest unconfirmed decision (an alert
    opened again keeps the decisions of before, and under a fixed clock they share their time)."""
    return waiting_decisions(decisions).first()


def waiting_decisions(decisions):
    """The unconfirmed clearances of an alert, newest first: the first is the one it waits for (the queue's
    "waiting for my confirmation" reads the same)."""
    return (decisions.filter(verdict=Decision.Verdict.FALSE_POSITIVE, confirmed_by__isnull=True)
            .order_by("-decided_at", "-pk"))


def _lock_alert(alert: Alert) -> Alert:
    return (
        Alert.objects.select_for_update()
        .select_related("registration__category", "registration__person", "entry__version__watch_list")
        .get(pk=alert.pk)
    )


def _settle_registration(registration: Registration) -> None:
    """Once no alert is open, the registration moves on as if screening had just finished clean."""
    if registration.alerts.open().exists():
        return
    auto = registration.category.auto_approve and not registration.is_held and not registration.person.is_blocked
    if registration.status == Registration.Status.IN_REVIEW and auto:
        registration_services.registration_approve(actor=None, registration=registration)


def alert_decide(*, actor, alert: Alert, verdict: str, reason: str) -> Decision:
    if not can_vet(actor):
        raise PermissionDenied(_("Only security officers decide screening alerts."))
    if verdict not in (Decision.Verdict.TRUE_MATCH, Decision.Verdict.FALSE_POSITIVE):
        raise ValidationError({"verdict": _("Choose true match or false positive.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the decision.")})
    with transaction.atomic():
        alert = _lock_alert(alert)
        if alert.status == Alert.Status.SUPERSEDED:
            raise ValidationError(_("This alert was superseded by a newer list version: nothing to decide."))
        if alert.status != Alert.Status.OPEN:
            raise ValidationError(_("This alert has already been decided."))
        decision = Decision.objects.create(alert=alert, verdict=verdict, reason=reason.strip(), officer=actor)
        registration = alert.registration
        if verdict == Decision.Verdict.TRUE_MATCH:
            alert.status = Alert.Status.TRUE_MATCH
            alert.save(update_fields=["status"])
            person = registration.person
            person.is_blocked = True
            person.save(update_fields=["is_blocked"])
            # The person is told no more than that; the officer's reason stays in the decision.
            if registration.status not in (Registration.Status.REJECTED, Registration.Status.CANCELLED):
                registration_services.registration_reject(
                    actor=actor, registration=registration, reason=registration_services.NOT_ACCEPTED
                )
        elif needs_second_officer(registration):
            alert.status = Alert.Status.AWAITING_CONFIRMATION
            alert.save(update_fields=["status"])
        else:
            _clear(alert, decision)
            _settle_registration(registration)
        audit_record(actor=actor, action=f"alert.decide.{verdict}", obj=alert,
                     after={"status": alert.status, "decision": decision.pk})
    return decision


def _held_for_second_officer(actor, alert: Alert, same_officer: str) -> tuple[Alert, Decision]:
    """The alert, locked, and the clearance waiting on it for a second officer, which `actor` must be
    (else `same_officer` is the refusal); inside the caller's transaction."""
    alert = _lock_alert(alert)
    waiting = (_waiting_decision(alert.decisions.select_for_update())
               if alert.status == Alert.Status.AWAITING_CONFIRMATION else None)
    if waiting is None:
        raise ValidationError(_("This alert is not waiting for a confirmation."))
    if not is_second_officer(actor, waiting):
        raise ValidationError(same_officer)
    return alert, waiting


def alert_confirm(*, actor, alert: Alert) -> Decision:
    """A second officer confirms a clearance that the two-person rule holds back."""
    if not roles.is_security_officer(actor):
        raise PermissionDenied(_("Only security officers confirm clearances."))
    with transaction.atomic():
        alert, decision = _held_for_second_officer(
            actor, alert, _("A second officer must confirm: you made the first decision."))
        decision.confirmed_by = actor
        decision.confirmed_at = clock.now()
        decision.save(update_fields=["confirmed_by", "confirmed_at"])
        _clear(alert, decision)
        audit_record(actor=actor, action="alert.confirm", obj=alert, after={"status": alert.status})
        _settle_registration(alert.registration)
    return decision


def alert_refuse_clearance(*, actor, alert: Alert, reason: str) -> Decision:
    """A second officer does not agree with a clearance waiting for them: the alert is open again, for
    any officer to decide anew, and the refusal stays among its decisions with its reason. The officer
    who cleared may not refuse their own clearance either: the rule is about two people agreeing."""
    if not roles.is_security_officer(actor):
        raise PermissionDenied(_("Only security officers refuse clearances."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the refusal.")})
    with transaction.atomic():
        alert, waiting = _held_for_second_officer(
            actor, alert, _("A second officer must refuse: you made the clearance."))
        refusal = Decision.objects.create(alert=alert, verdict=Decision.Verdict.CLEARANCE_REFUSED,
                                          reason=reason.strip(), officer=actor)
        alert.status = Alert.Status.OPEN
        alert.save(update_fields=["status"])
        audit_record(actor=actor, action="alert.refuse_clearance", obj=alert,
                     after={"status": alert.status, "decision": refusal.pk, "refused": waiting.pk})
    return refusal


def screened_as(person) -> str:
    """A keyed hash of what screening (vetting.screening) reads of a person: a clearance holds for these data only (an
    officer who cleared someone born in 1975 did not clear them once they say they were born in 1971)."""
    return crypto.fingerprint(person.given_name, person.patronymic, person.family_name, person.name_original_script,
                              person.birth_date.isoformat() if person.birth_date else "", person.nationality.code,
                              person.gender)


def _clear(alert: Alert, decision: Decision) -> None:
    alert.status = Alert.Status.CLEARED
    alert.save(update_fields=["status"])
    entry = alert.entry
    screened = screened_as(alert.registration.person)
    clearance, created = Clearance.objects.get_or_create(
        person=alert.registration.person, watch_list=entry.version.watch_list, entry_id=entry.entry_id,
        version=entry.version, defaults={"entry_digest": entry.digest, "decision": decision, "screened": screened},
    )
    if not created and clearance.screened != screened:
        # The person's data changed since the last clearance of this entry: this decision is the one that
        # holds now, for the data seen now.
        clearance.decision, clearance.screened, clearance.entry_digest = decision, screened, entry.digest
        clearance.save(update_fields=["decision", "screened", "entry_digest"])
    elif not created and decision.confirmed_by_id is not None and clearance.decision.confirmed_by_id is None:
        # Two officers' clearance replaces one officer's: it clears where the two-person rule holds.
        clearance.decision = decision
        clearance.save(update_fields=["decision"])
