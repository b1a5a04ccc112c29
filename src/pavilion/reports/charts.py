"""Charts drawn on the server as SVG, read at a glance: bars (single or stacked), lines over time
and horizontal bars by name. No JavaScript; every mark carries a <title> for its exact figure
and data-* attributes that tests and scripts can read.

Shared by the reports dashboard and the accreditation occupancy page.
"""

from dataclasses import dataclass

from django.template.defaultfilters import floatformat
from django.utils.html import escape
from django.utils.translation import gettext as _

PALETTE = ["#1f4e79", "#2e8b57", "#d08c00", "#b03a2e", "#6c3483", "#117a8b", "#7f8c8d", "#a04000", "#34495e"]
LEFT, RIGHT, BOTTOM, TOP = 44, 8, 24, 12


@dataclass
class Series:
    name: str
    values: list[float]
    colour: str = ""


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


# A quarter of an axis's maximum (the gap between its ticks), in tenths of a power of ten: 1, 1.2, 1.5, 2, 2.5, 3,
# 4, 5, 6 or 8 times it, and whole (1.2, 1.5 and 2.5 only from 10 up).
TICK_TENTHS = (10, 12, 15, 20, 25, 30, 40, 50, 60, 80)


def round_up(value: float) -> int:
    """The axis maximum for a peak of `value`: the smallest 4 × tick at least `value`, the tick one of TICK_TENTHS.
    So 100 gives 100 (ticks at 25, 50, 75), 101 gives 120, 41 gives 48 and 7 gives 8: the line reaches near the
    top instead of half-way (it went to 200 for 100). Nothing or a zero peak gives 4, an axis of ones."""
    magnitude = 1
    while True:
        for tenths in TICK_TENTHS:
            if tenths * magnitude % 10 == 0 and 4 * tenths * magnitude // 10 >= value:
                return 4 * tenths * magnitude // 10
        magnitude *= 10


def _open(width: int, height: int, title: str, css_class: str) -> list[str]:
    return [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
            f'class="chart {css_class}" aria-label="{escape(title)}"><title>{escape(title)}</title>']


def _grid(parts: list[str], scale: int, width: int, plot_height: float, right: float = RIGHT) -> None:
    for step in range(5):
        value = scale * step // 4
        y = TOP + plot_height - plot_height * step / 4
        parts.append(f'<line x1="{LEFT}" x2="{width - right:.1f}" y1="{y:.1f}" y2="{y:.1f}" stroke="#dde3ea"/>'
                     f'<text x="{LEFT - 4}" y="{y + 4:.1f}" text-anchor="end" font-size="10">{_short(value)}</text>')


def _short(value: float) -> str:
    if value >= 1_000_000:
        return f"{value / 1_000_000:g}M"
    if value >= 10_000:
        return f"{value / 1000:g}k"
    return f"{value:g}"


def _legend(parts: list[str], series: list[Series], width: int) -> None:
    if len(series) < 2:
        return
    x = LEFT
    for item in series:
        parts.append(f'<rect x="{x}" y="1" width="9" height="9" fill="{item.colour}"/>'
                     f'<text x="{x + 12}" y="9" font-size="10">{escape(item.name)}</text>')
        x += 18 + 6 * len(item.name)


def _coloured(series: list[Series]) -> list[Series]:
    return [Series(item.name, item.values, item.colour or colour(index)) for index, item in enumerate(series)]


def bar_chart(labels: list[str], series: list[Series], *, title: str, stacked: bool = False, width: int = 720,
              height: int = 220, label_every: int = 1, key_name: str = "label", keys: list[str] | None = None,
              css_class: str = "bar-chart") -> str:
    """One group of bars per label: side by side, or stacked when `stacked`."""
    series = _coloured(series)
    keys = keys or labels
    totals = [sum(item.values[index] for item in series) for index in range(len(labels))]
    peak = max(totals if stacked else [value for item in series for value in item.values], default=0)
    scale = round_up(peak)
    plot_width, plot_height = width - LEFT - RIGHT, height - BOTTOM - TOP
    group = plot_width / max(len(labels), 1)
    parts = _open(width, height, title, css_class)
    _grid(parts, scale, width, plot_height)
    for index, label in enumerate(labels):
        x = LEFT + index * group
        base = TOP + plot_height
        for number, item in enumerate(series):
            value = item.values[index]
            bar_height = plot_height * value / scale if scale else 0
            if stacked:
                bar_x, bar_width, base = x + 1, group - 2, base - bar_height
                bar_y = base
            else:
                bar_width = (group - 2) / len(series)
                bar_x, bar_y = x + 1 + number * bar_width, TOP + plot_height - bar_height
            parts.append(f'<rect x="{bar_x:.1f}" y="{bar_y:.1f}" width="{max(bar_width, 0.5):.1f}" '
                         f'height="{bar_height:.1f}" fill="{item.colour}" data-{key_name}="{escape(keys[index])}" '
                         f'data-count="{value:g}"><title>{escape(label)} {escape(item.name)}: {value:g}</title></rect>')
        if index % label_every == 0:
            parts.append(f'<text x="{x + group / 2:.1f}" y="{height - 8}" text-anchor="middle" '
                         f'font-size="10">{escape(label)}</text>')
    _legend(parts, series, width)
    parts.append("</svg>")
    return "".join(parts)


