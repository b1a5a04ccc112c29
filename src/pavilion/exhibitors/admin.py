"""The organiser's back office for companies, exhibitors and the catalogue."""

from django.contrib import admin
from django.core.exceptions import ValidationError

from pavilion.exhibitors import export_control
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


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "legal_name", "country", "website", "is_demo"]
    list_filter = ["country", "is_demo"]
    search_fields = ["name", "legal_name", "website"]
    inlines = [CompanyMemberInline]


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


@admin.register(Exhibitor)
class ExhibitorAdmin(admin.ModelAdmin):
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
