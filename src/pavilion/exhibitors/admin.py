"""The organiser's back office for companies, exhibitors and the catalogue."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from pavilion.core.services import audit_record
from pavilion.exhibitors import export_control, services
from pavilion.exhibitors.models import (
    Company,
    CompanyMember,
    Exhibitor,
    Product,
    ProductCategory,
    ProductImage,
)


class CompanyMemberInline(admin.TabularInline):
    model = CompanyMember
    extra = 0
    autocomplete_fields = ["user"]


class CompanyAdminForm(admin.ModelAdmin.form):
    """The back office is where the organiser changes a company's name and country: the same checks as
    on its creation (services.check_company_identity), which the exhibitor's portal leaves out."""

    def clean(self):
        cleaned = super().clean()
        changed = [field for field in services.ORGANISER_COMPANY_FIELDS
                   if self.instance.pk is None or field in self.changed_data]
        if changed and not any(field in self.errors for field in ("name", "country")):
            probe = Company(pk=self.instance.pk, name=cleaned.get("name") or "", country=cleaned.get("country"))
            try:
                services.check_company_identity(probe, changed=changed)
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    self.add_error(field, messages)
        return cleaned


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    form = CompanyAdminForm
    list_display = ["name", "legal_name", "country", "website", "is_demo"]
    list_filter = ["country", "is_demo"]
    search_fields = ["name", "legal_name", "website"]
    inlines = [CompanyMemberInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # as the portal's form (forms.py)

    def save_model(self, request, obj, form, change):
        # The company's country decides its staff's arms-embargo check: a change here is in the audit log too.
        before = services.snapshot(Company.objects.get(pk=obj.pk), services.COMPANY_FIELDS) if change else None
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            after = services.snapshot(obj, services.COMPANY_FIELDS)
            if after != before:
                audit_record(actor=request.user, action="company.admin_save", obj=obj, before=before, after=after)


@admin.register(CompanyMember)
class CompanyMemberAdmin(admin.ModelAdmin):
    list_display = ["user", "company", "role"]
    list_filter = ["role", "company__country"]
    search_fields = ["user__username", "user__email", "company__name"]
    list_select_related = ["user", "company"]
    autocomplete_fields = ["user", "company"]


@admin.register(ProductCategory)
class ProductCategoryAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_en", "name_az", "name_ru", "parent", "order"]
    list_filter = ["parent"]
    search_fields = ["slug", "name_en", "name_az", "name_ru"]
    list_select_related = ["parent"]


class ExhibitorAdminForm(admin.ModelAdmin.form):
    """A national pavilion of the exhibitor's show and its company's country only, as on the organiser's
    pages (services.exhibitor_create and exhibitor_update)."""

    def clean(self):
        cleaned = super().clean()
        pavilion, company = cleaned.get("pavilion"), cleaned.get("company")
        show_id = cleaned["show"].pk if cleaned.get("show") else self.instance.show_id
        if pavilion is not None and company is not None and (
                pavilion.show_id != show_id or pavilion.country != company.country):
            self.add_error("pavilion", _("The national pavilion must be of this show and the company's country."))
        return cleaned


@admin.register(Exhibitor)
class ExhibitorAdmin(admin.ModelAdmin):
    form = ExhibitorAdminForm
    list_display = ["company", "show", "status", "pavilion"]
    list_filter = ["show", "status", "pavilion", "company__country"]
    search_fields = ["company__name", "company__legal_name"]
    list_select_related = ["company", "show", "pavilion"]
    autocomplete_fields = ["company"]
    filter_horizontal = ["categories"]

    def get_readonly_fields(self, request, obj=None):
        # An exhibitor's stands, bookings, staff and products are at its show: it does not move to another.
        return ["show"] if obj is not None else []


class ProductImageInline(admin.TabularInline):
    model = ProductImage
    extra = 0


class ProductAdminForm(admin.ModelAdmin.form):
    def clean_control(self):
        try:
            return export_control.validate(self.cleaned_data.get("control"))
        except ValidationError as error:
            raise ValidationError(error.messages) from None

    def clean(self):
        cleaned = super().clean()
        if not any((cleaned.get(f"name_{code}") or "").strip() for code in ("en", "az", "ru")):
            self.add_error("name_en", "A product needs a name in at least one language.")
        return cleaned


class ControlFilter(admin.SimpleListFilter):
    title = "export control"
    parameter_name = "control_kind"

    def lookups(self, request, model_admin):
        return [("ML", "Munitions List"), ("dual-use", "Dual-use"), ("none", "Not controlled")]

    def queryset(self, request, queryset):
        if self.value() == "ML":
            return queryset.filter(control__startswith="ML")
        if self.value() == "dual-use":
            return queryset.exclude(control__startswith="ML").exclude(control="none")
        if self.value() == "none":
            return queryset.filter(control="none")
        return queryset


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    form = ProductAdminForm
    list_display = ["__str__", "exhibitor", "category", "control", "is_published", "updated_at"]
    list_filter = [ControlFilter, "is_published", "exhibitor__show", "category__parent", "category"]
    search_fields = ["name_en", "name_az", "name_ru", "control", "exhibitor__company__name"]
    list_select_related = ["exhibitor__company", "exhibitor__show", "category"]
    autocomplete_fields = ["exhibitor"]
    inlines = [ProductImageInline]


@admin.register(ProductImage)
class ProductImageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "product", "order"]
    list_filter = ["product__exhibitor__show"]
    search_fields = ["caption", "product__name_en", "product__exhibitor__company__name"]
    list_select_related = ["product"]
