"""The organiser's picture of one hall on one day: slots left to right, locations top to bottom,
each meeting a coloured bar over the slots it holds, free cells pale, breaks as gaps.

Plain SVG text built here (every name escaped), shown inline, readable at a glance and printable.
"""

from xml.sax.saxutils import escape, quoteattr

from django.utils.translation import gettext as _

from pavilion.meetings.selectors.agendas import display_name

LABEL = 150
HEADER = 34
COLUMN = 46
ROW = 22
GAP = 12
LEGEND = 40
COLOURS = {
    "free": "#eef1f5",
    "draft": "#5b8fd6",
    "scheduled": "#2e8b57",
    "held": "#17603a",
    "no-show": "#c0392b",
}


def legend_words() -> dict[str, str]:
    return {"free": _("free"), "draft": _("draft (not published)"), "scheduled": _("scheduled"),
            "held": _("held"), "no-show": _("no-show")}


def _columns(slots) -> list[int]:
    """The x of every slot; a gap where a slot does not follow the previous one (a break)."""
    xs, x = [], LABEL
    for index, slot in enumerate(slots):
        if index and slots[index - 1].ends_at != slot.starts_at:
            x += GAP
        xs.append(x)
        x += COLUMN
    return xs


def grid_svg(data, *, title: str = "") -> str:
    slots, places, cells = data.slots, data.locations, data.cells
    xs = _columns(slots)
    width = (xs[-1] + COLUMN if xs else LABEL) + 10
    height = HEADER + ROW * len(places) + LEGEND
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" role="img" aria-label={quoteattr(title)} class="meeting-grid" '
             f'font-family="sans-serif" font-size="11">']
    for x, slot in zip(xs, slots, strict=True):
        parts.append(f'<text x="{x + COLUMN / 2}" y="{HEADER - 12}" text-anchor="middle">'
                     f'{slot.local_start:%H:%M}</text>')
    slot_index = {slot.pk: index for index, slot in enumerate(slots)}
    for row, place in enumerate(places):
        y = HEADER + row * ROW
        parts.append(f'<text x="{LABEL - 6}" y="{y + ROW - 7}" text-anchor="end">{escape(place.code)}</text>')
        for x in xs:
            parts.append(f'<rect x="{x + 1}" y="{y + 1}" width="{COLUMN - 2}" height="{ROW - 2}" rx="2" '
                         f'fill="{COLOURS["free"] if place.is_active else "#d5d8dc"}"/>')
    drawn = set()
    row_of = {place.pk: row for row, place in enumerate(places)}
    for (slot_pk, location_pk), (meeting, state) in sorted(cells.items(), key=lambda item: slot_index[item[0][0]]):
        if meeting.pk in drawn:
            continue
        drawn.add(meeting.pk)
        first = slot_index[slot_pk]
        last = min(len(slots) - 1, first + meeting.length - 1)
        x, y = xs[first], HEADER + row_of[location_pk] * ROW
        span = xs[last] + COLUMN - x
        people = ", ".join(display_name(row.registration) for row in meeting.attendance.all())
        tip = f"{slots[first].local_start:%H:%M} {places[row_of[location_pk]].code}: {people} ({legend_words()[state]})"
        parts.append(f'<rect x="{x + 1}" y="{y + 1}" width="{span - 2}" height="{ROW - 2}" rx="3" '
                     f'fill="{COLOURS[state]}" data-meeting="{meeting.pk}" data-state="{state}">'
                     f'<title>{escape(tip)}</title></rect>')
    y = HEADER + ROW * len(places) + 14
    x = LABEL
    for state, word in legend_words().items():
        parts.append(f'<rect x="{x}" y="{y}" width="14" height="14" rx="2" fill="{COLOURS[state]}"/>'
                     f'<text x="{x + 19}" y="{y + 11}">{escape(word)}</text>')
        x += 34 + 7 * len(word)
    parts.append("</svg>")
    return "".join(parts)
