"""A badge photo is refused above 40 megapixels, as product images are, and an accepted one is stored
as the badge needs it: upright, at most BADGE_PHOTO_SIDE pixels on its longer side, without the
camera's metadata (where and when the picture was taken)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from pavilion.registrations.models import Registration
from pavilion.registrations.photos import BADGE_PHOTO_SIDE

FORM = {
    "given_name": "Nigar", "family_name": "Abbasova", "nationality": "AZ", "birth_date": "1992-07-01",
    "email": "nigar@example.test", "language": "az", "document_type": "passport", "document_number": "C07777777",
    "document_country": "AZ", "organisation": "Azercosmos", "position": "Engineer", "sector": "industry",
}
URL = "/events/adex-test/register/trade-visitor/"
ORIENTATION, MAKE, GPS_INFO = 0x0112, 0x010F, 0x8825


def _upload(content: bytes, name: str, kind: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=f"image/{kind}")


def test_a_photo_above_40_megapixels_is_refused_and_nothing_is_saved(world, client):
    buffer = io.BytesIO()
    Image.new("1", (7000, 6000), 1).save(buffer, "PNG")  # 42 MP in a few kilobytes
    response = client.post(URL, {**FORM, "photo": _upload(buffer.getvalue(), "me.png", "png")})
    assert response.context["form"].errors["photo"] == ["The image is too large (7000 × 6000 pixels)."]
    assert not Registration.objects.exists()


def test_a_camera_photo_is_stored_upright_at_badge_size_without_its_metadata(world, client):
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # held sideways: to be turned a quarter clockwise
    exif[MAKE] = "Phone maker"
    exif[GPS_INFO] = {1: "N", 2: (40.0, 22.0, 0.0)}
    picture = Image.new("RGB", (4000, 3000), (120, 140, 160))
    picture.paste((200, 30, 30), (0, 0, 400, 300))  # a red corner, top left as stored
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", exif=exif)
    response = client.post(URL, {**FORM, "photo": _upload(buffer.getvalue(), "me.jpg", "jpeg")})
    assert response.status_code == 302
    person = Registration.objects.get().person
    assert person.photo.name.endswith(".jpg")
    with person.photo.open("rb") as stored, Image.open(stored) as saved:
        assert saved.format == "JPEG"
        assert saved.size == (BADGE_PHOTO_SIDE * 3 // 4, BADGE_PHOTO_SIDE)  # portrait, as the camera was held
        assert not saved.getexif() and "exif" not in saved.info
        red, green, _blue = saved.getpixel((saved.width - 10, 10))  # turned: the red corner is top right
        assert red > 150 and green < 80


def test_a_small_png_keeps_its_size_and_format(world, client):
    buffer = io.BytesIO()
    Image.new("RGBA", (300, 400), (10, 20, 30, 255)).save(buffer, "PNG")
    assert client.post(URL, {**FORM, "photo": _upload(buffer.getvalue(), "me.png", "png")}).status_code == 302
    person = Registration.objects.get().person
    assert person.photo.name.endswith(".png")
    with person.photo.open("rb") as stored, Image.open(stored) as saved:
        assert saved.format == "PNG" and saved.size == (300, 400)


def test_a_photo_whose_pixels_are_broken_is_a_form_error(world, client):
    buffer = io.BytesIO()
    Image.effect_noise((800, 600), 60).convert("RGB").save(buffer, "JPEG")
    truncated = buffer.getvalue()[:len(buffer.getvalue()) // 2]  # the header reads (Django's check), the pixels not
    response = client.post(URL, {**FORM, "photo": _upload(truncated, "me.jpg", "jpeg")})
    assert "photo" in response.context["form"].errors
    assert not Registration.objects.exists()
