"""The meeting profile form: offers and seeks, countries, languages and one period per event day."""

import datetime

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from pavilion.core.i18n import localized
from pavilion.exhibitors.models import ProductCategory
from pavilion.meetings.services.profiles import ProfileData


def category_choices() -> list:
    """The taxonomy grouped by family, for a select with option groups."""
    categories = list(ProductCategory.objects.order_by("order", "slug"))
    families = [category for category in categories if category.parent_id is None]
    groups = []
    for family in families:
        children = [(str(c.pk), localized(c, "name")) for c in categories if c.parent_id == family.pk]
        groups.append((localized(family, "name"), [(str(family.pk), _("%(family)s (any)") % {
            "family": localized(family, "name")}), *children]))
    return groups


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


class ProfileForm(forms.Form):
    is_listed = forms.BooleanField(label=_("Others may find me and request meetings"), required=False, initial=True)
    headline = forms.CharField(label=_("Headline"), max_length=200, required=False,
                               help_text=_("One line: who you are and what you do."))
    about = forms.CharField(label=_("What you offer and what you look for"), required=False,
                            widget=forms.Textarea(attrs={"rows": 4}))
    offers_categories = forms.MultipleChoiceField(label=_("Offers: catalogue categories"), required=False,
                                                  widget=forms.SelectMultiple(attrs={"size": 8}))
    seeks_categories = forms.MultipleChoiceField(label=_("Seeks: catalogue categories"), required=False,
                                                 widget=forms.SelectMultiple(attrs={"size": 8}))
    offers_controls = forms.CharField(label=_("Offers: export-control classes"), required=False,
                                      help_text=_("Comma-separated, e.g. ML6, 5A002, none"))
    seeks_controls = forms.CharField(label=_("Seeks: export-control classes"), required=False,
                                     help_text=_("Comma-separated, e.g. ML10, 6A003"))
    countries = forms.MultipleChoiceField(label=_("Countries of interest"), required=False, choices=lambda: list(countries),
                                          widget=forms.SelectMultiple(attrs={"size": 6}))
    languages = forms.CharField(label=_("Languages you meet in"), max_length=50, required=False,
                                help_text=_("e.g. en, az, ru"))
    max_meetings = forms.IntegerField(label=_("At most this many meetings"), required=False, min_value=1,
                                      max_value=40, help_text=_("Empty: the event's default."))

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        choices = category_choices()
        self.fields["offers_categories"].choices = choices
        self.fields["seeks_categories"].choices = choices
        self.days = []
        day = event.start_date
        while day <= event.end_date:
            start, end = f"start_{day:%Y%m%d}", f"end_{day:%Y%m%d}"
            label = date_format(day, "j E Y")  # as the reader writes a day, like the service's messages
            self.fields[start] = forms.TimeField(label=_("%(day)s from") % {"day": label}, required=False,
                                                 widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
            self.fields[end] = forms.TimeField(label=_("%(day)s to") % {"day": label}, required=False,
                                               widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
            self.days.append((day, self[start], self[end]))
            day += datetime.timedelta(days=1)

    def clean(self):
        data = super().clean()
        for day, start, end in self.days:
            if bool(data.get(start.name)) != bool(data.get(end.name)):
                self.add_error(start.name, _("Give both times of %(day)s, or neither.") % {"day": date_format(day, "j E Y")})
        return data

    def profile_data(self) -> ProfileData:
        data = self.cleaned_data
        return ProfileData(
            headline=data["headline"], about=data["about"], is_listed=data["is_listed"],
            offers_categories=[int(pk) for pk in data["offers_categories"]],
            seeks_categories=[int(pk) for pk in data["seeks_categories"]],
            offers_controls=_split(data["offers_controls"]), seeks_controls=_split(data["seeks_controls"]),
            countries=data["countries"], languages=data["languages"], max_meetings=data["max_meetings"],
            availability=[(day, data[start.name], data[end.name]) for day, start, end in self.days
                          if data.get(start.name) and data.get(end.name)],
        )


def initial_from(profile) -> dict:
    if profile is None:
        return {"is_listed": True}
    initial = {
        "is_listed": profile.is_listed, "headline": profile.headline, "about": profile.about,
        "offers_categories": [str(c.pk) for c in profile.offers_categories.all()],
        "seeks_categories": [str(c.pk) for c in profile.seeks_categories.all()],
        "offers_controls": ", ".join(profile.offers_controls), "seeks_controls": ", ".join(profile.seeks_controls),
        "countries": profile.countries, "languages": profile.languages, "max_meetings": profile.max_meetings,
    }
    for period in profile.availability.all():
        initial[f"start_{period.day:%Y%m%d}"] = period.start
        initial[f"end_{period.day:%Y%m%d}"] = period.end
    return initial
