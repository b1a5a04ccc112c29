"""The supporting document a category asks for (media: a press card or an editor's letter): checked by its
content, stored privately under a random name, kept while the form comes back, opened only by the organiser
and security officers, and erased with the person's data."""

import datetime
import io
import logging
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from pavilion.core.models import AuditEntry
from pavilion.registrations import supporting_documents
from pavilion.registrations.models import Registration
from pavilion.registrations.private_storage import private_storage
from pavilion.registrations.retention import purge_personal_data
from tests.factories import EventFactory
from tests.registrations.support import person, photo_bytes

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
FILE_NAME = "Leyla-Mammadova-press-card.pdf"  # names the person: never stored, shown nor logged
FORM = {
    "given_name": "Leyla", "family_name": "Məmmədova", "nationality": "AZ", "birth_date": "1990-05-17",
    "email": "leyla@example.test", "language": "en", "document_type": "passport", "document_number": "C01234567",
    "document_country": "AZ", "media_outlet": "Caspian Defence Review", "press_card": "AZ-PRESS-0147",
}


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    settings.PAVILION_PRIVATE_ROOT = tmp_path / "private"


@pytest.fixture
def media(world):
    category = world.categories["media"]
    category.asks_supporting_document = True
    category.supporting_document_label_en = "Press card or editor's letter"
    category.save()
    return category


def _image(kind: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), (10, 20, 30)).save(buffer, kind)
    return buffer.getvalue()


def _upload(content: bytes = PDF, name: str = FILE_NAME) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _post(client, world, **extra):
    data = {**FORM, "photo": SimpleUploadedFile("me.jpg", photo_bytes(), content_type="image/jpeg"), **extra}
    return client.post(f"/events/{world.event.slug}/register/media/", data)


def _stored(world, **overrides) -> Registration:
    registration = Registration.objects.create(
        event=world.event, category=world.categories["media"], media_outlet="Caspian Defence Review",
        person=_person_row(), **overrides)
    registration.supporting_document = ContentFile(PDF, name="document.pdf")
    registration.save()
    return registration


def _person_row():
    from pavilion.registrations import services
    from pavilion.registrations.models import Person

    data = person()
    return Person.objects.create(**{field: getattr(data, field) for field in services.PERSON_FIELDS},
                                 fingerprint=services.person_fingerprint(data))


def _kept_documents() -> list[str]:
    try:
        return private_storage().listdir(supporting_documents.KEPT.directory)[1]
    except FileNotFoundError:
        return []


# What is accepted: the content decides, not the name


@pytest.mark.parametrize(("content", "extension"), [(PDF, "pdf"), (_image("JPEG"), "jpg"), (_image("PNG"), "png")])
def test_a_pdf_a_jpeg_or_a_png_is_accepted_and_named_by_its_content(content, extension):
    checked = supporting_documents.checked_document(_upload(content, name="scan.bin"))
    assert checked.name == f"document.{extension}" and checked.read() == content


@pytest.mark.parametrize("content", [
    b"MZ\x90\x00 an executable renamed .pdf", b"<html><script>alert(1)</script></html>",
    b" %PDF-1.4 not at the start", _image("GIF"), _image("PNG")[:60]])
def test_anything_else_is_refused_whatever_its_name_says(content):
    with pytest.raises(ValidationError) as refused:
        supporting_documents.checked_document(_upload(content))
    assert "must be a PDF file, or a JPEG or PNG image" in refused.value.messages[0]
    assert FILE_NAME not in refused.value.messages[0]


def test_a_document_over_five_megabytes_is_refused_and_one_of_five_is_not():
    five = 5 * 1024 * 1024
    assert supporting_documents.checked_document(_upload(PDF + b"0" * (five - len(PDF))))
    with pytest.raises(ValidationError) as refused:
        supporting_documents.checked_document(_upload(PDF + b"0" * (five + 1 - len(PDF))))
    assert refused.value.messages == ["The document is too large: at most 5 MB."]


def test_an_empty_file_is_refused_on_the_form(world, client, media):
    response = _post(client, world, supporting_document=_upload(b""))
    assert response.status_code == 400 and not Registration.objects.exists()
    assert response.context["form"].errors["supporting_document"] == ["The file is empty. Choose the document again."]


# The public form


def test_the_form_asks_for_the_document_of_a_category_that_wants_one_and_requires_it(world, client, media):
    page = client.get(f"/events/{world.event.slug}/register/media/").content.decode()
    field = re.search(r'<input type="file" name="supporting_document"[^>]*>', page).group(0)
    assert 'accept="application/pdf,image/jpeg,image/png"' in field and "Press card or editor&#x27;s letter" in page
    response = _post(client, world)
    assert response.status_code == 400 and not Registration.objects.exists()
    assert response.context["form"].errors["supporting_document"] == ["Attach the document this category asks for."]
    other = client.get(f"/events/{world.event.slug}/register/trade-visitor/").content.decode()
    assert 'name="supporting_document"' not in other


