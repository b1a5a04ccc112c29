"""Public pages of the catalogue: exhibitor directory, exhibitor page, product catalogue, product page."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from pavilion.events.floorplan import hall_svg
from pavilion.events.selectors import public_event
from pavilion.exhibitors import export_control, forms, selectors
from pavilion.meetings.selectors.profiles import can_request_meetings

DIRECTORY_PAGE_SIZE = 24
CATALOGUE_PAGE_SIZE = 30


def _page(request, items, size: int):
    return Paginator(items, size).get_page(request.GET.get("page"))


def directory(request, event: str):
    event_obj = public_event(event, user=request.user)
    form = forms.DirectoryFilterForm(request.GET or None, event=event_obj)
    form.is_valid()
    filters = form.filters()
    exhibitors = selectors.exhibitor_directory(event=event_obj, **filters)
    return render(request, "exhibitors/directory.html", {
        "event": event_obj, "form": form, "page": _page(request, exhibitors, DIRECTORY_PAGE_SIZE),
    })


def exhibitor_page(request, event: str, exhibitor: int):
    event_obj = public_event(event, user=request.user)
    exhibitor_obj = selectors.exhibitor_detail(event=event_obj, exhibitor_id=exhibitor)
    if exhibitor_obj is None:
        raise Http404(_("No such exhibitor at this event."))
    stands = list(exhibitor_obj.stands.all())
    halls = {stand.hall_id: stand.hall for stand in stands}
    highlight = frozenset(stand.pk for stand in stands)
    plans = [(hall, hall_svg(hall, event=event_obj, highlight=highlight)) for hall in halls.values()]
    products = selectors.catalogue_products(event=event_obj, exhibitor=exhibitor_obj)
    return render(request, "exhibitors/exhibitor.html", {
        "event": event_obj, "exhibitor": exhibitor_obj, "stands": stands, "plans": plans,
        "products": products, "can_request_meeting": can_request_meetings(request.user, event_obj),
    })


def products(request, event: str):
    event_obj = public_event(event, user=request.user)
    form = forms.CatalogueFilterForm(request.GET or None)
    form.is_valid()
    filters = form.filters()
    page = _page(request, selectors.catalogue_products(event=event_obj, **filters), CATALOGUE_PAGE_SIZE)
    template = "exhibitors/_product_results.html" if request.headers.get("HX-Request") else "exhibitors/products.html"
    return render(request, template, {"event": event_obj, "form": form, "page": page, "query": filters.get("q", "")})


def product_page(request, event: str, product: int):
    event_obj = public_event(event, user=request.user)
    product_obj = selectors.product_detail(event=event_obj, product_id=product)
    if product_obj is None:
        raise Http404(_("No such product at this event."))
    return render(request, "exhibitors/product.html", {
        "event": event_obj, "product": product_obj, "control": export_control.describe(product_obj.control),
        "verified": export_control.last_verified(),
    })
