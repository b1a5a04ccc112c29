"""What the officers' pages read: the alert queue with its filters, its history of decided alerts, and
one alert with everything its page shows."""

from django.db.models import Max, OuterRef, Prefetch, Subquery

from pavilion.vetting.decisions import waiting_decisions
from pavilion.vetting.forms import QueueFilterForm
from pavilion.vetting.models import Alert, Decision

DECIDED = (Alert.Status.CLEARED, Alert.Status.TRUE_MATCH)


def _with_rows():
    newest_first = Decision.objects.select_related("officer", "confirmed_by").order_by("-decided_at", "-pk")
    return (
        Alert.objects.select_related("registration__person", "registration__category", "registration__event",
                                     "entry__version__watch_list")
        .prefetch_related(Prefetch("decisions", queryset=newest_first))
    )


def alert_queue(*, officer, status: str = "", band: str = "", category: str = ""):
    """The alerts an officer works through, by the queue's filters (`QueueFilterForm`'s values): those
    waiting for a decision, the hold band and the best scores first; or the decided ones, newest first."""
    alerts = _with_rows()
    if status == QueueFilterForm.DECIDED:
        alerts = (alerts.filter(status__in=DECIDED).annotate(decided_at=Max("decisions__decided_at"))
                  .order_by("-decided_at", "-pk"))
    else:
        alerts = alerts.open().order_by("band", "-score", "created_at", "pk")
    if status == QueueFilterForm.OPEN:
        alerts = alerts.filter(status=Alert.Status.OPEN)
    elif status in (QueueFilterForm.AWAITING, QueueFilterForm.MINE):
        alerts = alerts.filter(status=Alert.Status.AWAITING_CONFIRMATION)
    if status == QueueFilterForm.MINE:
        # The clearance it waits for is another officer's: this one is the second officer it needs.
        cleared_by = Subquery(waiting_decisions(Decision.objects.filter(alert=OuterRef("pk"))).values("officer")[:1])
        alerts = alerts.annotate(cleared_by=cleared_by).exclude(cleared_by=officer.pk)
    if band:
        alerts = alerts.filter(band=band)
    if category:
        alerts = alerts.filter(registration__category__code=category)
    return alerts


def alert_for_page(pk: int):
    return (
        Alert.objects.select_related("registration__person", "registration__category", "registration__event",
                                     "registration__delegation", "registration__exhibitor__company",
                                     "entry__version__watch_list")
        .filter(pk=pk).first()
    )
