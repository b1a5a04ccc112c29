"""The exhibitor portal: admins keep their own company and catalogue and get 403 elsewhere."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pavilion.exhibitors.models import Product
from tests.exhibitors.test_services import png_upload


@pytest.fixture
def as_admin_a(client, catalogue):
    client.force_login(catalogue.admin_a)
    return client


def product_form(**overrides):
    values = {"name_en": "Recon drone", "name_az": "", "name_ru": "", "description_en": "", "description_az": "",
              "description_ru": "", "category": "unmanned-aerial-vehicles", "control": "ML10", "is_published": "on"}
    values.update(overrides)
    return values


def test_the_portal_needs_a_sign_in(client, catalogue):
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_home_lists_own_companies_with_stand_booking_link(as_admin_a, catalogue, django_assert_num_queries):
    with django_assert_num_queries(5):  # session, user, groups (context), memberships, exhibitors
        page = as_admin_a.get(reverse("portal:home")).content.decode()
    assert "Caspian Armour Works" in page and "Baltic Sentinel" not in page
    assert reverse("events:stand_booking", args=[catalogue.event.slug]) in page


def test_home_links_each_exhibitor_to_its_staff_and_guests(as_admin_a, catalogue):
    """The staff page (register staff, invite guests) was reachable only from "My registrations"."""
    page = as_admin_a.get(reverse("portal:home")).content.decode()
    assert reverse("registrations:staff", args=[catalogue.exhibitor_a.pk]) in page
    assert reverse("registrations:staff", args=[catalogue.exhibitor_b.pk]) not in page
    assert 'class="list cards-on-phone"' in page  # its actions are not cut off at a phone's edge


def test_admin_edits_own_company(as_admin_a, catalogue):
    company = catalogue.exhibitor_a.company
    response = as_admin_a.post(reverse("portal:company", args=[company.pk]), {
        "website": "https://caw.example", "description_en": "Wheeled armour.", "description_az": "",
        "description_ru": ""})
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.website == "https://caw.example" and company.description_en == "Wheeled armour."


def test_company_form_names_the_bad_field(as_admin_a, catalogue):
    company = catalogue.exhibitor_a.company
    response = as_admin_a.post(reverse("portal:company", args=[company.pk]), {
        "website": "javascript:alert(1)", "description_en": "Changed"})
    assert response.status_code == 200
    assert "website" in response.context["form"].errors
    company.refresh_from_db()
    assert company.website == "" and company.description_en == ""


def test_a_refused_logo_leaves_the_whole_profile_as_it_was(as_admin_a, catalogue):
    from django.core.files.uploadedfile import SimpleUploadedFile

    company = catalogue.exhibitor_a.company
    response = as_admin_a.post(reverse("portal:company", args=[company.pk]), {
        "website": "", "description_en": "CHANGED", "description_az": "", "description_ru": "",
        "logo": SimpleUploadedFile("x.png", b"not a picture", content_type="image/png")})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    company.refresh_from_db()
    assert company.description_en == "" and not company.logo


def test_admin_a_gets_403_on_everything_of_company_b(as_admin_a, catalogue):
    b = catalogue.exhibitor_b
    for name, args in [("portal:company", [b.company_id]), ("portal:products", [b.pk]),
                       ("portal:product_create", [b.pk]), ("portal:product", [catalogue.radar.pk]),
                       ("portal:product_delete", [catalogue.radar.pk])]:
        assert as_admin_a.get(reverse(name, args=args)).status_code == 403, name
    assert as_admin_a.post(reverse("portal:product", args=[catalogue.radar.pk]),
                           product_form(name_en="Hijacked")).status_code == 403
    assert as_admin_a.post(reverse("portal:product_delete", args=[catalogue.radar.pk])).status_code == 403
    assert as_admin_a.post(reverse("portal:image_add", args=[catalogue.radar.pk]),
                           {"image": png_upload()}).status_code == 403
    catalogue.radar.refresh_from_db()
    assert catalogue.radar.name_en == "Coastal surveillance radar" and not catalogue.radar.images.exists()


def test_admin_creates_edits_and_deletes_a_product(as_admin_a, catalogue):
    response = as_admin_a.post(reverse("portal:product_create", args=[catalogue.exhibitor_a.pk]), product_form())
    product = Product.objects.get(name_en="Recon drone")
    assert response.status_code == 302 and product.control == "ML10"
    as_admin_a.post(reverse("portal:product", args=[product.pk]), product_form(name_en="Recon drone II", control="7A003"))
    product.refresh_from_db()
    assert product.name_en == "Recon drone II" and product.control == "7A003"
    as_admin_a.post(reverse("portal:product_delete", args=[product.pk]))
    assert not Product.objects.filter(pk=product.pk).exists()


def test_product_form_errors_name_their_fields(as_admin_a, catalogue):
    response = as_admin_a.post(reverse("portal:product_create", args=[catalogue.exhibitor_a.pk]),
                               product_form(name_en="", control="5A0"))
    form = response.context["form"]
    assert "control" in form.errors and any("name" in error for error in form.non_field_errors())
    assert not Product.objects.filter(description_en="", name_en="").exists()


def test_product_list_query_count_is_fixed(as_admin_a, catalogue, django_assert_num_queries):
    for n in range(5):
        as_admin_a.post(reverse("portal:product_create", args=[catalogue.exhibitor_a.pk]),
                        product_form(name_en=f"Drone {n}"))
    with django_assert_num_queries(7):  # session, user, exhibitor, memberships, groups, products, earlier shows
        page = as_admin_a.get(reverse("portal:products", args=[catalogue.exhibitor_a.pk])).content.decode()
    assert "Drone 4" in page


def test_image_upload_accepts_pictures_and_refuses_other_files(as_admin_a, catalogue):
    url = reverse("portal:image_add", args=[catalogue.carrier.pk])
    as_admin_a.post(url, {"image": png_upload(), "caption": "Side"})
    assert catalogue.carrier.images.count() == 1
    response = as_admin_a.post(url, {"image": SimpleUploadedFile("x.jpg", b"MZ\x90\x00 not an image")}, follow=True)
    assert catalogue.carrier.images.count() == 1
    assert "not an image" in response.content.decode()
    image = catalogue.carrier.images.get()
    as_admin_a.post(reverse("portal:image_delete", args=[image.pk]))
    assert not catalogue.carrier.images.exists()


def _set_status(exhibitor, status):
    exhibitor.status = status
    exhibitor.save(update_fields=["status"])


def test_home_says_a_withdrawn_show_and_hides_its_booking_and_public_page(as_admin_a, catalogue):
    _set_status(catalogue.exhibitor_a, "withdrawn")
    page = as_admin_a.get(reverse("portal:home")).content.decode()
    assert "Your company is withdrawn from this show" in page
    assert reverse("events:stand_booking", args=[catalogue.event.slug]) not in page
    assert reverse("exhibitors:exhibitor", args=[catalogue.event.slug, catalogue.exhibitor_a.pk]) not in page
    assert reverse("portal:products", args=[catalogue.exhibitor_a.pk]) in page  # still readable


def test_home_says_an_application_waits_for_the_organiser(as_admin_a, catalogue):
    _set_status(catalogue.exhibitor_a, "applied")
    page = as_admin_a.get(reverse("portal:home")).content.decode()
    assert "Your application waits for the organiser" in page
    assert reverse("events:stand_booking", args=[catalogue.event.slug]) in page
    assert reverse("exhibitors:exhibitor", args=[catalogue.event.slug, catalogue.exhibitor_a.pk]) not in page


def test_a_withdrawn_exhibitor_s_catalogue_is_read_only(as_admin_a, catalogue):
    from django.core.exceptions import ValidationError

    from pavilion.exhibitors import services

    _set_status(catalogue.exhibitor_a, "withdrawn")
    product = catalogue.carrier
    listing = as_admin_a.get(reverse("portal:products", args=[catalogue.exhibitor_a.pk])).content.decode()
    assert product.name_en in listing and "can be read but no longer added" in listing
    assert reverse("portal:product_create", args=[catalogue.exhibitor_a.pk]) not in listing
    response = as_admin_a.post(reverse("portal:product_create", args=[catalogue.exhibitor_a.pk]), product_form())
    assert response.status_code == 200 and not Product.objects.filter(name_en="Recon drone").exists()
    assert any("is withdrawn from" in error for error in response.context["form"].non_field_errors())
    name = product.name_en
    as_admin_a.post(reverse("portal:product", args=[product.pk]), product_form(name_en="Renamed"))
    product.refresh_from_db()
    assert product.name_en == name
    assert as_admin_a.get(reverse("portal:product", args=[product.pk])).status_code == 200
    as_admin_a.post(reverse("portal:product_delete", args=[product.pk]))
    as_admin_a.post(reverse("portal:image_add", args=[product.pk]), {"image": png_upload(), "caption": "Side"})
    assert Product.objects.filter(pk=product.pk).exists() and not product.images.exists()
    with pytest.raises(ValidationError, match="no longer added, changed or deleted"):
        services.product_create(actor=catalogue.admin_a, exhibitor=catalogue.exhibitor_a,
                                category=product.category, name_en="Recon drone")


@pytest.mark.parametrize("field", ["description_en", "description_az", "description_ru"])
def test_a_product_description_is_at_most_as_long_as_the_api_takes(as_admin_a, catalogue, field):
    """A 100,000-character description was accepted here while the API refuses one over 20,000."""
    url = reverse("portal:product_create", args=[catalogue.exhibitor_a.pk])
    response = as_admin_a.post(url, product_form(**{field: "x" * 100_000}))
    assert response.status_code == 200 and field in response.context["form"].errors
    assert not Product.objects.filter(name_en="Recon drone").exists()
    page = as_admin_a.get(url).content.decode()
    assert f'name="{field}" cols="40" rows="4" maxlength="20000"' in page
    response = as_admin_a.post(url, product_form(**{field: "x" * 20_000}))
    assert response.status_code == 302 and len(getattr(Product.objects.get(name_en="Recon drone"), field)) == 20_000


def test_a_product_description_edited_too_long_changes_nothing(as_admin_a, catalogue):
    url = reverse("portal:product", args=[catalogue.carrier.pk])
    response = as_admin_a.post(url, product_form(name_en="Armoured personnel carrier", category="armoured-vehicles",
                                                 control="ML6", description_en="y" * 20_001))
    assert response.status_code == 200 and "description_en" in response.context["form"].errors
    catalogue.carrier.refresh_from_db()
    assert catalogue.carrier.description_en == "Eight-wheeled amphibious carrier for eleven soldiers."


def test_a_company_description_is_at_most_as_long_as_the_api_takes(as_admin_a, catalogue):
    company = catalogue.exhibitor_a.company
    url = reverse("portal:company", args=[company.pk])
    response = as_admin_a.post(url, {"website": "", "description_ru": "ж" * 20_001})
    assert response.status_code == 200 and "description_ru" in response.context["form"].errors
    company.refresh_from_db()
    assert company.description_ru == ""
    assert as_admin_a.post(url, {"website": "", "description_ru": "ж" * 20_000}).status_code == 302
