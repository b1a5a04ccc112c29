"""Figures kept in the database (FigureSnapshot) instead of counted on every page view: the
registration figures pass over every registration, which costs seconds at 150,000. The dashboard
reads the snapshot and asks the task for a new one when it is older than MAX_AGE; the page shows
the age of the figures. Ages are in real time, not the event clock (PAVILION_CLOCK), which may
stand still in a rehearsal. Nothing is kept in process memory."""

import datetime

from django.db import transaction
from django.utils import timezone

from pavilion.events.models import Event
from pavilion.reports import selectors
from pavilion.reports.models import FigureSnapshot

MAX_AGE = datetime.timedelta(seconds=60)
REGISTRATIONS = "registrations"


def registration_snapshot_refresh(*, event_id: int) -> FigureSnapshot:
    event = Event.objects.get(pk=event_id)
    counts = selectors.registration_counts(event)
    with transaction.atomic():
        snapshot, _created = FigureSnapshot.objects.update_or_create(
            event=event, name=REGISTRATIONS, defaults={"data": counts, "computed_at": timezone.now()})
    return snapshot


def registration_figures(event) -> selectors.RegistrationFigures:
    """The registration figures of the last snapshot; a missing one is counted now, a stale one is
    queued for a refresh (run at once by the immediate task backend, later by a worker)."""
    from pavilion.reports.tasks import refresh_registration_snapshot

    snapshot = FigureSnapshot.objects.filter(event=event, name=REGISTRATIONS).first()
    if snapshot is None:
        snapshot = registration_snapshot_refresh(event_id=event.pk)
    elif timezone.now() - snapshot.computed_at > MAX_AGE:
        refresh_registration_snapshot.enqueue(event.pk)
        snapshot = FigureSnapshot.objects.filter(event=event, name=REGISTRATIONS).first() or snapshot
    return selectors.registration_figures(event, snapshot.data, as_of=snapshot.computed_at)
