"""Reads of exhibitors and the catalogue shared by the public pages, the portal and the API."""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import BooleanField, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL

from pavilion.events.models import Stand
from pavilion.exhibitors import export_control, search_index
from pavilion.exhibitors.models import Exhibitor, Product, ProductCategory

LIVE = Exhibitor.Status.APPROVED


def category_with_children(slug: str) -> list[int]:
    """The ids of a category and its sub-categories (a family filter covers its children)."""
    return list(ProductCategory.objects.filter(Q(slug=slug) | Q(parent__slug=slug)).values_list("id", flat=True))


def stands_prefetch() -> Prefetch:
    return Prefetch("stands", queryset=Stand.objects.select_related("hall").order_by("hall__order", "code"))


def exhibitor_directory(
    *, event, show: str = "", country: str = "", category: str = "", pavilion=None, q: str = ""
) -> QuerySet[Exhibitor]:
    """The approved exhibitors of an event, with what a directory row shows loaded up front."""
    exhibitors = (
        Exhibitor.objects.filter(show__event=event, status=LIVE)
        .select_related("company", "show", "pavilion")
        .prefetch_related(stands_prefetch())
        .order_by("company__name", "id")
    )
    if show:
        exhibitors = exhibitors.filter(show__slug=show)
    if country:
        exhibitors = exhibitors.filter(company__country=country.upper())
    if pavilion:
        exhibitors = exhibitors.filter(pavilion_id=pavilion)
    if category:
        ids = category_with_children(category)
        # Exists, not a join: an exhibitor with many products in the family is listed once.
        in_family = Product.objects.filter(exhibitor=OuterRef("pk"), category_id__in=ids, is_published=True)
        declared = Exhibitor.categories.through.objects.filter(exhibitor=OuterRef("pk"), productcategory_id__in=ids)
        exhibitors = exhibitors.filter(Exists(in_family) | Exists(declared))
    if q:
        exhibitors = exhibitors.filter(Q(company__name__icontains=q) | Q(company__legal_name__icontains=q))
    return exhibitors


def exhibitor_detail(*, event, exhibitor_id: int) -> Exhibitor | None:
    return (
        Exhibitor.objects.filter(show__event=event, status=LIVE, pk=exhibitor_id)
        .select_related("company", "show", "pavilion")
        .prefetch_related(stands_prefetch())
        .first()
    )


def catalogue_products(
    *, event, q: str = "", category: str = "", control: str = "", exhibitor=None
) -> QuerySet[Product]:
    """Published products of an event's approved exhibitors; with `q`, ranked best first."""
    products = Product.objects.filter(
        exhibitor__show__event=event, exhibitor__status=LIVE, is_published=True
    ).select_related("exhibitor__company", "exhibitor__show", "category__parent")
    if exhibitor is not None:
        products = products.filter(exhibitor=exhibitor)
    if category:
        products = products.filter(category_id__in=category_with_children(category))
    if control:
        products = filter_by_control(products, control)
    if q and q.strip():
        return search_products(products, q)
    return products.order_by("name_en", "id")


def filter_by_control(products: QuerySet[Product], control: str) -> QuerySet[Product]:
    text = control.strip()
    if text.upper() == "ML":
        return products.filter(control__startswith="ML")
    if text.lower() == "dual-use":
        return products.exclude(control__startswith="ML").exclude(control=export_control.NOT_CONTROLLED)
    return products.filter(control=export_control.normalise(text))


def search_products(products: QuerySet[Product], text: str) -> QuerySet[Product]:
    """Full-text match in all three languages, prefix on every word, best rank first."""
    words = search_index.query_words(text)
    if not words:
        return products.none()
    if connection.vendor == "postgresql":
        tsquery = " & ".join(f"{word}:*" for word in words)
        query = SearchQuery(tsquery, search_type="raw", config="simple")
        # The matching ids are collected first, from the GIN index alone, and the products fetched by
        # primary key: as a join the planner underestimates prefix matches and tests every product's
        # long vector instead (seconds at 100,000 products).
        matched = RawSQL(
            '"exhibitors_product"."id" = ANY(ARRAY(SELECT "id" FROM "exhibitors_product" '
            'WHERE "search_document" @@ to_tsquery(%s::regconfig, %s)))',
            ["simple", tsquery], output_field=BooleanField(),
        )
        names = RawSQL('"exhibitors_product"."search_names"', [], output_field=SearchVectorField())
        # A product whose name matches ranks by how well; one matching by its description only, after.
        return products.filter(matched).annotate(rank=SearchRank(names, query)).order_by("-rank", "id")
    if connection.vendor == "sqlite":
        expression = " AND ".join(f'"{word}"*' for word in words)
        return (
            products.filter(search_entry__document__match=expression)
            .annotate(rank=F("search_entry__rank"))
            .order_by("rank", "id")
        )
    return naive_search(products, text)


def naive_search(products: QuerySet[Product], text: str) -> QuerySet[Product]:
    """`icontains` on every name and description field: the benchmark's baseline, and other databases."""
    condition = Q()
    for word in text.split():
        any_field = Q()
        for field in search_index.NAME_COLUMNS + search_index.DESCRIPTION_COLUMNS:
            any_field |= Q(**{f"{field}__icontains": word})
        condition &= any_field
    return products.filter(condition).order_by("name_en", "id")


def product_detail(*, event, product_id: int) -> Product | None:
    return (
        catalogue_products(event=event).filter(pk=product_id).prefetch_related("images").first()
    )


def category_tree() -> list[ProductCategory]:
    """Families with their children prefetched, in the taxonomy's order."""
    return list(
        ProductCategory.objects.filter(parent__isnull=True).prefetch_related(
            Prefetch("children", queryset=ProductCategory.objects.order_by("order", "slug"))
        )
    )
