"""Reads of the deals register. `visible_deals` is the one place that decides who sees which deal:
pages, the API and the press exports all start from it.

- the organiser sees every deal of the event;
- the people of a party (members of a party company, the liaison of a party delegation) see their
  own deals that are parties-only or public (announced or not yet), never organiser-only ones;
- everyone, signed in or not, sees public deals that have been announced (or whose planned
  announcement time has come).
"""

import datetime
import zoneinfo
from collections import OrderedDict
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from pavilion.core import clock, roles
from pavilion.deals.models import Deal, DealParty
from pavilion.exhibitors.models import CompanyMember
from pavilion.registrations.models import Delegation

PUBLIC = AnonymousUser()


def member_company_ids(user) -> set[int]:
    """The companies the user acts for (exhibitor admin or staff), cached on the user for one request."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_pavilion_deal_companies", None)
    if cached is None:
        cached = set(CompanyMember.objects.filter(user=user).values_list("company_id", flat=True))
        user._pavilion_deal_companies = cached
    return cached


def liaison_delegation_ids(user, event) -> set[int]:
    if not (getattr(user, "is_authenticated", False) and roles.has_role(user, roles.DELEGATION_LIAISON)):
        return set()
    return set(Delegation.objects.filter(event=event, liaison=user).values_list("pk", flat=True))


def party_deal_ids(user, event) -> QuerySet | None:
    """A subquery of the ids of the event's deals the user is a party to (None when they are no party)."""
    company_ids, delegation_ids = member_company_ids(user), liaison_delegation_ids(user, event)
    if not (company_ids or delegation_ids):
        return None
    parties = DealParty.objects.filter(deal__event=event).filter(
        Q(company_id__in=company_ids) | Q(delegation_id__in=delegation_ids))
    return parties.values("deal_id")


def public_scope() -> Q:
    now = clock.now()
    return Q(confidentiality=Deal.Confidentiality.PUBLIC) & (
        Q(announcement=Deal.Announcement.ANNOUNCED)
        | Q(announcement=Deal.Announcement.PLANNED, announced_at__lte=now)
    )


def visible_deals(user, event) -> QuerySet:
    deals = Deal.objects.filter(event=event)
    if roles.is_organiser(user):
        return deals
    # What the public sees exists only for an event that is public (its other pages are closed too), or
    # on the organiser's preview of it (events.selectors.public_event marks the event so).
    scope = public_scope() if event.is_public or getattr(event, "preview", False) else Q(pk__in=[])
    theirs = party_deal_ids(user, event)
    if theirs is not None:
        scope |= Q(pk__in=theirs) & Q(confidentiality__in=[Deal.Confidentiality.PARTIES, Deal.Confidentiality.PUBLIC])
    return deals.filter(scope)


def with_parties(deals: QuerySet) -> QuerySet:
    """Everything a list shows, in a fixed number of queries."""
    parties = DealParty.objects.select_related("company", "delegation").order_by("order", "pk")
    return deals.select_related("event", "show", "stand").prefetch_related(
        Prefetch("parties", queryset=parties), "categories")


def public_deals(event) -> QuerySet:
    """What the public may see: the public page, the press exports and the API without a token."""
    return with_parties(visible_deals(PUBLIC, event)).order_by("signed_at", "pk")


def signed_and_to_come(deals, now: datetime.datetime | None = None) -> tuple[list[Deal], list[Deal]]:
    """The deals signed by now (the Pavilion clock's, unless given) and those announced ahead of their
    signing, each in the order given: the public page and the press summary list them apart."""
    now = now or clock.now()
    deals = list(deals)
    return [deal for deal in deals if deal.signed_at <= now], [deal for deal in deals if deal.signed_at > now]


def event_zone(event) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(event.time_zone)


def day_bounds(event, day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    zone = event_zone(event)
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
    return start, start + datetime.timedelta(days=1)


def event_days(event) -> list[datetime.date]:
    """The event's days with the day before and after, when deals may be signed."""
    first = event.start_date - datetime.timedelta(days=1)
    return [first + datetime.timedelta(days=n) for n in range((event.end_date - event.start_date).days + 3)]


def filtered(deals: QuerySet, event, filters: dict) -> QuerySet:
    if filters.get("day"):
        start, end = day_bounds(event, filters["day"])
        deals = deals.filter(signed_at__gte=start, signed_at__lt=end)
    if filters.get("kind"):
        deals = deals.filter(kind=filters["kind"])
    if filters.get("country"):
        deals = deals.filter(pk__in=DealParty.objects.filter(country=filters["country"]).values("deal_id"))
    if filters.get("confidentiality"):
        deals = deals.filter(confidentiality=filters["confidentiality"])
    if filters.get("announcement"):
        deals = deals.filter(announcement=filters["announcement"])
    return deals


def deal_list(*, user, event, filters: dict | None = None) -> QuerySet:
    deals = filtered(visible_deals(user, event), event, filters or {})
    return with_parties(deals).order_by("-signed_at", "-pk")


@dataclass(frozen=True)
class CurrencyTotal:
    currency: str
    total: Decimal
    deals: int


def totals_by_currency(deals: QuerySet) -> list[CurrencyTotal]:
    """The sum of the values of these deals per currency (deals without a value are left out)."""
    rows = (deals.order_by().filter(value__isnull=False).values("currency")
            .annotate(total=Sum("value"), deals=Count("pk")).order_by("currency"))
    return [CurrencyTotal(row["currency"], row["total"], row["deals"]) for row in rows]


def deal_detail(*, user, event, deal_id: int) -> Deal | None:
    return with_parties(visible_deals(user, event)).filter(pk=deal_id).select_related("recorded_by").first()


def is_party(user, deal: Deal) -> bool:
    """Whether the user acts for one of the deal's parties (parties must be loaded)."""
    company_ids = member_company_ids(user)
    liaison = getattr(user, "pk", None)
    return any((party.company_id and party.company_id in company_ids)
               or (party.delegation_id and liaison and party.delegation.liaison_id == liaison)
               for party in deal.parties.all())


def value_visible(user, deal: Deal) -> bool:
    """The value is shown to the organiser and the parties, and to everyone once it is disclosed."""
    return deal.value is not None and (deal.value_disclosed or roles.is_organiser(user) or is_party(user, deal))


def by_day(event, deals) -> "OrderedDict[datetime.date, list[Deal]]":
    """Deals grouped by the local day of their signing, in the order given."""
    zone = event_zone(event)
    days: OrderedDict = OrderedDict()
    for deal in deals:
        days.setdefault(deal.signed_at.astimezone(zone).date(), []).append(deal)
    return days
