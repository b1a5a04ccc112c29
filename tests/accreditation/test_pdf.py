"""Printed badges: an A6 page per badge whose QR code, read back from the PDF, is the badge's token;
batch printing per company and per delegation; the mobile badge page."""

import base64
import io
import re
import zlib

import pytest
import zxingcpp
from PIL import Image
from reportlab.lib.units import mm

from pavilion.accreditation import issuing, pdf
from pavilion.accreditation.models import Zone
from tests import pdf_layout
from tests.pdf_layout import uncompressed_pdf_fixture  # noqa: F401
from tests.registrations.support import numbered_name, photo_bytes

IMAGE = re.compile(rb"<<([^>]*?/Subtype /Image[^>]*?)>>\s*stream\r?\n(.*?)endstream", re.S)


def pdf_images(content: bytes) -> list[Image.Image]:
    """The images of a reportlab PDF (ASCII85 + Flate, as reportlab writes them)."""
    images = []
    for header, stream in IMAGE.findall(content):
        fields = dict(re.findall(rb"/(Width|Height|ColorSpace) /?(\w+)", header))
        data = stream.strip()
        if b"ASCII85Decode" in header:
            data = base64.a85decode(data.removeprefix(b"<~"), adobe=data.startswith(b"<~") or data.endswith(b"~>"))
        if b"FlateDecode" in header:
            data = zlib.decompress(data)
        mode = {b"DeviceGray": "L", b"DeviceRGB": "RGB"}[fields[b"ColorSpace"]]
        images.append(Image.frombytes(mode, (int(fields[b"Width"]), int(fields[b"Height"])), data))
    return images


def qr_texts(content: bytes) -> list[str]:
    texts = []
    for image in pdf_images(content):
        texts += [result.text for result in zxingcpp.read_barcodes(image) if result.format == zxingcpp.BarcodeFormat.QRCode]
    return texts


