"""A returning exhibitor copies the products it showed at another show into its new catalogue: texts,
category, export-control class, publication and images (the files copied, not shared); products it
already lists by English name are left out; only the company's own shows, only its own people."""

import pytest
from django.urls import reverse

from pavilion.core.models import AuditEntry
from pavilion.exhibitors import services
from pavilion.exhibitors.models import Product
from tests.exhibitors.catalogue_data import category
from tests.exhibitors.test_services import png_upload
from tests.factories import EventFactory, ExhibitorFactory, ProductFactory, ShowFactory


@pytest.fixture
def returning(catalogue):
    """Exhibitor A at the next ADEX, already listing one product under the carrier's name."""
    later = ShowFactory(event=EventFactory(slug="adex-2026", start_date="2026-09-22", end_date="2026-09-24"),
                        slug="adex-2026-show", name_en="ADEX-2026")
    new = ExhibitorFactory(show=later, company=catalogue.exhibitor_a.company)
    extra = ProductFactory(exhibitor=catalogue.exhibitor_a, category=category("radar"), control="5A002",
                           name_en="Ground radar", name_az="Yer radarı", is_published=False)
    services.product_image_add(actor=catalogue.admin_a, product=extra, image=png_upload(), caption="Side view")
    ProductFactory(exhibitor=new, category=category("armoured-vehicles"), name_en="ARMOURED personnel carrier")
    return new, extra


def test_the_portal_copies_the_products_of_an_earlier_show_once(client, catalogue, returning):
    new, extra = returning
    client.force_login(catalogue.admin_a)
    page = client.get(reverse("portal:products", args=[new.pk])).content.decode()
    assert f'<option value="{catalogue.exhibitor_a.pk}">' in page and "2 products" in page
    response = client.post(reverse("portal:products_copy", args=[new.pk]), {"source": catalogue.exhibitor_a.pk},
                           follow=True)
    assert "Copied 1 product from" in response.content.decode()
    [copy] = new.products.filter(name_en="Ground radar")
    assert (copy.name_az, copy.control, copy.category.slug, copy.is_published) == ("Yer radarı", "5A002", "radar",
                                                                                   False)
    [picture] = copy.images.all()
    original = extra.images.get()
    assert picture.caption == "Side view" and picture.image.name != original.image.name
    assert picture.image.read() == original.image.read()
    assert new.products.count() == 2  # the carrier was listed already (by its English name, any case)
    assert AuditEntry.objects.filter(action="products.copy", object_id=str(new.pk)).exists()
    again = client.post(reverse("portal:products_copy", args=[new.pk]), {"source": catalogue.exhibitor_a.pk},
                        follow=True)
    assert "Copied 0 products" in again.content.decode() and new.products.count() == 2


def test_only_the_company_s_own_shows_and_people(client, catalogue, returning):
    new, _extra = returning
    before = Product.objects.count()
    client.force_login(catalogue.admin_a)
    refused = client.post(reverse("portal:products_copy", args=[new.pk]), {"source": catalogue.exhibitor_b.pk},
                          follow=True)
    assert "Choose another show of the same company." in refused.content.decode()
    client.force_login(catalogue.admin_b)
    assert client.post(reverse("portal:products_copy", args=[new.pk]),
                       {"source": catalogue.exhibitor_a.pk}).status_code == 403
    assert client.get(reverse("portal:products_copy", args=[new.pk])).status_code in (403, 405)
    assert Product.objects.count() == before


@pytest.mark.parametrize("source", ["abc", "-1", "99999999999999999999999", ""])
def test_a_tampered_source_is_a_message_not_a_500(client, catalogue, returning, source):
    new, _extra = returning
    client.force_login(catalogue.admin_a)
    response = client.post(reverse("portal:products_copy", args=[new.pk]), {"source": source}, follow=True)
    assert response.status_code == 200 and "Choose another show of the same company." in response.content.decode()
    assert new.products.count() == 1


def test_products_named_only_in_azerbaijani_or_russian_are_copied_each_once(catalogue, returning):
    """Before, an empty English name counted as a name: after the first such product every other one
    was left out, silently."""
    new, _extra = returning
    for az in ("Zirehli jilet", "Dəbilqə"):
        ProductFactory(exhibitor=catalogue.exhibitor_a, category=category("radar"), name_en="", name_az=az)
    ProductFactory(exhibitor=catalogue.exhibitor_a, category=category("radar"), name_en="", name_az="",
                   name_ru="Каска")
    services.products_copy(actor=catalogue.admin_a, exhibitor=new, source=catalogue.exhibitor_a)
    copied = sorted((p.name_az, p.name_ru) for p in new.products.filter(name_en=""))
    assert copied == [("", "Каска"), ("Dəbilqə", ""), ("Zirehli jilet", "")]
    assert services.products_copy(actor=catalogue.admin_a, exhibitor=new, source=catalogue.exhibitor_a) == []
