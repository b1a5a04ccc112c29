"""Writes of registrations: submit, edit, withdraw, approve, reject, reopen, and their e-mails."""

import datetime
import secrets
import zoneinfo
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from pavilion.core import clock, crypto, roles
from pavilion.core.colours import checked_colour
from pavilion.core.names import name_key, same_name
from pavilion.core.services import audit_record, audit_values, refuse_while_used
from pavilion.core.zones import local_when, zone_name
from pavilion.exhibitors.models import Exhibitor
from pavilion.registrations import notifications, supporting_documents, visits
from pavilion.registrations.categories import ensure_categories
from pavilion.registrations.models import (
    CountryPolicy,
    Delegation,
    DelegationVisit,
    InvitationCode,
    Person,
    Registration,
    RegistrationCategory,
)
from pavilion.registrations.permissions import can_decide
from pavilion.registrations.quotas import check_guest_quota, check_staff_quota
from pavilion.registrations.selectors import registration_window
from pavilion.registrations.validation import (
    check_birth_date,
    check_document_number,
    check_one_line,
    check_person_name,
    check_phone,
    normalised_name,
)

Status = Registration.Status
EDITABLE = {Status.SUBMITTED, Status.SCREENING, Status.IN_REVIEW}

# A registration's status reason is stored as its English text, as written in the code (gettext_noop),
# and translated when it is shown (`{% translate registration.status_reason %}`): the person reads it
# in their language, the organiser in theirs, whatever the language of whoever decided. The reasons
# officers type are stored as typed and shown as typed.
HELD_INVITED_ONLY = gettext_noop("Held for review: this country is invited only.")
HELD_NEW_LIST_VERSION = gettext_noop("Held: a new watch-list version raised an alert.")
WITHDRAWN = gettext_noop("Withdrawn.")
# What a person rejected after a confirmed watch-list match is told (vetting passes it): no more than that.
NOT_ACCEPTED = gettext_noop("The registration could not be accepted.")
REASON_MAX_LENGTH = Registration._meta.get_field("status_reason").max_length


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
    for field, message in [("given_name", _("Enter the given name.")), ("family_name", _("Enter the family name."))]:
        setattr(data, field, (getattr(data, field) or "").strip())
        if not getattr(data, field):
            errors[field] = message
    for field in ("given_name", "family_name", "patronymic", "name_original_script"):
        try:  # letters of any script, one script a word: no emoji, digits or look-alike letters
            setattr(data, field, check_person_name(getattr(data, field), field=field))
        except ValidationError as error:
            errors.update(error.message_dict)
    try:
        data.phone = check_phone(data.phone)
    except ValidationError as error:
        errors.update(error.message_dict)
    if not data.nationality:
        errors["nationality"] = _("Choose the nationality.")
    if errors:
        raise ValidationError(errors)
    check_birth_date(data.birth_date, min_age=category.min_age, on=category.event.start_date, required=True)
    data.document_number = check_document_number(data.document_number)
    data.email = (data.email or "").strip()
    return data


def _check_not_duplicate(event, fingerprint: str, exclude_registration=None) -> None:
    if Person.objects.filter(fingerprint=fingerprint, is_blocked=True).exists():
        # Said without naming the reason: a listed person is not told why.
        raise ValidationError(_("This registration cannot be accepted. Contact the organiser."))
    # People first (a handful share a fingerprint), then their registrations by person: filtered by
    # event in the query, SQLite walks every registration of the event.
    people = list(Person.objects.filter(fingerprint=fingerprint).values_list("pk", flat=True))
    events = Registration.objects.active().filter(person__in=people).values_list("pk", "event_id")
    excluded = exclude_registration.pk if exclude_registration is not None else None
    if any(event_id == event.pk and pk != excluded for pk, event_id in events):
        raise ValidationError(_("This person is already registered for this event."))


def _check_country(event, nationality: str) -> bool:
    """Refuse a suspended country; return True when the country is invited only (held for review)."""
    policy = CountryPolicy.objects.filter(event=event, country=nationality).first()
    if policy is not None and policy.policy == CountryPolicy.Policy.SUSPENDED:
        raise ValidationError({"nationality": _("Registrations from this country are not accepted for this event.")})
    return policy is not None and policy.policy == CountryPolicy.Policy.INVITED_ONLY


