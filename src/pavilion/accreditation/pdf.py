"""Printable A6 badges (reportlab + segno): photo, name, organisation, country, a colour band per
category, the zones and the QR code; the category and the zones in English and in Azerbaijani. The
QR code is embedded as a lossless image with one block of pixels per module, so it prints sharp and
a test can read it back from the PDF."""

import io

import segno
from PIL import Image
from reportlab.lib import colors
from reportlab.lib.pagesizes import A6
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas

from pavilion.accreditation.gate_rows import holder_organisation
from pavilion.accreditation.models import Zone
from pavilion.core.pdf import fit_lines, unicode_font, wrap

PIXELS_PER_MODULE = 6


def qr_image(token: str) -> Image.Image:
    """The badge's QR code as a black-and-white image (alphanumeric mode, error correction M)."""
    buffer = io.BytesIO()
    segno.make_qr(token, error="m").save(buffer, kind="png", scale=PIXELS_PER_MODULE, border=4)
    buffer.seek(0)
    return Image.open(buffer).convert("L")


def qr_svg(token: str) -> str:
    """The badge's QR code for a page: its natural size (6 px a module) in width and height, and a viewBox so
    that the page's style may shrink it to fit a narrower card (without one the drawing overflowed its box)."""
    code = segno.make_qr(token, error="m")
    buffer = io.BytesIO()
    code.save(buffer, kind="svg", scale=6, border=4, xmldecl=False, svgns=True, omitsize=True)
    width, height = code.symbol_size(scale=6, border=4)
    return buffer.getvalue().decode().replace("<svg ", f'<svg width="{width}" height="{height}" ', 1)


def _photo(pdf, person, x, y, width, height) -> None:
    pdf.setStrokeColor(colors.grey)
    pdf.rect(x, y, width, height)
    if not person.photo:
        return
    try:
        with person.photo.open("rb") as handle:
            image = Image.open(io.BytesIO(handle.read()))
            image.load()
    except (OSError, ValueError):
        return  # a missing or unreadable photo leaves the frame empty; the badge still prints
    pdf.drawImage(ImageReader(image), x, y, width, height, preserveAspectRatio=True, anchor="c")


def _lines(pdf, text: str, x: float, top: float, width: float, *, font: str, size: float, least: float,
           lines: int) -> float:
    """The text fitted into at most `lines` lines below `top`; returns where the next text may start."""
    if not text:
        return top
    size, wrapped = fit_lines(text, font, width, size=size, least=least, lines=lines)
    return _draw(pdf, wrapped, x, top, font=font, size=size)


def _draw(pdf, wrapped: list[str], x: float, top: float, *, font: str, size: float) -> float:
    pdf.setFont(font, size)
    for line in wrapped:
        top -= size
        pdf.drawString(x, top, line)
        top -= size * 0.2
    return top - 1.5 * mm


def _pack(labels: list[str], font: str, size: float, width: float) -> list[str]:
    """The labels joined by " · " into lines no wider than `width`, a label broken only where it is
    wider than a line by itself: a guard finds "Hall 2 / 2 saylı zal" whole on one line."""
    lines, line = [], ""
    for label in labels:
        candidate = f"{line} · {label}" if line else label
        if line and pdfmetrics.stringWidth(candidate, font, size) > width:
            lines.append(line)
            candidate = label
        line = candidate
    lines += [line] if line else []
    return [part for line in lines for part in wrap(line, font, size, width)]


def _zones(pdf, labels: list[str], x: float, top: float, width: float, *, font: str, size: float, least: float,
           lines: int) -> float:
    """The zone labels in at most `lines` lines, shrinking from `size` to `least`; at `least` what does
    not fit is cut with an ellipsis (`fit_lines` on the whole list)."""
    while True:
        wrapped = _pack(labels, font, size, width)
        if len(wrapped) <= lines:
            return _draw(pdf, wrapped, x, top, font=font, size=size)
        if size <= least:
            return _lines(pdf, " · ".join(labels), x, top, width, font=font, size=least, least=least, lines=lines)
        size = max(least, size - 0.5)


