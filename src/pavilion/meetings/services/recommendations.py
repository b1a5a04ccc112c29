"""The adapter of the matching engine: loads the event's rows once, builds the engine's values,
calls `recommend`, and stores each participant's lists in a RecommendationSet row.

The rows carry a stamp of what they were computed from (the catalogue, the profiles, the
participants, the day and the reference data's date); a page reads its row and the event's lists
are recomputed only when the stamp changed, so no state is kept in process memory. An event of up
to PAVILION_RECOMMEND_INLINE participants is recomputed within the request (well under a second);
a larger one in a background task, queued once per stamp (RecommendationRefresh), while its pages
show the previous lists marked as being refreshed (a request made from them is still checked
against the export-control rules when it is sent). The
export-control reference data is read once per process, like the catalogue's: it only changes
with a release.
"""

import datetime
import functools
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Prefetch
from django.utils.translation import gettext as _

from pavilion.core import clock
from pavilion.engines import matching
from pavilion.engines.matching.rules import normalise_control_class
from pavilion.exhibitors.export_control import DATA_DIR
from pavilion.exhibitors.models import Exhibitor, Product, ProductCategory
from pavilion.meetings.models import MeetingProfile, RecommendationRefresh, RecommendationSet
from pavilion.meetings.selectors.profiles import (
    ENGINE_KINDS,
    exhibitor_contacts,
    participant_country,
    participants,
)
from pavilion.registrations.models import Registration

TOP = 10
INLINE_PARTICIPANTS = 500  # about 1 s of the engine: beyond that, a background task
QUEUE_AGAIN = datetime.timedelta(minutes=10)  # a queued refresh that has not landed by then is queued again
# People are ranked deeper: the unlisted are dropped here, and those the rules do not let a
# participant request are dropped when the page shows the list.
PEOPLE_TOP = 30
# Exhibitors are ranked deeper too: a company exhibiting at several shows is listed once, and
# exhibitors nobody of which takes meetings are left out, counted (see rank_exhibitors).
EXHIBITORS_DEPTH = 100


@functools.cache
def rules() -> matching.ExportControlRules:
    return matching.load_rules(DATA_DIR)


def event_day(event) -> datetime.date:
    """Today in the event's time zone (the day the embargoes are judged on)."""
    return clock.now().astimezone(zoneinfo.ZoneInfo(event.time_zone)).date()


def _texts(obj, base: str) -> dict[str, str]:
    return {code: getattr(obj, f"{base}_{code}") for code in ("en", "az", "ru") if getattr(obj, f"{base}_{code}", "")}


def engine_product(product: Product) -> matching.Product:
    return matching.Product(
        id=str(product.pk), exhibitor_id=str(product.exhibitor_id), category=product.category.slug,
        control_class=product.control, names=_texts(product, "name"), descriptions=_texts(product, "description"))


def engine_participant(registration: Registration, profile: MeetingProfile | None = None) -> matching.Participant:
    """The engine's participant of a registration (select_related person, category, delegation and
    exhibitor__company); its profile's categories are read from prefetched rows."""
    offers = seeks = matching.Interests()
    if profile is not None:
        offers = matching.Interests(
            categories=frozenset(category.slug for category in profile.offers_categories.all()),
            control_classes=frozenset(profile.offers_controls), text=f"{profile.headline} {profile.about}".strip())
        seeks = matching.Interests(
            categories=frozenset(category.slug for category in profile.seeks_categories.all()),
            control_classes=frozenset(profile.seeks_controls), countries=frozenset(profile.countries),
            text=profile.about)
    exhibitor = registration.exhibitor_id if registration.category.code == "exhibitor-staff" else None
    return matching.Participant(
        id=str(registration.pk), kind=ENGINE_KINDS[registration.category.code],
        country=participant_country(registration),
        language=registration.person.language if registration.person.language in ("en", "az", "ru") else "en",
        offers=offers, seeks=seeks, exhibitor_id=str(exhibitor) if exhibitor else None)


