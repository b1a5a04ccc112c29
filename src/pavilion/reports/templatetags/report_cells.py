"""How a report table shows a cell: dates and times in the site's format ("2024-06-12 10:29")."""

import datetime

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html

register = template.Library()


@register.filter
def cell(value):
    """Dates and times (kept on one line) as on the rest of the site (times in the active zone, the event's); the rest as given."""
    if isinstance(value, datetime.datetime):
        shown = timezone.localtime(value) if timezone.is_aware(value) else value
        return format_html('<time class="nowrap" datetime="{}">{}</time>', value.isoformat(),
                           date_format(shown, "Y-m-d H:i"))
    if isinstance(value, datetime.date):
        return format_html('<time class="nowrap" datetime="{}">{}</time>', value.isoformat(),
                           date_format(value, "Y-m-d"))
    return value
