"""Forms of the organiser's event, show and stand pages and the exhibitor's booking page; validation lives in
services."""

import functools
import importlib.resources
import pathlib
import re
import zoneinfo
from decimal import Decimal
from operator import attrgetter

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pavilion.core import parameters
from pavilion.core.i18n import language_labels
from pavilion.core.units import square_metres
from pavilion.core.zones import zone_name
from pavilion.events import geometry, services
from pavilion.events.models import (
    MAX_ACCESS_DAYS,
    Event,
    Hall,
    NationalPavilion,
    Organiser,
    Show,
    Stand,
    Venue,
)

NUMBER = r"-?\d+(?:\.\d+)?"
CORNER = re.compile(rf"\s*({NUMBER})\s*[, ]\s*({NUMBER})\s*")


def parse_corners(text: str) -> list[list[float]]:
    """`0,0; 6,0; 6,3; 0,3` (or one corner per line) into [[x, y], ...]."""
    corners = []
    for part in re.split(r"[;\n]+", text.strip()):
        if not part.strip():
            continue
        match = CORNER.fullmatch(part)
        if match is None:
            raise ValidationError(_("“%(corner)s” is not a corner: write x,y in metres, corners separated by ;")
                                  % {"corner": part.strip()[:40]})
        corners.append([float(match.group(1)), float(match.group(2))])
    return corners


def corners_text(polygon) -> str:
    return "; ".join(f"{_plain(x)},{_plain(y)}" for x, y in polygon)


def _plain(value) -> str:
    return f"{float(value):.3f}".rstrip("0").rstrip(".")


def as_rectangle(polygon) -> tuple[float, float, float, float] | None:
    """(x, y, width, depth) when the shape is an axis-aligned rectangle drawn from its top-left corner."""
    if len(polygon) != 4:
        return None
    x, y = polygon[0]
    width, depth = polygon[2][0] - x, polygon[2][1] - y
    return (x, y, width, depth) if [list(map(float, c)) for c in polygon] == geometry.rectangle(x, y, width, depth) \
        else None


class StandForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Code"), max_length=20)
    show = forms.ModelChoiceField(label=gettext_lazy("Show"), queryset=Show.objects.none())
    hall = forms.ModelChoiceField(label=gettext_lazy("Hall"), queryset=Hall.objects.none())
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Stand.Kind.choices)
    x = forms.DecimalField(label=gettext_lazy("x (m)"), required=False, min_value=0, max_digits=7, decimal_places=2)
    y = forms.DecimalField(label=gettext_lazy("y (m)"), required=False, min_value=0, max_digits=7, decimal_places=2)
    width = forms.DecimalField(label=gettext_lazy("Width (m)"), required=False, min_value=Decimal("0.5"),
                               max_digits=7, decimal_places=2)
    depth = forms.DecimalField(label=gettext_lazy("Depth (m)"), required=False, min_value=Decimal("0.5"),
                               max_digits=7, decimal_places=2)
    corners = forms.CharField(
        label=gettext_lazy("Corners"), required=False, max_length=2000,
        help_text=gettext_lazy("For other shapes: x,y of each corner in metres, separated by ; (leave x/y/width/depth empty)"),
        widget=forms.TextInput(attrs={"placeholder": "0,0; 6,0; 6,3; 3,3; 3,6; 0,6"}),
    )
    pavilion = forms.ModelChoiceField(label=gettext_lazy("National pavilion"), required=False,
                                      queryset=NationalPavilion.objects.none())
    price_per_m2 = forms.DecimalField(label=gettext_lazy("Price per m²"), required=False, min_value=0,
                                      max_digits=8, decimal_places=2)

    def __init__(self, *args, event, hall: Hall | None = None, stand: Stand | None = None, **kwargs):
        self.stand = stand
        if stand is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(stand)
        super().__init__(*args, **kwargs)
        self.fields["show"].queryset = Show.objects.filter(event=event).order_by("name_en")
        self.fields["hall"].queryset = Hall.objects.filter(venue_id=event.venue_id).order_by("order", "code")
        self.fields["pavilion"].queryset = (NationalPavilion.objects.filter(show__event=event).select_related("show")
                                            .order_by("show__name_en", "name_en"))
        self.fields["pavilion"].label_from_instance = attrgetter("label")
        self.fields["price_per_m2"].label = _("Price per m² (%(currency)s)") % {"currency": event.stand_currency}
        if stand is None:
            self.fields["hall"].initial = hall.pk if hall is not None else None
            self.fields["show"].initial = self.fields["show"].queryset.values_list("pk", flat=True).first()

    @staticmethod
    def initial_for(stand: Stand) -> dict:
        initial = {"code": stand.code, "show": stand.show_id, "hall": stand.hall_id, "kind": stand.kind,
                   "pavilion": stand.pavilion_id, "price_per_m2": stand.price_per_m2}
        rectangle = as_rectangle(stand.polygon)
        if rectangle:
            initial.update(zip(("x", "y", "width", "depth"), map(_plain, rectangle), strict=True))
        else:
            initial["corners"] = corners_text(stand.polygon)
        return initial

    def _polygon(self, data) -> list | None:
        if data.get("corners"):
            try:
                return parse_corners(data["corners"])
            except ValidationError as error:
                self.add_error("corners", error)
                return None
        box = [data.get(name) for name in ("x", "y", "width", "depth")]
        if any(value is None for value in box):
            for name, value in zip(("x", "y", "width", "depth"), box, strict=True):
                if value is None and name not in self.errors:
                    self.add_error(name, _("Give x, y, width and depth in metres, or the corners."))
            return None
        return geometry.rectangle(*map(float, box))

    def clean(self):
        data = super().clean()
        polygon = self._polygon(data)
        if polygon is None or not data.get("show") or not data.get("hall") or not data.get("code"):
            return data
        data["polygon"] = polygon
        try:
            data["area_m2"] = services.stand_validate(
                show=data["show"], hall=data["hall"], code=data["code"], polygon=polygon,
                pavilion=data.get("pavilion"), exclude_id=self.stand.pk if self.stand else None,
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                target = field if field in self.fields else None
                if field == "polygon":
                    target = "corners" if data.get("corners") else None
                self.add_error(target, messages)
        return data

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in services.STAND_FIELDS}


class BookingRequestForm(forms.Form):
    exhibitor = forms.TypedChoiceField(label=gettext_lazy("Book for"), coerce=int)
    stands = forms.TypedMultipleChoiceField(label=gettext_lazy("Stands"), coerce=int,
                                            widget=forms.CheckboxSelectMultiple,
                                            error_messages={"required": gettext_lazy("Choose at least one stand.")})
    note = forms.CharField(label=gettext_lazy("Note to the organiser"), required=False, max_length=500,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, exhibitors, stands, **kwargs):
        # Every stand of the exhibitor's shows is a valid choice: whether it is still free is the service's
        # call, made under a lock, so a stand taken a moment ago gets the service's clear message.
        super().__init__(*args, **kwargs)
        self.fields["exhibitor"].choices = [(e.pk, f"{e.company.name} · {e.show.name}") for e in exhibitors]
        self.fields["stands"].choices = [
            (s.pk, f"{s.code} · {s.hall.name} · {square_metres(s.area_m2)} · {s.show.name}") for s in stands
        ]
        if len(exhibitors) == 1:
            self.fields["exhibitor"].initial = exhibitors[0].pk


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


NAME_LABELS = language_labels("name", gettext_lazy("Name"))
REGIONS = ("Africa/", "America/", "Antarctica/", "Asia/", "Atlantic/", "Australia/", "Europe/", "Indian/", "Pacific/")


def _zone_table() -> str:
    """zone.tab of the time-zone database zoneinfo reads: the system's, else the tzdata package's."""
    for directory in zoneinfo.TZPATH:
        path = pathlib.Path(directory) / "zone.tab"
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return importlib.resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text(encoding="utf-8")


@functools.cache
def time_zones() -> tuple[str, ...]:
    """The time zones an organiser chooses from: UTC and the current name of every region's clock, as
    the database's zone.tab lists them; without the old aliases that name the same clocks again
    (US/Eastern, Etc/GMT+4, W-SU, and renamed cities such as Europe/Kiev or Asia/Calcutta)."""
    current = {line.split("\t")[2] for line in _zone_table().splitlines() if line and not line.startswith("#")}
    return ("UTC", *sorted(zone for zone in zoneinfo.available_timezones() & current if zone.startswith(REGIONS)))


