"""Forms of the organiser's schedule pages and the participants' attendance reports."""

import datetime
import re
import zoneinfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from pavilion.core import clock
from pavilion.core.i18n import language_labels, localized
from pavilion.events.models import Hall, Stand
from pavilion.meetings.forms.requests import slot_label
from pavilion.meetings.models import MeetingLocation, MeetingParticipant, MeetingSlot
from pavilion.meetings.services.slots import SlotPlan

BREAK = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*$")


def _time(hours: str, minutes: str) -> datetime.time:
    try:
        return datetime.time(int(hours), int(minutes))
    except ValueError:
        raise ValidationError(_("%(value)s is not a time of day.") % {"value": f"{hours}:{minutes}"}) from None


def event_days(event) -> list[datetime.date]:
    days, day = [], event.start_date
    while day <= event.end_date:
        days.append(day)
        day += datetime.timedelta(days=1)
    return days


class SlotPlanForm(forms.Form):
    days = forms.MultipleChoiceField(label=_("Days"), widget=forms.CheckboxSelectMultiple)
    day_start = forms.TimeField(label=_("First slot starts"), initial=datetime.time(9, 0),
                                widget=forms.TimeInput(attrs={"type": "time"}))
    day_end = forms.TimeField(label=_("Last slot ends by"), initial=datetime.time(18, 0),
                              widget=forms.TimeInput(attrs={"type": "time"}))
    minutes = forms.IntegerField(label=_("Slot length (minutes)"), initial=30, min_value=0, max_value=480)
    breaks = forms.CharField(label=_("Breaks"), required=False, initial="13:00-14:00",
                             help_text=_("e.g. 13:00-14:00, 16:00-16:15"))

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        # In the page's language ("Вт, 24 сентября 2024"): strftime writes English names.
        self.fields["days"].choices = [(day.isoformat(), date_format(day, "D, j E Y")) for day in event_days(event)]
        self.fields["days"].initial = [day.isoformat() for day in event_days(event)]

    def clean_breaks(self) -> list[tuple[datetime.time, datetime.time]]:
        text = self.cleaned_data["breaks"] or ""
        result = []
        for part in filter(None, (piece.strip() for piece in text.split(","))):
            match = BREAK.match(part)
            if not match:
                raise ValidationError(_("Write each break as 13:00-14:00: %(value)s is not one.") % {"value": part})
            result.append((_time(*match.group(1, 2)), _time(*match.group(3, 4))))
        return result

    def plan(self) -> SlotPlan:
        data = self.cleaned_data
        return SlotPlan(days=[datetime.date.fromisoformat(day) for day in data["days"]], day_start=data["day_start"],
                        day_end=data["day_end"], minutes=data["minutes"], breaks=data["breaks"])


class SlotForm(forms.Form):
    """One slot by hand, e.g. an extra early slot on the last day."""

    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("Start"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("End"), widget=forms.TimeInput(attrs={"type": "time"}))


class TablesForm(forms.Form):
    hall = forms.ModelChoiceField(label=_("Hall"), queryset=Hall.objects.none(), required=False,
                                  empty_label=_("no hall"))
    count = forms.IntegerField(label=_("Number of tables"), min_value=1, max_value=500, initial=10)
    prefix = forms.CharField(label=_("Code prefix"), max_length=20, initial="T")
    capacity = forms.IntegerField(label=_("Seats"), min_value=2, max_value=30, initial=4)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hall"].queryset = Hall.objects.filter(venue=event.venue_id).order_by("order", "code")


NAME_LABELS = language_labels("name", _("Name"))


class LocationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingLocation.Kind.choices,
                             initial=MeetingLocation.Kind.SECURE_ROOM)
    code = forms.SlugField(label=_("Code"), max_length=40)
    name_en = forms.CharField(label=NAME_LABELS["name_en"], max_length=100, required=False)
    name_az = forms.CharField(label=NAME_LABELS["name_az"], max_length=100, required=False)
    name_ru = forms.CharField(label=NAME_LABELS["name_ru"], max_length=100, required=False)
    hall = forms.ModelChoiceField(label=_("Hall"), queryset=Hall.objects.none(), required=False,
                                  empty_label=_("no hall"))
    stand = forms.ModelChoiceField(label=_("Stand"), queryset=Stand.objects.none(), required=False,
                                   help_text=_("for a stand: the exhibitor's stand"))
    capacity = forms.IntegerField(label=_("Seats"), min_value=2, max_value=60, initial=6)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        # The example of an English name stays English, whatever the page's language.
        self.fields["name_en"].help_text = _("e.g. %(example)s; empty: the code") % {"example": "Secure meeting room 1"}
        self.fields["stand"].label_from_instance = lambda stand: " · ".join(
            part for part in (stand.hall.name, stand.code, stand.exhibitor.company.name if stand.exhibitor else "") if part)
        self.fields["hall"].queryset = Hall.objects.filter(venue=event.venue_id).order_by("order", "code")
        self.fields["stand"].queryset = (Stand.objects.filter(show__event=event, exhibitor__isnull=False)
                                         .select_related("hall", "exhibitor__company").order_by("hall__code", "code"))


class RunForm(forms.Form):
    time_limit = forms.IntegerField(label=_("Time limit (seconds)"), min_value=1, max_value=600, initial=20)
    seed = forms.IntegerField(label=_("Seed"), min_value=0, max_value=2**31 - 1, initial=0, required=False)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class MoveForm(forms.Form):
    """The organiser's move of a published meeting: a slot still ahead, a location in use, and why."""

    slot = forms.ModelChoiceField(label=_("New time"), queryset=MeetingSlot.objects.none())
    location = forms.ModelChoiceField(label=_("New location"), queryset=MeetingLocation.objects.none())
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        zone = zoneinfo.ZoneInfo(event.time_zone)
        self.fields["slot"].queryset = MeetingSlot.objects.filter(event=event, starts_at__gt=clock.now()).order_by(
            "starts_at")
        self.fields["slot"].label_from_instance = lambda slot: slot_label(slot, zone)  # the venue's clock
        self.fields["location"].queryset = (MeetingLocation.objects.filter(event=event, is_active=True)
                                            .select_related("hall").order_by("hall__code", "kind", "code"))
        self.fields["location"].label_from_instance = lambda location: " · ".join(
            part for part in (location.name, localized(location.hall, "name") if location.hall else "") if part)


class AttendanceForm(forms.Form):
    attendance = forms.ChoiceField(choices=[(MeetingParticipant.Attendance.HELD, _("held")),
                                            (MeetingParticipant.Attendance.NO_SHOW, _("no-show"))])
    registration = forms.IntegerField(min_value=1, max_value=2**31 - 1)
