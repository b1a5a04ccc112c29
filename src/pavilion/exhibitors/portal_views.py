"""The exhibitor portal: an exhibitor admin keeps their own company and catalogue, nobody else's."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from pavilion.core import parameters
from pavilion.core.forms import apply_errors
from pavilion.exhibitors import forms, permissions, services
from pavilion.exhibitors.models import Company, CompanyMember, Exhibitor, Product, ProductImage


def _require(user, company_id: int) -> None:
    if not permissions.can_edit_company(user, company_id):
        raise PermissionDenied(_("You do not act for this company."))


@login_required
def home(request):
    exhibitors = Exhibitor.objects.select_related("show__event").annotate(
        product_count=Count("products", filter=Q(products__is_published=True))
    ).order_by("show__event__start_date", "show__name_en")
    memberships = (
        CompanyMember.objects.filter(user=request.user)
        .select_related("company")
        .prefetch_related(Prefetch("company__exhibitors", queryset=exhibitors))
    )
    return render(request, "exhibitors/portal/home.html", {"memberships": memberships})


@login_required
def company_edit(request, company: int):
    company_obj = get_object_or_404(Company, pk=company)
    _require(request.user, company_obj.pk)
    fields = [field for field in forms.CompanyForm.base_fields if field != "logo"]
    form = forms.CompanyForm(request.POST or None, request.FILES or None,
                             initial={field: getattr(company_obj, field) for field in fields})
    if request.method == "POST" and form.is_valid():
        changes = {field: form.cleaned_data[field] for field in fields}
        try:
            with transaction.atomic():  # a logo refused leaves the profile as it was, not half saved
                services.company_update(actor=request.user, company=company_obj, **changes)
                if form.cleaned_data.get("logo"):
                    services.company_logo_set(actor=request.user, company=company_obj,
                                              logo=form.cleaned_data["logo"])
        except ValidationError as error:
            company_obj.refresh_from_db()
            apply_errors(form, error)
        else:
            messages.success(request, _("The company profile is saved."))
            return redirect("portal:company", company=company_obj.pk)
    return render(request, "exhibitors/portal/company_form.html", {"company": company_obj, "form": form})


def _exhibitor_for(request, exhibitor_id: int) -> Exhibitor:
    exhibitor = get_object_or_404(Exhibitor.objects.select_related("company", "show__event"), pk=exhibitor_id)
    _require(request.user, exhibitor.company_id)
    return exhibitor


def _product_for(request, product_id: int) -> Product:
    product = get_object_or_404(
        Product.objects.select_related("exhibitor__company", "exhibitor__show__event", "category"), pk=product_id
    )
    _require(request.user, product.exhibitor.company_id)
    return product


@login_required
def product_list(request, exhibitor: int):
    exhibitor_obj = _exhibitor_for(request, exhibitor)
    products = exhibitor_obj.products.select_related("category__parent").annotate(
        image_count=Count("images")).order_by("name_en", "id")
    # The company's other shows with products, to copy from (a returning exhibitor starts empty).
    earlier = (Exhibitor.objects.filter(company_id=exhibitor_obj.company_id).exclude(pk=exhibitor_obj.pk)
               .select_related("show__event").annotate(product_count=Count("products"))
               .filter(product_count__gt=0).order_by("-show__event__start_date", "show__name_en"))
    return render(request, "exhibitors/portal/products.html", {
        "exhibitor": exhibitor_obj, "products": products, "earlier": earlier,
        "refusal": services.catalogue_refusal(exhibitor_obj)})


@login_required
@require_POST
def products_copy(request, exhibitor: int):
    exhibitor_obj = _exhibitor_for(request, exhibitor)
    source = Exhibitor.objects.filter(pk=parameters.id_or_none(request.POST.get("source")) or 0,
                                      company_id=exhibitor_obj.company_id).first()
    try:
        if source is None:
            raise ValidationError(_("Choose another show of the same company."))
        copied = services.products_copy(actor=request.user, exhibitor=exhibitor_obj, source=source)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, ngettext(
            "Copied %(count)s product from %(show)s: check them before the show opens.",
            "Copied %(count)s products from %(show)s: check them before the show opens.", len(copied))
            % {"count": len(copied), "show": source.show.name})
    return redirect("portal:products", exhibitor=exhibitor_obj.pk)


@login_required
def product_create(request, exhibitor: int):
    exhibitor_obj = _exhibitor_for(request, exhibitor)
    form = forms.ProductForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            product = services.product_create(actor=request.user, exhibitor=exhibitor_obj, **form.service_values())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The product is added."))
            return redirect("portal:product", product=product.pk)
    return render(request, "exhibitors/portal/product_form.html", {
        "exhibitor": exhibitor_obj, "form": form, "refusal": services.catalogue_refusal(exhibitor_obj)})


@login_required
def product_edit(request, product: int):
    product_obj = _product_for(request, product)
    fields = list(forms.ProductForm.base_fields)
    initial = {field: getattr(product_obj, field) for field in fields if field != "category"}
    initial["category"] = product_obj.category.slug
    form = forms.ProductForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.product_update(actor=request.user, product=product_obj, **form.service_values())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The product is saved."))
            return redirect("portal:product", product=product_obj.pk)
    return render(request, "exhibitors/portal/product_form.html", {
        "exhibitor": product_obj.exhibitor, "product": product_obj, "form": form,
        "image_form": forms.ProductImageForm(), "images": product_obj.images.all(),
        "refusal": services.catalogue_refusal(product_obj.exhibitor),
    })


@login_required
def product_delete(request, product: int):
    product_obj = _product_for(request, product)
    if request.method == "POST":
        exhibitor_id = product_obj.exhibitor_id
        try:
            services.product_delete(actor=request.user, product=product_obj)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("portal:product", product=product_obj.pk)
        messages.success(request, _("The product is deleted."))
        return redirect("portal:products", exhibitor=exhibitor_id)
    return render(request, "exhibitors/portal/product_delete.html", {
        "product": product_obj, "refusal": services.catalogue_refusal(product_obj.exhibitor)})


@login_required
@require_POST
def image_add(request, product: int):
    product_obj = _product_for(request, product)
    form = forms.ProductImageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.product_image_add(actor=request.user, product=product_obj, image=form.cleaned_data["image"],
                                       caption=form.cleaned_data["caption"])
        except ValidationError as error:
            apply_errors(form, error)
    if form.errors:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else _("Image")
            messages.error(request, f"{label}: {' '.join(errors)}")
    else:
        messages.success(request, _("The image is added."))
    return redirect("portal:product", product=product_obj.pk)


@login_required
@require_POST
def image_delete(request, image: int):
    image_obj = get_object_or_404(ProductImage.objects.select_related("product__exhibitor__company",
                                                                      "product__exhibitor__show"), pk=image)
    _require(request.user, image_obj.product.exhibitor.company_id)
    product_id = image_obj.product_id
    try:
        services.product_image_delete(actor=request.user, image=image_obj)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The image is removed."))
    return redirect("portal:product", product=product_id)
