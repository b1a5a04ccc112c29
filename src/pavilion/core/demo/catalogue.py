"""About 1,500 demo products in English, Azerbaijani and Russian, composed from per-category
product kinds with real translations, each with its export-control class."""

import random

from pavilion.core.demo import EVENT_SLUG, Demo, companies, words
from pavilion.exhibitors.models import Exhibitor, Product, ProductCategory

PRODUCTS_AT_FULL_SCALE = 1500
SUFFIXES = ("", "", "", "M", "E", "NG", "T", "S")


def product_counts(plans, total: int, rng: random.Random) -> list[int]:
    """Spread `total` products over the exhibitors: big ones show more, everyone shows at least one."""
    weights = [rng.uniform(10, 16) if item.major else rng.uniform(2, 8) for item in plans]
    scale = total / sum(weights)
    counts = [max(1, int(weight * scale)) for weight in weights]
    remainders = sorted(range(len(plans)), key=lambda i: (weights[i] * scale) % 1, reverse=True)
    for index in remainders[: max(0, total - sum(counts))]:
        counts[index] += 1
    return counts


def model_prefix(company_name: str) -> str:
    initials = "".join(words.ascii_letters(part)[:1] for part in company_name.replace("-", " ").split()[:3])
    return initials or "PX"


def compose(item, rng: random.Random, count: int, families: dict[str, str]) -> list[dict]:
    """`count` products of one exhibitor, with distinct names."""
    details = companies.profile(item.company.profile)
    prefix, products, names = model_prefix(item.company.name), [], set()
    for index in range(count * 5):
        if len(products) == count:
            break
        category = details["categories"][index % len(details["categories"])]
        control, noun_en, noun_az, noun_ru = rng.choice(words.product_kinds()[category])
        model = f"{prefix}-{rng.randrange(100, 1000, 10)}{rng.choice(SUFFIXES)}"
        name_en = f"{model} {noun_en}"
        if name_en in names or any(p["model"] == model for p in products):
            continue
        names.add(name_en)
        products.append({
            "model": model, "category": category, "control": control, "name_en": name_en,
            "name_az": f"{model} {noun_az}", "name_ru": f"{words.capitalise(noun_ru)} {model}",
            **_descriptions(item.company.name, model, (noun_en, noun_az, noun_ru), category, families[category], rng),
        })
    return products


def _descriptions(company: str, model: str, nouns, category: str, family: str, rng) -> dict[str, str]:
    features = words.features()
    sentences = rng.sample(features.get(category) or features[family], 2) + [rng.choice(features["any"])]
    en, az, ru = ([sentence[i] for sentence in sentences] for i in range(3))
    return {
        "description_en": " ".join([f"{model}: {nouns[0]} made by {company}.", *en]),
        "description_az": " ".join([f"{model}: {company} tərəfindən istehsal olunan {nouns[1]}.", *az]),
        "description_ru": " ".join([f"{model}: {nouns[2]} производства {company}.", *ru]),
    }


def create_products(demo: Demo) -> None:
    plans = companies.plan(demo.scale, demo.seed)
    rng = demo.rng("products")
    counts = product_counts(plans, max(len(plans), round(PRODUCTS_AT_FULL_SCALE * demo.scale)), rng)
    categories = {category.slug: category for category in ProductCategory.objects.select_related("parent")}
    families = {slug: (category.parent or category).slug for slug, category in categories.items()}
    exhibitors = {
        (exhibitor.company.name, exhibitor.show.slug): exhibitor
        for exhibitor in Exhibitor.objects.filter(company__is_demo=True, show__event__slug=EVENT_SLUG)
        .select_related("company", "show")
    }
    existing = set(
        Product.objects.filter(exhibitor__in=exhibitors.values()).values_list("exhibitor_id", "name_en")
    )
    new = []
    for item, count in zip(plans, counts, strict=True):
        exhibitor = exhibitors.get(item.key)
        for product in compose(item, rng, count, families):
            if exhibitor is None or (exhibitor.pk, product["name_en"]) in existing:
                continue
            fields = {key: value for key, value in product.items() if key not in ("model", "category")}
            new.append(Product(exhibitor=exhibitor, category=categories[product["category"]], **fields))
    Product.objects.bulk_create(new, batch_size=500)
    demo.count("products", len(new))
    if new:
        _reindex([product.pk for product in new])


def _reindex(product_ids: list[int]) -> None:
    # The catalogue's full-text index is kept by its service; bulk_create bypasses the signals.
    from pavilion.exhibitors.services import product_search_reindex

    product_search_reindex(product_ids=product_ids)
