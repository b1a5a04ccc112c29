"""The embargo rules with real entries of the reference data."""

import datetime

import pytest

from pavilion.engines.matching import ALLOWED, BLOCKED, REVIEW, WARNING, InputError, Product, check_request
from tests.engines.matching.sample import PRODUCTS, SHOW_DAY, seeker, staff

BY_ID = {product.id: product for product in PRODUCTS}
MISSILE, RIFLE, UAV, RADIO, FIRE_ENGINE = (BY_ID[name] for name in ("lancet", "rifle", "falcon", "radio-x", "engine"))


def decide(country, products, rules, on=SHOW_DAY):
    delegation = seeker("d", country=country)
    return check_request(delegation, staff("s", products[0].exhibitor_id if products else "strike", "DE"),
                         products, rules, on=on)


def test_a_north_korean_delegation_is_blocked_from_munitions(rules):
    decision = decide("KP", [MISSILE], rules)
    assert decision.outcome == BLOCKED
    assert {(r.authority, r.scope) for r in decision.rules} == {("UN", "full"), ("EU", "full")}
    assert all(r.outcome == BLOCKED and r.target == "KP" and r.last_verified == "2025-10" for r in decision.rules)
    assert decision.data_last_verified == "2025-10"
    assert "KP" in decision.message and "2025-10" in decision.message and "Blocked" in decision.message


def test_one_lethal_product_among_others_blocks(rules):
    assert decide("KP", [UAV, RADIO, RIFLE], rules).outcome == BLOCKED


def test_a_fully_embargoed_country_gets_review_for_other_controlled_items_and_warning_otherwise(rules):
    assert decide("KP", [UAV], rules).outcome == REVIEW
    assert decide("BY", [RADIO], rules).outcome == REVIEW  # dual-use, EU embargo on Belarus
    assert decide("KP", [FIRE_ENGINE], rules).outcome == WARNING


def test_an_iraqi_government_delegation_is_flagged_for_review_not_blocked(rules):
    decision = decide("IQ", [MISSILE], rules)
    assert decision.outcome == REVIEW
    assert {(r.authority, r.scope) for r in decision.rules} == {("UN", "non-state"), ("EU", "non-state")}
    assert "does not block a government delegation" in decision.message
    assert decide("IQ", [FIRE_ENGINE], rules).outcome == ALLOWED


def test_listed_embargoes_flag_for_review(rules):
    decision = decide("SO", [RIFLE], rules)
    assert decision.outcome == REVIEW
    assert any("Al-Shabaab" in r.note for r in decision.rules)


@pytest.mark.parametrize("country", ["AM", "AZ"])
def test_the_osce_advisory_gives_a_warning_with_its_note(country, rules):
    decision = decide(country, [MISSILE], rules)
    assert decision.outcome == WARNING
    (rule,) = decision.rules
    assert (rule.authority, rule.target, rule.scope) == ("OSCE", country, "advisory")
    assert rule.note and rule.last_verified == "2025-10"
    assert decide(country, [FIRE_ENGINE], rules).outcome == ALLOWED


def test_south_sudan_un_embargo_ends_on_31_may_2026_but_the_eu_one_holds(rules):
    last_day = decide("SS", [MISSILE], rules, on=datetime.date(2026, 5, 31))
    assert {r.authority for r in last_day.rules} == {"UN", "EU"}
    after = decide("SS", [MISSILE], rules, on=datetime.date(2026, 6, 1))
    assert {r.authority for r in after.rules} == {"EU"}
    assert after.outcome == BLOCKED


def test_iran_un_snapback_starts_on_27_september_2025(rules):
    before = decide("IR", [MISSILE], rules, on=datetime.date(2025, 9, 26))
    assert [r.authority for r in before.rules] == ["EU"]
    on_the_day = decide("IR", [MISSILE], rules, on=datetime.date(2025, 9, 27))
    assert {r.authority for r in on_the_day.rules} == {"UN", "EU"}
    assert "snapback" in on_the_day.message


def test_zimbabwe_eu_embargo_expires(rules):
    assert decide("ZW", [MISSILE], rules, on=datetime.date(2027, 2, 20)).outcome == BLOCKED
    assert decide("ZW", [MISSILE], rules, on=datetime.date(2027, 2, 21)).outcome == ALLOWED


def test_no_embargo_means_allowed(rules):
    decision = decide("DE", [MISSILE, RIFLE], rules)
    assert decision.outcome == ALLOWED and decision.rules == ()
    assert decision.message.startswith("Allowed")


def test_the_receiving_side_is_judged_not_the_seller(rules):
    # A Belarusian company's own rifles go to a German delegation: Belarus receives nothing lethal.
    seller = staff("by-staff", "strike", "BY")
    decision = check_request(seller, seeker("de", country="DE"), [RIFLE], rules, on=SHOW_DAY)
    assert decision.outcome == WARNING
    assert [(r.target, r.participant_id) for r in decision.rules] == [("BY", "by-staff")]
    # The same rifles, shown by someone else to the Belarusian, are blocked.
    buyer = staff("by-buyer", "radio", "BY")
    assert check_request(seeker("x", country="DE", kind="visitor"), buyer, [RIFLE], rules,
                         on=SHOW_DAY).outcome == BLOCKED


def test_an_unknown_control_class_is_an_input_error(rules):
    odd = Product("odd", "strike", "small-arms", "ML99")
    with pytest.raises(InputError, match="product 'odd'.*ML99"):
        decide("DE", [odd], rules)


def test_bad_requests_are_input_errors(rules):
    delegation = seeker("d", country="KP")
    with pytest.raises(InputError, match="must be a date"):
        check_request(delegation, staff("s", "strike", "RS"), [MISSILE], rules, on="2026-05-12")
    with pytest.raises(InputError, match="with themselves"):
        check_request(delegation, delegation, [MISSILE], rules, on=SHOW_DAY)
    with pytest.raises(InputError, match="participant 'x': country 'North Korea'"):
        check_request(seeker("x", country="North Korea"), staff("s", "strike", "RS"), [MISSILE], rules, on=SHOW_DAY)
