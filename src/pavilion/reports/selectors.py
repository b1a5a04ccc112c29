"""The dashboard's figures: every aggregate is one GROUP BY or conditional count in SQL, over a
bounded time range, so the page costs a fixed small number of queries however many rows there are."""

import datetime
import statistics
import zoneinfo
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, DateField, Exists, F, Func, OuterRef, Q, Sum
from django.db.models.functions import TruncDate

from pavilion.accreditation import selectors as accreditation_selectors
from pavilion.accreditation import services as accreditation_services
from pavilion.core import clock
from pavilion.deals import selectors as deal_selectors
from pavilion.deals.models import Deal, DealParty
from pavilion.events.models import Show
from pavilion.exhibitors.models import Exhibitor, Lead
from pavilion.meetings.models import Meeting, MeetingParticipant, MeetingRequest
from pavilion.registrations.models import Delegation, Registration, RegistrationCategory
from pavilion.reports.models import EntryRollup, RollupMark
from pavilion.vetting.models import Alert

HISTORY_DAYS = 180  # registrations over time: at most this many days before the event
TOP_COUNTRIES = 12


class _ShiftedDate(Func):
    """SQLite's date() of a UTC timestamp moved by a fixed number of minutes (C code, no Python
    function per row). The event zone's offset at the start of the event is used: a daylight-saving
    change inside the range moves a registration near midnight by a day on SQLite only."""

    output_field = DateField()

    def __init__(self, expression, minutes: int):
        super().__init__(expression)
        self.minutes = minutes

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"date({sql}, '{int(self.minutes):+d} minutes')", params


