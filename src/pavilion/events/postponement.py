"""Postponing an event: the whole event moved by a whole number of days, in one transaction under the
event's lock, audited. What is planned at the show moves with it; what already happened (scans, signed
deals, the audit log, runs and exports) stays where it happened.

A moment moves by calendar days on the event's clock, not by multiples of 24 hours: a session at 10:00
in Berlin stays at 10:00 when the move crosses a change of summer time.

Issued badges carry their validity signed into the printed QR code, which the gates check offline. Left
alone they would open the gates on the old days and stay shut on the new ones, so the postponement is
refused while valid badges exist unless the organiser asks for them to be re-signed. Then every valid
badge's generation goes up within the move (accreditation.reprint_tasks.badges_supersede, one statement
whatever the number of badges), so that the old cards are refused as superseded online from the commit on
and by offline scanners from their next sync; signing the new generation with the moved windows is the
work of a task queued after the commit (events.tasks.resign_badges, in batches; 100,000 badges do not fit
in a request), and so are the e-mails that tell the participants their new days and their moved meetings
(events.tasks.send_postponement_mails, postponement_mail.py).

A delegation already arrived and not yet gone is neither moved nor left behind: the postponement is
refused until the organiser gives it the stay it will really have (its page), since its arrival happened
and its programme is on the old days. A visit already made stays where it was, like every other past thing.

The other apps' models and services are imported inside the functions: their models refer to events.
Their services do the writes where they exist; where none does, the row is written here (said so)."""

import datetime
import zoneinfo
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pavilion.core import clock, parameters, roles
from pavilion.core.services import audit_record
from pavilion.events.models import Event

MAX_DAYS = 730  # two years: a postponement of a yearly show, not a mistyped year


def shifted(moment: datetime.datetime, days: int, zone: zoneinfo.ZoneInfo) -> datetime.datetime:
    """`moment` moved by `days` calendar days on the clock of `zone`: the same local time of day."""
    local = moment.astimezone(zone)
    moved = local.replace(tzinfo=None) + datetime.timedelta(days=days)
    return moved.replace(tzinfo=zone, fold=local.fold).astimezone(datetime.UTC)


def parse_days(value) -> int:
    """A whole number of days, not zero, at most MAX_DAYS either way; else ValidationError on `days`."""
    text = str(value if value is not None else "").strip().replace("\u2212", "-")
    try:
        days = int(text)
    except ValueError:
        raise ValidationError({"days": _("Give a whole number of days, e.g. 7 to postpone by a week or -7 to "
                                         "bring the event forward by a week.")}) from None
    if days == 0:
        raise ValidationError({"days": _("Give a number of days other than 0: the event would stay where it is.")})
    if abs(days) > MAX_DAYS:
        raise ValidationError({"days": _("An event moves by at most %(max)d days either way.") % {"max": MAX_DAYS}})
    return days


@dataclass
class Plan:
    """What a postponement of `event` by `days` would move (label, count) and leave where it is."""

    event: Event
    days: int
    start_date: datetime.date
    end_date: datetime.date
    moves: list[tuple[str, str, int]] = field(default_factory=list)  # (name, label, count)
    stays: list[tuple[str, int]] = field(default_factory=list)
    badges: int = 0  # valid badges: re-signed and printed again, or the move is refused
    badges_not_cleared: int = 0  # of those, the ones a reprint would refuse (not approved and cleared)

    @property
    def total(self) -> int:
        return sum(count for _name, _label, count in self.moves)


def _zone(event: Event) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(event.time_zone)


