"""A badge photo kept while its form is sent back for another field (kept_uploads, which says how).

The photo, already checked and stored as the badge needs it (photos.badge_photo), is kept under
`photos/kept/`, which, as all of `photos/`, is never served directly; the page shows a small thumbnail
written into the page itself.
"""

import base64
import io

from PIL import Image

from pavilion.registrations.kept_uploads import KeptUploads
from pavilion.registrations.models import Person

DIRECTORY = "photos/kept/"
KEPT_FOR = 6 * 3600  # seconds: a form left open over lunch still has its photo
THUMBNAIL_SIDE = 160

KEPT = KeptUploads(directory=DIRECTORY, storage=lambda: Person._meta.get_field("photo").storage,
                   salt="pavilion.registrations.kept_photos", extensions=("jpg", "png"),
                   kept_for=lambda: KEPT_FOR, stem="photo")


def keep(photo) -> str:
    """Store a checked photo for a while; returns the signed reference the form sends back."""
    return KEPT.keep(photo, "png" if photo.name.endswith(".png") else "jpg")


def kept_name(reference: str) -> str | None:
    return KEPT.kept_name(reference)


def load(name: str):
    return KEPT.load(name)


def thumbnail(name: str) -> str:
    """A small copy of a kept photo as a data: address, written into the page (no address that serves it)."""
    with KEPT.storage.open(name, "rb") as handle, Image.open(handle) as picture:
        picture.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
        buffer = io.BytesIO()
        picture.convert("RGB").save(buffer, "JPEG", quality=80)
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def discard(name: str | None) -> None:
    KEPT.discard(name)


def clean_up(storage=None) -> int:
    """Delete the photos kept longer ago than KEPT_FOR (their references no longer work); returns how many."""
    return KEPT.clean_up(storage)
