"""A delegation's programme against the clock: a visit falls within the delegation's stay and within the
hours the venue is open to delegations on one day, and not over another visit of the programme (services
refuse it); a published meeting of a member at the same time is shown beside the visit (the liaison
decides which gives way). And where a visit takes place: the place typed, or the exhibitor, with its stand.

Times are the event's: a visit's day and hours are read on its clock."""

import datetime
import zoneinfo

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from pavilion.events.models import Stand
from pavilion.registrations.models import Delegation, DelegationVisit, Registration, RegistrationCategory

MOMENT = "%Y-%m-%d %H:%M"


def stands_prefetch(prefix: str = "") -> Prefetch:
    """An exhibitor's stands, with their halls, in the order labels name them."""
    return Prefetch(f"{prefix}stands", queryset=Stand.objects.select_related("hall").order_by("hall__code", "code"))


def stand_codes(exhibitor) -> str:
    """"1/A12, 1/A14": the hall and stand codes as the exhibitors' directory writes them (its stands
    prefetched with stands_prefetch)."""
    return ", ".join(f"{stand.hall.code}/{stand.code}" for stand in exhibitor.stands.all())


def exhibitor_label(exhibitor) -> str:
    """An exhibitor in the visit form's list: a company at both shows is there twice, told apart by the
    show and the stand."""
    stands = stand_codes(exhibitor)
    if stands:
        return _("%(company)s (%(show)s, stand %(stands)s)") % {
            "company": exhibitor.company.name, "show": exhibitor.show.name, "stands": stands}
    return f"{exhibitor.company.name} ({exhibitor.show.name})"


def visit_place(visit: DelegationVisit) -> str:
    """Where the escort officer takes the delegation: the place typed, else the exhibitor's name, and the
    exhibitor's stand ("" when neither is known)."""
    place = visit.place or (visit.exhibitor.company.name if visit.exhibitor else "")
    stands = stand_codes(visit.exhibitor) if visit.exhibitor else ""
    if stands:
        return _("%(place)s, stand %(stands)s") % {"place": place, "stands": stands}
    return place


def programme(delegation: Delegation):
    """The delegation's visits in time order, with what their place names."""
    return (delegation.programme.select_related("exhibitor__company")
            .prefetch_related(stands_prefetch("exhibitor__")).order_by("starts_at", "pk"))


def _merged(windows) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """Windows that touch or overlap as one: a delegation that walks from the halls into its lounge is
    in the venue all along."""
    merged: list[list[datetime.datetime]] = []
    for opens, closes in sorted(windows):
        if merged and opens <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], closes)
        else:
            merged.append([opens, closes])
    return [(opens, closes) for opens, closes in merged]


def opening_windows(event) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """When delegation members may be in the venue: the windows of their category's zone grants (the
    organiser sets them, accreditation), or, before the zones are set up, the ones accreditation would
    give them (9:00 to 18:00 on the show's days)."""
    from pavilion.accreditation.defaults import windows
    from pavilion.accreditation.models import Grant

    category = (RegistrationCategory.objects.filter(event=event, code=RegistrationCategory.Code.DELEGATION_MEMBER)
                .first() or RegistrationCategory(event=event, code=RegistrationCategory.Code.DELEGATION_MEMBER))
    granted = list(Grant.objects.filter(category=category).values_list("opens_at", "closes_at")) if category.pk else []
    return _merged(granted or windows(event, category))


def _hours(windows, zone) -> str:
    return ", ".join(f"{opens.astimezone(zone):%H:%M}–{closes.astimezone(zone):%H:%M}" for opens, closes in windows)


def _span(starts_at, ends_at, zone) -> str:
    """"2024-09-24 11:00–11:45"; the end's day too when it is another."""
    start, end = starts_at.astimezone(zone), ends_at.astimezone(zone)
    return f"{start:{MOMENT}}–{end:%H:%M}" if start.date() == end.date() else f"{start:{MOMENT}}–{end:{MOMENT}}"


