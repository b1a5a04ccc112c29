"""The invented crowd of the benchmark, at a small size: valid input, sensible output."""

import random
from pathlib import Path

import yaml

import pavilion
from pavilion.engines.matching import recommend
from pavilion.engines.matching.generator import Category, generate_catalogue, generate_participants
from tests.engines.matching.sample import SHOW_DAY

TAXONOMY = Path(pavilion.__file__).resolve().parent / "exhibitors" / "data" / "categories.yaml"


def taxonomy():
    result = []
    for family in yaml.safe_load(TAXONOMY.read_text(encoding="utf-8")):
        result.append(Category(family["slug"], family["slug"], family["name"]))
        result += [Category(child["slug"], family["slug"], child["name"]) for child in family["children"]]
    return result


def test_a_generated_show_gets_recommendations_within_the_rules(rules):
    rng = random.Random(5)
    categories = taxonomy()
    catalogue = generate_catalogue(rng, categories, 30, 300)
    participants = generate_participants(rng, catalogue, categories, 150)
    results = recommend(participants, catalogue, rules, on=SHOW_DAY, top=5)
    products = {product.id: product for product in catalogue.products}
    assert len(results) == 150
    visitors = [r for p, r in zip(participants, results, strict=True) if p.kind != "exhibitor"]
    assert sum(bool(r.products) for r in visitors) > 0.9 * len(visitors)
    for participant, result in zip(participants, results, strict=True):
        if participant.country in {"KP", "IR", "RU", "BY", "VE", "HT", "SS"}:  # full UN or EU embargo on the day
            assert all(rules.policy(products[item.id].control_class) != "lethal" for item in result.products)
        assert all(item.outcome != "blocked" for item in result.products + result.exhibitors + result.people)
