"""Writes of registrations: submit, edit, withdraw, approve, reject, and their e-mails."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from pavilion.core import clock, crypto
from pavilion.core.services import audit_record
from pavilion.registrations import notifications
from pavilion.registrations.models import (
    CountryPolicy,
    InvitationCode,
    Person,
    Registration,
    RegistrationCategory,
)
from pavilion.registrations.validation import check_birth_date, check_document_number, normalised_name

Status = Registration.Status
EDITABLE = {Status.SUBMITTED, Status.SCREENING, Status.IN_REVIEW}


@dataclass
class PersonData:
    given_name: str
    family_name: str
    nationality: str
    email: str
    birth_date: datetime.date | None = None
    patronymic: str = ""
    name_original_script: str = ""
    gender: str = ""
    phone: str = ""
    language: str = "en"
    document_type: str = ""
    document_number: str = ""
    document_country: str = ""


PERSON_FIELDS = list(PersonData.__dataclass_fields__)


def person_fingerprint(data: PersonData) -> str:
    return crypto.fingerprint(
        normalised_name(data.given_name, data.patronymic, data.family_name),
        data.birth_date.isoformat() if data.birth_date else "",
        data.document_number,
    )


def _check_person(data: PersonData, category: RegistrationCategory) -> PersonData:
    errors = {}
    if not data.given_name.strip():
        errors["given_name"] = _("Enter the given name.")
    if not data.family_name.strip():
        errors["family_name"] = _("Enter the family name.")
    if errors:
        raise ValidationError(errors)
    check_birth_date(data.birth_date, min_age=category.min_age, on=category.event.start_date, required=category.requires_document)
    data.document_number = check_document_number(data.document_number)
    if category.requires_document and not data.document_number:
        raise ValidationError({"document_number": _("Enter the number of the identity document.")})
    return data


def _check_not_duplicate(event, fingerprint: str, exclude_registration=None) -> None:
    if Person.objects.filter(fingerprint=fingerprint, is_blocked=True).exists():
        # Said without naming the reason: a listed person is not told why.
        raise ValidationError(_("This registration cannot be accepted. Contact the organiser."))
    duplicates = Registration.objects.active().filter(event=event, person__fingerprint=fingerprint)
    if exclude_registration is not None:
        duplicates = duplicates.exclude(pk=exclude_registration.pk)
    if duplicates.exists():
        raise ValidationError(_("This person is already registered for this event."))


def _country_policy(event, nationality: str) -> CountryPolicy | None:
    return CountryPolicy.objects.filter(event=event, country=nationality).first()


def _use_invitation(code: str, category: RegistrationCategory) -> InvitationCode:
    invitation = (
        InvitationCode.objects.select_for_update()
        .select_related("exhibitor__show")
        .filter(code=code.strip().upper(), exhibitor__show__event=category.event)
        .first()
    )
    if invitation is None:
        raise ValidationError({"invitation_code": _("This invitation code is not valid for this event.")})
    if invitation.used >= invitation.quota:
        raise ValidationError({"invitation_code": _("This invitation code has been used up.")})
    InvitationCode.objects.filter(pk=invitation.pk).update(used=F("used") + 1)
    return invitation


def registration_submit(
    *, actor, category: RegistrationCategory, person: PersonData, details: dict | None = None,
    invitation_code: str = "", exhibitor=None, delegation=None, photo=None,
) -> Registration:
    """Create a registration in `submitted` and queue its screening; nothing is saved on error."""
    details = dict(details or {})
    person = _check_person(person, category)
    event = category.event
    policy = _country_policy(event, person.nationality)
    if policy is not None and policy.policy == CountryPolicy.Policy.SUSPENDED:
        raise ValidationError({"nationality": _("Registrations from this country are not accepted for this event.")})
    fingerprint = person_fingerprint(person)
    with transaction.atomic():
        _check_not_duplicate(event, fingerprint)
        invitation = None
        if category.code == RegistrationCategory.Code.GUEST:
            invitation = _use_invitation(invitation_code, category)
            exhibitor = invitation.exhibitor
        if category.code == RegistrationCategory.Code.EXHIBITOR_STAFF:
            from pavilion.registrations.quotas import check_staff_quota

            check_staff_quota(exhibitor=exhibitor, category=category)
        person_obj = Person.objects.create(
            **{field: getattr(person, field) for field in PERSON_FIELDS}, fingerprint=fingerprint,
            user=actor if getattr(actor, "is_authenticated", False) and details.pop("own", False) else None,
            photo=photo or "",
        )
        registration = Registration.objects.create(
            event=event, person=person_obj, category=category, exhibitor=exhibitor, invitation=invitation,
            delegation=delegation, created_by=actor if getattr(actor, "pk", None) else None,
            **{key: value for key, value in details.items() if key in REGISTRATION_DETAIL_FIELDS},
        )
        if policy is not None and policy.policy == CountryPolicy.Policy.INVITED_ONLY:
            registration.status_reason = _("Held for review: this country is invited only.")
            registration.save(update_fields=["status_reason"])
        audit_record(actor=actor, action="registration.submit", obj=registration,
                     after={"category": category.code, "status": registration.status})
        transaction.on_commit(lambda: _enqueue_screening(registration.pk))
    return registration


REGISTRATION_DETAIL_FIELDS = {
    "organisation", "position", "sector", "media_outlet", "press_card", "rank", "protocol_order",
}


def _enqueue_screening(registration_id: int) -> None:
    from pavilion.vetting.tasks import screen_registration

    screen_registration.enqueue(registration_id)


def registration_update(*, actor, registration: Registration, person: PersonData, details: dict | None = None) -> Registration:
    """The person (or whoever registered them) edits until approved; the change is screened again."""
    if registration.status not in EDITABLE:
        raise ValidationError(_("This registration can no longer be changed."))
    person = _check_person(person, registration.category)
    fingerprint = person_fingerprint(person)
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        _check_not_duplicate(registration.event, fingerprint, exclude_registration=registration)
        before = {"status": registration.status}
        for field in PERSON_FIELDS:
            setattr(registration.person, field, getattr(person, field))
        registration.person.fingerprint = fingerprint
        registration.person.save()
        for key, value in (details or {}).items():
            if key in REGISTRATION_DETAIL_FIELDS:
                setattr(registration, key, value)
        registration.status = Status.SUBMITTED
        registration.save()
        audit_record(actor=actor, action="registration.update", obj=registration, before=before,
                     after={"status": registration.status})
        transaction.on_commit(lambda: _enqueue_screening(registration.pk))
    return registration


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
        return _decide(actor=actor, registration=registration, status=Status.APPROVED, reason="", action="registration.approve")


def registration_reject(*, actor, registration: Registration, reason: str) -> Registration:
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the rejection.")})
    with transaction.atomic():
        registration = Registration.objects.select_for_update().select_related("person").get(pk=registration.pk)
        if registration.status in (Status.REJECTED, Status.CANCELLED):
            raise ValidationError(_("This registration is already closed."))
        return _decide(actor=actor, registration=registration, status=Status.REJECTED, reason=reason, action="registration.reject")


def registration_withdraw(*, actor, registration: Registration) -> Registration:
    with transaction.atomic():
        registration = Registration.objects.select_for_update().select_related("person").get(pk=registration.pk)
        if registration.status in (Status.REJECTED, Status.CANCELLED):
            raise ValidationError(_("This registration is already closed."))
        return _decide(actor=actor, registration=registration, status=Status.CANCELLED,
                       reason=_("Withdrawn."), action="registration.withdraw")


def registration_after_screening(*, registration: Registration, has_open_alerts: bool) -> Registration:
    """Move a screened registration on: held in review with alerts, else approved or in review by category."""
    if registration.status not in (Status.SUBMITTED, Status.SCREENING):
        return registration
    held = has_open_alerts or bool(registration.status_reason)
    if not held and registration.category.auto_approve:
        return _decide(actor=None, registration=registration, status=Status.APPROVED, reason="", action="registration.approve")
    registration.status = Status.IN_REVIEW
    registration.save(update_fields=["status", "updated_at"])
    return registration


def ensure_can_manage(user, registration: Registration) -> None:
    from pavilion.registrations.permissions import can_manage

    if not can_manage(user, registration):
        raise PermissionDenied(_("You may not change this registration."))
