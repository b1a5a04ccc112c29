"""E-mails written in their recipient's language and, where they give times, on the event's clock."""

from django.conf import settings
from django.template import Context
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone, translation

from pavilion.core.i18n import supported_language


def _plain_text(name: str, context: dict) -> str:
    """A text template rendered without HTML escaping: an e-mail is plain text, where "&amp;" would
    be read as it is written ("ADEX &amp; Securex Caspian")."""
    return get_template(name).template.render(Context(context, autoescape=False))


def rendered(template: str, context: dict, *, language: str | None, zone: str | None = None) -> tuple[str, str]:
    """Subject and body from `<template>_subject.txt` and `<template>_body.txt`, as plain text (no HTML
    escaping). The subject is made one line: a line break in a name or an organisation would make the
    header invalid (Django refuses to send it), and the refusal's message would carry the name into the log."""
    with translation.override(supported_language(language)), timezone.override(zone or settings.TIME_ZONE):
        subject = _plain_text(f"{template}_subject.txt", context)
        body = _plain_text(f"{template}_body.txt", context)
    return " ".join(subject.split()), body


def site_link(name: str, **kwargs) -> str:
    """The address of a page for an e-mail: PAVILION_SITE_URL and the page's path (background work
    has no request to take the address from)."""
    return settings.PAVILION_SITE_URL.rstrip("/") + reverse(name, kwargs=kwargs)
