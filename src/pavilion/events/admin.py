"""The organiser's back office for events and the venue; stands are saved through the services."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models

from pavilion.core.admin import ReadOnlyAdmin
from pavilion.core.services import audit_record
from pavilion.events import services
from pavilion.events.models import Event, Hall, NationalPavilion, Organiser, Show, Stand, StandBooking, Venue


@admin.register(Organiser)
class OrganiserAdmin(admin.ModelAdmin):
    list_display = ["name", "website"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # an address typed without one
    list_filter = ["events__venue"]
    search_fields = ["name"]


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name_en", "city_en", "country"]
    list_filter = ["country", "city_en"]
    search_fields = ["name_en", "name_az", "name_ru", "city_en", "city_az", "city_ru",
                     "address_en", "address_az", "address_ru"]
    # Each of the name, the city and the address on one row, in English, Azerbaijani and Russian.
    fields = [("name_en", "name_az", "name_ru"), ("city_en", "city_az", "city_ru"), "country",
              ("address_en", "address_az", "address_ru")]


class ShowInline(admin.TabularInline):
    model = Show
    extra = 0
    fields = ["slug", "name_en", "colour"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["name_en", "slug", "start_date", "end_date", "venue", "is_public"]
    list_filter = ["is_public", "venue", "organiser", "start_date"]
    search_fields = ["name_en", "name_az", "name_ru", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [ShowInline]


@admin.register(Show)
class ShowAdmin(admin.ModelAdmin):
    list_display = ["name_en", "slug", "event", "colour"]
    list_filter = ["event"]
    search_fields = ["name_en", "name_az", "name_ru", "slug"]
    list_select_related = ["event"]


@admin.register(Hall)
class HallAdmin(admin.ModelAdmin):
    list_display = ["name_en", "code", "venue", "kind", "width_m", "depth_m", "order"]
    list_filter = ["venue", "kind"]
    search_fields = ["name_en", "name_az", "name_ru", "code"]
    list_select_related = ["venue"]


@admin.register(NationalPavilion)
class NationalPavilionAdmin(admin.ModelAdmin):
    list_display = ["name_en", "country", "show"]
    list_filter = ["show__event", "show", "country"]
    search_fields = ["name_en", "name_az", "name_ru", "country"]
    list_select_related = ["show"]


class StandAdminForm(forms.ModelForm):
    """Runs the same placement rules as the organiser's pages: bounds, code, and no overlap in the hall."""

    class Meta:
        model = Stand
        fields = ["show", "hall", "code", "polygon", "kind", "state", "pavilion", "exhibitor", "price_per_m2"]

    def clean(self):
        data = super().clean()
        self._check_exhibitor(data)
        if self.errors or not all(data.get(name) for name in ("show", "hall", "code", "polygon")):
            return data
        try:
            data["area_m2"] = services.stand_validate(
                show=data["show"], hall=data["hall"], code=data["code"], polygon=data["polygon"],
                pavilion=data.get("pavilion"), exclude_id=self.instance.pk,
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        return data

    def _check_exhibitor(self, data) -> None:
        """A reserved or booked stand is someone's, at its own show; an available or blocked one nobody's.
        While a booking of the stand is open, its state and exhibitor follow the booking's decisions."""
        state, exhibitor, show = data.get("state"), data.get("exhibitor"), data.get("show")
        if state is None or "state" in self.errors or "exhibitor" in self.errors:
            return
        if exhibitor is not None and show is not None and exhibitor.show_id != show.pk:
            self.add_error("exhibitor", f"This exhibitor is at {exhibitor.show}, not at {show}.")
        elif state in (Stand.State.RESERVED, Stand.State.BOOKED) and exhibitor is None:
            self.add_error("exhibitor", "A reserved or booked stand needs its exhibitor.")
        elif state in (Stand.State.AVAILABLE, Stand.State.BLOCKED) and exhibitor is not None:
            self.add_error("exhibitor", "An available or blocked stand has no exhibitor: clear the field.")
        if self.instance.pk and ({"state", "exhibitor"} & set(self.changed_data)):
            live = self.instance.bookings.filter(
                status__in=[StandBooking.Status.REQUESTED, StandBooking.Status.CONFIRMED]).first()
            if live is not None:
                self.add_error("state", f"Stand {self.instance.code} has a {live.status} booking: "
                               "confirm, decline or cancel it on the organiser's bookings page.")


@admin.register(Stand)
class StandAdmin(admin.ModelAdmin):
    form = StandAdminForm
    list_display = ["code", "hall", "show", "kind", "state", "area_m2", "exhibitor"]
    list_filter = ["show__event", "show", "hall", "kind", "state"]
    search_fields = ["code", "exhibitor__company__name", "hall__name_en"]
    list_select_related = ["hall", "show", "exhibitor__company"]
    readonly_fields = ["area_m2"]
    raw_id_fields = ["exhibitor"]

    def save_model(self, request, obj, form, change):
        # The admin may also set state and exhibitor directly (corrections); the area always follows the shape.
        obj.area_m2 = form.cleaned_data["area_m2"]
        super().save_model(request, obj, form, change)
        audit_record(actor=request.user, action="stand.admin_save", obj=obj, after=services.stand_snapshot(obj))


@admin.register(StandBooking)
class StandBookingAdmin(ReadOnlyAdmin):
    """Shown only: a booking is confirmed, declined or cancelled on the organiser's pages, through the
    services, which move the stand with it, check the exhibitor and write the audit log."""

    list_display = ["stand", "exhibitor", "status", "requested_at", "decided_at", "decided_by"]
    list_filter = ["status", "stand__show__event", "stand__show", "stand__hall"]
    search_fields = ["stand__code", "exhibitor__company__name", "note"]
    list_select_related = ["stand__hall", "exhibitor__company", "exhibitor__show", "decided_by"]
    raw_id_fields = ["stand", "exhibitor", "requested_by", "decided_by"]
