import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from pavilion.core.models import AuditEntry
from pavilion.exhibitors import services
from pavilion.exhibitors.models import Company, Exhibitor, Product, ProductImage
from tests.exhibitors.catalogue_data import category
from tests.factories import CompanyFactory


def png_upload(name="photo.png", size=(40, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 80, 120)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_product_create_validates_normalises_and_audits(catalogue):
    product = services.product_create(
        actor=catalogue.admin_a, exhibitor=catalogue.exhibitor_a, category=category("small-arms"),
        control=" ml1 ", name_az="  Avtomat  ",
    )
    assert product.control == "ML1" and product.name_az == "Avtomat"
    entry = AuditEntry.objects.get(action="product.create", object_id=str(product.pk))
    assert entry.actor == catalogue.admin_a and entry.after["control"] == "ML1"


def test_a_product_without_a_name_in_any_language_is_refused(catalogue):
    before = Product.objects.count()
    with pytest.raises(ValidationError) as error:
        services.product_create(actor=catalogue.admin_a, exhibitor=catalogue.exhibitor_a,
                                category=category("radar"), name_en="  ", name_ru="")
    assert "name" in error.value.message_dict
    assert Product.objects.count() == before


def test_a_malformed_dual_use_code_is_refused_and_changes_nothing(catalogue):
    with pytest.raises(ValidationError) as error:
        services.product_update(actor=catalogue.admin_b, product=catalogue.radar, control="5Z00")
    assert "control" in error.value.message_dict
    catalogue.radar.refresh_from_db()
    assert catalogue.radar.control == "5A002"
    assert not AuditEntry.objects.filter(action="product.update").exists()


def test_product_update_records_before_and_after(catalogue):
    services.product_update(actor=catalogue.admin_b, product=catalogue.radar, name_en="Coastal radar Mk2",
                            control="ML5")
    entry = AuditEntry.objects.get(action="product.update")
    assert entry.before["name_en"] == "Coastal surveillance radar"
    assert entry.after["name_en"] == "Coastal radar Mk2" and entry.after["control"] == "ML5"


def test_exhibitor_admin_cannot_touch_another_company(catalogue):
    with pytest.raises(PermissionDenied):
        services.product_update(actor=catalogue.admin_b, product=catalogue.carrier, name_en="Mine now")
    with pytest.raises(PermissionDenied):
        services.product_delete(actor=catalogue.admin_b, product=catalogue.carrier)
    with pytest.raises(PermissionDenied):
        services.company_update(actor=catalogue.admin_b, company=catalogue.exhibitor_a.company, name="Taken")
    with pytest.raises(PermissionDenied):
        services.product_create(actor=catalogue.admin_b, exhibitor=catalogue.exhibitor_a,
                                category=category("radar"), name_en="Planted")
    catalogue.carrier.refresh_from_db()
    assert catalogue.carrier.name_en == "Armoured personnel carrier"


def test_the_organiser_may_edit_any_company(catalogue):
    services.company_update(actor=catalogue.organiser, company=catalogue.exhibitor_b.company, website="https://b.example")
    assert Company.objects.get(pk=catalogue.exhibitor_b.company_id).website == "https://b.example"


def test_an_unknown_country_is_refused(catalogue):
    company = catalogue.exhibitor_a.company
    with pytest.raises(ValidationError) as error:
        services.company_update(actor=catalogue.organiser, company=company, country="XX", name="Renamed")
    assert "country" in error.value.message_dict
    company.refresh_from_db()
    assert company.name == "Caspian Armour Works" and company.country == "TR"


def test_company_update_checks_the_website(catalogue):
    with pytest.raises(ValidationError) as error:
        services.company_update(actor=catalogue.admin_a, company=catalogue.exhibitor_a.company, website="not a url")
    assert "website" in error.value.message_dict


def test_exhibitor_create_is_for_the_organiser_and_once_per_show(catalogue):
    company = CompanyFactory(name="New Co", country="GE")
    with pytest.raises(PermissionDenied):
        services.exhibitor_create(actor=catalogue.admin_a, company=company, show=catalogue.adex)
    exhibitor = services.exhibitor_create(actor=catalogue.organiser, company=company, show=catalogue.adex,
                                          categories=[category("radar")])
    assert exhibitor.categories.count() == 1
    with pytest.raises(ValidationError) as error:
        services.exhibitor_create(actor=catalogue.organiser, company=company, show=catalogue.adex)
    assert "show" in error.value.message_dict
    assert Exhibitor.objects.filter(company=company).count() == 1


def test_a_company_is_not_added_twice_whatever_the_case_or_spaces(catalogue):
    services.company_create(actor=catalogue.organiser, name="Testco Ə", country="AZ")
    for name in ("Testco Ə", "testco  ə", " TESTCO Ə "):
        with pytest.raises(ValidationError) as error:
            services.company_create(actor=catalogue.organiser, name=name, country="AZ")
        assert "already a company here" in error.value.message_dict["name"][0]
    services.company_create(actor=catalogue.organiser, name="Testco Ə", country="TR")  # another country's
    assert Company.objects.filter(name__icontains="testco").count() == 2


def test_company_create_refuses_an_unknown_country(catalogue):
    with pytest.raises(ValidationError) as error:
        services.company_create(actor=catalogue.organiser, name="Nowhere Ltd", country="QQ")
    assert "country" in error.value.message_dict
    assert not Company.objects.filter(name="Nowhere Ltd").exists()


def test_a_real_image_is_stored_under_a_fresh_name(catalogue):
    image = services.product_image_add(actor=catalogue.admin_a, product=catalogue.carrier,
                                       image=png_upload("../../etc/passwd.png"), caption="Front view")
    assert image.image.name.startswith("products/") and "passwd" not in image.image.name
    assert image.image.storage.exists(image.image.name)


def test_a_file_that_is_not_an_image_is_refused(catalogue):
    fake = SimpleUploadedFile("photo.png", b"%PDF-1.7 not a picture", content_type="image/png")
    with pytest.raises(ValidationError) as error:
        services.product_image_add(actor=catalogue.admin_a, product=catalogue.carrier, image=fake)
    assert "image" in error.value.message_dict
    assert not ProductImage.objects.exists()


def test_an_oversized_image_is_refused(catalogue, settings):
    settings.PAVILION_MAX_IMAGE_BYTES = 1024
    with pytest.raises(ValidationError) as error:
        services.product_image_add(actor=catalogue.admin_a, product=catalogue.carrier,
                                   image=png_upload(size=(600, 600)))
    assert "image" in error.value.message_dict and "MB" in error.value.message_dict["image"][0]
    assert not ProductImage.objects.exists()


@pytest.mark.parametrize("language, size, limit", [("en", "5.7", "2.5"), ("az", "5,7", "2,5"), ("ru", "5,7", "2,5")])
def test_an_oversized_file_s_size_is_written_as_the_language_writes_numbers(catalogue, settings, language, size,
                                                                             limit):
    settings.PAVILION_MAX_IMAGE_BYTES = 5 * 1048576 // 2
    upload = SimpleUploadedFile("big.png", b"\0" * int(5.7 * 1048576), content_type="image/png")
    with translation.override(language), pytest.raises(ValidationError) as error:
        services.product_image_add(actor=catalogue.admin_a, product=catalogue.carrier, image=upload)
    message = error.value.message_dict["image"][0]
    other = {"5.7": "5,7", "5,7": "5.7"}[size]
    assert size in message and limit in message and other not in message
    assert not ProductImage.objects.exists()


def test_a_whole_limit_is_written_without_decimals(catalogue, settings):
    settings.PAVILION_MAX_IMAGE_BYTES = 5 * 1048576
    upload = SimpleUploadedFile("big.png", b"\0" * (6 * 1048576), content_type="image/png")
    with translation.override("ru"), pytest.raises(ValidationError) as error:
        services.product_image_add(actor=catalogue.admin_a, product=catalogue.carrier, image=upload)
    message = error.value.message_dict["image"][0]
    assert "6,0" in message and "5,0" not in message and " 5 " in message.replace("\u00a0", " ")


def test_an_oversized_logo_names_the_logo_field(catalogue, settings):
    settings.PAVILION_MAX_IMAGE_BYTES = 1024
    with pytest.raises(ValidationError) as error:
        services.company_logo_set(actor=catalogue.admin_a, company=catalogue.exhibitor_a.company,
                                  logo=png_upload(size=(600, 600)))
    assert "logo" in error.value.message_dict


def test_deleting_a_product_removes_its_images(catalogue, django_capture_on_commit_callbacks):
    image = services.product_image_add(actor=catalogue.admin_a, product=catalogue.carrier, image=png_upload())
    storage, name = image.image.storage, image.image.name
    with django_capture_on_commit_callbacks(execute=True):
        services.product_delete(actor=catalogue.admin_a, product=catalogue.carrier)
    assert not Product.objects.filter(pk=catalogue.carrier.pk).exists()
    assert not storage.exists(name)
    assert AuditEntry.objects.filter(action="product.delete").count() == 1


@pytest.mark.parametrize("given, stored", [
    ("www.talis-pua.az", "https://www.talis-pua.az"), (" https://caw.example/en ", "https://caw.example/en"),
    ("http://caw.example", "http://caw.example"), ("", "")])
def test_a_website_is_stored_as_a_web_link(catalogue, given, stored):
    company = services.company_update(actor=catalogue.organiser, company=catalogue.exhibitor_a.company, website=given)
    assert company.website == stored


@pytest.mark.parametrize("given", ["ftp://x.az", "javascript:alert(1)", "not a site"])
def test_a_website_that_is_no_web_address_is_refused(catalogue, given):
    company = catalogue.exhibitor_a.company
    with pytest.raises(ValidationError) as error:
        services.company_update(actor=catalogue.organiser, company=company, website=given)
    assert "website" in error.value.message_dict
    company.refresh_from_db()
    assert company.website != given
