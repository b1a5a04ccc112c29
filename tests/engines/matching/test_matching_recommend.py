"""Ranking sanity on the small hand-built catalogue, with the reasons shown."""

import dataclasses

import pytest

from pavilion.engines.matching import (
    ALLOWED,
    REVIEW,
    Catalogue,
    InputError,
    Interests,
    check_request,
    recommend,
)
from tests.engines.matching.sample import SHOW_DAY, seeker, staff


def run(participants, catalogue, rules, top=10, on=SHOW_DAY):
    return {result.participant_id: result for result in recommend(participants, catalogue, rules, on=on, top=top)}


def ids(items):
    return [item.id for item in items]


def test_a_uav_seeker_gets_the_uav_maker_first_with_the_overlap_named(catalogue, rules):
    buyer = seeker("buyer", categories=["unmanned-aerial-vehicles"], control_classes=["ML10"],
                   text="long endurance reconnaissance UAV")
    result = run([buyer], catalogue, rules)["buyer"]
    assert ids(result.exhibitors)[0] == "sky"
    assert ids(result.products)[:2] == ["falcon", "kestrel"]
    best = result.products[0]
    assert best.reasons.categories == ("unmanned-aerial-vehicles",)
    assert best.reasons.control_classes == ("ML10",)
    assert "reconnaissance" in best.reasons.terms and "uav" in best.reasons.terms
    assert 0 < best.reasons.text_similarity <= 1
    scores = [item.score for item in result.products]
    assert scores == sorted(scores, reverse=True) and all(0 < s <= 1 for s in scores)


def test_a_sibling_category_scores_half_and_says_so(catalogue, rules):
    result = run([seeker("b", categories=["unmanned-aerial-vehicles"])], catalogue, rules)["b"]
    by_id = {item.id: item for item in result.products}
    assert by_id["falcon"].score == pytest.approx(1.0)
    assert by_id["rotor-12"].score == pytest.approx(0.5)
    assert by_id["rotor-12"].reasons.categories == ("unmanned-aerial-vehicles (same family: air-systems-uavs)",)
    assert "vigil" not in by_id  # nothing in common: never recommended with a zero score


def test_a_russian_query_finds_the_russian_description(catalogue, rules):
    # Other inflections than the catalogue's: "барражирующие боеприпасы" vs "барражирующий боеприпас".
    visitor = seeker("v", country="KZ", kind="visitor", language="ru", text="барражирующие боеприпасы")
    best = run([visitor], catalogue, rules)["v"].products[0]
    assert best.id == "lancet"
    assert set(best.reasons.terms) == {"барражирующие", "боеприпасы"}


def test_an_azerbaijani_query_typed_without_its_letters_finds_the_azerbaijani_text(catalogue, rules):
    visitor = seeker("v", country="AZ", kind="visitor", language="az", text="beden zirehleri")
    best = run([visitor], catalogue, rules)["v"].products[0]
    assert best.id == "vest"
    assert "zirehleri" in best.reasons.terms


def test_a_dual_use_code_of_the_same_group_scores_half(catalogue, rules):
    result = run([seeker("b", control_classes=["5A002"])], catalogue, rules)["b"]
    assert ids(result.products) == ["radio-x"]
    assert result.products[0].score == pytest.approx(0.5)
    assert result.products[0].reasons.control_classes == ("5A002 (same dual-use category and group: 5A)",)


def test_a_fully_embargoed_delegation_never_sees_lethal_products_or_their_makers(catalogue, rules):
    wants_everything = dict(categories=["missiles-rockets", "small-arms", "unmanned-aerial-vehicles"],
                            control_classes=["ML1", "ML4", "ML10"], text="loitering munition rifle UAV")
    korea = seeker("kp", country="KP", **wants_everything)
    germany = seeker("de", country="DE", **wants_everything)
    seller = staff("strike-staff", "strike", "RS", countries=["KP", "DE"])
    results = run([korea, germany, seller], catalogue, rules)
    assert {"lancet", "rifle"} <= set(ids(results["de"].products))
    assert not {"lancet", "rifle"} & set(ids(results["kp"].products))
    assert "strike" not in ids(results["kp"].exhibitors)
    assert "strike-staff" not in ids(results["kp"].people)
    assert ids(results["strike-staff"].people) == ["de"]
    # What remains for KP is not blocked, and says what a request would get.
    assert results["kp"].products and all(item.outcome == REVIEW for item in results["kp"].products)


