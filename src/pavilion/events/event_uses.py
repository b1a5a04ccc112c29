"""What holds an event to its days, its clock and its venue's halls, and what belongs to an event, a
show, a hall or a national pavilion: the counts behind the refusals of events.services.event_update
and of the deletions. Reads only; each use is a pair of a count and the function that words it
(core.services.refuse_while_used).

The other apps' models are imported inside the functions: their models refer to events."""

import datetime
import zoneinfo

from django.db.models import Q
from django.utils.translation import ngettext

from pavilion.events.models import Event, Hall, NationalPavilion, Show


def _open_days(event: Event) -> tuple[datetime.datetime, datetime.datetime]:
    """From the first day's midnight to the midnight after the last day, on the event's clock."""
    zone = zoneinfo.ZoneInfo(event.time_zone)
    return (datetime.datetime.combine(event.start_date, datetime.time(), tzinfo=zone),
            datetime.datetime.combine(event.end_date + datetime.timedelta(days=1), datetime.time(), tzinfo=zone))


def _outside(first, last, starts: str = "starts_at", ends: str = "ends_at") -> Q:
    return Q(**{f"{starts}__lt": first}) | Q(**{f"{ends}__gt": last})


def outside_new_days(event: Event, planned: Event) -> list:
    """What is placed on `event`'s days and would fall outside `planned`'s (the same event with new dates,
    build-up and tear-down days): sessions, meeting slots and participants' availability, delegations'
    visits on the open days; zones' windows and issued badges within the build-up and tear-down days;
    registration categories closing after the new last day.

    A badge is counted, not moved: its validity is signed into the QR code on the card and the gate
    scanners check it offline, so no change here reaches a printed card. Changing the dates while a
    valid badge opens the gates outside them would leave cards in people's hands that open on days that
    are no longer the event's (or stay shut on its new ones); the safer answer is to refuse until the
    accreditation desk has revoked or reprinted those badges with windows inside the new days."""
    from pavilion.accreditation.models import Badge
    from pavilion.accreditation.selectors import timed_windows
    from pavilion.accreditation.services import event_access_span
    from pavilion.meetings.models import Availability, MeetingSlot
    from pavilion.programme.models import Session
    from pavilion.registrations.models import DelegationVisit, RegistrationCategory

    first_day, after_last_day = _open_days(planned)
    first_access, last_access = event_access_span(planned)
    category_windows, person_windows = timed_windows(event)
    return [
        (Session.objects.filter(event=event).filter(_outside(first_day, after_last_day)).count(),
         lambda count: ngettext(
             "%(count)d programme session takes place outside the new days: move it on the programme first.",
             "%(count)d programme sessions take place outside the new days: move them on the programme first.",
             count)),
        (MeetingSlot.objects.filter(event=event).filter(_outside(first_day, after_last_day)).count(),
         lambda count: ngettext(
             "%(count)d meeting slot lies outside the new days: delete it on the meeting slots' page first.",
             "%(count)d meeting slots lie outside the new days: delete them on the meeting slots' page first.",
             count)),
        (Availability.objects.filter(profile__registration__event=event)
         .exclude(day__range=(planned.start_date, planned.end_date)).count(),
         lambda count: ngettext(
             "%(count)d period of meeting availability is on a day outside the new days.",
             "%(count)d periods of meeting availability are on days outside the new days.", count)),
        (DelegationVisit.objects.filter(delegation__event=event).filter(_outside(first_day, after_last_day)).count(),
         lambda count: ngettext(
             "%(count)d visit of a delegation's programme is outside the new days.",
             "%(count)d visits of delegations' programmes are outside the new days.", count)),
        (category_windows.filter(_outside(first_access, last_access, "opens_at", "closes_at"))
         .count() + person_windows.filter(_outside(first_access, last_access, "opens_at", "closes_at")).count(),
         lambda count: ngettext(
             "%(count)d zone access window lies outside the new days with their build-up and tear-down days: "
             "change it on the zones' page first.",
             "%(count)d zone access windows lie outside the new days with their build-up and tear-down days: "
             "change them on the zones' page first.", count)),
        (RegistrationCategory.objects.filter(event=event, closes_at__gt=after_last_day).count(),
         lambda count: ngettext(
             "%(count)d registration category closes after the new last day: change its closing time first.",
             "%(count)d registration categories close after the new last day: change their closing times first.",
             count)),
        (Badge.objects.filter(event=event, status=Badge.Status.VALID)
         .filter(_outside(first_access, last_access, "not_before", "not_after")).count(),
         lambda count: ngettext(
             "%(count)d issued badge is valid outside the new days: its validity is signed into the printed "
             "card, so revoke or reprint it with windows inside the new days first.",
             "%(count)d issued badges are valid outside the new days: their validity is signed into the "
             "printed cards, so revoke or reprint them with windows inside the new days first.", count)),
    ]


