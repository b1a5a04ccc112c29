"""Reads of exhibitors and the catalogue shared by the public pages, the portal and the API."""

from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from pavilion.events.models import Stand
from pavilion.exhibitors import export_control, search, search_index
from pavilion.exhibitors.models import Exhibitor, Product, ProductCategory

LIVE = Exhibitor.Status.APPROVED


def category_with_children(slug: str) -> list[int]:
    """The ids of a category and its sub-categories (a family filter covers its children)."""
    return list(ProductCategory.objects.filter(Q(slug=slug) | Q(parent__slug=slug)).values_list("id", flat=True))


def stands_prefetch() -> Prefetch:
    """The exhibitor's confirmed stands, as the public directory, page and API name them: a stand only
    asked for may still be declined, and the request is between the exhibitor and the organiser."""
    return Prefetch("stands", queryset=Stand.objects.filter(state=Stand.State.BOOKED).select_related("hall")
                    .order_by("hall__order", "code"))


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
        exhibitors = exhibitors.filter(pk__in=_named(event, q))
    return exhibitors


def _named(event, q: str) -> list[int]:
    """The exhibitors whose company's name or legal name holds every word of `q`, folded as the
    catalogue's search folds them ("talis" finds "Talış", "xezer" "XƏZƏR", "тарбагатай" "ТАРБАГАТАЙ"):
    compared in Python, since SQLite folds only ASCII letters; an event has a few thousand
    exhibitors at most, one short query."""
    words = search_index.query_words(q, stems=False)  # a company's name is a name: no endings cut
    if not words:
        return []
    names = Exhibitor.objects.filter(show__event=event).values_list("pk", "company__name", "company__legal_name")
    return [pk for pk, name, legal in names
            if all(word in search_index.fold(f"{name} {legal}") for word in words)]


def exhibitor_detail(*, event, exhibitor_id: int) -> Exhibitor | None:
    return (
        Exhibitor.objects.filter(show__event=event, status=LIVE, pk=exhibitor_id)
        .select_related("company", "show", "pavilion")
        .prefetch_related(stands_prefetch())
        .first()
    )


def catalogue_products(
    *, event, q: str = "", category: str = "", control: str = "", exhibitor=None
) -> "QuerySet[Product] | search.ProductSearch":
    """Published products of an event's approved exhibitors; with `q`, the full-text matches ranked
    best first (a `ProductSearch`: count, slices and iteration, like a queryset's)."""
    loaded = Product.objects.select_related("exhibitor__company", "exhibitor__show", "category__parent")
    products = loaded.filter(exhibitor__show__event=event, exhibitor__status=LIVE, is_published=True)
    category_ids = category_with_children(category) if category else None
    if exhibitor is not None:
        products = products.filter(exhibitor=exhibitor)
    if category_ids is not None:
        products = products.filter(category_id__in=category_ids)
    if control:
        products = filter_by_control(products, control)
    if q and q.strip():
        if connection.vendor not in ("sqlite", "postgresql"):
            return naive_search(products, q)
        filters = search.Filters(event_id=event.pk, exhibitor_id=exhibitor.pk if exhibitor is not None else None,
                                 category_ids=category_ids, control=control or "")
        return search.ProductSearch(products=loaded, words=search_index.query_words(q), filters=filters)
    return products.order_by("name_en", "id")


def filter_by_control(products: QuerySet[Product], control: str) -> QuerySet[Product]:
    text = control.strip()
    if text.upper() == "ML":
        return products.filter(control__startswith="ML")
    if text.lower() == "dual-use":
        return products.exclude(control__startswith="ML").exclude(control=export_control.NOT_CONTROLLED)
    return products.filter(control=export_control.normalise(text))


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
