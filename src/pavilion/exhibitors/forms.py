"""Forms of the public filters, of the exhibitor portal and of the organiser's exhibitor page."""

from operator import attrgetter

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from pavilion.core.countries import collation_key
from pavilion.core.i18n import language_labels
from pavilion.events.models import NationalPavilion
from pavilion.exhibitors import export_control, selectors
from pavilion.exhibitors.models import DESCRIPTION_MAX_LENGTH, Company, Exhibitor, ProductCategory


def category_choices() -> list[tuple[str, str]]:
    choices = [("", _("All categories"))]
    for family in selectors.category_tree():
        choices.append((family.slug, family.name))
        choices += [(child.slug, f"— {child.name}") for child in family.children.all()]
    return choices


def pavilion_choices(event) -> list[tuple[int, str]]:
    """The pavilions that group exhibitors (one still empty would filter to nothing)."""
    pavilions = (NationalPavilion.objects.filter(show__event=event, exhibitors__isnull=False).distinct()
                 .select_related("show"))
    return sorted(((p.pk, p.label) for p in pavilions), key=lambda item: collation_key(item[1]))


def valid_filters(form: forms.Form) -> dict:
    """The filters the visitor gave that are understood: one unknown value (an old bookmark's category)
    drops that filter only, not the search beside it. Call after `is_valid()`."""
    return {key: value for key, value in getattr(form, "cleaned_data", {}).items()
            if key not in form.errors and value not in ("", None)}


class LongSearch(forms.CharField):
    """A search box whose text is cut at `max_length` instead of refused (a pasted paragraph still searches)."""

    def __init__(self, *, max_length: int, **kwargs):
        super().__init__(**kwargs)
        self.cut_at = max_length  # not a validator: to_python cuts instead
        self.widget.attrs["maxlength"] = str(max_length)

    def to_python(self, value):
        return super().to_python(value)[: self.cut_at]


