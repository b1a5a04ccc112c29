"""Forms of the accreditation pages. Times are entered in the event's time zone."""

import datetime
import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from pavilion.accreditation.models import Gate, Grant, PersonGrant, Scan, Zone
from pavilion.registrations.models import RegistrationCategory


class LocalDateTimeField(forms.DateTimeField):
    """A wall-clock time at the event's venue, whatever the server's or browser's time zone."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"})

    def __init__(self, *args, time_zone: str = "UTC", **kwargs):
        self.time_zone = zoneinfo.ZoneInfo(time_zone)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            try:
                moment = datetime.datetime.fromisoformat(value.strip())
            except ValueError:
                raise forms.ValidationError(_("Enter a date and time, e.g. 2024-09-24 09:00.")) from None
            return moment.replace(tzinfo=self.time_zone) if moment.tzinfo is None else moment
        return super().to_python(value)


class DeviceForm(forms.Form):
    gate = forms.ModelChoiceField(queryset=Gate.objects.none(), label=_("Gate"))
    name = forms.CharField(max_length=100, label=_("Device name"), help_text=_("e.g. Hall 1 gate A, handheld 2"))

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gate"].queryset = Gate.objects.filter(event=event).select_related("zone")


class RevokeForm(forms.Form):
    reason = forms.CharField(max_length=200, label=_("Reason"))


class OverrideForm(forms.Form):
    serial = forms.IntegerField(min_value=0, max_value=2**32 - 1, label=_("Badge serial"))
    gate = forms.ModelChoiceField(queryset=Gate.objects.none(), label=_("Gate"))
    direction = forms.ChoiceField(choices=Scan.Direction.choices, label=_("Direction"))
    reason = forms.CharField(max_length=300, label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gate"].queryset = Gate.objects.filter(event=event).select_related("zone")


class PersonGrantForm(forms.Form):
    zone = forms.ModelChoiceField(queryset=Zone.objects.none(), label=_("Zone"))
    effect = forms.ChoiceField(choices=PersonGrant.Effect.choices, label=_("Change"))
    opens_at = LocalDateTimeField(required=False, label=_("Opens (local time)"))
    closes_at = LocalDateTimeField(required=False, label=_("Closes (local time)"))
    reason = forms.CharField(max_length=200, required=False, label=_("Reason"))

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].queryset = Zone.objects.filter(event=event)
        for name in ("opens_at", "closes_at"):
            self.fields[name].time_zone = zoneinfo.ZoneInfo(event.time_zone)

    def clean(self):
        data = super().clean()
        if data.get("effect") == PersonGrant.Effect.ADD:
            for name in ("opens_at", "closes_at"):
                if not data.get(name):
                    self.add_error(name, _("An added zone needs its window."))
        return data


class GrantForm(forms.Form):
    """A category's window in one zone, entered in the event's time zone. The service checks the
    window (closes after it opens, inside the event's dates with build-up and tear-down)."""

    category = forms.ModelChoiceField(queryset=RegistrationCategory.objects.none(), label=_("Category"))
    zone = forms.ModelChoiceField(queryset=Zone.objects.none(), label=_("Zone"))
    opens_at = LocalDateTimeField(label=_("Opens (local time)"))
    closes_at = LocalDateTimeField(label=_("Closes (local time)"))

    def __init__(self, *args, event, grant: Grant | None = None, **kwargs):
        if grant is not None:
            tz = zoneinfo.ZoneInfo(event.time_zone)
            kwargs.setdefault("initial", {
                "category": grant.category_id, "zone": grant.zone_id,
                "opens_at": grant.opens_at.astimezone(tz).replace(tzinfo=None).isoformat(timespec="minutes"),
                "closes_at": grant.closes_at.astimezone(tz).replace(tzinfo=None).isoformat(timespec="minutes")})
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = RegistrationCategory.objects.filter(event=event).order_by("order")
        self.fields["zone"].queryset = Zone.objects.filter(event=event).order_by("number")
        for name in ("opens_at", "closes_at"):
            self.fields[name].time_zone = zoneinfo.ZoneInfo(event.time_zone)
        if grant is not None:  # a grant keeps its category: delete it and add another to change that
            self.fields["category"].disabled = True
