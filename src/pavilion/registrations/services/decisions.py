"""Writes of the decisions on a registration: approve, reject, reopen, withdraw, the hold after
screening, and the person's choice to share their contact details."""


from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pavilion.core import clock
from pavilion.core.services import audit_record
from pavilion.exhibitors.models import Exhibitor
from pavilion.registrations import notifications
from pavilion.registrations.models import (
    Person,
    Registration,
    RegistrationCategory,
)
from pavilion.registrations.permissions import can_decide
from pavilion.registrations.services.submission import (
    HELD_NEW_LIST_VERSION,
    REASON_MAX_LENGTH,
    WITHDRAWN,
    Status,
    _check_not_duplicate,
    _check_staff_place,
    _enqueue_screening,
    check_one_head,
)


def _decide(*, actor, registration: Registration, status: str, reason: str, action: str) -> Registration:
    before = {"status": registration.status}
    registration.status = status
    registration.status_reason = reason
    registration.decided_at = clock.now()
    registration.decided_by = actor if getattr(actor, "pk", None) else None
    registration.save(update_fields=["status", "status_reason", "decided_at", "decided_by", "updated_at"])
    audit_record(actor=actor, action=action, obj=registration, before=before, after={"status": status})
    transaction.on_commit(lambda: notifications.send_decision(registration.pk))
    return registration


def registration_approve(*, actor, registration: Registration) -> Registration:
    with transaction.atomic():
        registration = Registration.objects.select_for_update().select_related("person").get(pk=registration.pk)
        if registration.status != Status.IN_REVIEW:
            raise ValidationError(
                _("Only a registration in review can be approved (this one is %(status)s).")
                % {"status": registration.get_status_display()}
            )
        if registration.alerts.open().exists():
            raise ValidationError(_("This registration has an open screening alert: a security officer must decide it first."))
        if registration.person.is_blocked:
            raise ValidationError(_("This person is blocked after a confirmed watch-list match."))
        return _decide(actor=actor, registration=registration, status=Status.APPROVED, reason="", action="registration.approve")


def registration_reject(*, actor, registration: Registration, reason: str) -> Registration:
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for the rejection.")})
    if len(reason.strip()) > REASON_MAX_LENGTH:  # the API and the services' other callers have no form to stop it
        raise ValidationError({"reason": _("The reason is at most %(count)d characters.") % {
            "count": REASON_MAX_LENGTH}})
    with transaction.atomic():
        registration = Registration.objects.select_for_update().select_related("person").get(pk=registration.pk)
        if registration.status in (Status.REJECTED, Status.CANCELLED):
            raise ValidationError(_("This registration is already closed."))
        return _decide(actor=actor, registration=registration, status=Status.REJECTED, reason=reason.strip(),
                       action="registration.reject")


def reopen_refusal(registration: Registration) -> str:
    """Why the organiser cannot reopen this registration for review ("" when they can). Only a rejection is
    reopened: a withdrawn or cancelled registration was the person's or their manager's choice, and they
    register again. Never one of a person blocked after a confirmed watch-list match: that is the security
    officers' decision, and it stands; nor one whose personal data the retention rule deleted."""
    if registration.status != Status.REJECTED:
        return _("Only a rejected registration can be reopened for review (this one is %(status)s).") % {
            "status": registration.get_status_display()}
    person = registration.person
    if person.purged_at is not None:
        return _("The person's data was deleted under the retention rule: the registration cannot be reopened.")
    if person.is_blocked or Person.objects.filter(fingerprint=person.fingerprint, is_blocked=True).exists():
        return _("This person is blocked after a confirmed watch-list match: the registration cannot be "
                 "reopened. The security officers' decision stands.")
    return ""


