"""Pages of the deals register: the organiser's register, the deal form and page, the parties' list
and the public "Signed at the show" page. Every list starts from `selectors.visible_deals`."""

import functools
import zoneinfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pavilion.core import roles
from pavilion.core.forms import apply_errors
from pavilion.deals import forms, press, selectors, services
from pavilion.events.models import Event
from pavilion.events.selectors import public_event

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _event(slug: str, *, public: bool = False) -> Event:
    events = Event.objects.filter(is_public=True) if public else Event.objects.all()
    return get_object_or_404(events, slug=slug)


def _in_event_time(view=None, *, public: bool = False):
    """Pass the event instead of its slug; times on the page are the event's local times, in forms
    and on display. A public page is only of an event that is public."""
    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, event: str, *args, **kwargs):
            event_obj = public_event(event, user=request.user) if public else _event(event)
            with timezone.override(zoneinfo.ZoneInfo(event_obj.time_zone)):
                return view(request, event_obj, *args, **kwargs)
        return wrapped
    return decorate(view) if view is not None else decorate


def _with_value_flags(user, deals) -> list:
    for deal in deals:
        deal.show_value = selectors.value_visible(user, deal)
    return deals


@_in_event_time(public=True)
def public_deals(request, event):
    """Announced public deals of the event, grouped by the day of signing."""
    deals = list(selectors.public_deals(event))
    for deal in deals:
        deal.show_value = deal.value_disclosed and deal.value is not None
    # A deal announced ahead of its signing is not signed yet by the Pavilion clock: listed apart.
    signed, to_come = selectors.signed_and_to_come(deals)
    return render(request, "deals/public.html", {"event": event, "days": selectors.by_day(event, signed),
                                                 "count": len(signed), "to_come": selectors.by_day(event, to_come),
                                                 "to_come_count": len(to_come)})


@login_required
@_in_event_time
def register(request, event):
    if not roles.is_organiser(request.user):
        raise PermissionDenied
    form = forms.DealFilterForm(request.GET or None, event=event)
    # A filter that is wrong lists nothing (its error is shown): never every deal under a filter box
    # that still reads as if it applied. The totals are always of the deals listed.
    refused = form.is_bound and not form.is_valid()
    deals = selectors.deal_list(user=request.user, event=event,
                                filters=form.cleaned_data if form.is_bound and not refused else None)
    if refused:
        deals = deals.none()
    page = Paginator(deals, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "deals/register.html", {
        "event": event, "form": form, "page": page, "totals": selectors.totals_by_currency(deals),
        "refused": refused,
    })


@login_required
@_in_event_time
def mine(request, event):
    """The deals of the user's company or delegation, and the form to record one."""
    theirs = selectors.party_deal_ids(request.user, event)
    if theirs is None and not roles.is_organiser(request.user):
        raise PermissionDenied
    deals = selectors.deal_list(user=request.user, event=event)
    if theirs is not None:
        deals = deals.filter(pk__in=theirs)
    return render(request, "deals/mine.html", {
        "event": event, "deals": _with_value_flags(request.user, list(deals)),
        "can_record": services.can_record(request.user),
    })


def _save(request, event, deal=None):
    organiser = roles.is_organiser(request.user)
    initial = None
    if deal is not None:
        initial = {field: getattr(deal, field) for field in forms.DealForm.base_fields
                   if field not in ("categories", "show")}
        initial["categories"] = list(deal.categories.all())
        initial["show"] = deal.show.slug if deal.show_id else None
        initial["signed_at"] = timezone.localtime(deal.signed_at)
    form = forms.DealForm(request.POST or None, event=event, organiser=organiser, initial=initial)
    parties = forms.party_formset(request.POST or None, event=event,
                                  initial=forms.initial_parties(deal) if deal is not None else None,
                                  signed=services.party_companies(deal) if deal is not None else ())
    if request.method == "POST":
        if form.is_valid() and parties.is_valid():
            party_data = [p for p in (party_form.party() for party_form in parties) if p is not None]
            try:
                if deal is None:
                    deal = services.deal_record(actor=request.user, event=event, parties=party_data,
                                                **form.service_values())
                else:
                    services.deal_update(actor=request.user, deal=deal, parties=party_data,
                                         **form.service_values())
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The deal is saved."))
                return redirect("deals:detail", event=event.slug, pk=deal.pk)
        elif not parties.is_valid():
            form.add_error(None, _("Check the parties."))
    shown, more = forms.shown_and_more(parties)
    return render(request, "deals/form.html", {"event": event, "form": form, "parties": parties, "deal": deal,
                                               "shown_parties": shown, "more_parties": more})


@login_required
@_in_event_time
def deal_new(request, event):
    if not services.can_record(request.user):
        raise PermissionDenied
    return _save(request, event)


def _visible(request, event, pk: int):
    deal = selectors.deal_detail(user=request.user, event=event, deal_id=pk)
    if deal is None:
        raise Http404
    return deal


@login_required
@_in_event_time
def deal_edit(request, event, pk: int):
    deal = _visible(request, event, pk)
    if not services.can_edit(request.user, deal):
        raise PermissionDenied
    return _save(request, event, deal)


@_in_event_time
def deal_page(request, event, pk: int):
    deal = _visible(request, event, pk)
    deal.show_value = selectors.value_visible(request.user, deal)
    organiser = roles.is_organiser(request.user)
    return render(request, "deals/detail.html", {
        "event": event, "deal": deal, "organiser": organiser,
        "can_edit": request.user.is_authenticated and services.can_edit(request.user, deal),
        "announce_form": forms.AnnounceForm(), "withdraw_form": forms.WithdrawForm(),
    })


@login_required
@require_POST
@_in_event_time
def deal_announce(request, event, pk: int):
    deal = _visible(request, event, pk)
    form = forms.AnnounceForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"at": _("Give a date and time, or leave it empty to announce now.")})
        services.deal_announce(actor=request.user, deal=deal, at=form.cleaned_data["at"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The deal is announced.") if deal.announcement == "announced"
                         else _("The announcement is planned."))
    return redirect("deals:detail", event=event.slug, pk=deal.pk)


@login_required
@require_POST
@_in_event_time
def deal_withdraw(request, event, pk: int):
    deal = _visible(request, event, pk)
    form = forms.WithdrawForm(request.POST)
    try:
        services.deal_withdraw(actor=request.user, deal=deal,
                               reason=form.cleaned_data["reason"] if form.is_valid() else "")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The announcement is withdrawn."))
    return redirect("deals:detail", event=event.slug, pk=deal.pk)


def _press_language(request) -> str:
    requested = request.GET.get("lang", "")
    return requested if requested in ("en", "az", "ru") else (translation.get_language() or "en").split("-")[0]


def _attachment(response, name: str):
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def press_csv(request, event: str):
    event_obj = _event(event, public=True)
    response = StreamingHttpResponse(press.csv_lines(event_obj, _press_language(request)),
                                     content_type="text/csv; charset=utf-8")
    return _attachment(response, f"deals-{event_obj.slug}.csv")


def press_xlsx(request, event: str):
    event_obj = _event(event, public=True)
    response = FileResponse(press.xlsx_file(event_obj, _press_language(request)), content_type=XLSX)
    return _attachment(response, f"deals-{event_obj.slug}.xlsx")


def press_pdf(request, event: str):
    event_obj = _event(event, public=True)
    response = HttpResponse(press.pdf_bytes(event_obj, _press_language(request)), content_type="application/pdf")
    return _attachment(response, f"deals-{event_obj.slug}.pdf")
