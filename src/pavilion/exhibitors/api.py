"""Catalogue endpoints: public reads of exhibitors, products and the taxonomy; owner writes of products.

The list shapes are fixed by specs/api.md (`{"items", "count"}`, `limit` ≤ 500, `offset`).
"""

from typing import Literal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_countries import countries
from ninja import Field, Path, Query, Router, Schema

from pavilion.api.auth import PersonToken
from pavilion.api.fields import Whole
from pavilion.core.i18n import localized
from pavilion.events.models import Event, Show
from pavilion.exhibitors import export_control, selectors, services
from pavilion.exhibitors.models import DESCRIPTION_MAX_LENGTH, Exhibitor, Product, ProductCategory

router = Router(tags=["catalogue"])
owner_token = PersonToken()  # writes take a token only: a browser session would need CSRF protection

MAX_ID = 2**63 - 1
Language = Literal["en", "az", "ru"]


class CatalogueErrorOut(Schema):
    detail: str


ERRORS = {400: CatalogueErrorOut, 404: CatalogueErrorOut}
WRITE_ERRORS = {400: CatalogueErrorOut, 401: CatalogueErrorOut, 403: CatalogueErrorOut, 404: CatalogueErrorOut}


class Page(Schema):
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=2**31)


class ExhibitorFilters(Page):
    show: str = Field("", max_length=50, description="show slug, e.g. adex-2024")
    country: str = Field("", max_length=2, description="ISO 3166-1 alpha-2")
    category: str = Field("", max_length=50, description="category slug; a family includes its children")
    pavilion: int | None = Field(None, ge=1, le=MAX_ID)
    q: str = Field("", max_length=100, description="part of the company name")


class ProductFilters(Page):
    q: str = Field("", max_length=200, description="full-text search in English, Azerbaijani or Russian")
    category: str = Field("", max_length=50)
    control: str = Field("", max_length=20, description="ML6, 5A002, none, ML (any) or dual-use (any)")
    lang: Language | None = Field(None, description="language of `name` and `category_name`")


class ExhibitorItem(Schema):
    id: int
    name: str
    country: str
    show: str
    stands: list[str]
    pavilion: str | None


class ExhibitorList(Schema):
    items: list[ExhibitorItem]
    count: int


class ExhibitorDetail(ExhibitorItem):
    legal_name: str
    website: str
    description: str
    logo: str | None
    products: int


class ProductItem(Schema):
    id: int
    name: str
    exhibitor: int
    exhibitor_name: str
    category: str
    category_name: str
    control: str
    control_title: str


class ProductList(Schema):
    items: list[ProductItem]
    count: int


class ProductDetail(ProductItem):
    name_en: str
    name_az: str
    name_ru: str
    description_en: str
    description_az: str
    description_ru: str
    is_published: bool
    images: list[str]
    export_control_verified: str


class ProductIn(Schema):
    exhibitor: Whole = Field(..., ge=1, le=MAX_ID)
    name_en: str = Field("", max_length=200)
    name_az: str = Field("", max_length=200)
    name_ru: str = Field("", max_length=200)
    description_en: str = Field("", max_length=DESCRIPTION_MAX_LENGTH)
    description_az: str = Field("", max_length=DESCRIPTION_MAX_LENGTH)
    description_ru: str = Field("", max_length=DESCRIPTION_MAX_LENGTH)
    category: str = Field(..., max_length=50, description="category slug")
    control: str = Field("none", max_length=20)
    is_published: bool = True


class ProductPatch(Schema):
    name_en: str | None = Field(None, max_length=200)
    name_az: str | None = Field(None, max_length=200)
    name_ru: str | None = Field(None, max_length=200)
    description_en: str | None = Field(None, max_length=DESCRIPTION_MAX_LENGTH)
    description_az: str | None = Field(None, max_length=DESCRIPTION_MAX_LENGTH)
    description_ru: str | None = Field(None, max_length=DESCRIPTION_MAX_LENGTH)
    category: str | None = Field(None, max_length=50)
    control: str | None = Field(None, max_length=20)
    is_published: bool | None = None