def registration_reopen(*, actor, registration: Registration, reason: str) -> Registration:
    """The organiser takes a rejected registration back into review (an appeal heard, a rejection made in
    error): in review again, the reason kept with it (and, in the audit log, the rejection's it replaces),
    the person told, and screened again so that the watch lists as they are now apply. Staff of an
    exhibitor take a place of its quota again."""
    if not can_decide(actor):
        raise PermissionDenied(_("Only the organiser reopens registrations."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for reopening the registration.")})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError({"reason": _("The reason is at most %(count)d characters.") % {
            "count": REASON_MAX_LENGTH}})
    with transaction.atomic():
        registration = (Registration.objects.select_for_update().select_related("person", "category")
                        .get(pk=registration.pk))
        refusal = reopen_refusal(registration)
        if refusal:
            raise ValidationError(refusal)
        _check_not_duplicate(registration.event, registration.person.fingerprint, exclude_registration=registration)
        if Registration.objects.active().filter(event=registration.event_id, person=registration.person_id).exists():
            raise ValidationError(_("This person is already registered for this event."))
        if registration.category.code == RegistrationCategory.Code.EXHIBITOR_STAFF:
            _check_staff_place(registration.exhibitor, registration.category)
        elif registration.category.code == RegistrationCategory.Code.GUEST and Exhibitor.objects.filter(
                pk=registration.exhibitor_id, status=Exhibitor.Status.WITHDRAWN).exists():
            raise ValidationError(_("A withdrawn exhibitor cannot invite guests."))  # as its codes no longer do
        # A head rejected, then replaced: reopened, they would be a second head.
        check_one_head(registration.delegation_id, registration.protocol_order, exclude=registration.pk)
        before = {"status": registration.status, "reason": registration.status_reason}
        registration.status, registration.status_reason = Status.IN_REVIEW, reason
        registration.decided_at = registration.decided_by = None
        registration.save(update_fields=["status", "status_reason", "decided_at", "decided_by", "updated_at"])
        audit_record(actor=actor, action="registration.reopen", obj=registration, before=before,
                     after={"status": registration.status, "reason": reason})
        transaction.on_commit(lambda: notifications.send_reopened(registration.pk))
        transaction.on_commit(lambda: _enqueue_screening(registration.pk))
    return registration


def registration_contact_sharing_set(*, actor, registration: Registration, shares: bool) -> Registration:
    """The person's consent that exhibitors who scan their badge get their e-mail address and phone:
    given or taken back at any time, from their registration's page; nothing else changes (no new
    screening: it is no identity data). Exhibitors' lead lists follow at once. A rejected or withdrawn
    registration has no badge to scan: it is refused there (taking consent back is always allowed)."""
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if shares and registration.status in (Status.REJECTED, Status.CANCELLED):
            raise ValidationError(contact_sharing_refusal(registration))
        before = registration.shares_contact
        if before != bool(shares):
            registration.shares_contact = bool(shares)
            registration.save(update_fields=["shares_contact", "updated_at"])
            audit_record(actor=actor, action="registration.contact_sharing", obj=registration,
                         before={"shares_contact": before}, after={"shares_contact": bool(shares)})
    return registration


def contact_sharing_refusal(registration: Registration) -> str:
    """Why this registration offers no contact sharing ("" when it does): only one that is approved or on
    its way there has, or will have, a badge that exhibitors scan."""
    if registration.status in (Status.REJECTED, Status.CANCELLED):
        return _("This registration is %(status)s: there is no badge for exhibitors to scan, so there is "
                 "nothing to share.") % {"status": registration.get_status_display()}
    return ""


def registration_withdraw(*, actor, registration: Registration) -> Registration:
    with transaction.atomic():
        registration = Registration.objects.select_for_update().select_related("person").get(pk=registration.pk)
        if registration.status in (Status.REJECTED, Status.CANCELLED):
            raise ValidationError(_("This registration is already closed."))
        return _decide(actor=actor, registration=registration, status=Status.CANCELLED,
                       reason=WITHDRAWN, action="registration.withdraw")


def registration_after_screening(*, registration: Registration, has_open_alerts: bool) -> Registration:
    """Move a screened registration on: an open alert holds it in review (even if it was approved:
    a new list version can hit an approved person); a clean one is approved or waits by category."""
    # The Pavilion clock, as the import time of list versions it is compared with.
    registration.screened_at = clock.now()
    fields = ["screened_at", "updated_at"]
    if registration.status in (Status.SUBMITTED, Status.SCREENING):
        if not (has_open_alerts or registration.is_held) and registration.category.auto_approve:
            registration.save(update_fields=fields)
            return _decide(actor=None, registration=registration, status=Status.APPROVED, reason="",
                           action="registration.approve")
        registration.status = Status.IN_REVIEW
        fields.append("status")
    elif registration.status == Status.APPROVED and has_open_alerts:
        registration.status = Status.IN_REVIEW
        registration.status_reason = HELD_NEW_LIST_VERSION
        fields += ["status", "status_reason"]
        audit_record(actor=None, action="registration.hold", obj=registration,
                     before={"status": Status.APPROVED}, after={"status": Status.IN_REVIEW})
    registration.save(update_fields=fields)
    return registration