def _use_invitation(code: str, category: RegistrationCategory) -> InvitationCode:
    invitation = (
        InvitationCode.objects.select_for_update()
        .select_related("exhibitor__show")
        .filter(code=(code or "").strip().upper(), exhibitor__show__event=category.event)
        .first()
    )
    if invitation is None:
        raise ValidationError({"invitation_code": _("This invitation code is not valid for this event.")})
    if invitation.exhibitor.status == Exhibitor.Status.WITHDRAWN:  # it invites nobody to a show it left
        raise ValidationError({"invitation_code": _("This invitation code is no longer valid.")})
    if invitation.used >= invitation.quota:
        raise ValidationError({"invitation_code": _("This invitation code has been used up.")})
    InvitationCode.objects.filter(pk=invitation.pk).update(used=F("used") + 1)
    return invitation


def staff_refusal(exhibitor) -> str:
    """Why the exhibitor registers no new staff ("" when it does): the organiser withdrew it from the show.
    Its staff already registered stay for the organiser to decide on."""
    if exhibitor is not None and exhibitor.status == Exhibitor.Status.WITHDRAWN:
        return _("%(company)s is withdrawn from %(show)s: it can register no new staff there.") % {
            "company": exhibitor.company.name, "show": exhibitor.show.name}
    return ""


def _check_staff_place(exhibitor, category: RegistrationCategory) -> None:
    """A place for one more of the exhibitor's staff: refused with the withdrawal's own words first (a
    withdrawal gives its stands back, so the quota alone would say "used up", which is not why)."""
    if exhibitor is not None:
        # As it is now, under the lock the quota check takes too (the organiser may withdraw it meanwhile).
        stored = Exhibitor.objects.select_for_update().select_related("company", "show").get(pk=exhibitor.pk)
        refusal = staff_refusal(stored)
        if refusal:
            raise ValidationError(refusal)
    check_staff_quota(exhibitor=exhibitor, category=category)


def check_one_head(delegation_id, protocol_order, *, exclude=None) -> None:
    """At most one active member of a delegation has protocol order 1: the head, for whom the liaison acts
    in meetings and whose badge the batch prints first. Checked under the delegation's row lock, so that two
    members made head at once are not both taken; the database's constraint is the floor."""
    if delegation_id is None or protocol_order != 1:
        return
    Delegation.objects.select_for_update().filter(pk=delegation_id).first()
    head = (Registration.objects.active().filter(delegation=delegation_id, protocol_order=1)
            .exclude(pk=exclude).select_related("person").first())
    if head is not None:
        raise ValidationError({"protocol_order": _("This delegation already has a head of delegation: %(name)s.")
                               % {"name": head.person.full_name}})


def _details(details: dict | None) -> dict:
    kept = {key: value for key, value in (details or {}).items() if key in REGISTRATION_DETAIL_FIELDS}
    for key, value in kept.items():
        if isinstance(value, str):
            check_one_line(value, field=key)
    return kept


def registration_submit(
    *, actor, category: RegistrationCategory, person: PersonData, details: dict | None = None,
    invitation_code: str = "", exhibitor=None, delegation=None, photo=None, own: bool = False,
    any_time: bool = False, supporting_document=None,
) -> Registration:
    """Create a registration in `submitted` and queue its screening; nothing is saved on error. Outside the
    event's registration window only the organiser and security officers may (check_window); `any_time`
    is for the demo, whose registrations stand for ones made before the show, whatever the day it runs.
    `photo` and `supporting_document` come checked (forms: badge_photo, supporting_documents.checked_document)."""
    event = category.event
    if not any_time:
        check_window(actor, event, category)
    person = _check_person(person, category)
    held = _check_country(event, person.nationality)
    fingerprint = person_fingerprint(person)
    with transaction.atomic():
        _check_not_duplicate(event, fingerprint)
        invitation = None
        if category.code == RegistrationCategory.Code.GUEST:
            invitation = _use_invitation(invitation_code, category)
            exhibitor = invitation.exhibitor
        if category.code == RegistrationCategory.Code.EXHIBITOR_STAFF:
            _check_staff_place(exhibitor, category)
        details = _details(details)
        check_one_head(getattr(delegation, "pk", None), details.get("protocol_order"))
        user = actor if own and getattr(actor, "is_authenticated", False) else None
        person_obj = Person.objects.create(
            **{field: getattr(person, field) for field in PERSON_FIELDS}, fingerprint=fingerprint,
            user=user, photo=photo or "",
        )
        registration = Registration.objects.create(
            event=event, person=person_obj, category=category, exhibitor=exhibitor, invitation=invitation,
            delegation=delegation, created_by=actor if getattr(actor, "pk", None) else None, is_held=held,
            status_reason=HELD_INVITED_ONLY if held else "", supporting_document=supporting_document or "",
            **details,
        )
        audit_record(actor=actor, action="registration.submit", obj=registration,
                     after={"category": category.code, "status": registration.status})
        if not own and getattr(actor, "is_authenticated", False):
            # Registered by their exhibitor, their delegation's liaison or the organiser: the person learns
            # of it and gets the link to follow it (before any decision e-mail that screening may cause).
            transaction.on_commit(lambda: notifications.send_received(registration.pk))
        else:
            # Registered themselves: the link the form led to is confirmed by e-mail, their way back to it.
            transaction.on_commit(lambda: notifications.send_submitted(registration.pk))
        transaction.on_commit(lambda: _enqueue_screening(registration.pk))
    return registration


