"""The show in figures, for the press (reportlab): dates, exhibitors and their countries, visitors
by category and country, delegations by country, meetings held and the deals announced in public.
Counts only: no person is named; a deal's value only when its parties allowed it to be announced."""

import io
import zoneinfo
from xml.sax.saxutils import escape

from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from pavilion.core.pdf import clip, paragraph_rows, unicode_font
from pavilion.reports import selectors
from pavilion.reports.dashboard import country_name

WIDTH = 180 * mm


def _bars(items: list[tuple[str, int]], title: str, font: str, colour: str) -> Drawing:
    """A horizontal bar chart, largest first, with the count at the end of each bar."""
    items = items[:12]
    row = 5.5 * mm
    height = max(len(items), 1) * row + 17 * mm
    drawing = Drawing(WIDTH, height)
    drawing.add(String(0, height - 5 * mm, title, fontName=font, fontSize=10))
    if not items:
        drawing.add(String(0, height - 11 * mm, "–", fontName=font, fontSize=9))
        return drawing
    chart = HorizontalBarChart()
    chart.x, chart.y = 55 * mm, 7 * mm
    chart.width, chart.height = WIDTH - 70 * mm, len(items) * row
    chart.data = [[value for _name, value in reversed(items)]]
    # A long name is cut to the room left of the chart (the axis labels end at chart.x).
    chart.categoryAxis.categoryNames = [clip(name, font, 8, chart.x - 3 * mm) for name, _value in reversed(items)]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 8
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    if max(value for _name, value in items) < 5:
        chart.valueAxis.valueStep = 1  # counts: no 0.2, 0.4 ... on the axis
    chart.bars[0].fillColor = colors.HexColor(colour)
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 7
    chart.barLabels.nudge = 7
    drawing.add(chart)
    return drawing


def _table(rows: list[list], widths: list[float], font: str, styles) -> Table:
    """Text cells become paragraphs, so a heading or figure in Russian or Azerbaijani wraps in its column."""
    table = Table(paragraph_rows(rows, styles["Small"]), colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font), ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#1f4e79")), ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return table


def _deal_rows(deals, styles, zone: zoneinfo.ZoneInfo) -> list[list]:
    rows = [[_("Signed"), _("Deal"), _("Parties"), _("Value")]]
    for deal in deals:
        parties = "; ".join(f"{party.display_name} ({country_name(party.country.code)})" for party in deal.parties.all())
        disclosed = deal.value is not None and deal.value_disclosed
        value = f"{floatformat(deal.value, '0g')} {deal.currency}" if disclosed else "–"
        # The day of signing at the show, not in UTC: late evening in Baku is the next day's morning.
        rows.append([deal.signed_at.astimezone(zone).strftime("%Y-%m-%d"),
                     Paragraph(f"<b>{escape(deal.title)}</b><br/>{escape(deal.get_kind_display())}", styles["Small"]),
                     Paragraph(escape(parties), styles["Small"]), value])
    return rows


def press_summary_pdf(event) -> bytes:
    figures = selectors.press_figures(event)
    font = unicode_font()
    styles = getSampleStyleSheet()
    for style in styles.byName.values():
        style.fontName = font
    styles.add(styles["Normal"].clone("Small", fontSize=8, leading=10, embeddedHyphenation=1))
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, title=_("%(event)s: press summary") % {"event": event.name},
                                 leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm, bottomMargin=15 * mm)
    dates = f"{event.start_date:%d.%m.%Y} – {event.end_date:%d.%m.%Y}"
    shows = ", ".join(show.name for show in figures.shows)
    facts = [(_("Dates"), dates), (_("Venue"), f"{event.venue.name}, {event.venue.city}"), (_("Shows"), shows),
             (_("Exhibitors"), floatformat(figures.exhibitors, "0g")),
             (_("Exhibitor countries"), floatformat(len(figures.exhibitor_countries), "0g")),
             (_("Accredited visitors and participants"), floatformat(figures.visitors, "0g")),
             (_("Visitor countries"), floatformat(len(figures.visitors_by_country), "0g")),
             (_("Official delegations"),
              floatformat(sum(count for _code, count in figures.delegations_by_country), "0g")),
             (_("B2B meetings held"), floatformat(figures.meetings_held, "0g")),
             # As the public page counts them: the announced deals signed by now, and those to come.
             (_("Signed at the show"), floatformat(len(figures.deals), "0g")),
             (_("Signings to come"), floatformat(len(figures.deals_to_come), "0g"))]
    flow = [Paragraph(escape(event.name), styles["Title"]),
            Paragraph(escape(_("The show in figures, for the press")), styles["Heading3"]), Spacer(1, 3 * mm),
            _table([[_("Figure"), pgettext("figure", "Value")], *[[label, value] for label, value in facts]], [90 * mm, 90 * mm], font,
                   styles),
            Spacer(1, 5 * mm),
            _bars([(country_name(code), count) for code, count in figures.exhibitor_countries],
                  _("Exhibitors by country"), font, "#1f4e79"),
            _bars(figures.visitors_by_category, _("Visitors by category"), font, "#2e8b57"),
            _bars([(country_name(code), count) for code, count in figures.visitors_by_country],
                  _("Visitors by country (top 12)"), font, "#117a8b"),
            _bars([(country_name(code), count) for code, count in figures.delegations_by_country],
                  _("Official delegations by country"), font, "#6c3483"),
            Spacer(1, 4 * mm), Paragraph(escape(_("Deals announced at the show")), styles["Heading2"])]
    zone = zoneinfo.ZoneInfo(event.time_zone)
    widths = [24 * mm, 58 * mm, 70 * mm, 28 * mm]
    if figures.deals:
        flow.append(_table(_deal_rows(figures.deals, styles, zone), widths, font, styles))
    elif figures.deals_to_come:
        flow.append(Paragraph(escape(_("No announced deal has been signed yet.")), styles["Normal"]))
    else:
        flow.append(Paragraph(escape(_("No deal has been announced yet.")), styles["Normal"]))
    if figures.deals_to_come:  # announced ahead of their signing: apart, as on the public page
        flow += [Spacer(1, 4 * mm), Paragraph(escape(_("Signings to come")), styles["Heading2"]),
                 Paragraph(escape(_("Announced ahead of their signing: not signed yet.")), styles["Normal"]),
                 Spacer(1, 2 * mm), _table(_deal_rows(figures.deals_to_come, styles, zone), widths, font, styles)]
    document.build(flow)
    return buffer.getvalue()
