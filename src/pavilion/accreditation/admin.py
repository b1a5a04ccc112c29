"""Back office: zones, gates and grants are edited here (grant windows in the event's time zone);
badges, devices and scans are shown read-only, since services own their changes."""

from django.contrib import admin

from pavilion.accreditation.models import Badge, Device, Gate, Grant, PersonGrant, Scan, Zone
from pavilion.core.admin import ReadOnlyAdmin


class GateInline(admin.TabularInline):
    model = Gate
    extra = 0
    fields = ["code", "name_en", "name_az", "name_ru"]


@admin.register(Zone)
class ZoneAdmin(admin.ModelAdmin):
    list_display = ["number", "code", "name_en", "kind", "passback", "event"]
    list_filter = ["event", "kind", "passback"]
    search_fields = ["code", "name_en"]
    inlines = [GateInline]

    def save_formset(self, request, form, formset, change):
        for instance in formset.save(commit=False):
            instance.event = form.instance.event
            instance.save()
        formset.save_m2m()


@admin.register(Grant)
class GrantAdmin(admin.ModelAdmin):
    list_display = ["category", "zone", "opens_at", "closes_at"]
    list_filter = ["category__event", "category", "zone"]
    list_select_related = ["category", "zone"]


@admin.register(PersonGrant)
class PersonGrantAdmin(admin.ModelAdmin):
    list_display = ["registration", "zone", "effect", "opens_at", "closes_at", "reason"]
    list_select_related = ["registration__person", "registration__category", "zone"]
    raw_id_fields = ["registration"]


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
