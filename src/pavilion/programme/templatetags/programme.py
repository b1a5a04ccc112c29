from django import template

from pavilion.programme.models import SESSION_LANGUAGES

register = template.Library()
LANGUAGE_NAMES = dict(SESSION_LANGUAGES)


@register.filter
def state_of(states: dict, session_id) -> str:
    """`{{ states|state_of:session.pk }}`: the bookmark status of a session, or ''."""
    return (states or {}).get(session_id, "")


@register.filter
def language_names(codes: str) -> str:
    return ", ".join(str(LANGUAGE_NAMES.get(code, code)) for code in (codes or "").split())
