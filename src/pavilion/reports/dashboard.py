"""The dashboard's figures drawn as charts and tiles (what the template shows)."""

import datetime

from django.utils.translation import gettext as _

from pavilion.core import countries
from pavilion.deals.models import Deal
from pavilion.meetings.models import MeetingRequest
from pavilion.registrations.models import Registration
from pavilion.reports import charts, selectors
from pavilion.reports.charts import Series

STATUS_COLOURS = {"submitted": "#95a5a6", "screening": "#117a8b", "in-review": "#d08c00", "approved": "#2e8b57",
                  "rejected": "#b03a2e", "cancelled": "#5d6d7e"}


def country_name(code: str) -> str:
    return countries.country_name(code) if code else _("unknown")


def registration_charts(figures: selectors.RegistrationFigures) -> dict:
    """The registration charts, each in its figure (charts.figure: scrolls on a phone, its figures as a table)."""
    statuses = [status for status in Registration.Status.values if figures.by_status.get(status)]
    labels = {value: str(label) for value, label in Registration.Status.choices}
    days = _day_range(sorted(figures.by_day))
    day_labels = [day.strftime("%d.%m") for day in days]
    table_days = [day.isoformat() for day in days]
    every = max(1, len(days) // 12)
    by_status = [Series(labels[status], [figures.by_day.get(day, {}).get(status, 0) for day in days],
                        STATUS_COLOURS[status]) for status in statuses]
    title = _("Registrations submitted per day, by current status")
    per_day = charts.figure(
        charts.bar_chart(day_labels, by_status, title=title, stacked=True, label_every=every,
                         keys=table_days, key_name="day", css_class="registrations-per-day"),
        title=title, label_header=_("Day"), labels=table_days, series=by_status, total=_("Total"))
    running, active, total_line, active_line = 0, 0, [], []
    for day in days:
        counts = figures.by_day.get(day, {})
        running += sum(counts.values())
        active += sum(count for status, count in counts.items() if status not in ("rejected", "cancelled"))
        total_line.append(running)
        active_line.append(active)
    lines = [Series(_("registered"), total_line, "#1f4e79"),
             Series(_("active (not rejected or cancelled)"), active_line, "#2e8b57")]
    title = _("Registrations over time")
    cumulative = charts.figure(
        charts.line_chart(day_labels, lines, title=title, label_every=every, css_class="registrations-over-time"),
        title=title, label_header=_("Day"), labels=table_days, series=lines)
    by_category = charts.horizontal_figure(
        [(category.name, sum(counts.values())) for category, counts in figures.by_category],
        title=_("Registrations by category"), label_header=_("Category"), value_header=_("Registrations"),
        css_class="registrations-by-category")
    top = charts.horizontal_figure([(country_name(code), count) for code, count in figures.countries[:12]],
                                   title=_("Top countries (nationality)"), label_header=_("Nationality"),
                                   value_header=_("Registrations"), bar_colour="#117a8b",
                                   css_class="registrations-by-country")
    return {"per_day": per_day, "cumulative": cumulative, "by_category": by_category, "countries": top,
            "statuses": [(labels[status], figures.by_status.get(status, 0), STATUS_COLOURS[status])
                         for status in Registration.Status.values]}


def _day_range(days: list[datetime.date]) -> list[datetime.date]:
    if not days:
        return []
    first, last = days[0], days[-1]
    return [first + datetime.timedelta(days=offset) for offset in range((last - first).days + 1)]


def gate_chart(figures: selectors.GateFigures) -> str:
    series = [Series(name, counts) for name, counts in figures.by_zone] or [Series(_("entries"), [0] * 24)]
    title = _("Granted entries per hour and hall, %(day)s") % {"day": figures.day.isoformat()}
    return charts.figure(
        charts.bar_chart([f"{hour:02d}" for hour in figures.hours], series, title=title, stacked=True, label_every=2,
                         key_name="hour", keys=[str(hour) for hour in figures.hours], css_class="entries-per-hour"),
        title=title, label_header=_("Hour"), labels=[f"{hour:02d}:00" for hour in figures.hours], series=series,
        total=_("Total") if len(series) > 1 else "")


def occupancy_chart(figures: selectors.GateFigures) -> str:
    return charts.horizontal_figure([(zone["name"], zone["inside"]) for zone in figures.occupancy],
                                    title=_("People inside now, per zone"), label_header=_("Zone"),
                                    value_header=_("inside now"), bar_colour="#2e8b57", css_class="occupancy-now")


def meeting_chart(figures: selectors.MeetingFigures) -> str:
    steps = [(_("requested"), figures.requested),
             (_("accepted"), figures.by_status.get(MeetingRequest.Status.ACCEPTED, 0)),
             (_("scheduled"), figures.scheduled), (_("held"), figures.held), (_("no-show"), figures.no_show)]
    return charts.horizontal_figure(steps, title=_("Meetings: from request to meeting"), label_header=_("Step"),
                                    value_header=_("Meetings"), bar_colour="#6c3483", css_class="meeting-funnel")


def meeting_statuses(figures: selectors.MeetingFigures) -> list[tuple[str, int]]:
    return [(str(label), figures.by_status[value]) for value, label in MeetingRequest.Status.choices
            if figures.by_status.get(value)]


def deal_charts(figures: selectors.DealFigures) -> dict:
    kinds = {value: str(label) for value, label in Deal.Kind.choices}
    return {
        "countries": charts.horizontal_figure(
            [(country_name(code), count) for code, count in figures.by_country[:12]],
            title=_("Deals by party country"), label_header=_("Party country"), value_header=_("Deals"),
            bar_colour="#a04000", css_class="deals-by-country"),
        "values": [(currency, total, deals, charts.horizontal_figure(
            [(country_name(code), float(value)) for code, value in figures.value_by_country.get(currency, [])[:10]],
            title=_("Value of deals by party country, %(currency)s") % {"currency": currency},
            label_header=_("Party country"), value_header=currency, bar_colour="#d08c00",
            css_class="deals-by-value")) for currency, total, deals in figures.by_currency],
        "kinds": [(kinds.get(kind, kind), count) for kind, count in figures.by_kind.items()],
    }


def hours(value: float | None) -> str:
    if value is None:
        return "–"
    if value < 48:
        return _("%(hours).1f h") % {"hours": value}
    return _("%(days).1f days") % {"days": value / 24}
