"""The organiser's page that makes the next edition of an event from this one (events.edition): the new
names, address and first day, and which parts of the set-up to copy. The organiser's administrators only."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pavilion.core import roles
from pavilion.core.forms import apply_errors
from pavilion.events import edition
from pavilion.events.forms import DATE, EventForm, EventNamesForm
from pavilion.events.models import Event, Show
from pavilion.events.organiser_views import organiser_required

EDITION_YEARS = 2  # ADEX and Securex Caspian are held every two years


class EditionForm(EventNamesForm):
    """A plain form: the service refuses a taken address or name, dates in the wrong order and an empty
    choice of parts, and names the field."""

    field_order = ["slug"]
    slug = EventForm.base_fields["slug"]
    start_date = forms.DateField(label=gettext_lazy("First day"), widget=DATE)
    end_date = forms.DateField(label=gettext_lazy("Last day"), widget=DATE, required=False, help_text=gettext_lazy(
        "Empty: the new edition lasts as many days as this one."))
    parts = forms.MultipleChoiceField(label=gettext_lazy("Copy"), required=False, widget=forms.CheckboxSelectMultiple,
                                      choices=list(edition.PARTS.items()))

    def __init__(self, *args, source: Event, **kwargs):
        start = _same_day_later(source.start_date, EDITION_YEARS)
        kwargs.setdefault("initial", {**edition.suggested(source, start), "start_date": start,
                                      "parts": list(edition.PARTS)})
        super().__init__(*args, **kwargs)
        # Each new show's address, proposed for the new year: the address cannot be changed once the show exists.
        self.shows = list(Show.objects.filter(event=source).order_by("pk"))
        addresses = edition.show_addresses(source, start)
        for show in self.shows:
            self.fields[self.show_field(show)] = forms.SlugField(
                label=_("Address of %(show)s in the new edition") % {"show": show.name}, required=False,
                max_length=edition.SHOW_SLUG_MAX, initial=addresses[show.pk],
                help_text=_("Letters, digits and hyphens, e.g. adex-2026; it cannot be changed later."))

    @staticmethod
    def show_field(show: Show) -> str:
        return f"show_{show.pk}_slug"

    def show_slugs(self) -> dict[int, str]:
        return {show.pk: self.cleaned_data[self.show_field(show)] for show in self.shows
                if self.cleaned_data.get(self.show_field(show))}


def _same_day_later(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@organiser_required
def edition_create(request, event: str):
    source = get_object_or_404(Event.objects.select_related("venue"), slug=event)
    if not roles.has_role(request.user, roles.ORGANISER_ADMIN):
        raise PermissionDenied(_("Only the organiser's administrators may change events."))
    form = EditionForm(request.POST or None, source=source)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            new = edition.edition_create(
                actor=request.user, source=source, slug=data["slug"], name_en=data["name_en"],
                name_az=data["name_az"], name_ru=data["name_ru"], start_date=data["start_date"],
                end_date=data["end_date"], parts=data["parts"], show_slugs=form.show_slugs())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Created %(name)s from %(source)s: check its shows' names and addresses, "
                                        "then publish it.") % {"name": new.name, "source": source.name})
            return redirect("events:organiser_event", event=new.slug)
    return render(request, "events/edition.html", {"event": source, "form": form},
                  status=400 if request.method == "POST" else 200)
