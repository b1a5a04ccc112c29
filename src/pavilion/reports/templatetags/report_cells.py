"""How a report table shows a cell: dates and times in the site's format ("2024-06-12 10:29"),
amounts grouped in the page's language, an e-mail address with the places where it may break."""

import datetime
from decimal import Decimal

from django import template
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def cell(value):
    """Dates and times as on the rest of the site (times in the active zone, the event's); the rest
    as given. The date and the time are each kept on one line, the time may go under the date."""
    if isinstance(value, datetime.datetime):
        shown = timezone.localtime(value) if timezone.is_aware(value) else value
        return format_html('<time datetime="{}"><span class="nowrap">{}</span> <span class="nowrap">{}</span></time>',
                           value.isoformat(), date_format(shown, "Y-m-d"), date_format(shown, "H:i"))
    if isinstance(value, datetime.date):
        return format_html('<time class="nowrap" datetime="{}">{}</time>', value.isoformat(),
                           date_format(value, "Y-m-d"))
    if isinstance(value, Decimal):  # a deal's value: grouped as on the deals pages, cents when there are any
        return format_html('<span class="nowrap">{}</span>', floatformat(value, "-2g"))
    return value


@register.filter
def email(value) -> str:
    """An e-mail address that may break after its @ and before the dots of its domain (a long
    address would otherwise widen its column past the page): "name@<wbr>example<wbr>.org"."""
    local, at, domain = str(value).rpartition("@")
    if not at:
        return value
    parts = domain.split(".")
    return format_html("{}@<wbr>{}", local, format_html_join(mark_safe("<wbr>."), "{}", ((part,) for part in parts)))
