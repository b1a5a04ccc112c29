"""The delegation brief: one printable PDF for the escort officers (reportlab).

It names members, ranks and the programme, and never carries birth dates or document numbers:
the brief travels in cars and lobbies.
"""

import io
import zoneinfo
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from pavilion.core.pdf import paragraph_rows, unicode_font
from pavilion.registrations import visits
from pavilion.registrations.selectors import delegation_members

# Order, rank, name, position, status: 180 mm across. The order and status columns hold their longest
# word in the three languages whole ("Порядок", "на рассмотрении"), with the cell's padding.
MEMBER_COLUMNS = [20 * mm, 34 * mm, 52 * mm, 44 * mm, 30 * mm]


def _local(moment, time_zone: str) -> str:
    if moment is None:
        return "—"
    return moment.astimezone(zoneinfo.ZoneInfo(time_zone)).strftime("%Y-%m-%d %H:%M")


def _table(rows: list[list[str]], widths: list[float], font: str, cell) -> Table:
    """Every cell a paragraph, so a long name, rank or place wraps inside its column instead of
    running over the next one."""
    table = Table(paragraph_rows(rows, cell), colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font), ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#1f4e79")), ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return table


def _header(delegation, styles) -> list:
    event = delegation.event
    facts = [
        (_("Sending body"), delegation.sending_body or "—"),
        (_("Arrival"), _local(delegation.arrival, event.time_zone)),
        (_("Departure"), _local(delegation.departure, event.time_zone)),
        (_("Escort officer"), f"{delegation.liaison_officer} {delegation.liaison_officer_phone}".strip() or "—"),
        (_("Interpreters"), delegation.interpreter_languages or "—"),
    ]
    if delegation.notes:
        facts.append((_("Notes"), delegation.notes))
    # Paragraph reads markup: what people typed is escaped.
    title = _("Delegation brief")
    flow = [Paragraph(escape(f"{title}: {delegation.country.name}"), styles["Title"]),
            Paragraph(escape(str(event.name)), styles["Normal"]), Spacer(1, 4 * mm)]
    flow += [Paragraph(f"<b>{escape(label)}:</b> {escape(value)}", styles["Normal"]) for label, value in facts]
    return flow


def delegation_brief_pdf(delegation) -> bytes:
    font = unicode_font()
    styles = getSampleStyleSheet()
    for style in styles.byName.values():
        style.fontName = font
    cell = styles["Normal"].clone("cell", fontSize=9, leading=11, embeddedHyphenation=1)  # breaks at a word's hyphen
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, title=f"Delegation brief {delegation.pk}",
                                 leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm, bottomMargin=15 * mm)
    members = [[_("Order"), _("Rank"), pgettext("person", "Name"), _("Position"), _("Status")]]
    for member in delegation_members(delegation):
        head_label = _("head of delegation")
        head = f" ({head_label})" if member.is_head_of_delegation else ""
        members.append([str(member.protocol_order), member.rank, member.person.full_name + head, member.position,
                        member.get_status_display()])
    programme = [[_("From"), _("To"), _("Visit"), _("Place")]]
    for visit in visits.programme(delegation):
        programme.append([_local(visit.starts_at, delegation.event.time_zone),
                          _local(visit.ends_at, delegation.event.time_zone), visit.title, visits.visit_place(visit)])
    flow = _header(delegation, styles)
    flow += [Spacer(1, 6 * mm), Paragraph(escape(_("Members in protocol order")), styles["Heading2"]),
             _table(members, MEMBER_COLUMNS, font, cell),
             Spacer(1, 6 * mm), Paragraph(escape(_("Programme")), styles["Heading2"]),
             _table(programme, [32 * mm, 32 * mm, 70 * mm, 46 * mm], font, cell)]
    document.build(flow)
    return buffer.getvalue()
