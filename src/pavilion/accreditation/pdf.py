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
from pavilion.core.pdf import fit_lines, unicode_font

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
    pdf.setFont(font, size)
    for line in wrapped:
        top -= size
        pdf.drawString(x, top, line)
        top -= size * 0.2
    return top - 1.5 * mm


def _holder(pdf, badge, font: str, left: float, top: float, width: float) -> None:
    """Name, organisation, nationality and rank beside the photo: long ones wrap and shrink."""
    registration = badge.registration
    person = registration.person
    organisation = registration.organisation or (registration.exhibitor.company.name if registration.exhibitor_id else "")
    top = _lines(pdf, person.full_name, left, top, width, font=font, size=14, least=8, lines=2)
    top = _lines(pdf, organisation, left, top, width, font=font, size=9, least=6.5, lines=3)
    top = _lines(pdf, person.nationality.name if person.nationality else "", left, top, width, font=font, size=9,
                 least=6.5, lines=1)
    _lines(pdf, registration.rank, left, top, width, font=font, size=9, least=6.5, lines=2)


def draw_badge(pdf, badge, zone_names: dict[int, str]) -> None:
    font = unicode_font()
    width, height = A6
    category = badge.registration.category
    band = 16 * mm
    pdf.setFillColor(colors.HexColor(category.badge_colour))
    pdf.rect(0, height - band, width, band, stroke=0, fill=1)
    pdf.rect(0, 0, width, 8 * mm, stroke=0, fill=1)
    pdf.setFillColor(colors.white)
    _lines(pdf, badge.event.name_en, 6 * mm, height - 3 * mm, width - 12 * mm, font=font, size=9, least=6, lines=1)
    _lines(pdf, category.name_en.upper(), 6 * mm, height - 8 * mm, width - 12 * mm, font=font, size=13, least=8,
           lines=1)
    _photo(pdf, badge.registration.person, 6 * mm, height - band - 40 * mm, 30 * mm, 36 * mm)
    pdf.setFillColor(colors.black)
    _holder(pdf, badge, font, 40 * mm, height - band - 4 * mm, width - 46 * mm)
    zones = ", ".join(zone_names.get(number, str(number)) for number in badge.zones)
    _lines(pdf, zones, 6 * mm, height - band - 47 * mm, width - 12 * mm, font=font, size=7, least=6, lines=3)
    qr = qr_image(badge.token)
    side = 52 * mm
    pdf.drawImage(ImageReader(qr), (width - side) / 2, 10 * mm, side, side)
    pdf.setFillColor(colors.white)
    pdf.setFont(font, 8)
    pdf.drawString(6 * mm, 3 * mm, f"No. {badge.serial} · {badge.generation}")
    pdf.showPage()


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
