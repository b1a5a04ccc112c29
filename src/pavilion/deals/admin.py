"""The deals register in the back office, read-only: deals are written through the register's pages
and the API, whose services validate, announce and audit."""

from django.contrib import admin

from pavilion.core.admin import ReadOnlyAdmin
from pavilion.deals.models import Deal, DealParty


class DealPartyInline(admin.TabularInline):
    model = DealParty
    extra = 0
    fields = ["order", "kind", "role", "company", "delegation", "name", "name_az", "name_ru", "country"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Deal)
class DealAdmin(ReadOnlyAdmin):
    list_display = ["title_en", "kind", "signed_at", "value", "currency", "confidentiality", "announcement"]
    list_filter = ["event", "kind", "confidentiality", "announcement", "currency"]
    search_fields = ["title_en", "title_az", "title_ru", "parties__name", "parties__name_az", "parties__name_ru",
                     "parties__company__name"]
    date_hierarchy = "signed_at"
    list_select_related = ["event"]
    inlines = [DealPartyInline]
