"""Template questions about the meeting pages' permissions, answered by the views' own predicates."""

from django import template

from pavilion.meetings.selectors.profiles import can_request_meetings as _can_request_meetings

register = template.Library()


@register.simple_tag(takes_context=True)
def can_request_meetings(context, event) -> bool:
    """`{% can_request_meetings event as mine %}`: whether the user's request pages (inbox, new) let them in."""
    return _can_request_meetings(context["user"], event)