def window_message(event, window, category=None) -> str:
    """What the public forms say when they take no registrations (window from selectors.registration_window):
    the moment as people read it, "20 September 2024, 18:00 (Baku time)", not "2024-09-20 18:00 (Asia/Baku)"."""
    if window.state == "closed" and category is not None and window.closes == category.closes_at:
        return _("Registration as %(category)s for %(event)s closed on %(when)s (%(zone)s).") % {
            "category": category.name, "event": event.name, "when": local_when(window.closes, window.zone), "zone": zone_name(window.zone)}
    if window.state == "not-yet":
        return _("Registration for %(event)s opens on %(when)s (%(zone)s).") % {
            "event": event.name, "when": local_when(window.opens, window.zone), "zone": zone_name(window.zone)}
    if window.state == "closed":
        return _("Registration for %(event)s closed on %(when)s (%(zone)s).") % {
            "event": event.name, "when": local_when(window.closes, window.zone), "zone": zone_name(window.zone)}
    return _("%(event)s does not take registrations.") % {"event": event.name}


def registers_any_time(user) -> bool:
    """The organiser and security officers register people outside the registration window too."""
    return roles.is_organiser(user) or roles.is_security_officer(user)


def check_window(actor, event, category=None) -> None:
    """The public forms (and exhibitors, liaisons and people registering themselves) only while the
    event's registration window, and the category's, is open; the organiser and security officers at
    any time."""
    if registers_any_time(actor):
        return
    window = registration_window(event, category=category)
    if not window.is_open:
        raise ValidationError(window_message(event, window, category))


REGISTRATION_DETAIL_FIELDS = {
    "organisation", "position", "sector", "media_outlet", "press_card", "rank", "protocol_order", "shares_contact",
}


def _enqueue_screening(registration_id: int) -> None:
    from pavilion.vetting.tasks import screen_registration

    screen_registration.enqueue(registration_id)


def registration_update(
    *, actor, registration: Registration, person: PersonData, details: dict | None = None, photo=None,
    supporting_document=None,
) -> Registration:
    """The person (or whoever registered them) edits until approved; the change is screened again."""
    if registration.status not in EDITABLE:
        raise ValidationError(_("This registration can no longer be changed."))
    person = _check_person(person, registration.category)
    held = _check_country(registration.event, person.nationality)
    fingerprint = person_fingerprint(person)
    with transaction.atomic():
        registration = Registration.objects.select_for_update().select_related("person").get(pk=registration.pk)
        if registration.status not in EDITABLE:
            raise ValidationError(_("This registration can no longer be changed."))
        _check_not_duplicate(registration.event, fingerprint, exclude_registration=registration)
        details = _details(details)
        check_one_head(registration.delegation_id, details.get("protocol_order", registration.protocol_order),
                       exclude=registration.pk)
        before = {"status": registration.status}
        for field in PERSON_FIELDS:
            setattr(registration.person, field, getattr(person, field))
        registration.person.fingerprint = fingerprint
        replaced = registration.person.photo.name if photo and registration.person.photo else ""
        if photo:
            registration.person.photo = photo
        registration.person.save()
        if replaced:  # the old badge photo is personal data the event no longer needs: erased with the change
            storage = registration.person.photo.storage
            transaction.on_commit(lambda: _erase_photo(storage, replaced))
        for key, value in details.items():
            setattr(registration, key, value)
        if supporting_document:  # the one it replaces is erased with the change, as a replaced photo
            supporting_documents.erase_later(registration.supporting_document.name)
            registration.supporting_document = supporting_document
        registration.status = Status.SUBMITTED
        registration.is_held = registration.is_held or held
        registration.save()
        audit_record(actor=actor, action="registration.update", obj=registration, before=before,
                     after={"status": registration.status})
        transaction.on_commit(lambda: _enqueue_screening(registration.pk))
    return registration


