"""Printable A6 badges (reportlab + segno): photo, name, organisation, country, a colour band per
category, the zones and the QR code. The QR code is embedded as a lossless image with one block
of pixels per module, so it prints sharp and a test can read it back from the PDF."""

import io

import segno
from PIL import Image
from reportlab.lib import colors
from reportlab.lib.pagesizes import A6
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from pavilion.accreditation.models import Zone
from pavilion.core.pdf import unicode_font

PIXELS_PER_MODULE = 6


def qr_image(token: str) -> Image.Image:
    """The badge's QR code as a black-and-white image (alphanumeric mode, error correction M)."""
    buffer = io.BytesIO()
    segno.make_qr(token, error="m").save(buffer, kind="png", scale=PIXELS_PER_MODULE, border=4)
    buffer.seek(0)
    return Image.open(buffer).convert("L")


def qr_svg(token: str) -> str:
    buffer = io.BytesIO()
    segno.make_qr(token, error="m").save(buffer, kind="svg", scale=6, border=4, xmldecl=False, svgns=True)
    return buffer.getvalue().decode()


def _fit(pdf, text: str, font: str, size: float, width: float) -> float:
    while size > 6 and pdf.stringWidth(text, font, size) > width:
        size -= 0.5
    return size


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


def draw_badge(pdf, badge, zone_names: dict[int, str]) -> None:
    font = unicode_font()
    width, height = A6
    registration = badge.registration
    person, category = registration.person, registration.category
    band = 16 * mm
    pdf.setFillColor(colors.HexColor(category.badge_colour))
    pdf.rect(0, height - band, width, band, stroke=0, fill=1)
    pdf.rect(0, 0, width, 8 * mm, stroke=0, fill=1)
    pdf.setFillColor(colors.white)
    pdf.setFont(font, 9)
    pdf.drawString(6 * mm, height - 6 * mm, badge.event.name_en)
    pdf.setFont(font, 13)
    pdf.drawString(6 * mm, height - 12.5 * mm, category.name_en.upper())
    _photo(pdf, person, 6 * mm, height - band - 40 * mm, 30 * mm, 36 * mm)
    pdf.setFillColor(colors.black)
    left, text_width = 40 * mm, width - 46 * mm
    name = person.full_name
    size = _fit(pdf, name, font, 14, text_width)
    pdf.setFont(font, size)
    pdf.drawString(left, height - band - 10 * mm, name)
    pdf.setFont(font, 9)
    organisation = registration.organisation or (registration.exhibitor.company.name if registration.exhibitor_id else "")
    pdf.drawString(left, height - band - 17 * mm, organisation[:45])
    pdf.drawString(left, height - band - 23 * mm, person.nationality.name if person.nationality else "")
    if registration.rank:
        pdf.drawString(left, height - band - 29 * mm, registration.rank[:45])
    zones = ", ".join(zone_names.get(number, str(number)) for number in badge.zones)
    text = pdf.beginText(6 * mm, height - band - 46 * mm)
    text.setFont(font, 7)
    for line in _wrap(pdf, zones, font, 7, width - 12 * mm)[:3]:
        text.textLine(line)
    pdf.drawText(text)
    qr = qr_image(badge.token)
    side = 52 * mm
    pdf.drawImage(ImageReader(qr), (width - side) / 2, 10 * mm, side, side)
    pdf.setFillColor(colors.white)
    pdf.setFont(font, 8)
    pdf.drawString(6 * mm, 3 * mm, f"No. {badge.serial} · {badge.generation}")
    pdf.showPage()


def _wrap(pdf, text: str, font: str, size: float, width: float) -> list[str]:
    lines, line = [], ""
    for word in text.split(" "):
        candidate = f"{line} {word}".strip()
        if line and pdf.stringWidth(candidate, font, size) > width:
            lines.append(line)
            candidate = word
        line = candidate
    return lines + ([line] if line else [])


def badges_pdf(badges, *, title: str = "Badges") -> bytes:
    """One A6 page per badge, in the order given (batch printing per company or delegation)."""
    badges = list(badges)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A6)
    pdf.setTitle(title)
    names = {}
    if badges:
        names = {zone.number: zone.name_en for zone in Zone.objects.filter(event_id=badges[0].event_id)}
    for badge in badges:
        draw_badge(pdf, badge, names)
    if not badges:
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()
