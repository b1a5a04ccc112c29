"""A badge photo kept while its form is sent back for another field: the person does not choose it again.

The photo, already checked and stored as the badge needs it (photos.badge_photo), is written under
`photos/kept/` (which, as all of `photos/`, is never served directly) with a random name that carries the
time it was kept. The form carries a signed reference to that name in a hidden field of its POST (never in
an address, never in a log), honoured for KEPT_FOR; the page shows a small thumbnail written into the page
itself. Each time a photo is kept, and at each run of `pavilion purge-personal-data`, those kept longer ago
than that are deleted (so a form abandoned after the last one does not leave its photo for ever); a
registration that goes through stores its own copy and deletes the kept one.
"""

import base64
import io
import re
import time
import uuid

from django.core import signing
from django.core.files.base import ContentFile
from PIL import Image

from pavilion.registrations.models import Person

DIRECTORY = "photos/kept/"
KEPT_FOR = 6 * 3600  # seconds: a form left open over lunch still has its photo
THUMBNAIL_SIDE = 160
_SALT = "pavilion.registrations.kept_photos"
_NAME = re.compile(r"^(\d{10})-[0-9a-f]{32}\.(jpg|png)$")


def _storage():
    return Person._meta.get_field("photo").storage


def keep(photo: ContentFile) -> str:
    """Store a checked photo for a while; returns the signed reference the form sends back."""
    storage = _storage()
    clean_up(storage)
    extension = "png" if photo.name.endswith(".png") else "jpg"
    photo.seek(0)
    name = storage.save(f"{DIRECTORY}{int(time.time())}-{uuid.uuid4().hex}.{extension}", ContentFile(photo.read()))
    photo.seek(0)
    return signing.dumps(name.removeprefix(DIRECTORY), salt=_SALT)


def kept_name(reference: str) -> str | None:
    """The storage name a reference stands for, while it is valid and its file is there; else None."""
    if not reference:
        return None
    try:
        name = signing.loads(reference, salt=_SALT, max_age=KEPT_FOR)
    except signing.BadSignature:
        return None
    if not isinstance(name, str) or not _NAME.match(name) or not _storage().exists(DIRECTORY + name):
        return None
    return DIRECTORY + name


def load(name: str) -> ContentFile:
    with _storage().open(name, "rb") as handle:
        return ContentFile(handle.read(), name="photo." + name.rsplit(".", 1)[-1])


def thumbnail(name: str) -> str:
    """A small copy of a kept photo as a data: address, written into the page (no address that serves it)."""
    with _storage().open(name, "rb") as handle, Image.open(handle) as picture:
        picture.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
        buffer = io.BytesIO()
        picture.convert("RGB").save(buffer, "JPEG", quality=80)
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def discard(name: str | None) -> None:
    if name:
        _storage().delete(name)


def clean_up(storage=None) -> int:
    """Delete the photos kept longer ago than KEPT_FOR (their references no longer work); returns how many."""
    storage = storage or _storage()
    try:
        _directories, files = storage.listdir(DIRECTORY)
    except FileNotFoundError:
        return 0
    oldest = time.time() - KEPT_FOR
    deleted = 0
    for file in files:
        match = _NAME.match(file)
        if match and int(match.group(1)) < oldest:
            storage.delete(DIRECTORY + file)
            deleted += 1
    return deleted