def _profiles_prefetch() -> Prefetch:
    return Prefetch("meeting_profile", queryset=MeetingProfile.objects.prefetch_related(
        "offers_categories", "seeks_categories"))


def _exhibitors(event):
    return Exhibitor.objects.filter(show__event=event, status=Exhibitor.Status.APPROVED)


def catalogue(event) -> matching.Catalogue:
    """The event's approved exhibitors and published products whose control class the reference
    data knows (a product nobody can classify is never promoted)."""
    reference = rules()
    exhibitors = [
        matching.Exhibitor(id=str(exhibitor.pk), name=exhibitor.company.name, country=exhibitor.company.country.code,
                           description=_texts(exhibitor.company, "description"))
        for exhibitor in _exhibitors(event).select_related("company").order_by("pk")
    ]
    products = [
        engine_product(product)
        for product in Product.objects.filter(exhibitor__in=_exhibitors(event), is_published=True)
        .select_related("category").order_by("pk")
        if reference.control_kind(normalise_control_class(product.control)) != "unknown"
    ]
    parents = dict(ProductCategory.objects.filter(parent__isnull=False).values_list("slug", "parent__slug"))
    return matching.Catalogue(exhibitors=tuple(exhibitors), products=tuple(products), category_parents=parents)


def stamp(event) -> str:
    """What the event's lists depend on, in three aggregate queries."""
    products = Product.objects.filter(exhibitor__in=_exhibitors(event), is_published=True).aggregate(
        count=Count("pk"), exhibitors=Count("exhibitor", distinct=True), changed=Max("updated_at"))
    profiles = MeetingProfile.objects.filter(registration__event=event).aggregate(
        count=Count("pk"), changed=Max("updated_at"))
    people = participants(event).aggregate(count=Count("pk"), changed=Max("updated_at"))
    parts = [event_day(event).isoformat(), rules().last_verified,
             f"p{products['count']}/{products['exhibitors']}/{_time(products['changed'])}",
             f"m{profiles['count']}/{_time(profiles['changed'])}", f"r{people['count']}/{_time(people['changed'])}"]
    return "|".join(parts)


def _time(value) -> str:
    return value.isoformat(timespec="microseconds") if value else "-"


def _item(recommendation: matching.Recommendation) -> dict:
    reasons = recommendation.reasons
    return {
        "id": int(recommendation.id), "score": recommendation.score, "outcome": recommendation.outcome,
        "reasons": {"categories": list(reasons.categories), "control_classes": list(reasons.control_classes),
                    "countries": list(reasons.countries), "terms": list(reasons.terms),
                    "text_similarity": round(reasons.text_similarity, 3)},
    }


def rank_exhibitors(items: list[dict], company_of: dict[int, int], requestable: set[int],
                    top: int = TOP) -> tuple[list[dict], int]:
    """The exhibitor list a participant is shown, from the engine's items (best score first):
    only exhibitors whose staff take meetings (a list of whom to meet offers nobody who cannot be
    requested), one row per company, the row being its best such exhibitor and naming its
    exhibitors at the other shows (`also`); at most `top` rows. Returns the rows and how many
    matching companies were left out because nobody of theirs takes meetings."""
    by_company: dict[int, list[dict]] = {}
    for item in items:
        if item["id"] in company_of:  # an exhibitor withdrawn since: not listed
            by_company.setdefault(company_of[item["id"]], []).append(item)
    rows, without_staff = [], 0
    for group in by_company.values():
        chosen = next((item for item in group if item["id"] in requestable), None)
        if chosen is None:
            without_staff += 1
            continue
        rows.append({**chosen, "also": [item["id"] for item in group if item is not chosen]})
    return rows[:top], without_staff