def stay_problem(delegation: Delegation, starts_at, ends_at, zone) -> str:
    if (delegation.arrival and starts_at < delegation.arrival) or (delegation.departure and ends_at > delegation.departure):
        return _("A visit takes place during the delegation's stay, from %(arrival)s to %(departure)s.") % {
            "arrival": f"{delegation.arrival.astimezone(zone):{MOMENT}}" if delegation.arrival else "—",
            "departure": f"{delegation.departure.astimezone(zone):{MOMENT}}" if delegation.departure else "—"}
    return ""


def _hours_problem(event, starts_at, ends_at, zone) -> str:
    day = starts_at.astimezone(zone).date()
    that_day = [(opens, closes) for opens, closes in opening_windows(event)
                if opens.astimezone(zone).date() <= day <= closes.astimezone(zone).date()]
    if any(opens <= starts_at and ends_at <= closes for opens, closes in that_day):
        return ""
    if not that_day:
        return _("A visit takes place during the event, from %(first)s to %(last)s.") % {
            "first": f"{event.start_date:%Y-%m-%d}", "last": f"{event.end_date:%Y-%m-%d}"}
    return _("On %(day)s the venue is open to delegations %(hours)s: a visit takes place within those hours.") % {
        "day": f"{day:%Y-%m-%d}", "hours": _hours(that_day, zone)}


def check_visit(delegation: Delegation, starts_at, ends_at, *, exclude=None) -> None:
    """Refuse a visit that ends before it starts, runs into another day, falls outside the delegation's
    stay or the venue's hours for delegations, or overlaps another visit of the programme (called by the
    service under the delegation's lock, so that two visits added at once do not both take the hour)."""
    event = delegation.event
    zone = zoneinfo.ZoneInfo(event.time_zone)
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The end must be after the start.")})
    if starts_at.astimezone(zone).date() != ends_at.astimezone(zone).date():
        raise ValidationError({"ends_at": _("A visit starts and ends on the same day.")})
    errors = [problem for problem in (stay_problem(delegation, starts_at, ends_at, zone),
                                      _hours_problem(event, starts_at, ends_at, zone)) if problem]
    other = (DelegationVisit.objects.filter(delegation=delegation, starts_at__lt=ends_at, ends_at__gt=starts_at)
             .exclude(pk=exclude).order_by("starts_at", "pk").first())
    if other is not None:
        errors.append(_("This visit overlaps %(title)s (%(start)s–%(end)s).") % {
            "title": other.title, "start": f"{other.starts_at.astimezone(zone):{MOMENT}}",
            "end": f"{other.ends_at.astimezone(zone):%H:%M}"})
    if errors:
        raise ValidationError(errors)


def meeting_warnings(delegation: Delegation, visits) -> dict[int, list[str]]:
    """For each visit (by id), the published meetings of the delegation's active members it overlaps:
    "Overlaps a meeting of Orhan Karaca (2024-09-24 11:00–11:30)." One query for the whole programme."""
    from pavilion.meetings.models import Meeting, MeetingParticipant

    visits = list(visits)
    if not visits:
        return {}
    zone = zoneinfo.ZoneInfo(delegation.event.time_zone)
    rows = list(
        MeetingParticipant.objects.filter(
            meeting__event=delegation.event_id, meeting__status=Meeting.Status.SCHEDULED,
            registration__delegation=delegation, meeting__starts_at__lt=max(visit.ends_at for visit in visits),
            meeting__ends_at__gt=min(visit.starts_at for visit in visits))
        .exclude(registration__status__in=[Registration.Status.REJECTED, Registration.Status.CANCELLED])
        .select_related("meeting", "registration__person")
        .order_by("meeting__starts_at", "registration__protocol_order", "pk"))
    warnings: dict[int, list[str]] = {}
    for visit in visits:
        for row in rows:
            meeting = row.meeting
            if meeting.starts_at < visit.ends_at and meeting.ends_at > visit.starts_at:
                warnings.setdefault(visit.pk, []).append(
                    _("Overlaps a meeting of %(name)s (%(start)s–%(end)s).") % {
                        "name": row.registration.person.full_name,
                        "start": f"{meeting.starts_at.astimezone(zone):{MOMENT}}",
                        "end": f"{meeting.ends_at.astimezone(zone):%H:%M}"})
    return warnings