def _items(event: Event, now: datetime.datetime) -> dict:
    """The querysets of everything that moves, keyed by name, in the order the move writes them."""
    from pavilion.accreditation.models import Badge
    from pavilion.accreditation.selectors import timed_windows
    from pavilion.deals.models import Deal
    from pavilion.events.models import Announcement
    from pavilion.meetings.models import Availability, Meeting, MeetingSlot
    from pavilion.programme.models import Session
    from pavilion.registrations.models import Delegation, DelegationVisit, RegistrationCategory

    grants, person_windows = timed_windows(event)
    return {
        "categories": RegistrationCategory.objects.filter(event=event, closes_at__gt=now),
        "grants": grants.select_related("zone", "category"),
        "person_windows": person_windows,
        "sessions": Session.objects.filter(event=event).select_related("room", "track"),
        "slots": MeetingSlot.objects.filter(event=event),
        "meetings": Meeting.objects.filter(event=event),
        "availability": Availability.objects.filter(profile__registration__event=event),
        "visits": DelegationVisit.objects.filter(delegation__event=event, starts_at__gt=now),
        "stays": Delegation.objects.filter(event=event).filter(_ahead("arrival", now) | _ahead("departure", now)),
        "signings": Deal.objects.filter(event=event, signed_at__gt=now),
        "announcements": Deal.objects.filter(event=event, announcement=Deal.Announcement.PLANNED,
                                             announced_at__gt=now),
        "notices": Announcement.objects.filter(event=event, withdrawn_at__isnull=True).filter(
            _ahead("publish_at", now) | _ahead("expires_at", now)),
        "badges": Badge.objects.filter(event=event, status=Badge.Status.VALID),
    }


def _ahead(name: str, now):
    from django.db.models import Q

    return Q(**{f"{name}__gt": now})


def _labels() -> dict:
    return {
        "categories": lambda n: ngettext("registration category's closing time",
                                         "registration categories' closing times", n),
        "grants": lambda n: ngettext("zone access window of a category", "zone access windows of categories", n),
        "person_windows": lambda n: ngettext("zone access window of one person", "zone access windows of people", n),
        "sessions": lambda n: ngettext("programme session", "programme sessions", n),
        "slots": lambda n: ngettext("meeting slot (and the breaks between slots)",
                                    "meeting slots (and the breaks between them)", n),
        "meetings": lambda n: ngettext("meeting in those slots", "meetings in those slots", n),
        "availability": lambda n: ngettext("period of a participant's meeting availability",
                                           "periods of participants' meeting availability", n),
        "visits": lambda n: ngettext("visit of a delegation's programme", "visits of delegations' programmes", n),
        "stays": lambda n: ngettext("delegation's arrival and departure", "delegations' arrivals and departures", n),
        "signings": lambda n: ngettext("deal signing planned at the show", "deal signings planned at the show", n),
        "announcements": lambda n: ngettext("planned announcement of a deal", "planned announcements of deals", n),
        "notices": lambda n: ngettext("organiser's announcement still to publish or to expire",
                                      "organiser's announcements still to publish or to expire", n),
        "badges": lambda n: ngettext("valid badge, re-signed with the new windows (its card is printed again)",
                                     "valid badges, re-signed with the new windows (their cards are printed again)", n),
    }


def _stays(event: Event, now) -> list[tuple[str, int]]:
    """What already happened, counted on the preview so that the organiser sees it is left alone."""
    from pavilion.accreditation.models import Scan
    from pavilion.deals.models import Deal
    from pavilion.registrations.models import DelegationVisit

    return [
        (ngettext("delegation's visit already made", "delegations' visits already made", n), n)
        for n in [DelegationVisit.objects.filter(delegation__event=event, starts_at__lte=now).count()] if n
    ] + [
        (ngettext("gate scan recorded", "gate scans recorded", n), n)
        for n in [Scan.objects.filter(event=event).count()] if n
    ] + [
        (ngettext("deal already signed", "deals already signed", n), n)
        for n in [Deal.objects.filter(event=event, signed_at__lte=now).count()] if n
    ]


