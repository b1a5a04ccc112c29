from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from pavilion.exhibitors import export_control

register = template.Library()

BADGE_CLASSES = {"munitions": "control-ml", "dual-use": "control-dual", "none": "control-none"}


@register.filter
def control_class(value) -> str:
    """`{{ product.control|control_class }}`: the class with its title, dated by the reference data."""
    described = export_control.describe(value)
    note = _("Export-control reference data last verified %(date)s") % {"date": export_control.last_verified()}
    if described.kind == "none":
        return format_html('<span class="badge {}" title="{}">{}</span>', "control-none", note, described.title)
    return format_html(
        '<span class="badge {}" title="{}"><strong>{}</strong> · {}</span>',
        BADGE_CLASSES.get(described.kind, "control-unknown"), note, described.code, described.title,
    )


@register.simple_tag
def export_control_verified() -> str:
    return export_control.last_verified()
