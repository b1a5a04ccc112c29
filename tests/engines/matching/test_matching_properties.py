"""Properties over random profiles, catalogues' control classes and dates (Hypothesis)."""

import dataclasses
import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from pavilion.engines.matching import BLOCKED, Interests, Participant, check_request, recommend
from tests.engines.matching.sample import EXHIBITORS, PARENTS, PRODUCTS, rules_data, sample_catalogue, staff

RULES = rules_data()
COUNTRIES = ["KP", "IR", "SS", "BY", "IQ", "SO", "AM", "AZ", "DE", "TR", "RU", "CN", "ZW"]
DAYS = [datetime.date(2025, 9, 26), datetime.date(2026, 5, 12), datetime.date(2026, 6, 1), datetime.date(2027, 3, 1)]
CLASSES = ["ML1", "ML4", "ML8", "ML10", "ML5", "ML13", "5A001", "5A002", "none"]
CATEGORIES = sorted(set(PARENTS) | set(PARENTS.values()))
WORDS = ["UAV", "radar", "rifle", "беспилотник", "боеприпасы", "вертолёт", "zireh", "pilotsuz", "helikopter",
         "munition", "radio", "fire", "пожарный", "dəniz", "reconnaissance"]


def interests():
    return st.builds(
        Interests,
        categories=st.frozensets(st.sampled_from(CATEGORIES), max_size=3),
        control_classes=st.frozensets(st.sampled_from(CLASSES), max_size=2),
        countries=st.frozensets(st.sampled_from(COUNTRIES), max_size=2),
        text=st.lists(st.sampled_from(WORDS), max_size=5).map(" ".join),
    )


@st.composite
def participant(draw, number):
    exhibitor = draw(st.none() | st.sampled_from([e.id for e in EXHIBITORS]))
    kind = "exhibitor" if exhibitor else draw(st.sampled_from(["delegation", "visitor", "media"]))
    return Participant(f"p{number}", kind, draw(st.sampled_from(COUNTRIES)), draw(st.sampled_from(["en", "az", "ru"])),
                       draw(interests()), draw(interests()), exhibitor)


@st.composite
def scenario(draw):
    classes = draw(st.lists(st.sampled_from(CLASSES), min_size=len(PRODUCTS), max_size=len(PRODUCTS)))
    products = tuple(dataclasses.replace(p, control_class=c) for p, c in zip(PRODUCTS, classes, strict=True))
    catalogue = dataclasses.replace(sample_catalogue(), products=products)
    count = draw(st.integers(min_value=1, max_value=6))
    people = [draw(participant(number)) for number in range(count)]
    return catalogue, people, draw(st.sampled_from(DAYS)), draw(st.integers(min_value=1, max_value=5))


def fully_embargoed(country, on):
    return any(e.scope == "full" and e.authority in ("UN", "EU") for e in RULES.embargoes_on(country, on))


@settings(max_examples=40, deadline=None)
@given(scenario())
def test_scores_are_in_the_unit_interval_ranked_and_bounded(case):
    catalogue, people, on, top = case
    for result in recommend(people, catalogue, RULES, on=on, top=top):
        for items in (result.exhibitors, result.products, result.people):
            scores = [item.score for item in items]
            assert len(items) <= top
            assert all(0.0 < score <= 1.0 for score in scores)
            assert scores == sorted(scores, reverse=True)


@settings(max_examples=40, deadline=None)
@given(scenario())
def test_no_lethal_product_for_a_fully_embargoed_delegation_and_outcomes_match_check_request(case):
    catalogue, people, on, top = case
    products = {product.id: product for product in catalogue.products}
    makers = {exhibitor.id: exhibitor for exhibitor in catalogue.exhibitors}
    by_id = {person.id: person for person in people}

    def catalogue_of(company):
        return [product for product in catalogue.products if product.exhibitor_id == company]

    for result in recommend(people, catalogue, RULES, on=on, top=top):
        seeker = by_id[result.participant_id]
        if fully_embargoed(seeker.country, on):
            assert not any(RULES.policy(products[item.id].control_class) == "lethal" for item in result.products)
        for item in result.products:
            maker = makers[products[item.id].exhibitor_id]
            decision = check_request(seeker, staff("c", maker.id, maker.country), [products[item.id]], RULES, on=on)
            assert decision.outcome != BLOCKED and decision.outcome == item.outcome
        for item in result.exhibitors:
            maker = makers[item.id]
            decision = check_request(seeker, staff("c", maker.id, maker.country), catalogue_of(maker.id), RULES, on=on)
            assert decision.outcome != BLOCKED and decision.outcome == item.outcome
        for item in result.people:
            other = by_id[item.id]
            on_table = catalogue_of(seeker.exhibitor_id) + catalogue_of(other.exhibitor_id)
            decision = check_request(seeker, other, on_table, RULES, on=on)
            assert decision.outcome != BLOCKED and decision.outcome == item.outcome


@settings(max_examples=15, deadline=None)
@given(scenario())
def test_the_output_is_deterministic(case):
    catalogue, people, on, top = case
    assert recommend(people, catalogue, RULES, on=on, top=top) == recommend(people, catalogue, RULES, on=on, top=top)
