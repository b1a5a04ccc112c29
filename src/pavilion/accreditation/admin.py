"""Back office: zones and their gates are edited and deleted here, through the services (a zone's
number, code and event, and a gate's code, do not change once made); grants are shown read-only, in the event's
time zone (the organiser's "Zone access" pages edit them); badges, devices and scans are shown
read-only, since services own their changes."""

import zoneinfo

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect

from pavilion.accreditation import services
from pavilion.accreditation.models import Badge, Device, Gate, Grant, PersonGrant, Scan, Zone
from pavilion.core.admin import ReadOnlyAdmin


class GateInlineForm(forms.ModelForm):
    class Meta:
        model = Gate
        fields = ["code", "name_en", "name_az", "name_ru"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True  # what the gate's devices and the API know it by


class GateInline(admin.TabularInline):
    model = Gate
    form = GateInlineForm
    extra = 0
    fields = ["code", "name_en", "name_az", "name_ru"]


@admin.register(Zone)
class ZoneAdmin(admin.ModelAdmin):
    list_display = ["number", "code", "name_en", "kind", "passback", "event"]
    list_filter = ["event", "kind", "passback"]
    search_fields = ["code", "name_en"]
    inlines = [GateInline]

    def get_readonly_fields(self, request, obj=None):
        # The number is a bit of every badge issued, the code what scanners and the API know the zone by.
        return ["number", "code", "event"] if obj is not None else []

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A service's refusal (a gate with scans, a hall of another venue, ...) is shown as an error
        and undoes the whole save: Django runs a POST here in one transaction."""
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # one zone at a time, through the service's checks
        return actions

    def delete_view(self, request, object_id, extra_context=None):
        """Deleted through the service, which refuses while a badge, gate, window or scan uses the zone."""
        try:
            return super().delete_view(request, object_id, extra_context)
        except ValidationError as error:
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path().removesuffix("delete/"))

    def get_deleted_objects(self, objs, request):
        # The service decides what may go (a zone with gates, windows or badges stays), not the
        # admin's read-only pages of the grants and scans Django would otherwise ask permission for.
        deleted, counts, _permissions, protected = super().get_deleted_objects(objs, request)
        return deleted, counts, set(), protected

    def delete_model(self, request, obj):
        services.zone_delete(actor=request.user, zone=obj)

    def save_model(self, request, obj, form, change):
        names = {"name_en": obj.name_en, "name_az": obj.name_az, "name_ru": obj.name_ru, "kind": obj.kind,
                 "passback": obj.passback, "hall": obj.hall}
        if change:
            services.zone_update(actor=request.user, zone=Zone.objects.get(pk=obj.pk), **names)
            return
        zone = services.zone_create(actor=request.user, event=obj.event, code=obj.code, number=obj.number, **names)
        obj.pk, obj._state.adding, obj._state.db = zone.pk, False, zone._state.db

    def save_formset(self, request, form, formset, change):
        if formset.model is not Gate:
            return super().save_formset(request, form, formset, change)
        zone = form.instance
        formset.save(commit=False)
        for gate in formset.deleted_objects:
            services.gate_delete(actor=request.user, gate=gate)
        for gate, _fields in formset.changed_objects:
            services.gate_update(actor=request.user, gate=Gate.objects.get(pk=gate.pk), zone=zone,
                                 name_en=gate.name_en, name_az=gate.name_az, name_ru=gate.name_ru)
        for gate in formset.new_objects:
            created = services.gate_create(actor=request.user, zone=zone, code=gate.code, name=gate.name_en,
                                           name_az=gate.name_az, name_ru=gate.name_ru)
            gate.pk, gate._state.adding = created.pk, False
        return None


class VenueTimeAdmin(ReadOnlyAdmin):
    """A grant's window as the organiser entered it: in the event's time zone (the admin's is UTC)."""

    @staticmethod
    def _venue_time(moment, event) -> str:
        if moment is None:
            return "-"
        local = moment.astimezone(zoneinfo.ZoneInfo(event.time_zone))
        return f"{local:%Y-%m-%d %H:%M} ({event.time_zone}, UTC{local:%z})"

    def event_of(self, obj):
        raise NotImplementedError

    @admin.display(description="opens (venue time)", ordering="opens_at")
    def opens(self, obj):
        return self._venue_time(obj.opens_at, self.event_of(obj))

    @admin.display(description="closes (venue time)", ordering="closes_at")
    def closes(self, obj):
        return self._venue_time(obj.closes_at, self.event_of(obj))


@admin.register(Grant)
class GrantAdmin(VenueTimeAdmin):
    """Shown only: the organiser's "Zone access" pages edit grants, through the services (windows in the
    event's time zone and within its build-up and tear-down, every change audited)."""

    list_display = ["category", "zone", "opens", "closes"]
    list_filter = ["category__event", "category", "zone"]
    list_select_related = ["category__event", "zone"]
    fields = ["category", "zone", "opens", "closes"]
    readonly_fields = fields

    def event_of(self, grant):
        return grant.category.event


@admin.register(PersonGrant)
class PersonGrantAdmin(VenueTimeAdmin):
    """Shown only: one person's zones are changed on the organiser's pages, through the services."""

    list_display = ["registration", "zone", "effect", "opens", "closes", "reason"]
    list_select_related = ["registration__person", "registration__category", "registration__event", "zone"]
    fields = ["registration", "zone", "effect", "opens", "closes", "reason", "created_by", "created_at"]
    readonly_fields = fields

    def event_of(self, change):
        return change.registration.event


@admin.register(Badge)
class BadgeAdmin(ReadOnlyAdmin):
    list_display = ["serial", "generation", "status", "registration", "issued_at"]
    list_filter = ["event", "status"]
    list_select_related = ["registration__person", "registration__category"]
    search_fields = ["=serial"]
    exclude = ["token"]


@admin.register(Device)
class DeviceAdmin(ReadOnlyAdmin):
    list_display = ["name", "gate", "prefix", "created_at", "revoked_at", "last_seen_at"]
    list_select_related = ["gate"]
    exclude = ["digest"]


@admin.register(Scan)
class ScanAdmin(ReadOnlyAdmin):
    list_display = ["scanned_at", "gate", "direction", "result", "reason", "alert", "offline"]
    list_filter = ["event", "result", "reason", "direction", "offline"]
    list_select_related = ["gate"]