class DirectoryFilterForm(forms.Form):
    q = LongSearch(label=_("Name"), required=False, max_length=100)
    show = forms.ChoiceField(label=_("Show"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    pavilion = forms.TypedChoiceField(label=_("National pavilion"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["show"].choices = [("", _("All shows"))] + [(show.slug, show.name) for show in event.shows.all()]
        present = (
            Exhibitor.objects.filter(show__event=event).order_by().values_list("company__country", flat=True).distinct()
        )
        self.fields["country"].choices = [("", _("All countries"))] + sorted(
            ((code, countries.name(code)) for code in set(present) if code), key=lambda item: collation_key(str(item[1]))
        )
        self.fields["category"].choices = category_choices()
        self.fields["pavilion"].choices = [("", _("All pavilions"))] + pavilion_choices(event)

    def filters(self) -> dict:
        return valid_filters(self)


def _control_class(value: str) -> str:
    """A class code in its canonical spelling (ml6 → ML6, 5a002 → 5A002, none), else ""."""
    try:
        return export_control.validate(value) if value else ""
    except ValidationError:
        return ""


class ControlFilter(forms.ChoiceField):
    """The export-control filter: its choices (none, any ML, any dual-use, each ML category), and any
    other class code the API takes too (5A002, ml6), in its canonical spelling: the form adds the one
    given to the choices."""

    def to_python(self, value):
        value = super().to_python(value).strip()
        return _control_class(value) or value  # not a class: refused as a choice, the filter dropped


class CatalogueFilterForm(forms.Form):
    q = LongSearch(label=_("Search"), required=False, max_length=200)
    category = forms.ChoiceField(label=_("Category"), required=False)
    control = ControlFilter(label=_("Export control"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices()
        choices = [("", _("Any class"))] + export_control.choices()
        # A code from a link or the API's vocabulary (a dual-use code) is offered as chosen, so the select
        # shows the filter that applies.
        raw = (self.data or {}).get("control", "")
        typed = _control_class(raw.strip())
        if typed:
            if typed not in dict(choices):
                choices.append((typed, typed))
            if typed != raw:  # shown in its canonical spelling (ml6 → ML6), selected in the list
                self.data = self.data.copy()
                self.data["control"] = typed
        self.fields["control"].choices = choices

    def filters(self) -> dict:
        return valid_filters(self)


def description_field(label) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=DESCRIPTION_MAX_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 4}))


class CompanyForm(forms.Form):
    """What an exhibitor admin keeps of the company's profile; the name, legal name and country are the
    organiser's (services.company_update refuses them from anyone else)."""

    website = forms.CharField(label=_("Website"), required=False, max_length=200)
    description_en = description_field(_("Description (English)"))
    description_az = description_field(_("Description (Azerbaijani)"))
    description_ru = description_field(_("Description (Russian)"))
    logo = forms.FileField(label=_("Logo (JPEG, PNG, WebP or GIF)"), required=False)


class ProductForm(forms.Form):
    name_en = forms.CharField(label=_("Name (English)"), required=False, max_length=200)
    name_az = forms.CharField(label=_("Name (Azerbaijani)"), required=False, max_length=200)
    name_ru = forms.CharField(label=_("Name (Russian)"), required=False, max_length=200)
    description_en = description_field(_("Description (English)"))
    description_az = description_field(_("Description (Azerbaijani)"))
    description_ru = description_field(_("Description (Russian)"))
    category = forms.ChoiceField(label=_("Category"))
    control = forms.CharField(label=_("Export-control class"), max_length=20, initial="none",
                              help_text=_("ML1 to ML22, a dual-use code such as 5A002, or none."))
    is_published = forms.BooleanField(label=_("Shown in the public catalogue"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "—")] + category_choices()[1:]

    def service_values(self) -> dict:
        values = dict(self.cleaned_data)
        values["category"] = ProductCategory.objects.filter(slug=values["category"]).first()
        return values


class ProductImageForm(forms.Form):
    image = forms.FileField(label=_("Image (JPEG, PNG, WebP or GIF)"))
    caption = forms.CharField(label=_("Caption"), required=False, max_length=200)


class AdmitForm(forms.Form):
    """The organiser admits a company (one that exhibited before, or one registered since) to a show."""

    company = forms.ModelChoiceField(label=_("Company"), queryset=Company.objects.order_by("name"))
    show = forms.ModelChoiceField(label=_("Show"), queryset=None)
    pavilion = forms.ModelChoiceField(label=_("National pavilion"), queryset=None, required=False,
                                      help_text=_("Only a pavilion of the show and of the company's country."))

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["show"].queryset = event.shows.order_by("name_en")
        self.fields["pavilion"].queryset = (NationalPavilion.objects.filter(show__event=event).select_related("show")
                                            .order_by("show__name_en", "name_en"))
        self.fields["pavilion"].label_from_instance = attrgetter("label")


class ExhibitorChangeForm(forms.Form):
    """An exhibitor's status at its show and its national pavilion (services.exhibitor_update checks them)."""

    status = forms.ChoiceField(label=_("Status"), choices=Exhibitor.Status.choices)
    pavilion = forms.ModelChoiceField(label=_("National pavilion"), queryset=None, required=False,
                                      help_text=_("Only a pavilion of the show and of the company's country."))

    def __init__(self, *args, exhibitor, **kwargs):
        kwargs.setdefault("initial", {"status": exhibitor.status, "pavilion": exhibitor.pavilion_id})
        super().__init__(*args, **kwargs)
        self.fields["pavilion"].queryset = NationalPavilion.objects.filter(
            show=exhibitor.show, country=exhibitor.company.country).order_by("name_en")
        self.fields["pavilion"].label_from_instance = attrgetter("name")


class CompanyChangeForm(forms.Form):
    """The company as the organiser keeps it, at every show it exhibits at: who it is (its name, legal name
    and country: the organiser's alone) and its profile (services.company_update runs a new company's
    checks on them)."""

    name = forms.CharField(label=_("Name shown in the directory"), max_length=200)
    legal_name = forms.CharField(label=_("Legal name"), max_length=250)
    country = forms.ChoiceField(label=_("Country"), help_text=_(
        "It decides the export-control checks of its staff's meeting requests (arms embargoes) and the national "
        "pavilion it may be in."))
    website = forms.CharField(label=_("Website"), required=False, max_length=200)
    description_en = description_field(_("Description (English)"))
    description_az = description_field(_("Description (Azerbaijani)"))
    description_ru = description_field(_("Description (Russian)"))

    def __init__(self, *args, company, **kwargs):
        values = {field: getattr(company, field) for field in self.base_fields}
        kwargs.setdefault("initial", {**values, "country": str(company.country)})
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—"), *countries]


class NewCompanyForm(forms.Form):
    """A company new to the organiser, before it is admitted to a show (services.company_create checks it)."""

    name = forms.CharField(label=_("Name shown in the directory"), max_length=200)
    legal_name = forms.CharField(label=_("Legal name"), max_length=250, required=False,
                                 help_text=_("Empty: the same as the name."))
    country = forms.ChoiceField(label=_("Country"))
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—"), *countries]


NAME_LABELS = language_labels("name", _("Name"))


class PavilionForm(forms.Form):
    """A national pavilion: its show and country when it is new, its names in the three languages."""

    show = forms.ModelChoiceField(label=_("Show"), queryset=None)
    country = forms.ChoiceField(label=_("Country"))
    name_en = forms.CharField(label=NAME_LABELS["name_en"], max_length=200)
    name_az = forms.CharField(label=NAME_LABELS["name_az"], max_length=200, required=False)
    name_ru = forms.CharField(label=NAME_LABELS["name_ru"], max_length=200, required=False)

    def __init__(self, *args, event, pavilion=None, **kwargs):
        if pavilion is not None:
            kwargs.setdefault("initial", {field: getattr(pavilion, field) for field in ("name_en", "name_az", "name_ru")})
        super().__init__(*args, **kwargs)
        # The example of an English name stays English, whatever the page's language.
        self.fields["name_en"].help_text = _("e.g. %(example)s") % {"example": "Türkiye National Pavilion"}
        if pavilion is not None:  # show and country stay: its exhibitors are of that show and country
            del self.fields["show"], self.fields["country"]
        else:
            self.fields["show"].queryset = event.shows.order_by("name_en")
            self.fields["country"].choices = [("", "—"), *countries]
