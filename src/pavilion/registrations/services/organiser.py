"""Writes of what the organiser sets up for registration: the categories' rules, invitation codes,
delegations and their visits, and the policies by country."""

import secrets
import zoneinfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pavilion.core import roles
from pavilion.core.colours import checked_colour
from pavilion.core.names import name_key, same_name
from pavilion.core.services import audit_record, audit_values, refuse_while_used
from pavilion.exhibitors.models import Exhibitor
from pavilion.registrations import visits
from pavilion.registrations.categories import ensure_categories
from pavilion.registrations.models import (
    CountryPolicy,
    Delegation,
    DelegationVisit,
    InvitationCode,
    RegistrationCategory,
)
from pavilion.registrations.quotas import check_guest_quota
from pavilion.registrations.selectors import registration_window
from pavilion.registrations.validation import (
    check_one_line,
    check_phone,
)

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