def _holder(pdf, badge, font: str, left: float, top: float, width: float) -> None:
    """Name, organisation, nationality and rank beside the photo: long ones wrap and shrink."""
    registration = badge.registration
    person = registration.person
    # A journalist's registration gives the media outlet only.
    organisation = (holder_organisation(registration.organisation, registration.media_outlet)
                    or (registration.exhibitor.company.name if registration.exhibitor_id else ""))
    top = _lines(pdf, person.full_name, left, top, width, font=font, size=14, least=8, lines=2)
    top = _lines(pdf, organisation, left, top, width, font=font, size=9, least=6.5, lines=3)
    top = _lines(pdf, person.nationality.name if person.nationality else "", left, top, width, font=font, size=9,
                 least=6.5, lines=1)
    _lines(pdf, registration.rank, left, top, width, font=font, size=9, least=6.5, lines=2)


def _upper(text: str, language: str = "en") -> str:
    """Capitals as the language writes them: Azerbaijani (like Turkish) capitalises i as İ, where
    Python's str.upper() would give I, the capital of ı."""
    return (text.replace("i", "İ") if language == "az" else text).upper()


def _differs(english: str, azerbaijani: str) -> bool:
    return bool(azerbaijani.strip()) and azerbaijani.strip().casefold() != english.strip().casefold()


def zone_label(zone: Zone) -> str:
    """A zone as the badge prints it: English for visitors, then Azerbaijani for the guards where it
    is another name ("Press centre / Mətbuat mərkəzi", but "VIP" once)."""
    if _differs(zone.name_en, zone.name_az):
        return f"{zone.name_en} / {zone.name_az}"
    return zone.name_en


def _band(pdf, badge, font: str, width: float, height: float) -> None:
    """The event and the category in white on the category's colour: the category in English and,
    below it in smaller type, in Azerbaijani where that is another name (ADEX's guards read
    Azerbaijani, its visitors English)."""
    category = badge.registration.category
    pdf.setFillColor(colors.white)
    _lines(pdf, badge.event.name_en, 6 * mm, height - 3 * mm, width - 12 * mm, font=font, size=9, least=6, lines=1)
    top = _lines(pdf, _upper(category.name_en), 6 * mm, height - 8 * mm, width - 12 * mm, font=font, size=13,
                 least=8, lines=1)
    if _differs(category.name_en, category.name_az):
        _lines(pdf, _upper(category.name_az, "az"), 6 * mm, top + 1 * mm, width - 12 * mm, font=font, size=9,
               least=6, lines=1)


def draw_badge(pdf, badge, zone_labels: dict[int, str]) -> None:
    """One A6 page; `zone_labels` are the event's zones by number, as `zone_label` prints them."""
    font = unicode_font()
    width, height = A6
    category = badge.registration.category
    band = 20 * mm
    pdf.setFillColor(colors.HexColor(category.badge_colour))
    pdf.rect(0, height - band, width, band, stroke=0, fill=1)
    pdf.rect(0, 0, width, 8 * mm, stroke=0, fill=1)
    _band(pdf, badge, font, width, height)
    _photo(pdf, badge.registration.person, 6 * mm, height - band - 40 * mm, 30 * mm, 36 * mm)
    pdf.setFillColor(colors.black)
    _holder(pdf, badge, font, 40 * mm, height - band - 4 * mm, width - 46 * mm)
    zones = [zone_labels.get(number, str(number)) for number in badge.zones]
    # Below the photo and above the QR code (62 mm from the foot) six lines of 7 pt fit: every zone
    # of an organiser's badge in two languages.
    _zones(pdf, zones, 6 * mm, height - band - 46 * mm, width - 12 * mm, font=font, size=7, least=6, lines=6)
    qr = qr_image(badge.token)
    side = 52 * mm
    pdf.drawImage(ImageReader(qr), (width - side) / 2, 10 * mm, side, side)
    pdf.setFillColor(colors.white)
    pdf.setFont(font, 8)
    pdf.drawString(6 * mm, 3 * mm, f"No. {badge.serial} · {badge.generation}")
    pdf.showPage()


def badges_pdf(badges, *, title: str = "Badges") -> bytes:
    """One A6 page per badge, in the order given (batch printing per company or delegation); a badge
    still to be re-signed is left out (its stored code is the old generation's, refused at the gates)."""
    badges = [badge for badge in badges if not badge.awaiting_signature]
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A6)
    pdf.setTitle(title)
    names = {}
    if badges:
        names = {zone.number: zone_label(zone) for zone in Zone.objects.filter(event_id=badges[0].event_id)}
    for badge in badges:
        draw_badge(pdf, badge, names)
    if not badges:
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()