def recommendations_compute(*, event) -> int:
    """Run the engine over every participant of the event and store their lists; returns how many."""
    current = stamp(event)
    registrations = list(participants(event).prefetch_related(_profiles_prefetch()).order_by("pk"))
    engine_participants, kept = [], []
    for registration in registrations:
        profile = getattr(registration, "meeting_profile", None)
        engine_participants.append(engine_participant(registration, profile))
        kept.append(registration)
    unlisted = {registration.pk for registration in kept
                if getattr(registration, "meeting_profile", None) is not None
                and not registration.meeting_profile.is_listed}
    try:
        results = matching.recommend(engine_participants, catalogue(event), rules(), on=event_day(event),
                                     top=max(PEOPLE_TOP, EXHIBITORS_DEPTH)) if engine_participants else []
    except matching.InputError as error:
        # Bad rows (a country or class the data does not know): said on the page, nothing stored.
        raise ValidationError(_("The recommendations cannot be computed: %(reason)s") % {"reason": error}) from error
    now = clock.now()
    ranked = {int(item.id) for result in results for item in result.exhibitors}
    company_of = dict(_exhibitors(event).filter(pk__in=ranked).values_list("pk", "company_id"))
    requestable = set(exhibitor_contacts(event, ranked))
    rows = []
    for registration, result in zip(kept, results, strict=True):
        people = [item for item in result.people if int(item.id) not in unlisted][:PEOPLE_TOP]
        exhibitors, without_staff = rank_exhibitors([_item(item) for item in result.exhibitors], company_of,
                                                    requestable)
        rows.append(RecommendationSet(
            event=event, registration=registration, stamp=current, computed_at=now,
            rules_last_verified=rules().last_verified,
            data={"exhibitors": exhibitors, "exhibitors_without_staff": without_staff,
                  "products": [_item(item) for item in result.products[:TOP]],
                  "people": [_item(item) for item in people]}))
    with transaction.atomic():
        RecommendationSet.objects.filter(event=event).delete()
        RecommendationSet.objects.bulk_create(rows)
    return len(rows)


@dataclass(frozen=True)
class Lists:
    """A participant's stored lists (None before the first computation) and whether newer ones
    are being computed in the background."""

    stored: RecommendationSet | None
    refreshing: bool = False


def inline_limit() -> int:
    return int(getattr(settings, "PAVILION_RECOMMEND_INLINE", INLINE_PARTICIPANTS))


def _queue_refresh(event, current: str) -> None:
    """Queue the event's recomputation unless it was queued for this stamp a moment ago."""
    from pavilion.meetings.tasks import refresh_recommendations

    now = clock.now()
    row, created = RecommendationRefresh.objects.get_or_create(
        event=event, defaults={"stamp": current, "requested_at": now})
    if not created:
        claimed = (RecommendationRefresh.objects.filter(pk=row.pk)
                   .exclude(stamp=current, requested_at__gte=now - QUEUE_AGAIN)
                   .update(stamp=current, requested_at=now))
        if not claimed:
            return
    transaction.on_commit(lambda: refresh_recommendations.enqueue(event.pk))


def recommendations_refresh(*, event) -> int:
    """The background task's work: recompute when some stored list is not of the current stamp."""
    current = stamp(event)
    stale = RecommendationSet.objects.filter(event=event).exclude(stamp=current).exists()
    if not stale and RecommendationSet.objects.filter(event=event).count() == participants(event).count():
        return 0
    return recommendations_compute(event=event)


def recommendations_for(*, registration: Registration) -> Lists:
    """The participant's lists: the stored ones when what they depend on is unchanged; else
    recomputed now (a small event) or queued (a large one), the previous lists standing in."""
    event = registration.event
    current = stamp(event)
    stored = RecommendationSet.objects.filter(registration=registration).first()
    if stored is not None and stored.stamp == current:
        return Lists(stored)
    if participants(event).count() <= inline_limit():
        recommendations_compute(event=event)
        return Lists(RecommendationSet.objects.filter(registration=registration).first())
    _queue_refresh(event, current)
    return Lists(RecommendationSet.objects.filter(registration=registration).first(), refreshing=True)