def test_the_document_is_stored_privately_under_a_random_name(world, client, media, settings):
    response = _post(client, world, supporting_document=_upload())
    assert response.status_code == 302
    registration = Registration.objects.get()
    name = registration.supporting_document.name
    assert re.fullmatch(r"documents/[0-9a-f]{32}\.pdf", name)
    assert Path(settings.PAVILION_PRIVATE_ROOT, name).read_bytes() == PDF
    assert not Path(settings.MEDIA_ROOT, name).exists()
    assert not any("Mammadova" in str(path) for path in Path(settings.PAVILION_PRIVATE_ROOT).rglob("*"))
    with pytest.raises(ValueError):  # no public address to link to by mistake
        registration.supporting_document.url  # noqa: B018


def test_the_document_is_kept_while_the_form_comes_back_for_another_field(world, client, media):
    response = _post(client, world, media_outlet="", supporting_document=_upload())
    page = response.content.decode()
    assert response.status_code == 400 and "Your document is kept" in page and FILE_NAME not in page
    assert len(_kept_documents()) == 1
    reference = re.search(r'<input type="hidden" name="kept_document" value="([^"]+)"', page).group(1)
    kept_photo = re.search(r'<input type="hidden" name="kept_photo" value="([^"]+)"', page).group(1)
    response = client.post(f"/events/{world.event.slug}/register/media/",
                           {**FORM, "kept_document": reference, "kept_photo": kept_photo})
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.supporting_document.read() == PDF
    assert registration.supporting_document.name.startswith("documents/")
    assert _kept_documents() == []


def test_a_forged_reference_keeps_nothing(world, client, media):
    response = _post(client, world, kept_document="kept/0000000000-abc.pdf:forged")
    assert response.status_code == 400 and "supporting_document" in response.context["form"].errors
    assert not Registration.objects.exists()


def test_a_refused_file_is_named_in_no_page_and_no_log(world, client, media, caplog):
    with caplog.at_level(logging.DEBUG):
        response = _post(client, world, supporting_document=_upload(b"not a document"))
    page = response.content.decode()
    assert response.status_code == 400 and "must be a PDF file" in page
    assert FILE_NAME not in page and "Leyla-Mammadova" not in caplog.text and FILE_NAME not in caplog.text
    assert "C01234567" not in caplog.text


def test_a_new_document_on_edit_replaces_and_erases_the_old_one(world, client, media, settings,
                                                                  django_capture_on_commit_callbacks):
    _post(client, world, supporting_document=_upload())
    registration = Registration.objects.get()
    old = Path(settings.PAVILION_PRIVATE_ROOT, registration.supporting_document.name)
    edit = f"/registration/{registration.link_token}/edit/"
    assert 'name="supporting_document"' in client.get(edit).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit, {**FORM, "supporting_document": _upload(_image("PNG"), "new.png")})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.supporting_document.name.endswith(".png") and not old.exists()
    with django_capture_on_commit_callbacks(execute=True):  # an edit without a file keeps the one on file
        assert client.post(edit, {**FORM, "media_outlet": "Other"}).status_code == 302
    registration.refresh_from_db()
    assert registration.supporting_document.name.endswith(".png")


# Who opens it


def _document_url(registration, slug=None) -> str:
    return f"/events/{slug or registration.event.slug}/registrations/{registration.pk}/document/"


def test_anonymous_visitors_and_exhibitors_are_refused_the_file(world, client, media):
    registration = _stored(world)
    response = client.get(_document_url(registration))
    assert response.status_code == 302 and "/login" in response["Location"]
    for user in (world.exhibitor_admin, world.visitor, world.liaison):
        client.force_login(user)
        response = client.get(_document_url(registration))
        assert response.status_code == 403 and PDF not in response.content


def test_the_file_is_reached_only_through_its_own_event(world, client, media):
    """Organiser accounts are not scoped to one event in Pavilion; the document is scoped to the event in the
    address, so another event's pages do not open it."""
    registration = _stored(world)
    other = EventFactory(slug="other-event")
    client.force_login(world.organiser)
    assert client.get(_document_url(registration, slug=other.slug)).status_code == 404


@pytest.mark.parametrize("who", ["organiser", "organiser_staff", "officer"])
def test_the_organiser_and_security_officers_download_it_as_an_attachment(world, client, media, who):
    registration = _stored(world)
    client.force_login(getattr(world, who))
    response = client.get(_document_url(registration))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="registration-{registration.pk}-document.pdf"'
    assert "no-store" in response["Cache-Control"] and response["X-Content-Type-Options"] == "nosniff"
    assert AuditEntry.objects.filter(action="registration.open_document", actor=getattr(world, who)).exists()


