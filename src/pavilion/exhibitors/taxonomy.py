"""The shipped product taxonomy (data/categories.yaml): two levels of defence and security families."""

from pathlib import Path

import yaml

TAXONOMY_FILE = Path(__file__).resolve().parent / "data" / "categories.yaml"


def taxonomy() -> list[dict]:
    """The families as written in the file, each with its `children`."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser where PyYAML has it: 10 times faster
    return yaml.load(TAXONOMY_FILE.read_text(encoding="utf-8"), Loader=loader)


def slugs() -> set[str]:
    """Every category's slug, families and children."""
    return {entry["slug"] for family in taxonomy() for entry in [family, *family.get("children", [])]}


FIELDS = ["parent", "name_en", "name_az", "name_ru", "order"]


def install_categories(category_model) -> int:
    """Create or update every category (its parent, names and order as the file gives them); takes the model
    so a migration can pass its historical one. Three queries whatever the size, as it runs after every
    flush of the database, which the tests that commit do: the new rows are created in the file's order
    (a family, then its children), without their parents, which are set with the other changes."""
    entries = []  # (entry, its family's slug or None, order)
    for order, family in enumerate(taxonomy()):
        entries.append((family, None, order * 100))
        entries += [(child, family["slug"], order * 100 + child_order + 1)
                    for child_order, child in enumerate(family.get("children", []))]
    rows = {category.slug: category for category in category_model.objects.all()}
    new = [category_model(slug=entry["slug"]) for entry, _family, _order in entries if entry["slug"] not in rows]
    category_model.objects.bulk_create(new)
    rows.update((row.slug, row) for row in new)
    changed = []
    for entry, family, order in entries:
        row, names = rows[entry["slug"]], entry["name"]
        values = {"parent_id": rows[family].pk if family else None, "name_en": names["en"], "name_az": names["az"],
                  "name_ru": names["ru"], "order": order}
        if any(getattr(row, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(row, field, value)
            changed.append(row)
    if changed:
        category_model.objects.bulk_update(changed, FIELDS)
    return len(entries)