def _erase_photo(storage, name: str) -> None:
    if not Person.objects.filter(photo=name).exists():
        storage.delete(name)


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


# No 0/O or 1/I: codes are read out over the phone and typed from business cards.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


CATEGORY_FIELDS = ("name_en", "name_az", "name_ru", "self_service", "auto_approve", "min_age", "requires_photo",
                   "requires_document", "access", "staff_per_100_m2", "badge_colour", "order", "closes_at",
                   "asks_supporting_document", "supporting_document_label_en", "supporting_document_label_az",
                   "supporting_document_label_ru")
# The badge prints the event's and the category's names in white on the category's colour: below
# 3:1 against white (WCAG's least contrast for large text) they could not be read.
LEAST_BADGE_CONTRAST = 3.0


def _category_snapshot(category: RegistrationCategory) -> dict:
    values = audit_values(category, CATEGORY_FIELDS)
    if values["closes_at"] is not None:
        values["closes_at"] = values["closes_at"].isoformat()
    return values


def category_update(*, actor, category: RegistrationCategory, **fields) -> RegistrationCategory:
    """A category's names, its form's rules (public or not, approval, age, photo, document), the
    days its badges are valid, the exhibitor staff quota and the badge colour. Badges carry what
    they were issued with: a change reaches a card when it is reprinted."""
    roles.require_organiser_admin(actor, _("Only the organiser's administrators set the registration categories."))
    unknown = set(fields) - set(CATEGORY_FIELDS)
    if unknown:
        raise ValueError(f"not a category setting: {sorted(unknown)}")
    values = {field: fields.get(field, getattr(category, field)) for field in CATEGORY_FIELDS}
    if not str(values["name_en"]).strip():
        raise ValidationError({"name_en": _("Give the category's name in English.")})
    for language in ("en", "az", "ru"):  # a form's label: one line
        label = f"supporting_document_label_{language}"
        values[label] = check_one_line(str(values[label] or "").strip(), field=label)
    if values["access"] not in RegistrationCategory.Access.values:
        raise ValidationError({"access": _("Choose the days its badges are valid.")})
    if not 0 <= values["min_age"] <= 99:
        raise ValidationError({"min_age": _("The least age is from 0 to 99 years.")})
    if not 0 <= values["staff_per_100_m2"] <= 100:
        raise ValidationError({"staff_per_100_m2": _("The quota is from 0 to 100 badges per 100 m².")})
    if not 0 <= values["order"] <= 999:
        raise ValidationError({"order": _("The order is a number from 0 to 999.")})
    opens = category.event.registration_opens_at
    if values["closes_at"] is not None and opens is not None and values["closes_at"] <= opens:
        raise ValidationError({"closes_at": _("The category would close before the event's registration opens "
                                              "(%(opens)s): choose a later time, or leave it empty.")
                               % {"opens": registration_window(category.event).local(opens)}})
    # After the event's last day the category would close with the event: its own closing meant nothing.
    if values["closes_at"] is not None and values["closes_at"] > category.event.end_of_last_day:
        raise ValidationError({"closes_at": _("Registration closes by the end of the event's last day, %(day)s.")
                               % {"day": f"{category.event.end_date:%Y-%m-%d}"}})
    values["badge_colour"] = checked_colour(values["badge_colour"], "badge_colour", least_contrast=LEAST_BADGE_CONTRAST,
                                            too_light=_("This colour is too light: the white writing on the badge "
                                                        "would not be legible. Choose a darker one."))
    with transaction.atomic():
        before = _category_snapshot(category)
        for field, value in values.items():
            setattr(category, field, value)
        category.save()
        audit_record(actor=actor, action="category.update", obj=category, before=before,
                     after=_category_snapshot(category))
    return category


