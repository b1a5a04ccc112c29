"""The shipped product taxonomy (data/categories.yaml): two levels of defence and security families."""

from pathlib import Path

import yaml

TAXONOMY_FILE = Path(__file__).resolve().parent / "data" / "categories.yaml"


def taxonomy() -> list[dict]:
    """The families as written in the file, each with its `children`."""
    return yaml.safe_load(TAXONOMY_FILE.read_text(encoding="utf-8"))


def slugs() -> set[str]:
    """Every category's slug, families and children."""
    return {entry["slug"] for family in taxonomy() for entry in [family, *family.get("children", [])]}


def install_categories(category_model) -> int:
    """Create or update every category; takes the model so a migration can pass its historical one."""
    count = 0
    for order, family in enumerate(taxonomy()):
        parent = _upsert(category_model, family, None, order * 100)
        count += 1
        for child_order, child in enumerate(family.get("children", [])):
            _upsert(category_model, child, parent, order * 100 + child_order + 1)
            count += 1
    return count


def _upsert(category_model, entry: dict, parent, order: int):
    names = entry["name"]
    category, _created = category_model.objects.update_or_create(
        slug=entry["slug"],
        defaults={
            "parent": parent,
            "name_en": names["en"],
            "name_az": names["az"],
            "name_ru": names["ru"],
            "order": order,
        },
    )
    return category
