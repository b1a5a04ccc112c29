"""Back office for the organiser: categories, country policies, delegations and registrations.

Identity data (birth dates, document numbers) is left out here: it is seen on the vetting pages,
where every view is written to the audit log."""

from django.contrib import admin

from pavilion.registrations.models import (
    CountryPolicy,
    Delegation,
    DelegationVisit,
    InvitationCode,
    Registration,
    RegistrationCategory,
)


@admin.register(RegistrationCategory)
class RegistrationCategoryAdmin(admin.ModelAdmin):
    list_display = ["name_en", "event", "code", "self_service", "auto_approve", "min_age", "access", "staff_per_100_m2"]
    list_filter = ["event", "self_service"]


@admin.register(CountryPolicy)
class CountryPolicyAdmin(admin.ModelAdmin):
    list_display = ["country", "event", "policy", "note"]
    list_filter = ["event", "policy"]


class DelegationVisitInline(admin.TabularInline):
    model = DelegationVisit
    extra = 0
    raw_id_fields = ["exhibitor"]


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    list_display = ["country", "sending_body", "event", "liaison", "arrival"]
    list_filter = ["event"]
    inlines = [DelegationVisitInline]
    raw_id_fields = ["liaison"]


@admin.register(InvitationCode)
class InvitationCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "exhibitor", "quota", "used"]
    raw_id_fields = ["exhibitor"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["person", "event", "category", "status", "is_held", "submitted_at"]
    list_filter = ["event", "status", "category__code", "is_held"]
    search_fields = ["person__family_name", "person__given_name", "organisation"]
    list_select_related = ["person", "event", "category"]
    fields = ["event", "person", "category", "status", "status_reason", "is_held", "organisation", "position",
              "exhibitor", "delegation", "rank", "protocol_order", "submitted_at", "decided_at", "decided_by"]
    readonly_fields = fields  # decisions go through the pages, which check the rules and write the audit log

    def has_add_permission(self, request):
        return False
