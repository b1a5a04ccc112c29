from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from pavilion.core.models import ApiToken, AuditEntry
from pavilion.core.services import api_token_revoke, audit_record


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records that services write and nobody edits by hand (audit entries, badges, scans)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "action", "object_type", "object_id"]
    list_filter = ["action", "object_type"]
    search_fields = ["action", "object_type", "object_id", "actor__username"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are made by their owners (My account) or `pavilion api-token`, which show the raw value
    once: the admin cannot add one (it has no raw value to hash). Only the name is edited here; a token
    is revoked by the action, through the service, and a revoked one stays revoked."""

    list_display = ["prefix", "name", "user", "created_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["prefix", "name", "user__username"]
    readonly_fields = ["user", "digest", "prefix", "created_at", "revoked_at"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        before = ApiToken.objects.get(pk=obj.pk).name
        with transaction.atomic():
            obj.save(update_fields=["name"])
            if obj.name != before:
                audit_record(actor=request.user, action="api_token.rename", obj=obj, before={"name": before},
                             after={"name": obj.name})

    @admin.action(description="Revoke the selected tokens", permissions=["change"])
    def revoke(self, request, queryset):
        revoked = 0
        for token in queryset.select_related("user"):
            try:
                api_token_revoke(actor=request.user, token=token)
            except (PermissionDenied, ValidationError) as error:
                reason = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
                self.message_user(request, f"{token.prefix}…: {reason}", messages.ERROR)
            else:
                revoked += 1
        if revoked:
            self.message_user(request, f"{revoked} token(s) revoked.", messages.SUCCESS)