def test_the_review_page_links_the_document_or_says_it_was_not_given(world, client, media):
    registration = _stored(world)
    client.force_login(world.officer)
    page = client.get(f"/events/{world.event.slug}/registrations/{registration.pk}/").content.decode()
    assert f'href="{_document_url(registration)}"' in page and "Press card or editor&#x27;s letter" in page
    Registration.objects.filter(pk=registration.pk).update(supporting_document="")
    page = client.get(f"/events/{world.event.slug}/registrations/{registration.pk}/").content.decode()
    assert re.search(r'data-field="supporting_document"><span class="muted">not given', page)


def test_the_registrants_page_says_it_was_sent_without_giving_the_file(world, client, media):
    registration = _stored(world)
    page = client.get(f"/registration/{registration.link_token}/").content.decode()
    assert "Press card or editor&#x27;s letter: sent." in page
    assert "/document/" not in page and registration.supporting_document.name not in page


# Retention


def test_the_retention_run_erases_the_document_with_the_persons_data(world, settings):
    registration = _stored(world)
    path = Path(settings.PAVILION_PRIVATE_ROOT, registration.supporting_document.name)
    assert path.exists()
    purge_personal_data(before=world.event.end_date)  # the event has not ended before that day: kept
    assert path.exists()
    purge_personal_data(before=world.event.end_date + datetime.timedelta(days=1))
    registration.refresh_from_db()
    assert not path.exists() and registration.supporting_document.name == ""


def test_the_retention_run_deletes_documents_kept_for_forms_never_sent_again(world):
    import time

    storage = private_storage()
    old = f"kept/1000000000-{'0' * 32}.pdf"
    recent = f"kept/{int(time.time())}-{'1' * 32}.pdf"
    for name in (old, recent):
        storage.save(name, ContentFile(PDF))
    purge_personal_data(before=datetime.date(2000, 1, 1))
    assert _kept_documents() == [recent.rsplit("/", 1)[1]]


# The category's setting and the demo


def test_the_organiser_sets_which_categories_ask_for_a_document_and_its_name(world, client):
    category = world.categories["trade-visitor"]
    client.force_login(world.organiser)
    url = f"/events/{world.event.slug}/registration-categories/{category.pk}/"
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None and name != "closes_at"}
    data.update(asks_supporting_document="on", supporting_document_label_en="Company letter",
                supporting_document_label_ru="Письмо компании")
    assert client.post(url, data).status_code == 302
    category.refresh_from_db()
    assert category.asks_supporting_document and category.supporting_document_label_ru == "Письмо компании"
    client.logout()
    page = client.get(f"/events/{world.event.slug}/register/trade-visitor/").content.decode()
    assert 'name="supporting_document"' in page and "Company letter" in page


def test_the_demo_press_card_is_a_pdf_the_same_every_time(world):
    from pavilion.core.demo.vetting import press_card_pdf

    card = press_card_pdf("Caspian Defence Review (Baku)", "AZ-PRESS-0147", "Kamran Hüseynov")
    assert card == press_card_pdf("Caspian Defence Review (Baku)", "AZ-PRESS-0147", "Kamran Hüseynov")
    assert supporting_documents.checked_document(_upload(card)).name == "document.pdf"
    assert b"(Kamran Huseynov)" in card and b"\\(Baku\\)" in card and card.endswith(b"%%EOF\n")
    offset = int(card.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    assert card[offset:].startswith(b"xref")
    entries = re.findall(rb"(\d{10}) 00000 n", card[offset:])  # each object where the table says it is
    assert [card[int(at):].split(b" ", 1)[0] for at in entries] == [b"1", b"2", b"3", b"4", b"5"]


def test_the_demo_media_registrations_carry_a_press_card(db, django_capture_on_commit_callbacks):
    from pavilion.core import demo

    steps = ["pavilion.core.demo.accounts:create_accounts", "pavilion.core.demo.venue:create_event",
             "pavilion.core.demo.vetting:create_registrations"]
    with django_capture_on_commit_callbacks(execute=True):
        demo.run(demo.Demo(scale=0.05), steps=steps)
    media = Registration.objects.filter(category__code="media", event__slug=demo.EVENT_SLUG)
    assert media.exists() and media.first().category.asks_supporting_document
    assert all(registration.supporting_document.read().startswith(b"%PDF-") for registration in media)
    media.update(supporting_document="")  # a demo database made before media were asked for a card
    with django_capture_on_commit_callbacks(execute=True):
        created = demo.run(demo.Demo(scale=0.05), steps=steps)
    assert created["press cards"] == media.count() and not media.filter(supporting_document="").exists()