class EventNamesForm(forms.Form):
    """The event's names in the three languages, on the new event's form and on the event's page."""

    name_en = forms.CharField(label=NAME_LABELS["name_en"], max_length=200)
    name_az = forms.CharField(label=NAME_LABELS["name_az"], max_length=200, required=False)
    name_ru = forms.CharField(label=NAME_LABELS["name_ru"], max_length=200, required=False)


class EventForm(EventNamesForm):
    """A new event; dates, venue and time zone are set here once (services.EVENT_EDITABLE). A plain
    form: the service gives the messages of a taken address or of dates in the wrong order."""

    field_order = ["slug"]  # then the names, then the rest
    slug = forms.SlugField(label=gettext_lazy("Address"), max_length=50, help_text=gettext_lazy(
        "Letters, digits and hyphens, e.g. adex-securex-2026: the event's pages are under /events/<address>/."))
    organiser = forms.ModelChoiceField(label=gettext_lazy("Organiser"), queryset=Organiser.objects.order_by("name"))
    venue = forms.ModelChoiceField(label=gettext_lazy("Venue"), queryset=Venue.objects.order_by("name_en"))
    start_date = forms.DateField(label=gettext_lazy("First day"), widget=DATE)
    end_date = forms.DateField(label=gettext_lazy("Last day"), widget=DATE)
    time_zone = forms.ChoiceField(label=gettext_lazy("Time zone"), initial="Asia/Baku",
                                  choices=lambda: [(zone, zone) for zone in time_zones()])
    is_public = forms.BooleanField(label=gettext_lazy("Shown to the public"), required=False,
                                   help_text=gettext_lazy("Leave it off until the event's pages are ready."))


