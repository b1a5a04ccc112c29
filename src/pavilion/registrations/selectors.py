"""Reads of registrations shared by pages, the API and exports."""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from pavilion.core import clock
from pavilion.registrations.models import Delegation, Registration, RegistrationCategory
from pavilion.registrations.permissions import visible_registrations


def _open_alerts():
    from pavilion.vetting.models import Alert

    return Alert.objects.open().filter(registration=OuterRef("pk"))


def registration_list(*, user, event, filters: dict | None = None) -> QuerySet:
    """The registrations of an event this user may see, filtered, with what a list row shows."""
    filters = filters or {}
    queryset = (
        Registration.objects.filter(event=event)
        .select_related("person", "category", "delegation", "exhibitor__company")
        .annotate(has_open_alert=Exists(_open_alerts()))
    )
    queryset = visible_registrations(user, queryset)
    if filters.get("status"):
        queryset = queryset.filter(status=filters["status"])
    if filters.get("category"):
        queryset = queryset.filter(category__code=filters["category"])
    if filters.get("alerts") == "open":
        queryset = queryset.filter(has_open_alert=True)
    elif filters.get("alerts") == "none":
        queryset = queryset.filter(has_open_alert=False)
    if filters.get("held"):
        queryset = queryset.filter(is_held=True)
    for word in (filters.get("q") or "").split():
        queryset = queryset.filter(
            Q(person__given_name__icontains=word) | Q(person__family_name__icontains=word)
            | Q(organisation__icontains=word)
        )
    return queryset.order_by("-submitted_at", "-id")


def registration_detail(*, user, event, registration_id: int) -> Registration | None:
    queryset = Registration.objects.filter(event=event, pk=registration_id).select_related(
        "person", "category", "delegation", "exhibitor__company", "invitation", "event"
    )
    return visible_registrations(user, queryset).first()


def form_categories(event, user=None) -> QuerySet:
    """The categories whose public form this user may fill in: the self-service ones, and for the
    organiser every category except those registered through an exhibitor or a delegation."""
    from pavilion.core import roles

    queryset = RegistrationCategory.objects.filter(event=event).exclude(
        code__in=[RegistrationCategory.Code.EXHIBITOR_STAFF, RegistrationCategory.Code.DELEGATION_MEMBER]
    )
    return queryset if user is not None and roles.is_organiser(user) else queryset.filter(self_service=True)


def visible_delegations(user, event) -> QuerySet:
    from pavilion.core import roles

    queryset = Delegation.objects.filter(event=event).select_related("liaison")
    if roles.is_organiser(user) or roles.is_security_officer(user):
        return queryset
    if roles.has_role(user, roles.DELEGATION_LIAISON):
        return queryset.filter(liaison=user)
    return queryset.none()


def with_active_members(delegations: QuerySet) -> QuerySet:
    """Each delegation with `active_members`: its members not rejected or cancelled, the ones who come."""
    return delegations.annotate(active_members=Count(
        "members", filter=~Q(members__status__in=[Registration.Status.REJECTED, Registration.Status.CANCELLED])))


def delegation_members(delegation) -> QuerySet:
    return delegation.members.select_related("person", "category").order_by("protocol_order", "person__family_name")


@dataclass(frozen=True)
class Window:
    """When an event's public registration forms (or one category's) take registrations, and whether
    they do now: `state` is "hidden" (the event is not public), "not-yet", "open" or "closed"."""

    opens: datetime.datetime | None
    closes: datetime.datetime
    state: str
    zone: str  # the event's time zone

    @property
    def is_open(self) -> bool:
        return self.state == "open"

    def local(self, moment: datetime.datetime) -> str:
        """`moment` on the event's clock, as the forms and the set-up overview write it."""
        return f"{moment.astimezone(zoneinfo.ZoneInfo(self.zone)):%Y-%m-%d %H:%M}"


def registration_window(event, now: datetime.datetime | None = None, category=None) -> Window:
    """The event's registration window (see Event.registration_opens_at): without a closing time of its
    own it closes at the end of the event's last day in the event's time zone. With a category whose
    registration closes earlier (RegistrationCategory.closes_at), that category's window."""
    now = now or clock.now()
    closes = event.registration_closes
    if category is not None and category.closes_at is not None:
        closes = min(closes, category.closes_at)
    opens = event.registration_opens_at
    if not event.is_public:
        state = "hidden"
    elif opens is not None and now < opens:
        state = "not-yet"
    elif now >= closes:
        state = "closed"
    else:
        state = "open"
    return Window(opens, closes, state, event.time_zone)


def registrations_for_address(event, email: str) -> QuerySet:
    """The registrations for `event` made under this e-mail address (any status: a rejected person reads
    the reason on their page), except those whose personal data the retention rule deleted."""
    email = (email or "").strip()
    if not email:
        return Registration.objects.none()
    return Registration.objects.filter(event=event, person__email__iexact=email, person__purged_at__isnull=True)


def _rejection_keys(person) -> set:
    """What makes two registrations the same person's for a reviewer: the same identity document, or the same
    e-mail address, name and date of birth (document and birth date are encrypted: compared in clear here)."""
    keys = set()
    document = (person.document_number or "").strip().upper()
    if document:
        keys.add(("document", document))
    if person.email and person.birth_date:
        name = " ".join(f"{person.given_name} {person.family_name}".casefold().split())
        keys.add(("person", person.email.strip().casefold(), name, person.birth_date.isoformat()))
    return keys


def _rejections(event, exclude: set) -> list:
    return list(Registration.objects.filter(event=event, status=Registration.Status.REJECTED)
                .exclude(pk__in=exclude).select_related("person").order_by("-decided_at", "-pk"))


def earlier_rejections(registration) -> list:
    """The event's rejected registrations of the same person (same document, or same e-mail, name and birth
    date) other than this one, latest first: a rejected person may register again (an appeal), and the
    organiser reviewing the new registration should know."""
    keys = _rejection_keys(registration.person)
    if not keys:
        return []
    return [rejected for rejected in _rejections(registration.event_id, {registration.pk})
            if _rejection_keys(rejected.person) & keys]


def rejected_before(event, registrations) -> set:
    """The ids among `registrations` (one list page) whose person had a registration for `event` rejected:
    one query for the event's rejections, whatever the page's length."""
    registrations = list(registrations)
    rejected = _rejections(event, set())
    if not rejected or not registrations:
        return set()
    owners = {}
    for row in rejected:
        for key in _rejection_keys(row.person):
            owners.setdefault(key, set()).add(row.pk)
    return {registration.pk for registration in registrations
            if any(owners.get(key, set()) - {registration.pk} for key in _rejection_keys(registration.person))}