class CategoryItem(Schema):
    slug: str
    name: str
    name_en: str
    name_az: str
    name_ru: str
    parent: str | None


class CategoryList(Schema):
    items: list[CategoryItem]
    count: int


# Reading helpers ---------------------------------------------------------------------------------

def _event(slug: str) -> Event:
    event = Event.objects.filter(slug=slug, is_public=True).first()
    if event is None:
        raise Http404(_("event “%(slug)s” not found") % {"slug": slug})
    return event


def _exhibitor_item(exhibitor: Exhibitor) -> dict:
    return {
        "id": exhibitor.pk,
        "name": exhibitor.company.name,
        "country": str(exhibitor.company.country),
        "show": exhibitor.show.slug,
        "stands": [stand.code for stand in exhibitor.stands.all()],
        "pavilion": exhibitor.pavilion.name if exhibitor.pavilion_id else None,
    }


def _product_item(product: Product, lang: str | None) -> dict:
    control = export_control.describe(product.control)
    return {
        "id": product.pk,
        "name": localized(product, "name", lang),
        "exhibitor": product.exhibitor_id,
        "exhibitor_name": product.exhibitor.company.name,
        "category": product.category.slug,
        "category_name": localized(product.category, "name", lang),
        "control": product.control,
        "control_title": control.title,
    }


def _product_detail(product: Product, lang: str | None = None) -> dict:
    texts = {field: getattr(product, field) for field in services.PRODUCT_TEXT_FIELDS}
    return {
        **_product_item(product, lang), **texts, "is_published": product.is_published,
        "images": [image.image.url for image in product.images.all()],
        "export_control_verified": export_control.last_verified(),
    }


def _check_filters(event: Event, filters) -> None:
    """Filters that name something that does not exist get a 4xx naming the filter, not an empty list."""
    show = getattr(filters, "show", "")
    if show and not Show.objects.filter(event=event, slug=show).exists():
        raise ValidationError({"show": _("“%(slug)s” is not a show of this event.") % {"slug": show}})
    country = getattr(filters, "country", "")
    if country and country.upper() not in dict(countries):
        raise ValidationError({"country": _("“%(code)s” is not an ISO 3166-1 alpha-2 code.") % {"code": country}})
    if filters.category and not ProductCategory.objects.filter(slug=filters.category).exists():
        raise ValidationError({"category": _("“%(slug)s” is not a category.") % {"slug": filters.category}})
    control = getattr(filters, "control", "")
    if control and control.upper() != "ML" and control.lower() != "dual-use":
        try:
            export_control.validate(control)
        except ValidationError as error:
            raise ValidationError({"control": error.messages}) from None


# Public reads ------------------------------------------------------------------------------------

@router.get("/events/{event}/exhibitors", response={200: ExhibitorList, **ERRORS})
def list_exhibitors(request, event: str, filters: Query[ExhibitorFilters]):
    event_obj = _event(event)
    _check_filters(event_obj, filters)
    exhibitors = selectors.exhibitor_directory(
        event=event_obj, show=filters.show, country=filters.country, category=filters.category,
        pavilion=filters.pavilion, q=filters.q,
    )
    page = exhibitors[filters.offset:filters.offset + filters.limit]
    return {"items": [_exhibitor_item(e) for e in page], "count": exhibitors.count()}


@router.get("/events/{event}/exhibitors/{exhibitor_id}", response={200: ExhibitorDetail, **ERRORS})
def get_exhibitor(request, event: str, exhibitor_id: int = Path(..., ge=1, le=MAX_ID)):
    exhibitor = selectors.exhibitor_detail(event=_event(event), exhibitor_id=exhibitor_id)
    if exhibitor is None:
        raise Http404(_("exhibitor %(id)s not found at this event") % {"id": exhibitor_id})
    company = exhibitor.company
    return {
        **_exhibitor_item(exhibitor), "legal_name": company.legal_name, "website": company.website,
        "description": company.description, "logo": company.logo.url if company.logo else None,
        "products": exhibitor.products.filter(is_published=True).count(),
    }


