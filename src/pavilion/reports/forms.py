"""The filters of the report lists. A form's cleaned data becomes a JSON-safe dict (dates as ISO
strings), kept with a background export job and read back by exports.queryset_for."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from pavilion.accreditation.labels import SCAN_ALERTS
from pavilion.accreditation.models import Scan, Zone
from pavilion.core.parameters import validate_day
from pavilion.deals.models import Deal
from pavilion.meetings.models import Meeting, MeetingParticipant
from pavilion.registrations.models import Registration, RegistrationCategory
from pavilion.reports.exports import EVERY_ALERT


def _any(choices) -> list:
    return [("", _("any")), *choices]


def _countries() -> list:
    """Every country, named and sorted in the page's language: read each time the form is shown,
    as a list made at import keeps the names of the language active then (English)."""
    return _any(list(countries))


def _named(queryset) -> list:
    """(code, name in the current language) of categories or zones, in one query."""
    return [(row.code, row.name) for row in queryset.only("code", "name_en", "name_az", "name_ru")]


class _FilterForm(forms.Form):
    def __init__(self, data=None, *, event):
        super().__init__(data, prefix=None)
        self.event = event

    def filters(self) -> dict:
        """The non-empty filters, JSON-safe."""
        return {name: value.isoformat() if hasattr(value, "isoformat") else value
                for name, value in self.cleaned_data.items() if value not in (None, "")}


class RegistrationFilterForm(_FilterForm):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=_any(Registration.Status.choices))
    category = forms.ChoiceField(label=_("Category"), required=False)
    country = forms.ChoiceField(label=_("Nationality"), required=False, choices=_countries)
    submitted_from = forms.DateField(label=_("Submitted from"), required=False, validators=[validate_day],
                                     widget=forms.DateInput(attrs={"type": "date"}))
    submitted_to = forms.DateField(label=_("Submitted to"), required=False, validators=[validate_day],
                                   widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, data=None, *, event):
        super().__init__(data, event=event)
        self.fields["category"].choices = _any(_named(RegistrationCategory.objects.filter(event=event)
                                                      .order_by("order", "code")))

    def clean(self):
        data = super().clean()
        if data.get("submitted_from") and data.get("submitted_to") and data["submitted_to"] < data["submitted_from"]:
            self.add_error("submitted_to", _("The end is before the start."))
        return data


class EntryFilterForm(_FilterForm):
    day = forms.DateField(label=_("Day"), required=False, validators=[validate_day],
                          widget=forms.DateInput(attrs={"type": "date"}))
    zone = forms.ChoiceField(label=_("Zone"), required=False)
    direction = forms.ChoiceField(label=_("Direction"), required=False, choices=_any(Scan.Direction.choices))
    result = forms.ChoiceField(label=_("Result"), required=False, choices=_any(Scan.Result.choices))
    alert = forms.ChoiceField(label=_("Alert"), required=False, choices=_any(
        [(EVERY_ALERT, _("every alert (as on the occupancy page)")), *SCAN_ALERTS.items()]))

    def __init__(self, data=None, *, event):
        super().__init__(data, event=event)
        self.fields["zone"].choices = _any(_named(Zone.objects.filter(event=event).order_by("number")))


class MeetingFilterForm(_FilterForm):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=_any(Meeting.Status.choices))
    day = forms.DateField(label=_("Day"), required=False, validators=[validate_day],
                          widget=forms.DateInput(attrs={"type": "date"}))
    attendance = forms.ChoiceField(label=_("Attendance"), required=False,
                                   choices=_any([(MeetingParticipant.Attendance.HELD, _("held")),
                                                 (MeetingParticipant.Attendance.NO_SHOW, _("no-show")),
                                                 ("unmarked", _("not marked"))]))


class DealFilterForm(_FilterForm):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=_any(Deal.Kind.choices))
    confidentiality = forms.ChoiceField(label=_("Confidentiality"), required=False,
                                        choices=_any(Deal.Confidentiality.choices))
    announcement = forms.ChoiceField(label=_("Announcement"), required=False, choices=_any(Deal.Announcement.choices))
    country = forms.ChoiceField(label=_("Party country"), required=False, choices=_countries)
    currency = forms.RegexField(label=_("Currency"), required=False, regex=r"^[A-Za-z]{3}$", max_length=3,
                                error_messages={"invalid": _("Three letters, e.g. USD.")})

    def clean_currency(self):
        return self.cleaned_data["currency"].upper()


FORMS = {"registrations": RegistrationFilterForm, "entries": EntryFilterForm, "meetings": MeetingFilterForm,
         "deals": DealFilterForm}