def test_the_qr_code_in_the_pdf_decodes_to_the_badges_token(badge_of, client, world):
    badge = badge_of(organisation="Azersec")
    badge.registration.person.photo.save("leyla.jpg", io.BytesIO(photo_bytes()))
    client.force_login(world.organiser)
    response = client.get(f"/events/{world.event.slug}/accreditation/badges/{badge.serial}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    content = response.content
    assert content.startswith(b"%PDF") and b"/MediaBox [ 0 0 297.6378 419.5276 ]" in content  # A6
    assert qr_texts(content) == [badge.token]
    assert len(pdf_images(content)) == 2  # the photo and the QR code


def test_a_revoked_badge_is_not_printed_and_others_may_not_print(badge_of, client, world):
    badge = badge_of()
    client.force_login(world.visitor)
    assert client.get(f"/events/{world.event.slug}/accreditation/badges/{badge.serial}.pdf").status_code == 403
    issuing.badge_revoke(actor=world.organiser, badge=badge, reason="lost")
    client.force_login(world.organiser)
    assert client.get(f"/events/{world.event.slug}/accreditation/badges/{badge.serial}.pdf").status_code == 404


def test_batch_printing_per_company_and_per_delegation(badge_of, client, world, commit):
    from pavilion.registrations import services as registration_services

    staff = [badge_of("exhibitor-staff", exhibitor=world.exhibitor) for _ in range(2)]
    delegation = registration_services.delegation_create(actor=world.liaison, event=world.event, country="TR",
                                                         sending_body="Ministry of National Defence")
    members = []
    for order in (2, 1):
        registration = commit(registration_services.registration_submit, actor=world.liaison,
                              category=world.categories["delegation-member"], delegation=delegation,
                              person=_person(order), details={"protocol_order": order, "rank": "Colonel"})
        registration = commit(registration_services.registration_approve, actor=world.organiser,
                              registration=registration)
        members.append(issuing.badge_issue(actor=world.organiser, registration=registration))
    client.force_login(world.organiser)
    response = client.get(f"/events/{world.event.slug}/accreditation/print/delegation/{delegation.pk}.pdf")
    assert response.content.count(b"/Type /Page\n") == 2
    assert qr_texts(response.content) == [members[1].token, members[0].token]  # head of delegation first
    exhibitor = world.exhibitor
    response = client.get(f"/events/{world.event.slug}/accreditation/print/exhibitor/{exhibitor.pk}.pdf")
    assert response.status_code == 200 and sorted(qr_texts(response.content)) == sorted(b.token for b in staff)


def _person(number):
    from tests.registrations.support import person

    return person(given_name=numbered_name("Member", number), email=f"m{number}@example.test", document_number=f"M{number:07d}",
                  nationality="TR")


def test_the_mobile_badge_page_shows_the_holders_qr_code(badge_of, client, world):
    badge = badge_of()
    badge.registration.person.user = world.visitor
    badge.registration.person.save()
    client.force_login(world.visitor)
    page = client.get("/my/badges/").content.decode()
    assert f'data-serial="{badge.serial}"' in page and "<svg" in page
    assert badge.registration.person.full_name in page
    client.force_login(world.organiser)
    assert f'data-serial="{badge.serial}"' not in client.get("/my/badges/").content.decode()


def test_the_svg_qr_code_is_the_token(badge_of):
    badge = badge_of()
    assert pdf.qr_image(badge.token).size[0] > 100
    # Read as the gates read it, QR codes only: a reader of every symbology now and then also finds a
    # short one-dimensional code among the modules of a random token's QR code.
    assert [result.text for result in zxingcpp.read_barcodes(pdf.qr_image(badge.token),
                                                             formats=zxingcpp.BarcodeFormat.QRCode)] == [badge.token]


# Real names and organisations are long and not in Latin-1: they must print whole, in the embedded
# font, inside the A6 card and not over each other.
LONG_NAME = ("Gülnarə", "Şəfiqə qızı", "Əliyeva-Hüseynzadə")
LONG_ORGANISATION = ("Azərbaycan Respublikası Müdafiə Sənayesi Nazirliyinin Elmi-Tədqiqat və "
                     "Layihə-Konstruktor İnstitutu")
LONG_RANK = "Генерал-лейтенант, заместитель министра обороны по вооружению"


def _long_badge(badge_of):
    badge = badge_of(organisation=LONG_ORGANISATION, rank=LONG_RANK)
    holder = badge.registration.person
    holder.given_name, holder.patronymic, holder.family_name = LONG_NAME
    holder.save()
    return badge


def test_a_long_azerbaijani_name_organisation_and_russian_rank_fit_on_the_badge(badge_of, uncompressed_pdf):
    badge = _long_badge(badge_of)
    content = pdf.badges_pdf([badge])
    runs, _sizes = pdf_layout.read(content)
    assert {run.font for run in runs} == {"DejaVuSans"}  # the shipped font, embedded: every letter has a glyph
    assert b"/FontFile2" in content
    printed = pdf_layout.text(content)
    for words in (" ".join(LONG_NAME), LONG_ORGANISATION, LONG_RANK):
        for word in words.split():
            assert word in printed, f"{word!r} is not on the badge"
    assert pdf_layout.off_the_page(content, margin=3 * mm) == []
    assert pdf_layout.overlapping(content) == []
    assert "C01234567" not in printed and "1990" not in printed  # no document number or birth date


def test_a_badge_without_photo_organisation_nationality_or_rank_prints(badge_of, uncompressed_pdf):
    badge = badge_of()
    holder = badge.registration.person
    holder.nationality = ""
    holder.save()
    content = pdf.badges_pdf([badge])
    assert holder.full_name in pdf_layout.text(content)
    assert pdf_layout.overlapping(content) == []


# At ADEX the guards read Azerbaijani and the visitors English: the category and the zones print in
# both, the Azerbaijani below the English in smaller type, once where the two are the same.
A6_HEIGHT = 148 * mm
BAND = 20 * mm  # the category's colour band at the top
QR_TOP = 62 * mm  # the QR code, quiet zone included, from 10 mm above the foot


def _inside(runs, bottom: float, top: float) -> list:
    """The runs whose letters (a fifth of the size below the baseline, three quarters above) leave
    the strip from `bottom` to `top`."""
    return [run for run in runs if run.y - 0.2 * run.size < bottom or run.y + 0.75 * run.size > top]


def test_the_category_and_the_zones_print_in_english_and_in_azerbaijani(badge_of, uncompressed_pdf):
    badge = badge_of("trade-visitor")
    content = pdf.badges_pdf([badge])
    runs, _sizes = pdf_layout.read(content)
    assert {run.font for run in runs} == {"DejaVuSans"}
    english = next(run for run in runs if run.text == "TRADE VISITOR")
    azerbaijani = next(run for run in runs if run.text == "TİCARƏT ZİYARƏTÇİSİ")  # İ, not I: Azerbaijani capitals
    assert azerbaijani.size < english.size and azerbaijani.y < english.y
    assert _inside([english, azerbaijani], A6_HEIGHT - BAND, A6_HEIGHT) == []
    printed = pdf_layout.text(content)
    for label in ("Conference rooms / Konfrans zalları", "B2B meeting area / B2B görüş zonası"):
        assert label in printed  # a zone's two names on one line
    hall = Zone.objects.get(event=badge.event, number=badge.zones[0])
    assert hall.kind == "hall" and not hall.name_az and f"{hall.name_en} / " not in printed  # no Azerbaijani name
    assert pdf_layout.off_the_page(content, margin=3 * mm) == []
    assert pdf_layout.overlapping(content) == []


@pytest.mark.parametrize("category, name_az", [("media", None), ("trade-visitor", ""),
                                               ("trade-visitor", "trade VISITOR")])
def test_a_category_whose_azerbaijani_name_is_the_english_one_prints_once(badge_of, uncompressed_pdf, category,
                                                                          name_az):
    badge = badge_of(category)
    if name_az is not None:
        badge.registration.category.name_az = name_az
        badge.registration.category.save()
    runs, _sizes = pdf_layout.read(pdf.badges_pdf([badge]))
    band = [run.text for run in runs if run.y > A6_HEIGHT - BAND]
    assert band == ["ADEX Test", badge.registration.category.name_en.upper()]


def test_every_zone_in_two_long_names_fits_between_the_photo_and_the_qr_code(badge_of, uncompressed_pdf):
    badge = badge_of("organiser")
    zones = Zone.objects.filter(event=badge.event)
    assert set(badge.zones) == set(zones.values_list("number", flat=True))  # an organiser goes everywhere
    for zone in zones:
        zone.name_en = f"{zone.name_en} and its annexes"
        zone.name_az = f"{zone.name_az or zone.name_en} və onun əlavə binaları"
        zone.save()
    content = pdf.badges_pdf([badge])
    runs, _sizes = pdf_layout.read(content)
    below_the_photo = [run for run in runs if QR_TOP < run.y < A6_HEIGHT - BAND - 40 * mm]
    assert len(below_the_photo) >= 4 and min(run.size for run in below_the_photo) >= 6
    assert _inside(below_the_photo, QR_TOP, A6_HEIGHT - BAND - 40 * mm) == []
    assert "Hall" in below_the_photo[0].text and "əlavə binaları" in pdf_layout.text(content)
    assert _inside(runs, 0, A6_HEIGHT) == []
    assert pdf_layout.off_the_page(content, margin=3 * mm) == []
    assert pdf_layout.overlapping(content) == []


def test_the_pages_qr_code_keeps_its_size_and_may_shrink_to_its_card():
    """Without a viewBox the 294 px drawing could not shrink and spilled past its card at 1366 px."""
    svg = pdf.qr_svg("x" * 90)
    width, height = (int(value) for value in re.search(r'<svg [^>]*width="(\d+)" height="(\d+)"', svg).groups())
    assert width == height >= 200 and f'viewBox="0 0 {width} {height}"' in svg