def postponement_plan(event: Event, days: int) -> Plan:
    """Reads only: the preview's counts of what would move, and what stays."""
    from pavilion.accreditation import issuing

    now = clock.now()
    delta = datetime.timedelta(days=days)
    plan = Plan(event=event, days=days, start_date=event.start_date + delta, end_date=event.end_date + delta)
    for name, label in (("registration_opens_at", _("the public registration's opening time")),
                        ("registration_closes_at", _("the public registration's closing time"))):
        when = getattr(event, name)
        if when is not None and when > now:
            plan.moves.append((name, label, 1))
    labels = _labels()
    for name, queryset in _items(event, now).items():
        count = queryset.count()
        if name == "badges":
            plan.badges = count
            plan.badges_not_cleared = issuing.not_cleared(queryset).count() if count else 0
        if count:
            plan.moves.append((name, labels[name](count), count))
    plan.stays = _stays(event, now)
    return plan


def postponement_refusals(event: Event, plan: Plan, reprint_badges: bool) -> None:
    """Every reason the move cannot be made, on the form's fields; nothing is written before this."""
    from pavilion.accreditation.services import event_access_span

    now = clock.now()
    zone = _zone(event)
    first_access, _last = event_access_span(event)
    first_day = datetime.datetime.combine(event.start_date, datetime.time(), tzinfo=zone)
    if now >= first_day:
        raise ValidationError({"days": _(
            "%(event)s has already begun (its first day was %(day)s): an event under way is not postponed. "
            "Change what is still to come item by item.") % {
                "event": event.name, "day": formats.date_format(event.start_date, "j E Y")}})
    if now >= first_access:
        raise ValidationError({"days": _(
            "The build-up of %(event)s has begun (from %(day)s): badges are already in use at the venue, so the "
            "event is not postponed now.") % {
                "event": event.name, "day": formats.date_format(first_access.astimezone(zone).date(), "j E Y")}})
    for day in (plan.start_date, plan.end_date):
        if not parameters.day_in_range(day):
            raise ValidationError({"days": parameters.day_out_of_range_message(day)})
    moved = Event(time_zone=event.time_zone, start_date=plan.start_date, end_date=plan.end_date,
                  build_up_days=event.build_up_days, tear_down_days=event.tear_down_days)
    new_first_access, _new_last = event_access_span(moved)
    if new_first_access <= now:
        raise ValidationError({"days": _(
            "The new days would have begun already: with its %(count)d build-up days the venue would open on "
            "%(day)s. Bring the event forward by fewer days.") % {
                "count": event.build_up_days,
                "day": formats.date_format(new_first_access.astimezone(zone).date(), "j E Y")}})
    _refuse_delegations_in_town(event, now, zone)
    if plan.badges and not reprint_badges:
        raise ValidationError({"reprint_badges": ngettext(
            "%(count)d badge is issued and valid: its validity is signed into the printed card, which would "
            "still open the gates on the old days. Tick the box to have it re-signed with the new windows (the "
            "old card is then refused at the gates), or revoke it first.",
            "%(count)d badges are issued and valid: their validity is signed into the printed cards, which would "
            "still open the gates on the old days. Tick the box to have them re-signed with the new windows (the "
            "old cards are then refused at the gates), or revoke them first.", plan.badges) % {"count": plan.badges}})
    if plan.badges_not_cleared:
        raise ValidationError({"reprint_badges": ngettext(
            "%(count)d valid badge cannot be re-signed: its registration is not approved, has an open screening "
            "alert or its holder is blocked. Settle or revoke it on the badges' page first.",
            "%(count)d valid badges cannot be re-signed: their registrations are not approved, have open "
            "screening alerts or their holders are blocked. Settle or revoke them on the badges' page first.",
            plan.badges_not_cleared) % {"count": plan.badges_not_cleared}})


