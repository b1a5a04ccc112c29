"""Back office: tracks are edited here; rooms, speakers and sessions are edited on the organiser's
programme pages (their services check overlaps and double bookings), and shown here read-only
with bookmarks and admissions."""

from django.contrib import admin

from pavilion.core.admin import ReadOnlyAdmin
from pavilion.programme.models import (
    Bookmark,
    Room,
    Session,
    SessionAdmission,
    SessionSpeaker,
    Speaker,
    Track,
)


@admin.register(Track)
class TrackAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "colour", "event"]
    list_filter = ["event"]
    search_fields = ["code", "name_en"]


@admin.register(Room)
class RoomAdmin(ReadOnlyAdmin):
    list_display = ["code", "name_en", "capacity", "zone", "gate", "event"]
    list_filter = ["event"]
    list_select_related = ["zone", "gate", "event"]


@admin.register(Speaker)
class SpeakerAdmin(ReadOnlyAdmin):
    list_display = ["name", "organisation_en", "country", "is_demo", "event"]
    list_filter = ["event", "is_demo"]
    search_fields = ["name", "organisation_en"]
    list_select_related = ["event"]


class AppearanceInline(admin.TabularInline):
    model = SessionSpeaker
    extra = 0
    fields = ["speaker", "role", "order"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Session)
class SessionAdmin(ReadOnlyAdmin):
    list_display = ["title_en", "kind", "status", "room", "starts_at", "ends_at", "admission"]
    list_filter = ["event", "status", "kind", "room"]
    search_fields = ["title_en", "title_az", "title_ru"]
    list_select_related = ["room"]
    inlines = [AppearanceInline]


@admin.register(Bookmark)
class BookmarkAdmin(ReadOnlyAdmin):
    list_display = ["session", "registration_id", "status", "invited", "created_at"]
    list_filter = ["status", "session__event"]
    list_select_related = ["session"]


@admin.register(SessionAdmission)
class SessionAdmissionAdmin(ReadOnlyAdmin):
    list_display = ["at", "session", "badge_serial", "result", "reason"]
    list_filter = ["result", "reason"]
    list_select_related = ["session"]
