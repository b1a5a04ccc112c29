"""Reads of events, shows, halls and stands shared by pages, API and reports."""

from django.shortcuts import get_object_or_404

from pavilion.events.models import Event


def public_event(slug: str) -> Event:
    return get_object_or_404(
        Event.objects.filter(is_public=True).select_related("venue", "organiser").prefetch_related("shows"),
        slug=slug,
    )
