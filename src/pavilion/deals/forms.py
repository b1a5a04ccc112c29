"""The deal form with its parties as an inline formset, the register's filters, announce and withdraw."""

from django import forms
from django.db.models import Q
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from pavilion.core.forms import IdModelMultipleChoiceField
from pavilion.deals import selectors
from pavilion.deals.models import Deal, DealParty
from pavilion.deals.services import MAX_VALUE, SUBJECT_LENGTH, PartyData
from pavilion.events.models import Show
from pavilion.exhibitors.models import Company, Exhibitor, ProductCategory
from pavilion.registrations.models import Delegation


def _blank(choices) -> list:
    return [("", "—"), *choices]


class DealForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Deal.Kind.choices)
    title_en = forms.CharField(label=_("Title (English)"), max_length=250)
    title_az = forms.CharField(label=_("Title (Azerbaijani)"), max_length=250, required=False)
    title_ru = forms.CharField(label=_("Title (Russian)"), max_length=250, required=False)
    subject_en = forms.CharField(label=_("Subject (English)"), required=False, max_length=SUBJECT_LENGTH,
                                 widget=forms.Textarea(attrs={"rows": 3}))
    subject_az = forms.CharField(label=_("Subject (Azerbaijani)"), required=False, max_length=SUBJECT_LENGTH,
                                 widget=forms.Textarea(attrs={"rows": 3}))
    subject_ru = forms.CharField(label=_("Subject (Russian)"), required=False, max_length=SUBJECT_LENGTH,
                                 widget=forms.Textarea(attrs={"rows": 3}))
    categories = IdModelMultipleChoiceField(label=_("Catalogue categories"), required=False,
                                            queryset=ProductCategory.objects.none(),
                                            widget=forms.SelectMultiple(attrs={"size": 6}))
    control = forms.CharField(label=_("Export-control class"), max_length=20, initial="none",
                              help_text=_("ML1 to ML22, a dual-use code such as 5A002, or none"))
    # No max_digits: the service's limit says what it is ("at most 999,999,999,999.99"), not a digit count.
    value = forms.DecimalField(label=_("Value"), required=False, decimal_places=2,
                               widget=forms.NumberInput(attrs={"max": str(MAX_VALUE), "step": "0.01"}))
    currency = forms.CharField(label=_("Currency"), max_length=3, required=False,
                               help_text=_("ISO 4217, e.g. USD, EUR, AZN; required with a value"))
    value_disclosed = forms.BooleanField(label=_("The value may be announced"), required=False)
    confidentiality = forms.ChoiceField(label=_("Confidentiality"), choices=Deal.Confidentiality.choices)
    signed_at = forms.DateTimeField(label=_("Signed at"), help_text=_("local time of the event"),
                                    widget=forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                               format="%Y-%m-%dT%H:%M"))
    place_en = forms.CharField(label=_("Place of signing (English)"), max_length=200, required=False,
                               help_text=_("e.g. stand A12, the VIP lounge"))
    place_az = forms.CharField(label=_("Place of signing (Azerbaijani)"), max_length=200, required=False)
    place_ru = forms.CharField(label=_("Place of signing (Russian)"), max_length=200, required=False)
    show = forms.ModelChoiceField(label=_("Show"), queryset=Show.objects.none(), required=False,
                                  to_field_name="slug")

    def __init__(self, *args, event, organiser: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = ProductCategory.objects.select_related("parent").order_by(
            "parent__order", "order", "slug")
        self.fields["show"].queryset = Show.objects.filter(event=event)
        # Nothing is public until someone says so: the organiser's default keeps a deal to itself.
        self.fields["confidentiality"].initial = Deal.Confidentiality.ORGANISER
        if not organiser:
            self.fields["confidentiality"].initial = Deal.Confidentiality.PARTIES
            self.fields["confidentiality"].choices = [
                choice for choice in Deal.Confidentiality.choices if choice[0] != Deal.Confidentiality.ORGANISER]

    def service_values(self) -> dict:
        values = dict(self.cleaned_data)
        values["currency"] = values.get("currency") or ""
        return values


FILLED = ("company", "delegation", "name", "name_az", "name_ru", "country")


class PartyForm(forms.Form):
    kind = forms.ChoiceField(label=_("Party"), choices=_blank(DealParty.Kind.choices), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=DealParty.Role.choices, initial=DealParty.Role.PARTNER)
    company = forms.ModelChoiceField(label=_("Company"), queryset=Company.objects.none(), required=False)
    delegation = forms.ModelChoiceField(label=_("Delegation"), queryset=Delegation.objects.none(), required=False)
    name = forms.CharField(label=_("Name of the body (English)"), max_length=250, required=False)
    name_az = forms.CharField(label=_("Name of the body (Azerbaijani)"), max_length=250, required=False)
    name_ru = forms.CharField(label=_("Name of the body (Russian)"), max_length=250, required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)

    def __init__(self, *args, event, signed=(), **kwargs):
        """`signed`: the companies already parties of the deal edited, offered even when no longer exhibiting."""
        super().__init__(*args, **kwargs)
        exhibiting = Exhibitor.objects.filter(show__event=event).exclude(status=Exhibitor.Status.WITHDRAWN)
        self.fields["company"].queryset = Company.objects.filter(
            Q(pk__in=exhibiting.values("company_id")) | Q(pk__in=list(signed))).order_by("name")
        self.fields["delegation"].queryset = Delegation.objects.filter(event=event).order_by("country")
        self.fields["country"].choices = _blank(list(countries))

    def clean(self):
        data = super().clean()
        # A row that names someone but not what they are is a mistake to show, not an empty row to drop.
        if not data.get("kind") and any(data.get(field) for field in FILLED):
            self.add_error("kind", _("Choose what kind of party this is."))
        return data

    def party(self) -> PartyData | None:
        data = self.cleaned_data
        if not data.get("kind"):
            return None  # an empty row of the formset
        return PartyData(kind=data["kind"], role=data["role"], company=data.get("company"),
                         delegation=data.get("delegation"), name=data.get("name", ""),
                         name_az=data.get("name_az", ""), name_ru=data.get("name_ru", ""),
                         country=data.get("country", ""))

    def filled(self) -> bool:
        """Whether the row says something (typed, or stored), so that the form shows it open."""
        if self.errors or self.initial.get("kind"):
            return True
        return self.is_bound and any(self[field].value() for field in ("kind", *FILLED))


MAX_PARTIES = 12
SHOWN_PARTIES = 2  # a contract has two parties; the other rows wait behind "Add a party"
# Every row up to the maximum is sent (empty rows are ignored): "Add a party" only opens the next one,
# without JavaScript, so a deal of three or more signatories is entered in one go.
PartyFormSet = formset_factory(PartyForm, extra=MAX_PARTIES, max_num=MAX_PARTIES, absolute_max=MAX_PARTIES,
                               validate_max=True)


def party_formset(data=None, *, event, initial=None, prefix="parties", signed=()):
    """The stored parties, then empty rows up to the maximum; empty rows are ignored."""
    return PartyFormSet(data, initial=initial, prefix=prefix, form_kwargs={"event": event, "signed": signed})


def shown_and_more(parties) -> tuple[list, list]:
    """The party rows, numbered, shown open (at least two, and every row that says something, with those before
    it) and the rest, each behind an "Add a party" of its own."""
    rows = list(enumerate(parties, start=1))
    shown = max([SHOWN_PARTIES, *(number for number, row in rows if row.filled())])
    return rows[:shown], rows[shown:]


def initial_parties(deal: Deal) -> list[dict]:
    return [{"kind": p.kind, "role": p.role, "company": p.company_id, "delegation": p.delegation_id, "name": p.name,
             "name_az": p.name_az, "name_ru": p.name_ru, "country": p.country.code} for p in deal.parties.all()]


class DealFilterForm(forms.Form):
    day = forms.TypedChoiceField(label=_("Day"), required=False, coerce=lambda text: text, empty_value="")
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=_blank(Deal.Kind.choices))
    country = forms.ChoiceField(label=_("Country"), required=False)
    confidentiality = forms.ChoiceField(label=_("Confidentiality"), required=False,
                                        choices=_blank(Deal.Confidentiality.choices))
    announcement = forms.ChoiceField(label=_("Announcement"), required=False,
                                     choices=_blank(Deal.Announcement.choices))

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.days = selectors.event_days(event)
        self.fields["day"].choices = _blank([(day.isoformat(), day.isoformat()) for day in self.days])
        self.fields["country"].choices = _blank(list(countries))

    def clean_day(self):
        text = self.cleaned_data["day"]
        return next((day for day in self.days if day.isoformat() == text), None)


class AnnounceForm(forms.Form):
    at = forms.DateTimeField(label=_("Announce at (leave empty for now)"), required=False,
                             widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)