def bound_to_clock(event: Event) -> list:
    """What was entered on the event's clock and would move in real time with another time zone."""
    from pavilion.accreditation.models import Badge
    from pavilion.accreditation.selectors import timed_windows
    from pavilion.meetings.models import MeetingSlot
    from pavilion.programme.models import Session
    from pavilion.registrations.models import RegistrationCategory

    return [
        (Session.objects.filter(event=event).count(), lambda count: ngettext(
            "%(count)d programme session is timed on the event's clock.",
            "%(count)d programme sessions are timed on the event's clock.", count)),
        (MeetingSlot.objects.filter(event=event).count(), lambda count: ngettext(
            "%(count)d meeting slot is timed on the event's clock.",
            "%(count)d meeting slots are timed on the event's clock.", count)),
        (sum(windows.count() for windows in timed_windows(event)), lambda count: ngettext(
            "%(count)d zone access window is timed on the event's clock.",
            "%(count)d zone access windows are timed on the event's clock.", count)),
        (Badge.objects.filter(event=event).count(), lambda count: ngettext(
            "%(count)d badge is issued with validity on the event's clock.",
            "%(count)d badges are issued with validity on the event's clock.", count)),
        (RegistrationCategory.objects.filter(event=event, closes_at__isnull=False).count()
         + (event.registration_opens_at is not None) + (event.registration_closes_at is not None),
         lambda count: ngettext(
             "%(count)d registration opening or closing time is set on the event's clock.",
             "%(count)d registration opening or closing times are set on the event's clock.", count)),
    ]


def bound_to_venue(event: Event) -> list:
    """What is placed in the venue's halls (or in time there: a badge opens its gates)."""
    from pavilion.accreditation.models import Badge, Zone
    from pavilion.meetings.models import MeetingLocation
    from pavilion.programme.models import Room, Session

    return [
        (event.stands.count(), lambda count: ngettext(
            "%(count)d stand is drawn in the venue's halls.", "%(count)d stands are drawn in the venue's halls.",
            count)),
        (Zone.objects.filter(event=event, hall__isnull=False).count(), lambda count: ngettext(
            "%(count)d accreditation zone is one of the venue's halls.",
            "%(count)d accreditation zones are the venue's halls.", count)),
        (Room.objects.filter(event=event, hall__isnull=False).count(), lambda count: ngettext(
            "%(count)d programme room is in one of the venue's halls.",
            "%(count)d programme rooms are in the venue's halls.", count)),
        (Session.objects.filter(event=event).count(), lambda count: ngettext(
            "%(count)d programme session is planned at the venue.",
            "%(count)d programme sessions are planned at the venue.", count)),
        (MeetingLocation.objects.filter(event=event).filter(Q(hall__isnull=False) | Q(stand__isnull=False)).count(),
         lambda count: ngettext(
             "%(count)d meeting location is in the venue's halls.",
             "%(count)d meeting locations are in the venue's halls.", count)),
        (Badge.objects.filter(event=event).count(), lambda count: ngettext(
            "%(count)d badge is issued for the venue's gates.", "%(count)d badges are issued for the venue's gates.",
            count)),
    ]


