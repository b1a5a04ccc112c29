"""E-mails written in their recipient's language and, where they give times, on the event's clock."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from pavilion.core.i18n import supported_language


def rendered(template: str, context: dict, *, language: str | None, zone: str | None = None) -> tuple[str, str]:
    """Subject and body from `<template>_subject.txt` and `<template>_body.txt`. The subject is made one
    line: a line break in a name or an organisation would make the header invalid (Django refuses to
    send it), and the refusal's message would carry the name into the log."""
    with translation.override(supported_language(language)), timezone.override(zone or settings.TIME_ZONE):
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}_body.txt", context)
    return " ".join(subject.split()), body


def site_link(name: str, **kwargs) -> str:
    """The address of a page for an e-mail: PAVILION_SITE_URL and the page's path (background work
    has no request to take the address from)."""
    return settings.PAVILION_SITE_URL.rstrip("/") + reverse(name, kwargs=kwargs)