def categories_create_defaults(*, actor, event) -> list[RegistrationCategory]:
    """The standard categories an event lacks (trade visitor, media, exhibitor staff, ...), each
    with its usual rules; returns the ones created. Those with a public form open it at once."""
    roles.require_organiser_admin(actor, _("Only the organiser's administrators set the registration categories."))
    with transaction.atomic():
        existing = set(RegistrationCategory.objects.filter(event=event).values_list("code", flat=True))
        created = [category for code, category in ensure_categories(event).items() if code not in existing]
        for category in created:
            audit_record(actor=actor, action="category.create", obj=category,
                         after=_category_snapshot(category))
    return created


def invitation_code_create(*, actor, exhibitor, quota: int) -> InvitationCode:
    """A code for `quota` guests of the exhibitor, within its guest quota over all its codes
    (quotas.guest_quota); an exhibitor withdrawn from the show invites nobody."""
    if quota < 1:
        raise ValidationError({"quota": _("Invite at least one guest.")})
    with transaction.atomic():
        # Its status as it is now (the organiser may withdraw it while the page was open), under the
        # lock that also keeps two admins from both taking the last guest places.
        status = Exhibitor.objects.select_for_update().values_list("status", flat=True).get(pk=exhibitor.pk)
        if status == Exhibitor.Status.WITHDRAWN:
            raise ValidationError(_("A withdrawn exhibitor cannot invite guests."))
        check_guest_quota(exhibitor=exhibitor, quota=quota)
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
        while InvitationCode.objects.filter(code=code).exists():
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
        invitation = InvitationCode.objects.create(exhibitor=exhibitor, code=code, quota=quota)
        audit_record(actor=actor, action="invitation.create", obj=invitation, after={"quota": quota})
    return invitation


def delegation_create(*, actor, event, liaison=None, **fields) -> Delegation:
    fields["liaison_officer_phone"] = check_phone(fields.get("liaison_officer_phone", ""),
                                                  field="liaison_officer_phone")
    same = same_name(Delegation.objects.filter(event=event, country=fields.get("country")),
                     name_key(str(fields.get("sending_body") or "")), lambda delegation: (delegation.sending_body,))
    if same is not None:  # a second click on "Create" made a second delegation
        raise ValidationError({"sending_body": _(
            "This event already has the delegation of %(body)s of this country: add the members to it.") % {
            "body": same.sending_body}})
    with transaction.atomic():
        delegation = Delegation.objects.create(event=event, liaison=liaison, **fields)
        audit_record(actor=actor, action="delegation.create", obj=delegation,
                     after={"country": delegation.country.code, "sending_body": delegation.sending_body})
    return delegation


DELEGATION_EDITABLE = ("sending_body", "liaison_officer", "liaison_officer_phone", "arrival", "departure",
                       "interpreter_languages", "notes")
_DELEGATION_AUDITED = ("sending_body", "arrival", "departure", "interpreter_languages", "liaison")
_NO_LIAISON = object()


def _require_delegation_editor(actor, delegation: Delegation) -> None:
    if not (roles.is_organiser(actor) or (delegation.liaison_id is not None and delegation.liaison_id == actor.pk)):
        raise PermissionDenied(_("Only the organiser and the delegation's liaison change the delegation."))


def _refuse_visits_outside_the_stay(delegation: Delegation) -> None:
    """A stay shortened past visits already in the programme is refused, with their count: new visits are
    refused outside the stay, and the programme must not hold ones the escort officer cannot keep."""
    zone = zoneinfo.ZoneInfo(delegation.event.time_zone)
    outside = sum(1 for visit in delegation.programme.all()
                  if visits.stay_problem(delegation, visit.starts_at, visit.ends_at, zone))
    refuse_while_used("departure", [(outside, lambda count: ngettext(
        "%(count)d visit of the programme falls outside this stay: move or delete it first.",
        "%(count)d visits of the programme fall outside this stay: move or delete them first.", count))])