def belonging_to(event: Event) -> list:
    """Everything an organiser or a person put into the event, each counted: an event is deleted only
    while none of it exists (one created by mistake). Settings the event carries by itself (its badge
    keys, meeting settings, the reports' rollups) go with it."""
    from pavilion.accreditation.models import Badge, Device, Gate, Zone
    from pavilion.deals.models import Deal
    from pavilion.exhibitors.models import Exhibitor
    from pavilion.meetings.models import (
        MeetingLocation,
        MeetingRequest,
        MeetingSlot,
        RequestRule,
        ScheduleRun,
    )
    from pavilion.programme.models import Room, Session, Speaker, Track
    from pavilion.registrations.models import CountryPolicy, Delegation, Registration, RegistrationCategory
    from pavilion.reports.models import ExportJob
    from pavilion.vetting.models import ScreeningRun

    def count(model, **lookup) -> int:
        return model.objects.filter(**(lookup or {"event": event})).count()

    return [
        (count(Show), lambda n: ngettext(
            "%(count)d show belongs to %(event)s.", "%(count)d shows belong to %(event)s.", n)),
        (count(Exhibitor, show__event=event), lambda n: ngettext(
            "%(count)d exhibitor is admitted to its shows.", "%(count)d exhibitors are admitted to its shows.", n)),
        (event.stands.count(), lambda n: ngettext(
            "%(count)d stand is drawn on its hall plans.", "%(count)d stands are drawn on its hall plans.", n)),
        (count(RegistrationCategory), lambda n: ngettext(
            "%(count)d registration category is set up.", "%(count)d registration categories are set up.", n)),
        (count(Registration), lambda n: ngettext(
            "%(count)d person is registered.", "%(count)d people are registered.", n)),
        (count(Delegation), lambda n: ngettext(
            "%(count)d official delegation is registered.", "%(count)d official delegations are registered.", n)),
        (count(CountryPolicy), lambda n: ngettext(
            "%(count)d country policy is set.", "%(count)d country policies are set.", n)),
        (count(Zone), lambda n: ngettext(
            "%(count)d accreditation zone is set up.", "%(count)d accreditation zones are set up.", n)),
        (count(Gate), lambda n: ngettext("%(count)d gate is set up.", "%(count)d gates are set up.", n)),
        (count(Device), lambda n: ngettext(
            "%(count)d scanner is enrolled.", "%(count)d scanners are enrolled.", n)),
        (count(Badge), lambda n: ngettext("%(count)d badge is issued.", "%(count)d badges are issued.", n)),
        (count(Room), lambda n: ngettext(
            "%(count)d programme room is set up.", "%(count)d programme rooms are set up.", n)),
        (count(Track), lambda n: ngettext(
            "%(count)d programme track is set up.", "%(count)d programme tracks are set up.", n)),
        (count(Speaker), lambda n: ngettext(
            "%(count)d speaker is listed.", "%(count)d speakers are listed.", n)),
        (count(Session), lambda n: ngettext(
            "%(count)d programme session is planned.", "%(count)d programme sessions are planned.", n)),
        (count(MeetingSlot), lambda n: ngettext(
            "%(count)d meeting slot is set up.", "%(count)d meeting slots are set up.", n)),
        (count(MeetingLocation), lambda n: ngettext(
            "%(count)d meeting location is set up.", "%(count)d meeting locations are set up.", n)),
        (count(MeetingRequest), lambda n: ngettext(
            "%(count)d meeting request is recorded.", "%(count)d meeting requests are recorded.", n)),
        (count(Deal), lambda n: ngettext("%(count)d deal is recorded.", "%(count)d deals are recorded.", n)),
        (count(RequestRule), lambda n: ngettext(
            "%(count)d meeting request rule is set.", "%(count)d meeting request rules are set.", n)),
        (count(ScheduleRun), lambda n: ngettext(
            "%(count)d meeting schedule run is recorded.", "%(count)d meeting schedule runs are recorded.", n)),
        (count(ScreeningRun), lambda n: ngettext(
            "%(count)d screening run is recorded.", "%(count)d screening runs are recorded.", n)),
        (count(ExportJob), lambda n: ngettext(
            "%(count)d export is kept.", "%(count)d exports are kept.", n)),
    ]


def show_uses(show: Show) -> list:
    """What belongs to a show (events.services.show_delete)."""
    return [
        (show.exhibitors.count(), lambda count: ngettext(
            "%(count)d exhibitor is admitted to %(show)s.", "%(count)d exhibitors are admitted to %(show)s.",
            count)),
        (show.stands.count(), lambda count: ngettext(
            "%(count)d stand is drawn for %(show)s.", "%(count)d stands are drawn for %(show)s.", count)),
        (show.pavilions.count(), lambda count: ngettext(
            "%(count)d national pavilion is set up at %(show)s.",
            "%(count)d national pavilions are set up at %(show)s.", count)),
        (show.deals.count(), lambda count: ngettext(
            "%(count)d deal is recorded at %(show)s.", "%(count)d deals are recorded at %(show)s.", count)),
    ]


def hall_uses(hall: Hall) -> list:
    """What is placed in a hall, for any event at the venue (events.services.hall_delete)."""
    from pavilion.accreditation.models import Zone
    from pavilion.meetings.models import MeetingLocation
    from pavilion.programme.models import Room

    return [
        (hall.stands.count(), lambda count: ngettext(
            "%(hall)s holds %(count)d stand (of the events at the venue): delete it on the hall's plan first.",
            "%(hall)s holds %(count)d stands (of the events at the venue): delete them on the hall's plan first.",
            count)),
        (Zone.objects.filter(hall=hall).count(), lambda count: ngettext(
            "%(count)d accreditation zone is %(hall)s: it would lose its hall.",
            "%(count)d accreditation zones are %(hall)s: they would lose their hall.", count)),
        (Room.objects.filter(hall=hall).count(), lambda count: ngettext(
            "%(count)d programme room is in %(hall)s: move it to another hall first.",
            "%(count)d programme rooms are in %(hall)s: move them to another hall first.", count)),
        (MeetingLocation.objects.filter(hall=hall).count(), lambda count: ngettext(
            "%(count)d meeting location is in %(hall)s.", "%(count)d meeting locations are in %(hall)s.", count)),
    ]


def pavilion_uses(pavilion: NationalPavilion) -> list:
    """What belongs to a national pavilion (events.services.pavilion_delete)."""
    return [
        (pavilion.exhibitors.count(), lambda count: ngettext(
            "%(name)s groups %(count)d exhibitor: take it out of the pavilion on its page first.",
            "%(name)s groups %(count)d exhibitors: take them out of the pavilion on their pages first.", count)),
        (pavilion.stands.count(), lambda count: ngettext(
            "%(count)d stand of the hall plans belongs to %(name)s: give it to no pavilion first.",
            "%(count)d stands of the hall plans belong to %(name)s: give them to no pavilion first.", count)),
    ]
