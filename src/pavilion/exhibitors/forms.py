"""Forms of the public filters and of the exhibitor portal."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from pavilion.events.models import NationalPavilion
from pavilion.exhibitors import export_control, selectors
from pavilion.exhibitors.models import Exhibitor


def category_choices() -> list[tuple[str, str]]:
    choices = [("", _("All categories"))]
    for family in selectors.category_tree():
        choices.append((family.slug, family.name))
        choices += [(child.slug, f"— {child.name}") for child in family.children.all()]
    return choices


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    show = forms.ChoiceField(label=_("Show"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    pavilion = forms.TypedChoiceField(label=_("National pavilion"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["show"].choices = [("", _("All shows"))] + [(show.slug, show.name) for show in event.shows.all()]
        present = (
            Exhibitor.objects.filter(show__event=event).values_list("company__country", flat=True).distinct()
        )
        self.fields["country"].choices = [("", _("All countries"))] + sorted(
            ((code, countries.name(code)) for code in set(present) if code), key=lambda item: str(item[1])
        )
        self.fields["category"].choices = category_choices()
        pavilions = NationalPavilion.objects.filter(show__event=event).select_related("show").order_by("name")
        self.fields["pavilion"].choices = [("", _("All pavilions"))] + [(p.pk, p.name) for p in pavilions]

    def filters(self) -> dict:
        return {key: value for key, value in self.cleaned_data.items() if value not in ("", None)}


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    category = forms.ChoiceField(label=_("Category"), required=False)
    control = forms.ChoiceField(label=_("Export control"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices()
        self.fields["control"].choices = [("", _("Any class"))] + export_control.choices()

    def filters(self) -> dict:
        return {key: value for key, value in self.cleaned_data.items() if value not in ("", None)}
