"""Colours an organiser chooses (a show's on the floor plans, a track's in the programme, a badge
category's): they are written into style attributes, so only #rrggbb, and where white writing sits
on them they must be dark enough to read (WCAG contrast)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

HEX = re.compile(r"#[0-9a-fA-F]{6}")


def contrast_with_white(colour: str) -> float:
    """The WCAG contrast ratio of a #rrggbb colour against white."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(int(colour[k:k + 2], 16) / 255) for k in (1, 3, 5))
    return 1.05 / (0.2126 * red + 0.7152 * green + 0.0722 * blue + 0.05)


def checked_colour(value, field: str, *, least_contrast: float | None = None, too_light: str = "") -> str:
    """`value` as #rrggbb in lower case, or a ValidationError keyed by `field`; with `least_contrast`,
    a colour below that contrast against white is refused with the message `too_light`."""
    colour = str(value)
    if not HEX.fullmatch(colour):
        raise ValidationError({field: _("Give the colour as # and six hexadecimal digits, e.g. #1f4e79.")})
    if least_contrast is not None and contrast_with_white(colour) < least_contrast:
        raise ValidationError({field: too_light})
    return colour.lower()
