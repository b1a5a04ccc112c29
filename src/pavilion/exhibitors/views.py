"""Public pages of the catalogue: exhibitor directory, exhibitor page, product catalogue, product page."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from pavilion.events.floorplan import hall_svg
from pavilion.events.selectors import public_event
from pavilion.exhibitors import export_control, forms, search_spelling, selectors
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
    query = filters.get("q", "")
    results = selectors.catalogue_products(event=event_obj, **filters)
    # A search that finds nothing because of a word the catalogue does not hold is made again with the
    # nearest words it holds, and says so; `exact` (the page's "search instead for" link) turns that off.
    correction = None if request.GET.get("exact") else search_spelling.corrected(results, query)
    page = _page(request, correction.search if correction else results, CATALOGUE_PAGE_SIZE)
    # htmx asks for the whole page (as an htmx request) when Back finds no copy of it in its history cache.
    partial = request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request")
    template = "exhibitors/_product_results.html" if partial else "exhibitors/products.html"
    response = render(request, template, {
        "event": event_obj, "form": form, "page": page, "query": query, "correction": correction,
    })
    # The results alone and the whole page share an address: the browser must not show the one it kept
    # for htmx when Back comes to the address from another page.
    patch_vary_headers(response, ["HX-Request"])
    return response


def product_page(request, event: str, product: int):
    event_obj = public_event(event, user=request.user)
    product_obj = selectors.product_detail(event=event_obj, product_id=product)
    if product_obj is None:
        raise Http404(_("No such product at this event."))
    return render(request, "exhibitors/product.html", {
        "event": event_obj, "product": product_obj, "control": export_control.describe(product_obj.control),
        "verified": export_control.last_verified(),
    })