@router.get("/events/{event}/products", response={200: ProductList, **ERRORS})
def list_products(request, event: str, filters: Query[ProductFilters]):
    event_obj = _event(event)
    _check_filters(event_obj, filters)
    products = selectors.catalogue_products(
        event=event_obj, q=filters.q, category=filters.category, control=filters.control
    )
    page = products[filters.offset:filters.offset + filters.limit]
    return {"items": [_product_item(p, filters.lang) for p in page], "count": products.count()}


@router.get("/events/{event}/products/{product_id}", response={200: ProductDetail, **ERRORS})
def get_product(request, event: str, product_id: int = Path(..., ge=1, le=MAX_ID), lang: Language | None = None):
    product = selectors.product_detail(event=_event(event), product_id=product_id)
    if product is None:
        raise Http404(_("product %(id)s not found at this event") % {"id": product_id})
    return _product_detail(product, lang)


@router.get("/categories", response=CategoryList)
def list_categories(request, lang: Language | None = None):
    """The product taxonomy: families first, each followed by its children."""
    items = []
    for family in selectors.category_tree():
        for category in (family, *family.children.all()):
            items.append({
                "slug": category.slug, "name": localized(category, "name", lang), "name_en": category.name_en,
                "name_az": category.name_az, "name_ru": category.name_ru,
                "parent": family.slug if category is not family else None,
            })
    return {"items": items, "count": len(items)}  # the whole taxonomy: a few dozen entries, one page


# Owner writes ------------------------------------------------------------------------------------

def _category(slug: str) -> ProductCategory:
    category = ProductCategory.objects.filter(slug=slug).first()
    if category is None:
        raise ValidationError({"category": _("“%(slug)s” is not a category.") % {"slug": slug}})
    return category


def _owned_product(event: str, product_id: int) -> Product:
    event_obj = _event(event)
    return get_object_or_404(
        Product.objects.select_related("exhibitor__company", "category").filter(exhibitor__show__event=event_obj),
        pk=product_id,
    )


@router.post("/events/{event}/products", auth=owner_token, response={201: ProductDetail, 422: CatalogueErrorOut,
                                                                      **WRITE_ERRORS})
def create_product(request, event: str, payload: ProductIn):
    event_obj = _event(event)
    exhibitor = Exhibitor.objects.select_related("company").filter(pk=payload.exhibitor, show__event=event_obj).first()
    if exhibitor is None:
        raise ValidationError({"exhibitor": _("exhibitor %(id)s is not at this event") % {"id": payload.exhibitor}})
    data = payload.dict()
    data.pop("exhibitor")
    category = _category(data.pop("category"))
    product = services.product_create(actor=request.auth, exhibitor=exhibitor, category=category, **data)
    return 201, _product_detail(product)


@router.patch("/events/{event}/products/{product_id}", auth=owner_token,
              response={200: ProductDetail, 422: CatalogueErrorOut, **WRITE_ERRORS})
def update_product(request, event: str, payload: ProductPatch, product_id: int = Path(..., ge=1, le=MAX_ID)):
    product = _owned_product(event, product_id)
    changes = payload.dict(exclude_unset=True)
    changes = {field: value for field, value in changes.items() if value is not None}
    if "category" in changes:
        changes["category"] = _category(changes["category"])
    product = services.product_update(actor=request.auth, product=product, **changes)
    return _product_detail(product)


@router.delete("/events/{event}/products/{product_id}", auth=owner_token, response={204: None, **WRITE_ERRORS})
def delete_product(request, event: str, product_id: int = Path(..., ge=1, le=MAX_ID)):
    services.product_delete(actor=request.auth, product=_owned_product(event, product_id))
    return 204, None
