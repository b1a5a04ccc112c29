"""The occupancy dashboard's chart, drawn on the server as SVG: entries per hour of one day
(drawn by the shared chart helpers of pavilion.reports.charts)."""

from django.utils.translation import gettext as _

from pavilion.reports.charts import Series, bar_chart, figure


def entries_chart(counts: list[tuple[int, int]], *, title: str) -> str:
    """A bar per hour; the axis is scaled to a round maximum so the bars stay readable."""
    return bar_chart([f"{hour:02d}" for hour, _count in counts],
                     [Series(title, [count for _hour, count in counts], "#1f4e79")], title=title,
                     label_every=3, key_name="hour", keys=[str(hour) for hour, _count in counts],
                     css_class="entries-chart")


def entries_figure(counts: list[tuple[int, int]], *, title: str) -> str:
    """The chart as the dashboards show theirs (reports.charts.figure): never squeezed on a phone,
    scrolled sideways instead, with its figures as a table under it."""
    return figure(entries_chart(counts, title=title), title=title, label_header=_("Hour"),
                  labels=[f"{hour:02d}:00" for hour, _count in counts],
                  series=[Series(_("Entries"), [count for _hour, count in counts], "#1f4e79")])
