"""Back office of the meeting requests. Requests, rules and profiles change only through the pages
and services (which take the export-control decision and write the audit log), so they are read
here; the B2B settings are plain and editable."""

from django.contrib import admin

from pavilion.core.admin import ReadOnlyAdmin
from pavilion.meetings.models import MeetingProfile, MeetingRequest, MeetingSettings, RequestRule


@admin.register(MeetingSettings)
class MeetingSettingsAdmin(admin.ModelAdmin):
    list_display = ["event", "requests_open", "request_quota", "max_meetings", "hall_change_gap"]


@admin.register(RequestRule)
class RequestRuleAdmin(ReadOnlyAdmin):
    list_display = ["event", "requester_category", "counterpart_category"]
    list_filter = ["event"]


@admin.register(MeetingProfile)
class MeetingProfileAdmin(ReadOnlyAdmin):
    list_display = ["registration", "headline", "is_listed", "updated_at"]
    list_select_related = ["registration__person", "registration__category"]


@admin.register(MeetingRequest)
class MeetingRequestAdmin(ReadOnlyAdmin):
    list_display = ["pk", "event", "requester", "counterpart", "status", "compliance", "review", "created_at"]
    list_filter = ["event", "status", "compliance", "review"]
    list_select_related = ["requester__person", "requester__category", "counterpart__person",
                           "counterpart__category", "event"]
    exclude = ["team", "products"]
