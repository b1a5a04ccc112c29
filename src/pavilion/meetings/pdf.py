"""The printable agenda of one participant (reportlab): day by day, time, place and the others.

Only names and organisations of the other participants are printed, like in the calendar file.
"""

import io
import zoneinfo
from itertools import groupby
from xml.sax.saxutils import escape

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from pavilion.core.i18n import localized
from pavilion.core.pdf import unicode_font
from pavilion.meetings.selectors.agendas import display_name, others


def _styles(font: str):
    styles = getSampleStyleSheet()
    for style in styles.byName.values():
        style.fontName = font
        style.embeddedHyphenation = 1  # a long hyphenated name breaks at its hyphen, not inside a word
    return styles


def _day_table(rows: list[list], font: str) -> Table:
    table = Table(rows, colWidths=[28 * mm, 52 * mm, 100 * mm], repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font), ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#1f4e79")), ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return table


def agenda_pdf(event, registration, meetings, *, language: str | None = None) -> bytes:
    """The agenda in the participant's own language, whoever prints it (an organiser may print it for them),
    unless `language` is given: the one the participant reads the agenda page in when they print it."""
    with translation.override(language or registration.person.language or translation.get_language()):
        return _agenda_pdf(event, registration, meetings)


def _agenda_pdf(event, registration, meetings) -> bytes:
    font = unicode_font()
    styles = _styles(font)
    zone = zoneinfo.ZoneInfo(event.time_zone)
    buffer = io.BytesIO()
    title = _("B2B meeting agenda")
    document = SimpleDocTemplate(buffer, pagesize=A4, title=f"{title} {registration.pk}",
                                 leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm, bottomMargin=15 * mm)
    # Paragraph reads markup: what people typed is escaped.
    flow = [Paragraph(escape(title), styles["Title"]),
            Paragraph(escape(f"{display_name(registration)} · {localized(event, 'name')}"), styles["Normal"]),
            Paragraph(escape(_("Times are local time (%(zone)s).") % {"zone": event.time_zone}), styles["Normal"])]
    meetings = list(meetings)
    if not meetings:
        flow += [Spacer(1, 6 * mm), Paragraph(escape(_("No meetings scheduled yet.")), styles["Normal"])]
    for day, day_meetings in groupby(meetings, key=lambda meeting: meeting.starts_at.astimezone(zone).date()):
        rows = [[_("Time"), _("Where"), _("With")]]
        for meeting in day_meetings:
            start, end = meeting.starts_at.astimezone(zone), meeting.ends_at.astimezone(zone)
            hall = localized(meeting.location.hall, "name") if meeting.location.hall else ""
            where = meeting.location.name + (f"\n{hall}" if hall else "")
            with_whom = "\n".join(display_name(row.registration) for row in others(meeting, registration.pk))
            rows.append([f"{start:%H:%M}–{end:%H:%M}", Paragraph(escape(where).replace("\n", "<br/>"), styles["Normal"]),
                         Paragraph(escape(with_whom).replace("\n", "<br/>"), styles["Normal"])])
        flow += [Spacer(1, 5 * mm), Paragraph(escape(date_format(day, "l, j E Y")), styles["Heading2"]),
                 _day_table(rows, font)]
    document.build(flow)
    return buffer.getvalue()