def local_date(field_name: str, event):
    """The local day of a timestamp in the event's time zone, computed by the database."""
    tz = zoneinfo.ZoneInfo(event.time_zone)
    if connection.vendor == "sqlite":
        start = datetime.datetime.combine(event.start_date, datetime.time(12), tzinfo=tz)
        return _ShiftedDate(F(field_name), int(start.utcoffset().total_seconds() // 60))
    return TruncDate(field_name, tzinfo=tz)


@dataclass
class RegistrationFigures:
    total: int = 0
    by_status: dict = field(default_factory=dict)
    by_day: dict = field(default_factory=dict)  # date → {status: count}
    by_category: list = field(default_factory=list)  # (category, {status: count})
    countries: list = field(default_factory=list)  # (code, count), most first
    country_count: int = 0
    as_of: datetime.datetime | None = None


def registration_counts(event) -> dict:
    """The costly part, as JSON: three GROUP BYs over every registration of the event (kept in a
    FigureSnapshot by the dashboard, see snapshots.py)."""
    start = datetime.datetime.combine(event.start_date - datetime.timedelta(days=HISTORY_DAYS), datetime.time(0),
                                      tzinfo=zoneinfo.ZoneInfo(event.time_zone))
    registrations = Registration.objects.filter(event=event).order_by()
    by_day: dict[str, dict] = {}
    for row in (registrations.filter(submitted_at__gte=start).annotate(day=local_date("submitted_at", event))
                .values("day", "status").annotate(count=Count("id"))):
        by_day.setdefault(row["day"].isoformat(), {})[row["status"]] = row["count"]
    by_category: dict[str, dict] = {}
    for row in registrations.values("category_id", "status").annotate(count=Count("id")):
        by_category.setdefault(str(row["category_id"]), {})[row["status"]] = row["count"]
    countries = [list(item) for item in registrations.active().values_list("person__nationality")
                 .annotate(count=Count("id")).values_list("person__nationality", "count")]
    return {"by_day": by_day, "by_category": by_category, "countries": countries}


def registration_figures(event, counts: dict | None = None, *, as_of=None) -> RegistrationFigures:
    """The figures of the registrations, from `counts` (a snapshot) or counted now."""
    counts = counts if counts is not None else registration_counts(event)
    figures = RegistrationFigures(as_of=as_of)
    figures.by_day = {datetime.date.fromisoformat(day): statuses for day, statuses in counts["by_day"].items()}
    per_category = {int(pk): statuses for pk, statuses in counts["by_category"].items()}
    for statuses in per_category.values():
        for status, count in statuses.items():
            figures.by_status[status] = figures.by_status.get(status, 0) + count
    categories = RegistrationCategory.objects.filter(event=event, pk__in=list(per_category)).order_by("order", "code")
    figures.by_category = [(category, per_category[category.pk]) for category in categories]
    figures.countries = sorted(((code, count) for code, count in counts["countries"]), key=lambda item: (-item[1], item[0]))
    figures.country_count = len(figures.countries)
    figures.total = sum(figures.by_status.values())
    return figures


@dataclass
class VettingFigures:
    alerts: dict = field(default_factory=dict)  # status → count
    open: int = 0
    in_review: int = 0
    decided: int = 0
    median_hours: float | None = None
    p90_hours: float | None = None


def vetting_figures(event, *, in_review: int) -> VettingFigures:
    """The officers' queue: alerts by status, and the time from submission to decision of the
    registrations that raised an alert (the ones that waited for a person)."""
    figures = VettingFigures(in_review=in_review)
    figures.alerts = dict(Alert.objects.filter(registration__event=event).order_by().values_list("status")
                          .annotate(count=Count("id")).values_list("status", "count"))
    figures.open = figures.alerts.get(Alert.Status.OPEN, 0) + figures.alerts.get(Alert.Status.AWAITING_CONFIRMATION, 0)
    alerted = Alert.objects.filter(registration__event=event).values("registration_id")
    waits = [(decided - submitted).total_seconds() / 3600 for submitted, decided in
             Registration.objects.filter(event=event, pk__in=alerted, decided_at__isnull=False).order_by()
             .values_list("submitted_at", "decided_at")]
    figures.decided = len(waits)
    if waits:
        figures.median_hours = statistics.median(waits)
        figures.p90_hours = sorted(waits)[min(len(waits) - 1, round(0.9 * (len(waits) - 1)))]
    return figures


@dataclass
class GateFigures:
    day: datetime.date
    days: list
    hours: list  # local hours 0-23
    by_zone: list  # (zone name, [entries per hour])
    entries: int
    occupancy: list
    inside: int
    as_of: datetime.datetime | None


def gate_days(event) -> list[datetime.date]:
    """The days the dashboard's gate figures may show: those the event's badges may open at the venue,
    from its first build-up day to its last tear-down day (accreditation.services.event_access_span)."""
    first, last = accreditation_services.event_access_span(event)
    tz = zoneinfo.ZoneInfo(event.time_zone)
    first_day, end_day = first.astimezone(tz).date(), last.astimezone(tz).date()  # the end is the midnight after
    return [first_day + datetime.timedelta(days=offset) for offset in range((end_day - first_day).days)]


def gate_day(event, now: datetime.datetime) -> datetime.date:
    """The day the gate figures show unless another is chosen: today on the event's clock while it
    is one of gate_days, else the event's first day."""
    today = accreditation_selectors.local_day(event, now)
    return today if today in gate_days(event) else event.start_date


def gate_figures(event, *, day: datetime.date | None, now: datetime.datetime) -> GateFigures:
    """Granted entries per local hour per hall on one day (see gate_day when none is given; from the
    hourly rollup) and the live occupancy per zone (from the presence rows the gates keep)."""
    tz = zoneinfo.ZoneInfo(event.time_zone)
    day = day or gate_day(event, now)
    start = datetime.datetime.combine(day, datetime.time(0), tzinfo=tz)
    rows = (EntryRollup.objects.filter(event=event, hour__gte=start, hour__lt=start + datetime.timedelta(days=1),
                                       zone__kind__in=["hall", "outdoor"])
            .values_list("zone__code", "hour", "entries"))
    occupancy = accreditation_selectors.occupancy(event, now=now)
    names = {zone["zone"]: zone["name"] for zone in occupancy if zone["kind"] in ("hall", "outdoor")}
    per_zone = {code: [0] * 24 for code in names}
    for code, hour, entries in rows:
        per_zone.setdefault(code, [0] * 24)[hour.astimezone(tz).hour] += entries
    days = gate_days(event)
    if day not in days:
        days = sorted({*days, day})
    mark = RollupMark.objects.filter(event=event).first()
    return GateFigures(day=day, days=days, hours=list(range(24)),
                       by_zone=[(names.get(code, code), counts) for code, counts in per_zone.items()],
                       entries=sum(sum(counts) for counts in per_zone.values()), occupancy=occupancy,
                       inside=occupancy.people, as_of=mark.refreshed_at if mark else None)


@dataclass
class MeetingFigures:
    requested: int = 0
    by_status: dict = field(default_factory=dict)
    scheduled: int = 0
    held: int = 0
    no_show: int = 0

    @property
    def no_show_rate(self) -> float | None:
        marked = self.held + self.no_show
        return 100 * self.no_show / marked if marked else None


def meeting_figures(event) -> MeetingFigures:
    """Requested, accepted, scheduled, held, no-show. A meeting is held when a participant marked
    it held, a no-show when someone marked a no-show and nobody marked it held."""
    figures = MeetingFigures()
    figures.by_status = dict(MeetingRequest.objects.filter(event=event).order_by().values_list("status")
                             .annotate(count=Count("id")).values_list("status", "count"))
    figures.requested = sum(figures.by_status.values())
    held = MeetingParticipant.objects.filter(meeting=OuterRef("pk"), attendance=MeetingParticipant.Attendance.HELD)
    absent = MeetingParticipant.objects.filter(meeting=OuterRef("pk"), attendance=MeetingParticipant.Attendance.NO_SHOW)
    totals = (Meeting.objects.filter(event=event, status=Meeting.Status.SCHEDULED).order_by()
              .aggregate(scheduled=Count("id"), held=Count("id", filter=Q(Exists(held))),
                         no_show=Count("id", filter=Q(Exists(absent)) & ~Q(Exists(held)))))
    figures.scheduled, figures.held, figures.no_show = totals["scheduled"], totals["held"], totals["no_show"]
    return figures


@dataclass
class LeadFigures:
    """Badges scanned at the stands (lead retrieval), counted: no person is named here."""

    leads: int = 0
    companies: int = 0
    top: list = field(default_factory=list)  # (company name, leads), the most first


def lead_figures(event, *, top: int = 10) -> LeadFigures:
    leads = Lead.objects.filter(registration__event=event).order_by()
    per_company = list(leads.values_list("company__name").annotate(count=Count("id"))
                       .order_by("-count", "company__name").values_list("company__name", "count"))
    return LeadFigures(leads=sum(count for _name, count in per_company), companies=len(per_company),
                       top=per_company[:top])


@dataclass
class DealFigures:
    count: int = 0  # every deal recorded
    signed: int = 0  # of them, signed by now (the others' signing time is still to come)
    by_kind: dict = field(default_factory=dict)
    by_country: list = field(default_factory=list)  # (code, deals)
    by_currency: list = field(default_factory=list)  # (currency, total value, deals)
    value_by_country: dict = field(default_factory=dict)  # currency → [(country, value of its deals)]


def deal_figures(event, *, now: datetime.datetime | None = None) -> DealFigures:
    """Every deal of the event (the dashboard is the organiser's); values summed per currency,
    never converted. `signed` counts those signed by now (the Pavilion clock's, unless given)."""
    figures = DealFigures()
    kinds = list(Deal.objects.filter(event=event).order_by().values_list("kind")
                 .annotate(count=Count("id"), signed=Count("id", filter=Q(signed_at__lte=now or clock.now())))
                 .values_list("kind", "count", "signed"))
    figures.by_kind = {kind: count for kind, count, _signed in kinds}
    figures.count = sum(figures.by_kind.values())
    figures.signed = sum(signed for _kind, _count, signed in kinds)
    figures.by_country = sorted(DealParty.objects.filter(deal__event=event).order_by().values_list("country")
                                .annotate(deals=Count("deal", distinct=True)).values_list("country", "deals"),
                                key=lambda item: (-item[1], item[0]))
    figures.by_currency = sorted(Deal.objects.filter(event=event, value__isnull=False).order_by()
                                 .values_list("currency").annotate(total=Sum("value"), deals=Count("id"))
                                 .values_list("currency", "total", "deals"), key=lambda item: -item[1])
    # A deal counts once for each country among its parties (a deal-country pair, not a party).
    per_country: dict[str, dict[str, float]] = {}
    for _deal, currency, value, country in (DealParty.objects.filter(deal__event=event, deal__value__isnull=False)
                                            .order_by().values_list("deal_id", "deal__currency", "deal__value",
                                                                    "country").distinct()):
        totals = per_country.setdefault(currency, {})
        totals[country] = totals.get(country, 0) + value
    figures.value_by_country = {currency: sorted(totals.items(), key=lambda item: (-item[1], item[0]))
                                for currency, totals in per_country.items()}
    return figures


@dataclass
class PressFigures:
    shows: list
    exhibitors: int
    exhibitor_countries: list  # (code, exhibitors)
    visitors: int
    visitors_by_category: list  # (category name, count)
    visitors_by_country: list  # (code, count)
    delegations_by_country: list  # (code, delegations)
    meetings_held: int
    deals: list  # announced public deals signed by now, parties prefetched
    deals_to_come: list = field(default_factory=list)  # announced ahead of their signing


def press_figures(event, *, now: datetime.datetime | None = None) -> PressFigures:
    """What the press may print: counts of approved people, never names, and the deals the public
    page shows (`deals.selectors.public_deals`: public and announced, or their planned announcement
    time come; nothing organiser-only or parties-only), apart as it lists them: signed by now (the
    Pavilion clock's, unless given) and signings to come."""
    exhibitors = Exhibitor.objects.filter(show__event=event, status=Exhibitor.Status.APPROVED).order_by()
    exhibitor_countries = sorted(exhibitors.values_list("company__country").annotate(count=Count("company", distinct=True))
                                 .values_list("company__country", "count"), key=lambda item: (-item[1], item[0]))
    approved = Registration.objects.filter(event=event, status=Registration.Status.APPROVED).order_by()
    per_category = dict(approved.values_list("category_id").annotate(count=Count("id")).values_list("category_id",
                                                                                                    "count"))
    categories = RegistrationCategory.objects.filter(event=event, pk__in=list(per_category)).order_by("order", "code")
    by_country = sorted(approved.values_list("person__nationality").annotate(count=Count("id"))
                        .values_list("person__nationality", "count"), key=lambda item: (-item[1], item[0]))
    delegations = sorted(Delegation.objects.filter(event=event).order_by().values_list("country")
                         .annotate(count=Count("id")).values_list("country", "count"),
                         key=lambda item: (-item[1], item[0]))
    signed, to_come = deal_selectors.signed_and_to_come(deal_selectors.public_deals(event), now)
    return PressFigures(
        shows=list(Show.objects.filter(event=event).order_by("name_en")),
        exhibitors=exhibitors.values("company").distinct().count(), exhibitor_countries=exhibitor_countries,
        visitors=sum(per_category.values()),
        visitors_by_category=[(category.name, per_category[category.pk]) for category in categories],
        visitors_by_country=by_country, delegations_by_country=delegations,
        meetings_held=meeting_figures(event).held, deals=signed, deals_to_come=to_come)