class EventClockField(forms.DateTimeField):
    """A date and time on the event's own clock (its time zone), whatever the page's time zone: the
    organiser in Baku and a colleague abroad mean the same moment by "09:00"."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, *, zone: str = "UTC", **kwargs):
        self.zone = zone
        super().__init__(**kwargs)

    def prepare_value(self, value):
        with timezone.override(self.zone):
            return super().prepare_value(value)

    def to_python(self, value):
        with timezone.override(self.zone):
            moment = super().to_python(value)
        if moment is not None and not parameters.moment_in_range(moment):  # year 1 overflows in UTC: a 500
            raise ValidationError(parameters.day_out_of_range_message(moment.date()), code="out_of_range")
        return moment


class EventEditForm(EventNamesForm):
    """What changes on an event after its creation (services.EVENT_EDITABLE). A plain form: the service
    checks the window's order, refuses new dates, clock or venue that something placed would be left
    outside of, and names the field."""

    start_date = EventForm.base_fields["start_date"]
    end_date = EventForm.base_fields["end_date"]
    venue = EventForm.base_fields["venue"]
    time_zone = EventForm.base_fields["time_zone"]
    is_public = forms.BooleanField(label=gettext_lazy("Shown to the public"), required=False)
    stand_currency = forms.CharField(label=gettext_lazy("Currency of stand prices"), max_length=3,
                                     help_text=gettext_lazy("The ISO 4217 code, e.g. AZN, EUR or USD: the prices per "
                                                            "m² on the hall plans are in it. Changing it does not "
                                                            "convert them."))
    # The service refuses a number out of range with its message; min and max guide the browser's spinner.
    build_up_days = forms.IntegerField(label=gettext_lazy("Build-up days"), widget=forms.NumberInput(attrs={
        "min": 0, "max": MAX_ACCESS_DAYS}), help_text=gettext_lazy(
        "Days at the venue before the first day, 0 to 30: zones' windows may open from the first of them."))
    tear_down_days = forms.IntegerField(label=gettext_lazy("Tear-down days"), widget=forms.NumberInput(attrs={
        "min": 0, "max": MAX_ACCESS_DAYS}), help_text=gettext_lazy(
        "Days at the venue after the last day, 0 to 30: zones' windows may stay open until the end of the last "
        "of them."))

    def __init__(self, *args, event: Event, **kwargs):
        kwargs.setdefault("initial", {field: getattr(event, field) for field in services.EVENT_EDITABLE})
        super().__init__(*args, **kwargs)
        self.fields["start_date"].help_text = _(
            "A postponement moves them: the change is refused, with the reasons, while a session, a meeting slot, "
            "a zone's window or a badge would be left outside the new days.")
        self.fields["time_zone"].help_text = self.fields["venue"].help_text = _(
            "Changed only while nothing is timed on the event's clock or placed in the venue's halls.")
        zone = event.time_zone
        self.fields["registration_opens_at"] = EventClockField(
            zone=zone, required=False, label=gettext_lazy("Registration opens"),
            help_text=gettext_lazy("On the event's clock (%(zone)s). Empty: as soon as the event is shown to the "
                                   "public.") % {"zone": zone_name(zone)})
        self.fields["registration_closes_at"] = EventClockField(
            zone=zone, required=False, label=gettext_lazy("Registration closes"),
            help_text=gettext_lazy("On the event's clock (%(zone)s). Empty: at the end of the event's last day. The "
                                   "organiser and security officers register people at any time.")
            % {"zone": zone_name(zone)})


class ShowForm(forms.ModelForm):
    class Meta:
        model = Show
        fields = list(services.SHOW_FIELDS)
        widgets = {"colour": forms.TextInput(attrs={"type": "color"}),
                   **{f"description_{code}": forms.Textarea(attrs={"rows": 3}) for code in ("en", "az", "ru")}}
        labels = {"slug": gettext_lazy("Address"), **NAME_LABELS,
                  **language_labels("description", gettext_lazy("Description")),
                  "colour": gettext_lazy("Colour on the floor plans")}
        help_texts = {"slug": gettext_lazy("Letters, digits and hyphens, e.g. adex-2026; it cannot be changed later."),
                      "colour": ""}  # the model's help is for developers
        error_messages = {"slug": {"unique": gettext_lazy("Another show already has this address.")}}


class ShowEditForm(ShowForm):
    class Meta(ShowForm.Meta):
        fields = list(services.SHOW_EDITABLE)


class HallForm(forms.ModelForm):
    """A new hall of the venue. The service checks the code, the sizes and the stands a smaller hall
    would leave outside, and names the field."""

    class Meta:
        model = Hall
        fields = list(services.HALL_FIELDS)
        labels = {"code": gettext_lazy("Code"), **NAME_LABELS,
                  "kind": gettext_lazy("Kind"), "width_m": gettext_lazy("Width (m)"),
                  "depth_m": gettext_lazy("Depth (m)"), "order": gettext_lazy("Order on the plans")}
        help_texts = {
            "code": gettext_lazy("Letters, digits and hyphens, e.g. H1 or OUT-A; it cannot be changed later: it is in "
                                 "the plan's addresses."),
            "width_m": gettext_lazy("Across the plan, left to right."),
            "depth_m": gettext_lazy("Down the plan, top to bottom."),
            "order": gettext_lazy("Halls are listed and tabbed in this order, lowest first."),
        }
        widgets = {"width_m": forms.NumberInput(attrs={"step": "0.01", "min": "0.01", "max": "1000"}),
                   "depth_m": forms.NumberInput(attrs={"step": "0.01", "min": "0.01", "max": "1000"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_en"].required = True
        for code in ("az", "ru"):
            self.fields[f"name_{code}"].required = False

    def _post_clean(self):
        """No model validation here: the service checks everything, with the page's messages."""

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class HallEditForm(HallForm):
    class Meta(HallForm.Meta):
        fields = list(services.HALL_EDITABLE)

    def __init__(self, *args, hall: Hall, **kwargs):
        kwargs.setdefault("initial", {name: getattr(hall, name) for name in services.HALL_EDITABLE})
        kwargs["initial"].update(width_m=_plain(hall.width_m), depth_m=_plain(hall.depth_m))  # 40, not 40.00
        super().__init__(*args, **kwargs)
