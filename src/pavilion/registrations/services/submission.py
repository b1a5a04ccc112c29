"""Writes of a registration as its person makes it: the person's details checked, the submission
(within the registration window, once per person, on an invitation code or a staff place where
the category needs one) and later edits, each sent to screening."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pavilion.core import crypto, roles
from pavilion.core.services import audit_record
from pavilion.core.zones import local_when, zone_name
from pavilion.exhibitors.models import Exhibitor
from pavilion.registrations import notifications, supporting_documents
from pavilion.registrations.models import (
    CountryPolicy,
    Delegation,
    InvitationCode,
    Person,
    Registration,
    RegistrationCategory,
)
from pavilion.registrations.quotas import check_staff_quota
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
