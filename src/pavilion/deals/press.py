"""The press export of announced public deals: CSV, XLSX and a one-page PDF.

Every format is built from `selectors.public_deals`, whoever asks: the press export carries only
what the public may see, and a value only when its disclosure was agreed.
"""

import io
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from pavilion.core import spreadsheets
from pavilion.core.i18n import localized
from pavilion.core.pdf import paragraph_rows, unicode_font
from pavilion.deals import selectors

VALUE_COLUMN = 13
PDF_ROWS = 14  # at most, on one landscape A4 page; fewer when long titles and parties wrap into taller rows


def headers() -> list[str]:
    return [_("Signed"), _("Kind"), _("Title"), _("Title (English)"), _("Title (Azerbaijani)"), _("Title (Russian)"),
            _("Subject (English)"), _("Subject (Azerbaijani)"), _("Subject (Russian)"), _("Parties"),
            _("Countries"), _("Categories"), _("Export-control class"), _("Value"), _("Currency"), _("Place"),
            _("Place of signing (English)"), _("Place of signing (Azerbaijani)"), _("Place of signing (Russian)")]


def party_label(party) -> str:
    return f"{party.display_name} ({party.country.code}, {party.get_role_display()})"


def deal_row(deal, zone, language: str) -> list[str]:
    parties = list(deal.parties.all())
    disclosed = deal.value_disclosed and deal.value is not None
    return [
        deal.signed_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"), deal.get_kind_display(),
        localized(deal, "title", language), deal.title_en, deal.title_az, deal.title_ru,
        deal.subject_en, deal.subject_az, deal.subject_ru,
        "; ".join(party_label(party) for party in parties),
        " ".join(sorted({party.country.code for party in parties})),
        "; ".join(localized(category, "name", language) for category in deal.categories.all()),
        deal.control, f"{deal.value:.2f}" if disclosed else "", deal.currency if disclosed else "",
        localized(deal, "place", language), deal.place_en, deal.place_az, deal.place_ru,
    ]


def press_rows(event, language: str) -> Iterator[list[str]]:
    """The header row, then one row per announced public deal signed by now, in the order of signing (one
    announced ahead of its signing comes once signed: the public page lists those apart, "to be signed")."""
    zone = selectors.event_zone(event)
    with translation.override(language):
        yield headers()
        for deal in signed_deals(event):
            yield deal_row(deal, zone, language)


def signed_deals(event) -> list:
    signed, _to_come = selectors.signed_and_to_come(selectors.public_deals(event))
    return signed


def csv_lines(event, language: str) -> Iterator[str]:
    """The press list as CSV (its first row is the header), typed text made safe by core.spreadsheets."""
    return spreadsheets.csv_lines(None, press_rows(event, language))


def xlsx_file(event, language: str):
    """The workbook in a temporary file, written row by row in constant memory; the caller streams it.
    The value is a number (with thousands separators) where the CSV has its text."""
    handle = tempfile.TemporaryFile()
    rows = press_rows(event, language)
    header = next(rows)
    numbers = ([*row[:VALUE_COLUMN], Decimal(row[VALUE_COLUMN]) if row[VALUE_COLUMN] else "", *row[VALUE_COLUMN + 1:]]
               for row in rows)
    with translation.override(language):
        title = _("Deals")
    spreadsheets.write_xlsx(handle, header, numbers, title=title, number_formats={VALUE_COLUMN: "#,##0.00"},
                            widths=[17, 22, 40, 40, 40, 40, 40, 40, 40, 60, 12, 30, 12, 16, 9, 24, 24, 24, 24])
    handle.seek(0)
    return handle


PAGE = landscape(A4)
MARGINS = {"leftMargin": 12 * mm, "rightMargin": 12 * mm, "topMargin": 10 * mm, "bottomMargin": 10 * mm}
COLUMNS = [26 * mm, 32 * mm, 90 * mm, 95 * mm, 30 * mm]  # 273 mm, the frame's width


def pdf_bytes(event, language: str) -> bytes:
    """One page: the latest announced deals first; the spreadsheet exports carry the full list."""
    font = unicode_font()
    styles = getSampleStyleSheet()
    for style in styles.byName.values():
        style.fontName = font
    cell = styles["BodyText"].clone("cell", fontSize=7.5, leading=9, embeddedHyphenation=1)
    zone = selectors.event_zone(event)
    deals = signed_deals(event)
    with translation.override(language):
        title = _("Signed at the show")
        rows = [[_("Signed"), _("Kind"), _("Title"), _("Parties"), _("Value")]]
        for deal in deals[-PDF_ROWS:][::-1]:
            row = deal_row(deal, zone, language)
            value = f"{row[VALUE_COLUMN]} {row[VALUE_COLUMN + 1]}".strip() or "—"
            rows.append([row[0], row[1], _clip(row[2], 140), _clip(row[9], 220), value])
        rows = paragraph_rows(rows, cell)

        def heading(shown: int) -> list:
            summary = _("%(count)s announced deals. This page shows the latest %(shown)s; the CSV and XLSX "
                        "exports list them all.") % {"count": len(deals), "shown": shown}
            return [Paragraph(escape(f"{title} · {localized(event, 'name', language)}"), styles["Title"]),
                    Paragraph(escape(summary), styles["Normal"]), Spacer(1, 3 * mm)]

        table, shown = _fitted_table(rows, heading(len(rows) - 1), font)
        flow = [*heading(shown), table]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=PAGE, title=title, **MARGINS).build(flow)
    return buffer.getvalue()


def _fitted_table(rows: list[list], heading: list, font: str) -> tuple[Table, int]:
    """The table of as many of the rows as fit on the page under the heading: long titles and
    parties wrap into taller rows, and the page stays one page (the oldest deals give way).
    Returns the table and the number of deals in it."""
    width = PAGE[0] - MARGINS["leftMargin"] - MARGINS["rightMargin"] - 12  # the frame's padding
    room = PAGE[1] - MARGINS["topMargin"] - MARGINS["bottomMargin"] - 12 - 2 * mm
    room -= sum(flowable.wrap(width, room)[1] + flowable.getSpaceBefore() + flowable.getSpaceAfter()
                for flowable in heading)
    while True:
        table = Table(rows, colWidths=COLUMNS, repeatRows=1)
        if len(rows) <= 2 or table.wrap(width, room)[1] <= room:
            break
        rows = rows[:-1]
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font), ("FONTSIZE", (0, 0), (-1, -1), 7.5),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#1f4e79")), ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return table, len(rows) - 1


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
