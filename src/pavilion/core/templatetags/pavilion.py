from django import template

from pavilion.core.i18n import localized

register = template.Library()


@register.filter
def tr(obj, base: str) -> str:
    """`{{ product|tr:"name" }}`: the content field in the current language, with fallbacks."""
    return localized(obj, base)


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (pagination, filters)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"
