"""Template helpers of the registration pages."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def guest_link(context, invitation) -> str:
    """The full address of the guest form with this invitation code filled in: what an exhibitor sends
    its guests (a bare code leaves them to find the form)."""
    event = context.get("event") or invitation.exhibitor.show.event
    path = reverse("registrations:register", args=[event.slug, "guest"])
    return context["request"].build_absolute_uri(f"{path}?{urlencode({'code': invitation.code})}")
