"""Writes of meeting profiles: what a participant offers and seeks, and when it can meet."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_countries import countries as all_countries

from pavilion.core.services import audit_record
from pavilion.exhibitors import export_control
from pavilion.exhibitors.models import ProductCategory
from pavilion.meetings.models import Availability, MeetingProfile
from pavilion.meetings.selectors.profiles import PARTICIPANT_CATEGORIES
from pavilion.registrations.models import Registration


@dataclass
class ProfileData:
    headline: str = ""
    about: str = ""
    offers_categories: list = field(default_factory=list)  # ProductCategory ids or objects
    seeks_categories: list = field(default_factory=list)
    offers_controls: list[str] = field(default_factory=list)
    seeks_controls: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    languages: str = ""
    is_listed: bool = True
    max_meetings: int | None = None
    # (day, start, end) periods in which the participant can meet
    availability: list[tuple[datetime.date, datetime.time, datetime.time]] = field(default_factory=list)


def _controls(values, field_name: str) -> list[str]:
    codes = []
    for value in values:
        if not str(value).strip():
            continue
        try:
            code = export_control.validate(value)
        except ValidationError as error:
            raise ValidationError({field_name: error.messages}) from error
        if code not in codes:
            codes.append(code)
    return codes


def _countries(values) -> list[str]:
    codes = []
    for value in values:
        code = str(value).strip().upper()
        if not code:
            continue
        if code not in dict(all_countries):
            raise ValidationError({"countries": _("%(code)s is not a country code (ISO 3166-1 alpha-2, e.g. AZ).")
                                   % {"code": code}})
        if code not in codes:
            codes.append(code)
    return codes


def _categories(values, field_name: str) -> list[ProductCategory]:
    ids = {getattr(value, "pk", value) for value in values}
    found = list(ProductCategory.objects.filter(pk__in=ids))
    if len(found) != len(ids):
        raise ValidationError({field_name: _("Choose categories of the catalogue's taxonomy.")})
    return found


def _day(day) -> str:
    """A day as the reader writes it ("24 September 2024", "24 сентября 2024"), not its ISO form."""
    return date_format(day, "j E Y")


def _availability(event, periods) -> list[tuple]:
    checked = sorted(periods)
    for day, start, end in checked:
        if not event.start_date <= day <= event.end_date:
            raise ValidationError({"availability": _("%(day)s is not a day of the event (%(start)s to %(end)s).")
                                   % {"day": _day(day), "start": _day(event.start_date), "end": _day(event.end_date)}})
        if end <= start:
            raise ValidationError({"availability": _("On %(day)s the period must end after it starts.")
                                   % {"day": _day(day)}})
    for (day, _start, end), (next_day, next_start, _end) in zip(checked, checked[1:], strict=False):
        if day == next_day and next_start < end:
            raise ValidationError({"availability": _("The periods of %(day)s overlap.") % {"day": _day(day)}})
    return checked


def profile_save(*, actor, registration: Registration, data: ProfileData) -> MeetingProfile:
    """Create or replace a participant's profile and availability; nothing is saved on error."""
    if registration.status != Registration.Status.APPROVED or registration.category.code not in PARTICIPANT_CATEGORIES:
        raise PermissionDenied(_("Only participants with an approved registration have a meeting profile."))
    if data.max_meetings is not None and not 1 <= data.max_meetings <= 40:
        raise ValidationError({"max_meetings": _("Between 1 and 40 meetings, or empty for the event's default.")})
    offers = _categories(data.offers_categories, "offers_categories")
    seeks = _categories(data.seeks_categories, "seeks_categories")
    values = {
        "headline": data.headline.strip()[:200], "about": data.about.strip(), "languages": data.languages.strip()[:50],
        "offers_controls": _controls(data.offers_controls, "offers_controls"),
        "seeks_controls": _controls(data.seeks_controls, "seeks_controls"),
        "countries": _countries(data.countries), "is_listed": data.is_listed, "max_meetings": data.max_meetings,
    }
    periods = _availability(registration.event, data.availability)
    with transaction.atomic():
        profile, created = MeetingProfile.objects.select_for_update().get_or_create(registration=registration)
        before = None if created else _snapshot(profile)
        for name, value in values.items():
            setattr(profile, name, value)
        profile.save()
        profile.offers_categories.set(offers)
        profile.seeks_categories.set(seeks)
        profile.availability.all().delete()
        Availability.objects.bulk_create(
            [Availability(profile=profile, day=day, start=start, end=end) for day, start, end in periods])
        audit_record(actor=actor, action="meeting_profile.save", obj=profile, before=before, after=_snapshot(profile))
    return profile


def _snapshot(profile: MeetingProfile) -> dict:
    return {
        "registration": profile.registration_id, "is_listed": profile.is_listed, "headline": profile.headline,
        "offers_categories": sorted(profile.offers_categories.values_list("slug", flat=True)),
        "seeks_categories": sorted(profile.seeks_categories.values_list("slug", flat=True)),
        "offers_controls": profile.offers_controls, "seeks_controls": profile.seeks_controls,
        "countries": profile.countries,
        "availability": [f"{a.day} {a.start:%H:%M}-{a.end:%H:%M}" for a in profile.availability.all()],
    }