def _refuse_delegations_in_town(event: Event, now, zone) -> None:
    """A delegation that has arrived and not yet left (it may arrive days before the build-up): its
    arrival cannot move, and keeping it while the programme moves would stretch its stay by the whole
    postponement, which nobody decided. The organiser settles its stay first."""
    from django.db.models import Q

    from pavilion.registrations.models import Delegation

    arrived = list(Delegation.objects.filter(event=event, arrival__lte=now)
                   .filter(Q(departure__isnull=True) | Q(departure__gt=now)).order_by("arrival", "pk")[:4])
    if arrived:
        first = arrived[0]
        raise ValidationError({"days": ngettext(
            "The delegation %(delegation)s has already arrived (%(day)s): its arrival cannot move with the event. "
            "Give it the arrival and departure it will really have, on its page, then postpone the event.",
            "%(count)d delegations have already arrived, the first %(delegation)s (%(day)s): their arrivals cannot "
            "move with the event. Give them the arrivals and departures they will really have, on their pages, then "
            "postpone the event.", len(arrived)) % {
                "delegation": str(first), "count": len(arrived),
                "day": formats.date_format(first.arrival.astimezone(zone).date(), "j E Y")}})


def _in_move_order(queryset, days: int, field_name: str):
    """Latest first when moving later, earliest first when moving earlier: a row never lands on one
    not yet moved (a slot's unique start, a room's or a category's window that may not overlap)."""
    return queryset.order_by(f"-{field_name}" if days > 0 else field_name, "pk")


@dataclass
class Postponement:
    plan: Plan
    resigned: int = 0  # the valid badges superseded, to re-sign (a task) and print again
    entry: object = None  # the `event.postpone` audit entry


def event_postpone(*, actor, event: Event, days, reprint_badges: bool = False) -> Postponement:
    """Move the whole event by `days` (a whole number, either way): its dates, the registration's times
    still ahead, and everything planned at the show; refused, changing nothing, once the event's build-up
    has begun, for new days out of the calendar or already begun, and while valid badges would keep their
    old windows (`reprint_badges` re-signs them)."""
    roles.require_organiser_admin(actor, _("Only the organiser's administrators may change events."))
    days = parse_days(days)
    with transaction.atomic():
        locked = Event.objects.select_for_update().select_related("venue", "organiser").get(pk=event.pk)
        plan = postponement_plan(locked, days)
        postponement_refusals(locked, plan, reprint_badges)
        now = clock.now()
        items = _items(locked, now)  # read before the event's days change
        resigned, entry = _move(actor, locked, plan, items, now)
        transaction.on_commit(lambda: _queue_follow_up(entry.pk, resigned))
    event.refresh_from_db()
    return Postponement(plan=plan, resigned=resigned, entry=entry)


def _queue_follow_up(entry_id: int, resigned: int) -> None:
    """After the commit (never for a move rolled back): the badges' signing, then the e-mails."""
    from pavilion.events import tasks

    if resigned:
        tasks.resign_badges.enqueue(entry_id)
    tasks.send_postponement_mails.enqueue(entry_id)


def _move_event(event: Event, plan: Plan, now) -> None:
    """The event's own row: its dates, and the registration's opening and closing while still ahead."""
    from pavilion.events.services.event import _check_registration_window

    zone = _zone(event)
    event.start_date, event.end_date = plan.start_date, plan.end_date
    for name in ("registration_opens_at", "registration_closes_at"):
        when = getattr(event, name)
        if when is not None and when > now:
            setattr(event, name, shifted(when, plan.days, zone))
    _check_registration_window(event, {})
    event.save(update_fields=["start_date", "end_date", "registration_opens_at", "registration_closes_at"])


