"""The organiser's picture of one hall on one day: slots left to right, locations top to bottom,
each meeting a coloured bar over the slots it holds, free cells pale, breaks as gaps.

HTML built here (every name escaped) on a CSS grid (static meetings/grid.css), in a box that scrolls
sideways on a narrow screen with the locations and the times kept in view (sticky), never shrunk
unreadable. Each meeting is a <details>: a tap, a click or Enter shows its participants (no hover
needed); the title still gives them on hover on a desktop.
"""

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from pavilion.meetings.selectors.agendas import display_name

HEADER = 34
COLUMN = 46
ROW = 22
GAP = 12
COLOURS = {
    "free": "#eef1f5",
    "draft": "#5b8fd6",
    "scheduled": "#2e8b57",
    "held": "#17603a",
    "no-show": "#c0392b",
}
INACTIVE = "#d5d8dc"


def legend_words() -> dict[str, str]:
    return {"free": _("free"), "draft": _("draft (not published)"), "scheduled": _("scheduled"),
            "held": _("held"), "no-show": _("no-show")}


def _columns(slots) -> tuple[list[int], list[str]]:
    """The grid column (1-based; the locations are column 1) of every slot, and the column widths:
    a narrow empty column where a slot does not follow the previous one (a break). The slots' columns
    share a wide screen's width; on a narrow one they keep their least width and the box scrolls."""
    columns, widths = [], ["var(--mg-label, 150px)"]
    for index, slot in enumerate(slots):
        if index and slots[index - 1].ends_at != slot.starts_at:
            widths.append(f"minmax({GAP}px, {GAP / COLUMN:.2f}fr)")
        widths.append(f"minmax({COLUMN}px, 1fr)")
        columns.append(len(widths))
    return columns, widths


def grid_html(data, *, title: str = "") -> str:
    slots, places, cells = data.slots, data.locations, data.cells
    columns, widths = _columns(slots)
    words = legend_words()
    parts = [format_html(
        '<div class="meeting-grid-scroll" role="region" aria-label="{}" tabindex="0">'
        '<div class="meeting-grid" style="grid-template-columns: {}; grid-template-rows: {}px repeat({}, var(--mg-row, {}px))">'
        '<div class="mg-corner" style="grid-area: 1 / 1"></div>',
        title, " ".join(widths), HEADER, len(places), ROW)]
    for column, slot in zip(columns, slots, strict=True):
        parts.append(format_html('<div class="mg-time" style="grid-area: 1 / {}">{}</div>',
                                 column, f"{slot.local_start:%H:%M}"))
    for row, place in enumerate(places, start=2):
        parts.append(format_html('<div class="mg-place" style="grid-area: {} / 1">{}</div>', row, place.code))
        for column in columns:
            parts.append(format_html('<div class="mg-free" style="grid-area: {} / {}; background: {}"></div>',
                                     row, column, COLOURS["free"] if place.is_active else INACTIVE))
    slot_index = {slot.pk: index for index, slot in enumerate(slots)}
    row_of = {place.pk: row for row, place in enumerate(places, start=2)}
    drawn = set()
    for (slot_pk, location_pk), (meeting, state) in sorted(cells.items(), key=lambda item: slot_index[item[0][0]]):
        if meeting.pk in drawn:
            continue
        drawn.add(meeting.pk)
        first = slot_index[slot_pk]
        last = min(len(slots) - 1, first + meeting.length - 1)
        place = places[row_of[location_pk] - 2]
        people = [display_name(row.registration) for row in meeting.attendance.all()]
        when = f"{slots[first].local_start:%H:%M}–{slots[last].ends_at.astimezone(slots[first].local_start.tzinfo):%H:%M}"
        tip = f"{slots[first].local_start:%H:%M} {place.code}: {', '.join(people)} ({words[state]})"
        parts.append(format_html(
            '<details name="meeting" class="mg-meeting" data-meeting="{}" data-state="{}" '
            'style="grid-area: {} / {} / {} / {}; --state: {}"><summary title="{}">'
            '<span class="visually-hidden">{}</span></summary>'
            '<div class="mg-people"><strong>{} · {}</strong> <span class="muted">({})</span><ul>{}</ul></div></details>',
            meeting.pk, state, row_of[location_pk], columns[first], row_of[location_pk] + 1, columns[last] + 1,
            COLOURS[state], tip, tip, when, place.code, words[state],
            format_html_join("", "<li>{}</li>", ((person,) for person in people))))
    parts.append("</div></div>")
    parts.append('<ul class="mg-legend">')
    for state, word in words.items():
        parts.append(format_html('<li><span class="mg-key" style="background: {}"></span>{}</li>',
                                 COLOURS[state], word))
    parts.append("</ul>")
    return "".join(str(part) for part in parts)
