"""A hall's floor plan as SVG, drawn from its stands: one user unit is one metre on the plan."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from pavilion.core.units import metres, square_metres
from pavilion.events import geometry, selectors
from pavilion.events.models import Hall, Show, Stand

STATE_COLOURS = {  # fill, outline
    Stand.State.AVAILABLE: ("#e3f4e8", "#2e7d4f"),
    Stand.State.RESERVED: ("#fff0c9", "#a86400"),
    Stand.State.BOOKED: ("#cfe0f3", "#1f4e79"),
    Stand.State.BLOCKED: ("#dcdcdc", "#6b6b6b"),
}
OTHER_SHOW_COLOURS = ("#f1f1f1", "#b5b5b5")
# Besides its colour each state has a mark of its own, so that the plan reads without telling colours apart
# (and in black and white): a reserved stand a dashed outline, a blocked one hatching; available stands carry
# no company name, booked ones a solid outline and the name.
DASHED = frozenset({Stand.State.RESERVED})
HATCHED = frozenset({Stand.State.BLOCKED})
HIGHLIGHT_COLOUR = "#d7263d"
# Glyph width of a bold sans-serif face as a share of the font size, generous so that names never spill.
GLYPH_WIDTH = 0.6


@dataclass(frozen=True)
class Label:
    lines: tuple[str, ...]
    size: float


def fit_label(text: str, width: float, height: float, smallest: float, *, shorten: bool = True) -> Label | None:
    """The largest one- or two-line label that fits the box; shortened with … when even `smallest` is too big.

    With `shorten=False` (stand codes, which a cut makes ambiguous) the text is never cut: it gets the
    font size that fits, even below `smallest`."""
    text = " ".join(text.split())
    if not text or width <= 0 or height <= 0:
        return None
    layouts = [(text,)]
    words = text.split(" ")
    if len(words) > 1:
        cut = min(range(1, len(words)), key=lambda i: abs(len(" ".join(words[:i])) - len(" ".join(words[i:]))))
        layouts.append((" ".join(words[:cut]), " ".join(words[cut:])))
    best = max(layouts, key=lambda lines: _size_for(lines, width, height))
    size = _size_for(best, width, height)
    if size >= smallest or not shorten:
        return Label(best, round(size, 3))
    room = int(width * 0.9 / (GLYPH_WIDTH * smallest))
    if room < 3 or height < smallest * 1.2:
        return None
    if len(text) <= room:  # only the height held the size down: the whole text fits on one line
        return Label((text,), round(smallest, 3))
    return Label((text[: room - 1].rstrip() + "…",), round(smallest, 3))


def _size_for(lines: tuple[str, ...], width: float, height: float) -> float:
    longest = max(len(line) for line in lines)
    by_width = width * 0.9 / (GLYPH_WIDTH * max(longest, 1))
    by_height = height * 0.55 / (len(lines) * 1.15)
    return min(by_width, by_height, 2.4)


def _fmt(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _stand_colours(stand: Stand, *, show: Show | None, colour_by: str) -> tuple[str, str, str]:
    """Fill, outline and fill opacity."""
    if show is not None and stand.show_id != show.pk:
        return (*OTHER_SHOW_COLOURS, "1")
    if colour_by == "show" and stand.state != Stand.State.BLOCKED:
        held = stand.state in (Stand.State.RESERVED, Stand.State.BOOKED)
        return stand.show.colour, stand.show.colour, "0.55" if held else "0.18"
    fill, outline = STATE_COLOURS[Stand.State(stand.state)]
    return fill, outline, "1"


def _holder_name(stand: Stand) -> str:
    if stand.exhibitor_id and stand.state in (Stand.State.RESERVED, Stand.State.BOOKED):
        return stand.exhibitor.company.name
    return ""


class Words:
    """The translated words of one drawing, looked up once rather than once per stand."""

    def __init__(self):
        self.stand = _("Stand %(code)s")
        self.states = {value: str(label) for value, label in Stand.State.choices}
        self.shows: dict[int, str] = {}
        self.urls: dict[str, tuple[str, str]] = {}
        self.hatch = ""  # the id of the drawing's hatching pattern (hall_svg sets it)

    def exhibitor_url(self, event_slug: str, exhibitor_id: int) -> str:
        """Reverse once per event and fill in the id: the same URL for every stand, a tenth of the cost."""
        if event_slug not in self.urls:
            sample = reverse("exhibitors:exhibitor", kwargs={"event": event_slug, "exhibitor": 2**31 - 1})
            self.urls[event_slug] = tuple(sample.split(str(2**31 - 1), 1))
        before, after = self.urls[event_slug]
        return f"{before}{exhibitor_id}{after}"

    def _show(self, stand: Stand) -> str:
        if stand.show_id not in self.shows:
            self.shows[stand.show_id] = stand.show.name
        return self.shows[stand.show_id]

    def title(self, stand: Stand, holder: str) -> str:
        parts = [self.stand % {"code": stand.code}, square_metres(stand.area_m2),
                 self.states.get(stand.state, stand.state), self._show(stand)]
        if holder:
            parts.append(holder)
        return escape(" · ".join(parts))


    def link_name(self, stand: Stand, holder: str) -> str:
        return escape(" · ".join([f"{holder} {stand.code}", square_metres(stand.area_m2),
                                  self.states.get(stand.state, stand.state), self._show(stand)]))


def _text(x: float, y: float, label: Label, css_class: str) -> str:
    step = label.size * 1.15
    first = y - step * (len(label.lines) - 1) / 2
    spans = "".join(
        f'<tspan x="{_fmt(x)}" y="{_fmt(first + i * step)}">{escape(line)}</tspan>' for i, line in enumerate(label.lines)
    )
    return (f'<text class="{css_class}" font-size="{_fmt(label.size)}" text-anchor="middle" '
            f'dominant-baseline="central" pointer-events="none">{spans}</text>')


def _outline(polygon) -> tuple[list, tuple, tuple] | None:
    """Corners, bounds and a label point; rectangles (nearly every stand) skip shapely, which costs far more."""
    try:
        corners = [(float(x), float(y)) for x, y in polygon]
    except (TypeError, ValueError):
        return None
    xs, ys = sorted({x for x, _y in corners}), sorted({y for _x, y in corners})
    bounds = (xs[0], ys[0], xs[-1], ys[-1]) if corners else None
    if len(corners) == 4 and len(xs) == 2 and len(ys) == 2 and len(set(corners)) == 4:
        return corners, bounds, ((xs[0] + xs[1]) / 2, (ys[0] + ys[1]) / 2)
    try:
        shape = geometry.polygon_from_points(polygon)
    except geometry.ShapeError:
        return None
    centre = shape.centroid if shape.contains(shape.centroid) else shape.representative_point()
    return list(shape.exterior.coords[:-1]), shape.bounds, (centre.x, centre.y)


def _stand_svg(stand: Stand, *, show: Show | None, colour_by: str, highlighted: bool, dimmed: bool,
               link: bool, smallest: float, words: Words) -> str:
    outline_box = _outline(stand.polygon)
    if outline_box is None:
        return ""  # a stand saved around the services with a broken shape is left off rather than breaking the plan
    corners, (min_x, min_y, max_x, max_y), centre = outline_box
    fill, outline, opacity = _stand_colours(stand, show=show, colour_by=colour_by)
    holder = _holder_name(stand)
    points = " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in corners)
    width, height = max_x - min_x, max_y - min_y
    classes = f"stand state-{stand.state}" + (" highlight" if highlighted else "")
    title = words.title(stand, holder)
    other_show = show is not None and stand.show_id != show.pk
    dashes = (f' stroke-dasharray="{_fmt(smallest * 1.2)} {_fmt(smallest * 0.7)}"'
              if stand.state in DASHED and not other_show else "")
    body = [f"<title>{title}</title>",
            f'<polygon points="{points}" fill="{fill}" fill-opacity="{opacity}" stroke="{outline}" '
            f'stroke-width="{_fmt(smallest * 0.25)}"{dashes}/>']
    if stand.state in HATCHED and not other_show:
        body.append(f'<polygon class="hatch" points="{points}" fill="url(#{words.hatch})" stroke="none"/>')
    if highlighted:
        body.append(f'<polygon class="highlight-ring" points="{points}" fill="none" stroke="{HIGHLIGHT_COLOUR}" '
                    f'stroke-width="{_fmt(smallest * 1.2)}" stroke-linejoin="round"/>')
    code_label = fit_label(stand.code, width * 0.45 if holder else width, height * 0.3 if holder else height * 0.8,
                           smallest * 0.8, shorten=False)
    name_label = fit_label(holder, width, height * 0.75, smallest) if holder else None
    if name_label:
        body.append(_text(centre[0], centre[1] + height * 0.08, name_label, "holder"))
        if code_label:
            size = min(code_label.size, name_label.size * 0.8)
            body.append(_text(min_x + width * 0.03 + len(stand.code) * GLYPH_WIDTH * size / 2, min_y + size * 0.8,
                              Label(code_label.lines, size), "code"))
    elif code_label:
        body.append(_text(centre[0], centre[1], code_label, "code"))
    # While some stands are highlighted the others fade, so that a small stand in a full hall still stands out.
    fade = ' opacity="0.35"' if dimmed else ""
    group = (f'<g id="stand-{stand.pk}" class="{classes}" data-stand="{stand.pk}" data-code="{escape(stand.code)}" '
             f'data-state="{stand.state}"{fade}>{"".join(body)}</g>')
    # Linked only where the directory has the exhibitor's page (approved): an exhibitor set back to
    # "applied" may still hold stands, whose link would lead nowhere.
    if link and holder and stand.exhibitor.status == stand.exhibitor.Status.APPROVED:
        href = words.exhibitor_url(stand.show.event.slug, stand.exhibitor_id)
        # The link's name starts with what it shows, the company and the stand's code, as a person using
        # speech input reads it off the plan; the rest of the title follows.
        return f'<a href="{escape(href)}" class="stand-link" aria-label="{words.link_name(stand, holder)}">{group}</a>'
    return group


def _legend(entries: list[tuple[str, str, str, str]], *, top: float, width: float, row: float, hatch: str) -> str:
    """Swatches in one row under the plan; `entries` are (fill, outline, label, state), the state's marks
    (DASHED, HATCHED) drawn on its swatch as on its stands."""
    caption = escape(_("Legend"))
    parts, x = [f'<g class="legend" aria-label="{caption}">'], 0.0
    for fill, outline, label, state in entries:
        box = (f'x="{_fmt(x)}" y="{_fmt(top + row * 0.2)}" width="{_fmt(row * 0.6)}" height="{_fmt(row * 0.6)}"')
        dashes = f' stroke-dasharray="{_fmt(row * 0.12)} {_fmt(row * 0.07)}"' if state in DASHED else ""
        parts.append(f'<rect {box} fill="{fill}" stroke="{outline}" stroke-width="{_fmt(row * 0.05)}"{dashes}/>')
        if state in HATCHED:
            parts.append(f'<rect {box} fill="url(#{hatch})" stroke="none"/>')
        parts.append(f'<text x="{_fmt(x + row * 0.8)}" y="{_fmt(top + row * 0.5)}" font-size="{_fmt(row * 0.5)}" '
                     f'dominant-baseline="central">{escape(label)}</text>')
        x += row * 1.4 + len(label) * GLYPH_WIDTH * row * 0.5
    parts.append("</g>")
    return "".join(parts)


def _legend_entries(stands: list[Stand], colour_by: str, show: Show | None) -> list[tuple[str, str, str, str]]:
    entries = []
    if colour_by == "show":
        shows = {stand.show_id: stand.show for stand in stands}
        for item in sorted(shows.values(), key=lambda s: s.name_en):
            if show is None or item.pk == show.pk:
                entries.append((item.colour, item.colour, item.name, ""))
        if any(stand.state in DASHED for stand in stands):  # reserved: the show's colour, a dashed outline
            entries.append(("#ffffff", "#5b6675", Stand.State.RESERVED.label, Stand.State.RESERVED))
        entries.append((*STATE_COLOURS[Stand.State.BLOCKED], Stand.State.BLOCKED.label, Stand.State.BLOCKED))
    else:
        entries = [(fill, outline, Stand.State(state).label, state) for state, (fill, outline) in STATE_COLOURS.items()]
    if show is not None:
        entries.append((*OTHER_SHOW_COLOURS, _("other show"), ""))
    entries.append(("none", HIGHLIGHT_COLOUR, _("highlighted"), ""))
    return entries


def hall_svg(hall: Hall, *, event=None, stands: Iterable[Stand] | None = None, show: Show | None = None,
             colour_by: str = "state", highlight: frozenset = frozenset(), link_stands: bool = True,
             fade_others: bool = True) -> SafeString:
    """The hall drawn from its stands; pass `stands` (from selectors.stands_for_plan) to reuse a query.

    With `fade_others`, stands outside `highlight` fade while some are highlighted (the map's search);
    pages where every stand matters (booking, editing) keep them all at full colour.
    """
    if event is None and show is not None:
        event = show.event
    if stands is None:
        stands = selectors.stands_for_plan(hall, event=event)
    stands = list(stands)
    colour_by = colour_by if colour_by in ("state", "show") else "state"
    width, depth = float(hall.width_m), float(hall.depth_m)
    smallest = max(width, depth) / 180  # about 5 px on a plan drawn a thousand pixels wide
    row = max(width, depth) / 28
    words = Words()
    words.hatch = f"plan-hatch-{hall.pk}"
    drawn = "".join(
        _stand_svg(stand, show=show, colour_by=colour_by, highlighted=stand.pk in highlight,
                   dimmed=fade_others and bool(highlight) and stand.pk not in highlight, link=link_stands,
                   smallest=smallest, words=words)
        for stand in stands
    )
    title = _("Floor plan of %(hall)s") % {"hall": hall.name}
    description = _("%(count)s stands; %(width)s wide, %(depth)s deep.") % {
        "count": len(stands), "width": metres(width), "depth": metres(depth)}
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="floorplan colour-by-{colour_by}" role="group" '
        f'aria-labelledby="plan-title-{hall.pk}" viewBox="{_fmt(-row * 0.3)} {_fmt(-row * 0.3)} '
        f'{_fmt(width + row * 0.6)} {_fmt(depth + row * 1.8)}" font-family="system-ui, sans-serif" '
        f'data-hall="{escape(hall.code)}">'
        f'<title id="plan-title-{hall.pk}">{escape(title)}</title><desc>{escape(description)}</desc>'
        f'<defs><pattern id="{words.hatch}" patternUnits="userSpaceOnUse" width="{_fmt(smallest * 2)}" '
        f'height="{_fmt(smallest * 2)}" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" '
        f'y2="{_fmt(smallest * 2)}" stroke="#6b6b6b" stroke-width="{_fmt(smallest * 0.5)}"/></pattern></defs>'
        f'<rect class="hall-outline" x="0" y="0" width="{_fmt(width)}" height="{_fmt(depth)}" fill="#fafbfc" '
        f'stroke="#5b6675" stroke-width="{_fmt(smallest * 0.6)}"/>'
        f"{drawn}"
        f"{_legend(_legend_entries(stands, colour_by, show), top=depth + row * 0.3, width=width, row=row, hatch=words.hatch)}"
        "</svg>"
    )