def test_outcomes_agree_with_check_request(catalogue, rules):
    iraq = seeker("iq", country="IQ", categories=["missiles-rockets", "firefighting"])
    result = run([iraq], catalogue, rules)["iq"]
    by_id = {product.id: product for product in catalogue.products}
    makers = {exhibitor.id: exhibitor for exhibitor in catalogue.exhibitors}
    for item in result.products:
        maker = makers[by_id[item.id].exhibitor_id]
        counterpart = staff("c", maker.id, maker.country)
        assert item.outcome == check_request(iraq, counterpart, [by_id[item.id]], rules, on=SHOW_DAY).outcome
    assert {item.id: item.outcome for item in result.products} == {"lancet": REVIEW, "rifle": REVIEW, "engine": ALLOWED}


def test_people_are_mutual_and_skip_oneself_and_colleagues(catalogue, rules):
    first = staff("sky-1", "sky", "TR", countries=["AZ"])
    colleague = staff("sky-2", "sky", "TR", countries=["AZ"])
    azerbaijan = seeker("az", country="AZ", categories=["unmanned-aerial-vehicles"])
    results = run([first, colleague, azerbaijan], catalogue, rules)
    assert ids(results["sky-1"].people) == ["az"]
    assert ids(results["az"].people) == ["sky-1", "sky-2"]  # equal scores: input order
    reasons = results["az"].people[0].reasons
    assert reasons.categories == ("unmanned-aerial-vehicles",) and reasons.countries == ("AZ",)
    assert "sky" not in ids(results["sky-1"].exhibitors)
    assert not {"falcon", "kestrel"} & set(ids(results["sky-1"].products))


def test_someone_seeking_nothing_gets_no_catalogue_but_can_be_found(catalogue, rules):
    idle = seeker("idle", country="TR", offers=Interests(categories=frozenset(["radar"])))
    hunter = seeker("hunter", country="DE", categories=["radar"])
    results = run([idle, hunter], catalogue, rules)
    assert results["idle"].products == () and results["idle"].exhibitors == ()
    assert ids(results["idle"].people) == ["hunter"] and ids(results["hunter"].people) == ["idle"]


def test_top_limits_every_list(catalogue, rules):
    result = run([seeker("b", categories=["air-systems-uavs"])], catalogue, rules, top=2)["b"]
    assert len(result.products) == 2 and len(result.exhibitors) == 2
    assert all(item.score == pytest.approx(1.0) for item in result.products)


@pytest.mark.parametrize(("change", "message"), [
    (lambda people: people + [people[0]], "duplicate participant id 'a'"),
    (lambda people: [dataclasses.replace(people[0], kind="spy")], "participant 'a': kind 'spy'"),
    (lambda people: [dataclasses.replace(people[0], country="Azerbaijan")], "participant 'a': country 'Azerbaijan'"),
    (lambda people: [dataclasses.replace(people[0], language="fr")], "participant 'a': language 'fr'"),
    (lambda people: [dataclasses.replace(people[0], exhibitor_id="ghost")], "participant 'a': exhibitor 'ghost'"),
    (lambda people: [dataclasses.replace(people[0], seeks=Interests(control_classes=frozenset(["ML30"])))],
     "participant 'a': control class 'ML30'"),
])
def test_bad_participants_are_named(change, message, catalogue, rules):
    with pytest.raises(InputError, match=message.replace("(", r"\(")):
        recommend(change([seeker("a")]), catalogue, rules, on=SHOW_DAY)


def test_bad_catalogue_and_top_are_named(catalogue, rules):
    orphan = dataclasses.replace(catalogue.products[0], id="orphan", exhibitor_id="nobody")
    with pytest.raises(InputError, match="product 'orphan': exhibitor 'nobody'"):
        recommend([], dataclasses.replace(catalogue, products=(*catalogue.products, orphan)), rules, on=SHOW_DAY)
    with pytest.raises(InputError, match="top must be"):
        recommend([], catalogue, rules, on=SHOW_DAY, top=0)


def test_empty_inputs_give_empty_lists(catalogue, rules):
    (alone,) = recommend([seeker("a", categories=["radar"], text="radar")], Catalogue((), (), {}), rules, on=SHOW_DAY)
    assert (alone.exhibitors, alone.products, alone.people) == ((), (), ())
    assert recommend([], catalogue, rules, on=SHOW_DAY) == []
    (stop_words_only,) = recommend([seeker("b", text="the and of для и")], catalogue, rules, on=SHOW_DAY)
    assert stop_words_only.products == ()
