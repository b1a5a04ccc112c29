"""Per-language content fields: `name_en`, `name_az`, `name_ru` and a reader that falls back."""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import get_language

CONTENT_LANGUAGES = [code for code, _name in settings.LANGUAGES]


def language_fields(base: str, field_class=models.CharField, **options) -> dict[str, models.Field]:
    """The fields `<base>_<lang>` for every content language, to spread into a model body."""
    return {f"{base}_{code}": field_class(blank=True, **options) for code in CONTENT_LANGUAGES}


def language_labels(base: str, label) -> dict:
    """Form labels of the fields `language_fields` makes: "Title (English)", "Title (Azerbaijani)" ..."""
    names = dict(settings.LANGUAGES)
    return {f"{base}_{code}": format_lazy("{} ({})", label, names[code]) for code in CONTENT_LANGUAGES}


def localized(obj, base: str, language: str | None = None) -> str:
    """The value in the current language, else English, else any language that has one."""
    return in_language({code: getattr(obj, f"{base}_{code}", "") for code in CONTENT_LANGUAGES}, language)


def every_language(obj, base: str) -> dict[str, str]:
    """{language code: the value in that language, with `localized`'s fallback}: for a client that
    chooses the language itself (the gate scanner, offline)."""
    return {code: localized(obj, base, code) for code in CONTENT_LANGUAGES}


def speaks(code: str | None) -> bool:
    """Whether `code` is one of the languages Pavilion speaks (settings.LANGUAGES)."""
    return code in dict(settings.LANGUAGES)


def supported_language(code: str | None) -> str:
    """`code` if Pavilion speaks it, else the default language (for e-mails and stored preferences)."""
    return code if speaks(code) else settings.LANGUAGE_CODE


def translated_fields(base: str, message, values: dict | None = None) -> dict[str, str]:
    """`{<base>_en: ..., <base>_az: ..., <base>_ru: ...}`: a gettext message (lazy) rendered in each
    content language, for names the application makes itself (a table's "Table B2B-01")."""
    fields = {}
    for code in CONTENT_LANGUAGES:
        with translation.override(code):
            fields[f"{base}_{code}"] = str(message) % values if values else str(message)
    return fields


def in_language(values: dict[str, str], language: str | None = None) -> str:
    """Of {language code: text}, the text in the current language, else English, else any that has one."""
    language = (language or get_language() or "en").split("-")[0]
    return next((values[code] for code in (language, "en", *CONTENT_LANGUAGES) if values.get(code)), "")

