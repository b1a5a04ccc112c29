"""The export-control decision on a meeting request: the app's side of `check_request`.

A request judged on the products it names; one that names none is judged on both companies'
whole published catalogues, because "unknown" must not mean "harmless".
"""

import dataclasses

from pavilion.engines import matching
from pavilion.exhibitors.models import Product
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