def delegation_update(*, actor, delegation: Delegation, liaison=_NO_LIAISON, **fields) -> Delegation:
    """A delegation's details as the organiser or its liaison corrects them; its country stays, since
    its members' screening and its meeting requests' export-control checks were made for it. Only
    the organiser hands the delegation to another liaison account."""
    _require_delegation_editor(actor, delegation)
    unknown = set(fields) - set(DELEGATION_EDITABLE)
    if unknown:
        raise ValueError(f"not editable on a delegation: {sorted(unknown)}")
    if liaison is not _NO_LIAISON and liaison != delegation.liaison and not roles.is_organiser(actor):
        raise PermissionDenied(_("Only the organiser hands a delegation to another liaison."))
    if "liaison_officer_phone" in fields:  # the escort officer is called from the brief
        fields["liaison_officer_phone"] = check_phone(fields["liaison_officer_phone"], field="liaison_officer_phone")
    if "sending_body" in fields:
        same = same_name(Delegation.objects.filter(event=delegation.event_id, country=delegation.country)
                         .exclude(pk=delegation.pk), name_key(str(fields["sending_body"] or "")),
                         lambda other: (other.sending_body,))
        if same is not None:
            raise ValidationError({"sending_body": _(
                "This event already has the delegation of %(body)s of this country.") % {"body": same.sending_body}})
    changes = dict(fields)
    if liaison is not _NO_LIAISON:
        changes["liaison"] = liaison
    names = [*changes]
    with transaction.atomic():
        locked = Delegation.objects.select_for_update().get(pk=delegation.pk)
        stored = audit_values(locked, names)
        before = audit_values(locked, names, as_text=True)
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.full_clean(exclude=["event", "country"])
        if {"arrival", "departure"} & set(changes):
            _refuse_visits_outside_the_stay(locked)
        locked.save(update_fields=names)
        after = audit_values(locked, names, as_text=True)
        # Compared as values: the same moment typed in Baku time is no change.
        changed = [name for name, value in audit_values(locked, names).items() if value != stored[name]]
        if changed:
            # The escort officer's name and phone and the notes are named as changed, not kept.
            shown = [name for name in changed if name in _DELEGATION_AUDITED]
            audit_record(actor=actor, action="delegation.update", obj=locked,
                         before={name: before[name] for name in shown},
                         after={**{name: after[name] for name in shown}, "changed": changed})
    for name in names:
        setattr(delegation, name, getattr(locked, name))
    return delegation


def delegation_visit_delete(*, actor, visit: DelegationVisit) -> None:
    """A visit taken off the delegation's programme (cancelled or entered by mistake)."""
    _require_delegation_editor(actor, visit.delegation)
    with transaction.atomic():
        audit_record(actor=actor, action="delegation.visit_delete", obj=visit,
                     before={"title": visit.title, "starts_at": visit.starts_at.isoformat()})
        visit.delete()


def delegation_visit_add(*, actor, delegation: Delegation, **fields) -> DelegationVisit:
    """A visit into the delegation's programme, refused when it does not fit (visits.check_visit): outside
    the stay or the venue's hours for delegations, over two days, or over another visit."""
    _require_delegation_editor(actor, delegation)
    with transaction.atomic():
        # The delegation as it is now (its stay may have changed), locked: two visits added at once for the
        # same hour would both pass the overlap check.
        locked = Delegation.objects.select_for_update().select_related("event").get(pk=delegation.pk)
        visits.check_visit(locked, fields.get("starts_at"), fields.get("ends_at"))
        visit = DelegationVisit.objects.create(delegation=locked, **fields)
        audit_record(actor=actor, action="delegation.visit_add", obj=visit, after={"title": visit.title})
    return visit


def country_policy_set(*, actor, event, country: str, policy: str, note: str = "") -> CountryPolicy:
    """The event's policy for a nationality (e.g. suspended: its registrations wait for an officer),
    replacing the one before."""
    roles.require_organiser_admin(actor, _("Only the organiser's administrators set the country policies."))
    if policy not in CountryPolicy.Policy.values:
        raise ValidationError({"policy": _("Choose a policy from the list.")})
    with transaction.atomic():
        previous = CountryPolicy.objects.filter(event=event, country=country).first()
        before = {"country": str(country), "policy": previous.policy} if previous else None
        saved, _created = CountryPolicy.objects.update_or_create(
            event=event, country=country, defaults={"policy": policy, "note": note})
        audit_record(actor=actor, action="country_policy.set", obj=saved, before=before,
                     after={"country": saved.country.code, "policy": saved.policy})
    return saved


def country_policy_delete(*, actor, policy: CountryPolicy) -> None:
    roles.require_organiser_admin(actor, _("Only the organiser's administrators set the country policies."))
    with transaction.atomic():
        audit_record(actor=actor, action="country_policy.delete", obj=policy,
                     before={"country": policy.country.code, "policy": policy.policy})
        policy.delete()
