from django.contrib import admin

from pavilion.vetting.models import ScreeningRun, WatchList, WatchListVersion


class VersionInline(admin.TabularInline):
    model = WatchListVersion
    extra = 0
    fields = ["number", "format", "file_name", "published", "imported_at", "entry_count", "is_current"]
    readonly_fields = fields
    can_delete = False


@admin.register(WatchList)
class WatchListAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "is_active"]
    inlines = [VersionInline]


@admin.register(ScreeningRun)
class ScreeningRunAdmin(admin.ModelAdmin):
    list_display = ["pk", "event", "trigger", "status", "done", "total", "alerts_raised", "started_at", "finished_at"]
    readonly_fields = [field.name for field in ScreeningRun._meta.fields]

    def has_add_permission(self, request):
        return False  # runs are started by list imports and the officers' pages, for an event
