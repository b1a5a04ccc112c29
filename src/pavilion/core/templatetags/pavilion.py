from django import template
from django.utils import formats, timezone
from django.utils.html import format_html

from pavilion.core import menu
from pavilion.core.countries import country_name
from pavilion.core.i18n import localized
from pavilion.core.units import metres, money, square_metres
from pavilion.core.zones import zone_name

register = template.Library()


@register.filter
def tr(obj, base: str) -> str:
    """`{{ product|tr:"name" }}`: the content field in the current language, with fallbacks."""
    return localized(obj, base)


register.filter("country_name", country_name)  # `{{ code|country_name }}`: an ISO code as a name
register.filter("metres", metres)  # `{{ hall.width_m|metres }}`: "42.5 m", "42,5 м"
register.filter("square_metres", square_metres)  # `{{ stand.area_m2|square_metres }}`
register.filter("money", money)  # `{{ stand.price|money:event.stand_currency }}`: "5,760 AZN"
register.filter("zone_name", zone_name)  # `{{ event.time_zone|zone_name }}`: "Baku time", never "Asia/Baku"


@register.filter
def whole_minutes(span) -> int:
    """`{{ cooloff_timedelta|whole_minutes }}`: a timedelta in whole minutes, rounded up."""
    seconds = int(span.total_seconds()) if span is not None else 0
    return -(-seconds // 60)


@register.filter
def under_a_minute_old(moment) -> bool:
    """`{% if figures.as_of|under_a_minute_old %}`: whether `moment` is less than a minute ago (Django's
    timesince would say "0 minutes")."""
    return moment is not None and (timezone.now() - moment).total_seconds() < 60


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


def _menus(context) -> dict:
    """The page's menus, built once for its two tags (the navigation and the person's own menu)."""
    cached = context.render_context.get(_menus)
    if cached is None:
        cached = context.render_context[_menus] = _build_menus(context)
    return cached


def _build_menus(context) -> dict:
    request = context.get("request")
    user = context.get("user")
    event = context.get("event")
    flags = {
        "user_is_authenticated": bool(user and user.is_authenticated),
        "is_organiser": context.get("is_organiser"),
        "is_security_officer": context.get("is_security_officer"),
        "is_exhibitor": context.get("is_exhibitor"),
        "is_liaison": context.get("is_liaison"),
        "is_participant": context.get("is_participant"),
        "is_organiser_admin": context.get("is_organiser_admin"),
    }
    slug = getattr(event, "slug", None) or None
    built = menu.build(flags=flags, event_slug=slug, path=request.path if request else "")
    built["username"] = user.get_username() if flags["user_is_authenticated"] else ""
    return built


@register.inclusion_tag("core/menu.html", takes_context=True)
def site_menu(context):
    """The header's navigation: the event's public pages and one menu per role of the signed-in
    person (their own menu is among the header's tools: `user_menu`)."""
    built = _menus(context)
    return {**built, "menus": [item for item in built["menus"] if item["key"] != "mine"]}


@register.inclusion_tag("core/menu.html", takes_context=True)
def user_menu(context):
    """The signed-in person's own menu (agenda, requests, programme, sign-out), beside the language
    switch: with the navigation it made the header one row longer in Russian at 1280-1440 px."""
    built = _menus(context)
    return {"menus": [item for item in built["menus"] if item["key"] == "mine"], "username": built["username"],
            "only_menus": True}


@register.filter
def date_range(first, last):
    """`{{ event.start_date|date_range:event.end_date }}`: the days in words of the page's language, each a
    <time>: "24–26 September 2024" within a month, "24 September 2024" for one day, both in full across
    months ("24 September 2024 – 2 October 2024")."""
    def day(value, pattern):
        return format_html('<time datetime="{}">{}</time>', value.isoformat(), formats.date_format(value, pattern))

    if first == last:
        return day(first, "j E Y")
    if (first.year, first.month) == (last.year, last.month):
        return format_html("{}–{}", day(first, "j"), day(last, "j E Y"))
    return format_html("{} – {}", day(first, "j E Y"), day(last, "j E Y"))
