# ruff: noqa: F811 (the fixtures imported below are redefined as parameters, as pytest wants)
"""A deleted row takes its stored files with it, when it is deleted with another row too (a cascade):
people's photos and press cards, exhibitors' logos, product images. Not before the deletion commits, and
not while another row still names the file."""

import pytest
from django.core.files.base import ContentFile
from django.db import transaction

from pavilion.core import stored_files
from pavilion.exhibitors.models import Exhibitor, ProductImage
from pavilion.registrations import services
from pavilion.registrations.models import Person, Registration
from pavilion.registrations.private_storage import private_storage
from tests.factories import CompanyFactory, ExhibitorFactory, ProductFactory
from tests.registrations.support import _registration_settings, person, photo_bytes, world  # noqa: F401


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    settings.PAVILION_PRIVATE_ROOT = tmp_path / "private"


@pytest.fixture
def registered(world):
    """An approved-or-not registration whose person has a photo and whose row holds a press card."""
    registration = services.registration_submit(actor=None, category=world.categories["media"], person=person(),
                                                details={"media_outlet": "Caspian Defence Review"})
    registration.person.photo.save("me.jpg", ContentFile(photo_bytes()))
    registration.supporting_document.save("card.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    return Registration.objects.select_related("person").get(pk=registration.pk)


def _exists(stored) -> bool:
    return stored.storage.exists(stored.name)


def test_every_model_with_a_file_field_is_watched():
    from django.apps import apps
    from django.db.models.signals import post_delete

    for label in ("registrations.Person", "registrations.Registration", "exhibitors.Company",
                  "exhibitors.ProductImage"):
        model = apps.get_model(label)
        assert stored_files.file_fields(model)
        assert post_delete.has_listeners(model)


def test_a_person_deleted_takes_the_photo_and_the_press_card_of_the_cascade(registered,
                                                                           django_capture_on_commit_callbacks):
    photo, card = registered.person.photo, registered.supporting_document
    assert _exists(photo) and _exists(card) and private_storage().exists(card.name)  # the private directory
    with django_capture_on_commit_callbacks(execute=True):
        Person.objects.filter(pk=registered.person_id).delete()  # the registration goes with it
    assert not Registration.objects.filter(pk=registered.pk).exists()
    assert not _exists(photo) and not _exists(card)


@pytest.mark.django_db
def test_an_exhibitor_deleted_takes_its_products_images_and_a_company_its_logo(django_capture_on_commit_callbacks):
    exhibitor = ExhibitorFactory()
    image = ProductImage(product=ProductFactory(exhibitor=exhibitor))
    image.image.save("radar.jpg", ContentFile(photo_bytes()))
    picture = image.image
    with django_capture_on_commit_callbacks(execute=True):
        Exhibitor.objects.filter(pk=exhibitor.pk).delete()
    assert not _exists(picture)
    company = CompanyFactory()
    company.logo.save("logo.png", ContentFile(photo_bytes(kind="PNG")))
    logo = company.logo
    assert _exists(logo)
    with django_capture_on_commit_callbacks(execute=True):
        company.delete()
    assert not _exists(logo)


def test_a_deletion_rolled_back_keeps_the_files(registered, django_capture_on_commit_callbacks):
    photo = registered.person.photo
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            Person.objects.filter(pk=registered.person_id).delete()
            raise RuntimeError("the rest of the work failed")
    assert Person.objects.filter(pk=registered.person_id).exists() and _exists(photo)


def test_a_file_another_row_still_names_stays(registered, django_capture_on_commit_callbacks):
    photo = registered.person.photo
    other = services.registration_submit(actor=None, category=registered.category,
                                         person=person(given_name="Aysel", email="aysel@example.test"),
                                         details={"media_outlet": "Baku Post"}).person
    Person.objects.filter(pk=other.pk).update(photo=photo.name)  # a copied person shares the file
    with django_capture_on_commit_callbacks(execute=True):
        Person.objects.filter(pk=registered.person_id).delete()
    assert _exists(photo)
    with django_capture_on_commit_callbacks(execute=True):
        Person.objects.filter(pk=other.pk).delete()
    assert not _exists(photo)