def _move(actor, event: Event, plan: Plan, items: dict, now) -> tuple[int, object]:
    from pavilion.accreditation import reprint_tasks
    from pavilion.accreditation.services import grant_update
    from pavilion.deals.services import deal_announce, deal_update
    from pavilion.events.announcements import announcement_update
    from pavilion.events.services.event import _event_snapshot
    from pavilion.programme.services import session_update
    from pavilion.registrations.services import category_update, delegation_update

    days, zone = plan.days, _zone(event)
    sessions = list(_in_move_order(items["sessions"], days, "starts_at"))
    grants = list(_in_move_order(items["grants"], days, "opens_at"))
    before = _event_snapshot(event)
    _move_event(event, plan, now)
    for category in items["categories"]:
        category.event = event
        category_update(actor=actor, category=category, closes_at=shifted(category.closes_at, days, zone))
    for grant in grants:
        grant.zone.event = event
        grant_update(actor=actor, grant=grant, zone=grant.zone, opens_at=shifted(grant.opens_at, days, zone),
                     closes_at=shifted(grant.closes_at, days, zone))
    _move_rows(_in_move_order(items["person_windows"], days, "opens_at"), ("opens_at", "closes_at"), days, zone)
    for session in sessions:
        session.event = event
        # The postponement's own e-mail tells everyone the new days: no mail per bookmarked session besides.
        session_update(actor=actor, session=session, starts_at=shifted(session.starts_at, days, zone),
                       ends_at=shifted(session.ends_at, days, zone), notify=False)
    _move_meetings(items, days, zone)
    _move_delegations(actor, event, items, days, zone, now, delegation_update)
    for deal in items["signings"]:
        deal.event = event
        deal_update(actor=actor, deal=deal, signed_at=shifted(deal.signed_at, days, zone))
    for deal in items["announcements"]:
        deal_announce(actor=actor, deal=deal, at=shifted(deal.announced_at, days, zone))
    for notice in items["notices"]:  # the service queues a scheduled e-mail again for its new time
        announcement_update(actor=actor, announcement=notice, **{
            name: shifted(getattr(notice, name), days, zone) for name in ("publish_at", "expires_at")
            if getattr(notice, name) is not None and getattr(notice, name) > now})
    resigned = reprint_tasks.badges_supersede(actor=actor, event=event) if plan.badges else 0
    # One entry for the whole move (each service above kept its own): the counts, which the page shows
    # after the move, and by which the tasks queued after the commit find the postponement.
    entry = audit_record(actor=actor, action="event.postpone", obj=event, before=before,
                         after={**_event_snapshot(event), "days": plan.days,
                                "moved": {name: count for name, _label, count in plan.moves},
                                "resigned": resigned})
    return resigned, entry


def _move_rows(queryset, names: tuple[str, ...], days: int, zone) -> int:
    """Rows no service of their app moves, moved here one by one in the order `queryset` gives; the
    event's `event.postpone` audit entry counts them."""
    moved = 0
    for row in queryset:
        for name in names:
            value = getattr(row, name)
            if value is not None:
                setattr(row, name, shifted(value, days, zone))
        row.save(update_fields=list(names))
        moved += 1
    return moved


def _move_meetings(items: dict, days: int, zone) -> None:
    """Meeting slots, the meetings placed in them and the participants' availability days. The meetings
    app has no service that moves a slot or a meeting in time (meeting_move places one meeting in
    another existing slot, refusing slots already past or full), nor one that changes one period of
    availability (profile_save replaces a whole profile, checked against the event's days as they were),
    so these rows are written here. A cancelled meeting moves too: it keeps pointing at its slot."""
    _move_rows(_in_move_order(items["slots"], days, "starts_at"), ("starts_at", "ends_at"), days, zone)
    _move_rows(items["meetings"], ("starts_at", "ends_at"), days, zone)
    delta = datetime.timedelta(days=days)
    for period in items["availability"]:
        period.day += delta
        period.save(update_fields=["day"])


def _move_delegations(actor, event, items: dict, days: int, zone, now, delegation_update) -> None:
    """Visits first (the registrations app adds and deletes visits, it has no service that moves one, so
    they are written here), then each stay through delegation_update, which checks the visits inside it.
    An arrival or departure already past stays where it is."""
    _move_rows(_in_move_order(items["visits"], days, "starts_at"), ("starts_at", "ends_at"), days, zone)
    for delegation in items["stays"]:
        delegation.event = event
        changes = {name: shifted(getattr(delegation, name), days, zone) for name in ("arrival", "departure")
                   if getattr(delegation, name) is not None and getattr(delegation, name) > now}
        delegation_update(actor=actor, delegation=delegation, **changes)