def line_chart(labels: list[str], series: list[Series], *, title: str, width: int = 720, height: int = 220,
               label_every: int = 1, css_class: str = "line-chart") -> str:
    """A line per series over the labels (days, hours), with a dot on each point."""
    series = _coloured(series)
    scale = round_up(max((value for item in series for value in item.values), default=0))
    # The last label is centred on the right end of the axis: room for its half (about 6.6 px a character at
    # 10 px), or "24.09" is cut to "24.0" at the edge.
    right = max(RIGHT, 2 + 3.3 * len(labels[-1])) if labels else RIGHT
    plot_width, plot_height = width - LEFT - right, height - BOTTOM - TOP
    step = plot_width / max(len(labels) - 1, 1)
    parts = _open(width, height, title, css_class)
    _grid(parts, scale, width, plot_height, right)
    for item in series:
        points = [(LEFT + index * step, TOP + plot_height - (plot_height * value / scale if scale else 0))
                  for index, value in enumerate(item.values)]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{item.colour}" stroke-width="2" '
                     f'data-series="{escape(item.name)}"/>')
        for (x, y), label, value in zip(points, labels, item.values, strict=True):
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{item.colour}">'
                         f'<title>{escape(label)} {escape(item.name)}: {value:g}</title></circle>')
    for index, label in enumerate(labels):
        if index % label_every == 0:
            parts.append(f'<text x="{LEFT + index * step:.1f}" y="{height - 8}" text-anchor="middle" '
                         f'font-size="10">{escape(label)}</text>')
    _legend(parts, series, width)
    parts.append("</svg>")
    return "".join(parts)


# What the 164 px left of the bars hold at 11 px, counting a wide glyph (Cyrillic capitals, "ш", "щ")
# at about 7.5 px: "Открытая площадка статической экспозиции" must not spill past the left edge.
LABEL_CHARACTERS = 21


def _fit(text: str, characters: int) -> str:
    return text if len(text) <= characters else text[: characters - 1].rstrip() + "…"


def horizontal_bars(items: list[tuple[str, float]], *, title: str, width: int = 420, bar_colour: str = PALETTE[0],
                    css_class: str = "hbar-chart") -> str:
    """A bar per named item (countries, categories, steps of a funnel), longest first as given; the
    values whole and grouped the page language's way (7,800,000; 7 800 000)."""
    row, label_width = 20, 170
    height = max(len(items), 1) * row + 8
    peak = max((value for _name, value in items), default=0)
    # Room at the right for the longest value label (about 6.6 px a character at 11 px), so that
    # "131,000,000" is not cut off at the edge.
    widest = max((len(floatformat(value, "0g")) for _name, value in items), default=1)
    plot_width = width - label_width - max(40, 8 + 6.6 * widest)
    parts = _open(width, height, title, css_class)
    for index, (name, value) in enumerate(items):
        y = 4 + index * row
        length = plot_width * value / peak if peak else 0
        shown = floatformat(value, "0g")
        label = _fit(name, LABEL_CHARACTERS)
        # A shortened label keeps the whole name as its tooltip.
        tooltip = f"<title>{escape(name)}</title>" if label != name else ""
        parts.append(f'<text x="{label_width - 6}" y="{y + 13}" text-anchor="end" font-size="11">{tooltip}'
                     f'{escape(label)}</text>'
                     f'<rect x="{label_width}" y="{y + 2}" width="{length:.1f}" height="{row - 6}" fill="{bar_colour}" '
                     f'data-label="{escape(name)}" data-count="{value:g}"><title>{escape(name)}: {shown}</title></rect>'
                     f'<text x="{label_width + length + 4:.1f}" y="{y + 13}" font-size="11">{shown}</text>')
    if not items:
        parts.append(f'<text x="{width / 2}" y="16" text-anchor="middle" font-size="11" fill="#6b7785">–</text>')
    parts.append("</svg>")
    return "".join(parts)


def figure(svg: str, *, title: str, label_header: str, labels: list[str], series: list[Series], total: str = "",
           wide: bool = True) -> str:
    """A chart as the dashboard shows it, readable on a phone: the SVG is never drawn narrower than
    its own width (its 10 px labels stay 10 px) inside a box that scrolls sideways, which a keyboard
    can focus and a screen reader names; and its figures under it as a table, folded, for those who
    cannot hover a bar for its <title> (a phone, a screen reader). `total` names a last column of
    the row's sum (a stacked chart's)."""
    size = "wide" if wide else "narrow"
    header = "".join(f'<th scope="col" class="number">{escape(item.name)}</th>' for item in series)
    if total:
        header += f'<th scope="col" class="number">{escape(total)}</th>'
    rows = []
    for index, label in enumerate(labels):
        values = [item.values[index] for item in series]
        cells = "".join(f'<td class="number">{floatformat(value, "0g")}</td>' for value in values)
        if total:
            cells += f'<td class="number">{floatformat(sum(values), "0g")}</td>'
        rows.append(f'<tr><th scope="row">{escape(label)}</th>{cells}</tr>')
    if not rows:
        rows.append(f'<tr><td colspan="{len(series) + 1 + bool(total)}" class="muted">–</td></tr>')
    as_table = _("The figures as a table")
    return (f'<div class="chart-scroll {size}" tabindex="0" role="region" aria-label="{escape(title)}">{svg}</div>'
            f'<details class="chart-data"><summary>{escape(as_table)}</summary>'
            f'<div class="table-scroll"><table class="list"><caption class="visually-hidden">{escape(title)}</caption>'
            f'<tr><th scope="col">{escape(label_header)}</th>{header}</tr>{"".join(rows)}</table></div></details>')


def horizontal_figure(items: list[tuple[str, float]], *, title: str, label_header: str, value_header: str,
                      **options) -> str:
    """horizontal_bars in a figure (see figure): a bar per named item, its table a row per item."""
    return figure(horizontal_bars(items, title=title, **options), title=title, label_header=label_header,
                  labels=[name for name, _value in items], series=[Series(value_header, [value for _name, value in items])],
                  wide=False)
