"""Checks on uploaded pictures (product images, company logos): real images of a sane size only."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a decompression bomb is refused before it is decoded


def megabytes(size: int, digits: str) -> str:
    """A size in MB written as the page's language writes numbers ("5.7" in English, "5,7" in Azerbaijani
    and Russian); `digits` as for the floatformat filter ("1": one decimal, "-1": one only when needed)."""
    return floatformat(size / 1048576, digits)


def max_bytes() -> int:
    return int(getattr(settings, "PAVILION_MAX_IMAGE_BYTES", DEFAULT_MAX_BYTES))


def validate_upload(upload, *, field: str) -> str:
    """The image's format, or ValidationError naming `field`; reads the upload without keeping it."""
    if upload is None:
        raise ValidationError({field: _("Choose an image file.")})
    limit = max_bytes()
    if upload.size > limit:
        raise ValidationError({field: _("The file is %(size)s MB; at most %(limit)s MB is accepted.") % {
            "size": megabytes(upload.size, "1"), "limit": megabytes(limit, "-1")}})
    try:
        upload.seek(0)
        with Image.open(upload) as picture:
            kind = picture.format
            width, height = picture.size
            picture.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError({field: _("This file is not an image (JPEG, PNG, WebP or GIF).")}) from None
    finally:
        upload.seek(0)
    if kind not in ACCEPTED_FORMATS:
        raise ValidationError({field: _("Images must be JPEG, PNG, WebP or GIF.")})
    if width * height > MAX_PIXELS:
        raise ValidationError({field: _("The image is too large (%(width)s × %(height)s pixels).") % {
            "width": width, "height": height}})
    upload.pavilion_format = kind
    return kind


def safe_name(upload) -> str:
    """A fresh file name: the visitor's own file name never reaches the disk or a URL."""
    extension = ACCEPTED_FORMATS.get(getattr(upload, "pavilion_format", ""), "")
    if not extension:
        extension = PurePath(upload.name or "").suffix.lstrip(".").lower()[:5] or "img"
    return f"{uuid.uuid4().hex}.{extension}"
