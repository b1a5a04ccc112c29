"""The export-control decision on a meeting request: the app's side of `check_request`.

A request judged on the products it names; one that names none is judged on both companies'
whole published catalogues, because "unknown" must not mean "harmless".
"""

import dataclasses

from django.db.models import Q, QuerySet

from pavilion.engines import matching
from pavilion.exhibitors.models import Product
from pavilion.meetings.models import MeetingRequest
from pavilion.meetings.services.recommendations import engine_participant, engine_product, event_day, rules
from pavilion.registrations.models import Registration


def products_on_the_table(requester: Registration, counterpart: Registration, products) -> list[Product]:
    products = list(products)
    if products:
        return products
    exhibitors = [r.exhibitor_id for r in (requester, counterpart)
                  if r.exhibitor_id and r.category.code == "exhibitor-staff"]
    if not exhibitors:
        return []
    return list(Product.objects.filter(exhibitor_id__in=exhibitors, is_published=True).select_related("category"))


def request_decision(*, requester: Registration, counterpart: Registration, products) -> matching.Decision:
    """The engine's decision for this pair and these products, on today's date in the event."""
    reference = rules()
    on = event_day(requester.event)
    table = products_on_the_table(requester, counterpart, products)
    try:
        return matching.check_request(engine_participant(requester), engine_participant(counterpart),
                                      [engine_product(product) for product in table], reference, on=on)
    except matching.InputError as error:
        # A product nobody can classify is not harmless: a person decides.
        return matching.Decision(
            outcome=matching.REVIEW, rules=(), data_last_verified=reference.last_verified,
            message=f"Compliance review needed: {error}. Reference data last verified {reference.last_verified}.")


def stored_rules(decision: matching.Decision) -> list[dict]:
    """The applied rules as stored on the request, each with the data's date."""
    return [{**dataclasses.asdict(rule), "data_last_verified": decision.data_last_verified} for rule in decision.rules]


def _company(registration: Registration) -> int | None:
    return registration.exhibitor.company_id if registration.exhibitor_id else None


def refused_before(requester: Registration, counterpart: Registration) -> QuerySet:
    """The blocked requests (by the rules or refused by a compliance review) between these two people,
    or between one of them and the other's company: naming another product of the same exhibitor must
    not get round a refusal, so a new request between them goes to a person who sees these."""
    pair = (Q(requester__person_id=requester.person_id, counterpart__person_id=counterpart.person_id)
            | Q(requester__person_id=counterpart.person_id, counterpart__person_id=requester.person_id))
    for person, other in ((requester, counterpart), (counterpart, requester)):
        company = _company(other)
        if company is not None:
            pair |= Q(requester__person_id=person.person_id, counterpart__exhibitor__company_id=company)
            pair |= Q(counterpart__person_id=person.person_id, requester__exhibitor__company_id=company)
    return MeetingRequest.objects.filter(pair, event_id=requester.event_id, status=MeetingRequest.Status.BLOCKED)


def with_history(decision: matching.Decision, *, requester: Registration, counterpart: Registration) -> matching.Decision:
    """The decision, sent to review when an earlier request between the same people (or the person and
    the company) was blocked or refused and this one would otherwise go straight through."""
    if decision.outcome not in (matching.ALLOWED, matching.WARNING):
        return decision
    if not refused_before(requester, counterpart).exists():
        return decision
    # The message is the reviewers' (the requester reads that the request is being checked): it names no
    # request, the reviewers' page lists them.
    return dataclasses.replace(decision, outcome=matching.REVIEW, message=(
        f"Compliance review needed: an earlier request between the same participants or companies was blocked "
        f"or refused. {decision.message}").strip())
