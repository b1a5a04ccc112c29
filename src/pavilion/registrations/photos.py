"""Badge photos are personal data: they are never served from the public media directory.

A page or a scanner that may show a person's photo (the gate operator's answer, the scanner's
sync feed) is given a signed address, `/photos/<name>:<expiry>:<signature>`, that the photo view
honours until its expiry (two days, rounded to the hour, so that one photo has one address for an
hour and the browser's cache keeps it). An address copied from a scanner stops working; a guessed
or altered one, or one whose photo the retention job has deleted since, answers 404. The files stay
under `MEDIA_ROOT/photos/`, which the README's nginx configuration (and the development server's
media view) refuses to serve directly.

A photo is stored as the badge needs it (`badge_photo`): turned upright as the camera held it, at
most BADGE_PHOTO_SIDE pixels on its longer side, without the file's metadata (a phone's EXIF holds
where and when the picture was taken).
"""

import functools
import io
from datetime import timedelta

from django.core import signing
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image, ImageOps

from pavilion.core import clock

DIRECTORY = "photos/"
LIFETIME = timedelta(days=2)
_SALT = "pavilion.registrations.photos"
_SIGNER = signing.Signer(salt=_SALT)


def _hour_after(seconds: float) -> int:
    return (int(seconds) // 3600 + 1) * 3600


def photo_url(name: str | None) -> str | None:
    """The signed address of a stored photo (its storage name, `photos/…`), or None without one."""
    if not name:
        return None
    expires = _hour_after((clock.now() + LIFETIME).timestamp())
    return _address() + _SIGNER.sign(f"{name.removeprefix(DIRECTORY)}:{expires}")


@functools.cache
def _address() -> str:
    # Resolved once: every gate scan and every badge of the sync feed carries an address.
    return reverse("registrations:photo", args=["-"]).removesuffix("-")


def stored_name(signed: str) -> str | None:
    """The storage name an address signed by `photo_url` stands for, while it is valid; else None."""
    try:
        value = _SIGNER.unsign(signed)
    except signing.BadSignature:
        return None
    name, _, expires = value.rpartition(":")
    if not name or not expires.isdigit() or int(expires) < clock.now().timestamp():
        return None
    return DIRECTORY + name


# Some 10 cm at 300 dpi: more than any badge prints, and a fraction of a camera's 12-50 megapixels.
BADGE_PHOTO_SIDE = 1200
_EXTENSIONS = {"JPEG": "jpg", "PNG": "png"}


def badge_photo(upload) -> ContentFile:
    """An uploaded JPEG or PNG (already checked: its format, its size in pixels) as it is stored: upright,
    shrunk to the badge's needs, metadata left out, in its own format."""
    upload.seek(0)
    with Image.open(upload) as picture:
        kind = picture.format
        image = ImageOps.exif_transpose(picture)  # applies the orientation tag, which re-encoding drops
        image.thumbnail((BADGE_PHOTO_SIDE, BADGE_PHOTO_SIDE))
        if kind == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        buffer = io.BytesIO()
        image.save(buffer, kind, **({"quality": 90} if kind == "JPEG" else {}))
    upload.seek(0)
    return ContentFile(buffer.getvalue(), name=f"photo.{_EXTENSIONS[kind]}")
