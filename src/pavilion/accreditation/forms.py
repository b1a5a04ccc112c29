"""Forms of the accreditation pages. Times are entered in the event's time zone."""

import datetime
import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from pavilion.accreditation.models import Gate, Grant, PersonGrant, Scan, Zone
from pavilion.core.i18n import language_labels
from pavilion.events.models import Hall
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


class ZoneForm(forms.ModelForm):
    """A zone: its code and number are fixed once it exists (the number is a bit of every badge
    issued, the code is what the scanners and the API know it by)."""

    number = forms.IntegerField(min_value=0, max_value=127, required=False, label=_("Number on the badge"),
                                help_text=_("0 to 127; empty: the first free number"))

    class Meta:
        model = Zone
        fields = ["code", "number", "name_en", "name_az", "name_ru", "kind", "hall", "passback"]
        labels = {"code": _("Code"), **language_labels("name", _("Name")), "kind": _("Kind"), "hall": _("Hall"),
                  "passback": _("Anti-passback")}
        help_texts = {"code": _("letters, digits and hyphens, e.g. hall-2"),
                      "hall": _("the exhibition hall this zone is, if any")}

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hall"].queryset = Hall.objects.filter(venue_id=event.venue_id)
        if not self.instance.pk:  # a new zone may take its kind's usual rule
            self.fields["passback"].required = False
            self.fields["passback"].choices = [("", _("usual for its kind"))] + Zone.Passback.choices
            self.fields["passback"].help_text = _("usual: soft in halls, hard in VIP and delegation areas")
            self.fields["passback"].initial = ""
        if self.instance.pk:
            for name in ("code", "number"):
                self.fields[name].disabled = True
                self.fields[name].help_text = ""


class GateForm(forms.ModelForm):
    """A gate into one zone; its code is fixed once it exists (its devices know it by it)."""

    class Meta:
        model = Gate
        fields = ["code", "zone", "name_en", "name_az", "name_ru"]
        labels = {"code": _("Code"), "zone": _("Leads into"), **language_labels("name", _("Name"))}
        help_texts = {"code": _("letters, digits and hyphens, e.g. hall-2-north")}

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].queryset = Zone.objects.filter(event=event)
        if self.instance.pk:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = ""


class DeviceForm(forms.Form):
    gate = forms.ModelChoiceField(queryset=Gate.objects.none(), label=_("Gate"))
    name = forms.CharField(max_length=100, label=_("Device name"), help_text=_("e.g. Hall 1 gate A, handheld 2"))

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gate"].queryset = Gate.objects.filter(event=event).select_related("zone")


class RevokeForm(forms.Form):
    reason = forms.CharField(max_length=200, label=_("Reason"))


class ReplaceForm(forms.Form):
    """A replacement undoes a revocation, perhaps one for misuse: whoever issues it says why."""

    reason = forms.CharField(max_length=200, label=_("Reason for the replacement"))


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
