"""Per-language content fields: `name_en`, `name_az`, `name_ru` and a reader that falls back."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language

CONTENT_LANGUAGES = [code for code, _name in settings.LANGUAGES]


def language_fields(base: str, field_class=models.CharField, **options) -> dict[str, models.Field]:
    """The fields `<base>_<lang>` for every content language, to spread into a model body."""
    return {f"{base}_{code}": field_class(blank=True, **options) for code in CONTENT_LANGUAGES}


def localized(obj, base: str, language: str | None = None) -> str:
    """The value in the current language, else English, else any language that has one."""
    language = (language or get_language() or "en").split("-")[0]
    order = [language, "en", *CONTENT_LANGUAGES]
    for code in order:
        value = getattr(obj, f"{base}_{code}", "")
        if value:
            return value
    return ""
