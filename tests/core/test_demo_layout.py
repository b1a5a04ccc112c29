"""The demo's floor plans and company plan, without a database."""

import random
from collections import Counter

from shapely import STRtree

from pavilion.core.demo import ADEX, SECUREX, companies, layout
from pavilion.events.geometry import polygon_from_points


def test_stands_of_one_hall_never_overlap_and_stay_inside_the_hall():
    stands = layout.plan_halls()
    for spec in layout.HALLS:
        polygons = [polygon_from_points(s.polygon) for s in stands if s.hall == spec.code]
        tree = STRtree(polygons)
        for index, polygon in enumerate(polygons):
            for other in tree.query(polygon):
                if other != index:
                    assert polygon.intersection(polygons[other]).area < 1e-6, (spec.code, index, other)
            x0, y0, x1, y1 = polygon.bounds
            assert 0 <= x0 and x1 <= spec.width and 0 <= y0 and y1 <= spec.depth


def test_stand_codes_are_unique_per_hall_and_sizes_are_realistic():
    stands = layout.plan_halls()
    assert len({s.key for s in stands}) == len(stands)
    areas = {kind: [s.area for s in stands if s.kind == kind] for kind in ("shell", "space", "outdoor")}
    assert 9 <= min(areas["shell"]) and max(areas["shell"]) <= 36
    assert 120 <= min(areas["space"]) and max(areas["space"]) <= 216
    assert 225 <= min(areas["outdoor"])
    assert Counter(s.hall for s in stands).keys() == {"1", "2", "3", "OD"}


def test_a_band_that_does_not_fit_its_hall_is_refused():
    too_deep = layout.HallSpec("X", ("X", "X", "X"), "indoor", 60, 20, (("island", ADEX), ("island", ADEX)))
    try:
        layout.plan_hall(too_deep, random.Random(1))
    except ValueError as error:
        assert "hall X" in str(error)
    else:
        raise AssertionError("a hall too shallow for its bands was accepted")


def test_the_company_plan_is_the_same_on_every_run_and_weighted_like_adex():
    companies.plan.cache_clear()
    first = companies.plan(1.0)
    companies.plan.cache_clear()
    assert companies.plan(1.0) == first
    countries = Counter(item.company.country for item in first)
    assert len(countries) == 30
    assert countries.most_common(2)[0][0] == "AZ" and countries.most_common(2)[1][0] == "TR"
    assert 230 <= len(first) <= 275
    assert {item.show for item in first} == {ADEX, SECUREX}
    names = [item.company.name for item in first]
    assert len(set(names)) == len({item.company for item in first})
    pavilions = {(item.show, item.company.country) for item in first if item.in_pavilion}
    assert pavilions == {(ADEX, "TR"), (ADEX, "PK"), (ADEX, "IL"), (ADEX, "IT"), (ADEX, "CZ"), (SECUREX, "TR")}


def test_legal_forms_follow_the_country():
    plans = {item.company.country: item.company for item in companies.plan(1.0)}
    assert plans["AZ"].legal_name.endswith(("MMC", "ASC", "QSC"))
    assert plans["DE"].legal_name.endswith(("GmbH", "AG", "GmbH & Co. KG"))
    assert plans["BY"].legal_name.startswith(("ООО «", "ОАО «", "ЗАО «"))
    assert plans["TR"].legal_name.endswith("A.Ş.") or plans["TR"].legal_name.endswith("Ltd. Şti.")
    assert all(item.company.website.endswith(".example") for item in companies.plan(1.0))


def test_the_first_company_is_the_exhibitor_accounts_and_holds_a_booked_stand_of_its_own():
    first = companies.plan(1.0)[0]
    assert first.company.country == "AZ" and first.show == ADEX
    assert not first.pending and not first.in_pavilion


def test_word_lists_cover_every_category_a_company_offers_in_three_languages():
    import re
    from pathlib import Path

    import yaml

    import pavilion.exhibitors
    from pavilion.core.demo import words

    taxonomy = yaml.safe_load((Path(pavilion.exhibitors.__file__).parent / "data" / "categories.yaml").read_text())
    family_of = {leaf["slug"]: family["slug"] for family in taxonomy for leaf in family["children"]}
    pattern = re.compile(r"^(ML([1-9]|1[0-9]|2[0-2])|none|[0-9][A-E][0-9]{3})$")
    for item in words.profiles():
        for category in item["categories"]:
            kinds = words.product_kinds()[category]
            assert kinds and all(pattern.match(kind[0]) and all(kind[1:]) for kind in kinds), category
            sentences = words.features().get(category) or words.features()[family_of[category]]
            assert len(sentences) >= 2 and all(len(s) == 3 and all(s) for s in sentences), category
        assert all(item["speciality"][language] for language in ("en", "az", "ru"))
        assert all(" " not in word for word in item["words"]["ru"]), item["key"]
