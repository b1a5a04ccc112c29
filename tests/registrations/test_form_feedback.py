"""What the public registration form tells the person: the photo's rules before the upload, one summary of what
to correct after a refused submit, the photo kept when the form comes back for another field, and the guest's
invitation checked when the page opens."""

import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from pavilion.exhibitors.models import Exhibitor
from pavilion.registrations import kept_photos, services
from pavilion.registrations.models import InvitationCode, Registration
from tests.registrations.support import photo_bytes

FORM = {
    "given_name": "Nigar", "family_name": "Abbasova", "nationality": "AZ", "birth_date": "1992-07-01",
    "email": "nigar@example.test", "language": "az", "document_type": "passport", "document_number": "C07777777",
    "document_country": "AZ", "organisation": "Azercosmos", "position": "Engineer", "sector": "industry",
}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _photo(content=None):
    return SimpleUploadedFile("passport-Nigar.jpg", content or photo_bytes(), content_type="image/jpeg")


def _url(world, category="trade-visitor"):
    return f"/events/{world.event.slug}/register/{category}/"


def _kept_files():
    try:
        return default_storage.listdir(kept_photos.DIRECTORY)[1]
    except FileNotFoundError:
        return []


def test_the_photo_field_states_its_rules_and_accepts_only_jpeg_and_png(world, client, settings):
    settings.PAVILION_PHOTO_MAX_BYTES = 2 * 1024 * 1024
    page = client.get(_url(world)).content.decode()
    field = re.search(r'<input type="file" name="photo"[^>]*>', page).group(0)
    assert 'accept="image/jpeg,image/png"' in field and 'aria-describedby="id_photo_helptext"' in field
    help_text = re.search(r'<small class="muted" id="id_photo_helptext">([^<]*)</small>', page).group(1)
    assert "2 MB" in help_text and "200 × 200" in help_text


def test_a_refused_submit_has_one_summary_linking_each_field_and_an_error_title(world, client):
    response = client.post(_url(world), {"given_name": "Nigar"})
    assert response.status_code == 400
    page = response.content.decode()
    assert page.count('role="alert"') == 1
    summary = re.search(r'<div class="message error error-summary" role="alert" tabindex="-1" data-error-summary>'
                        r'(.*?)</div>', page, re.S).group(1)
    assert "There is a problem" in summary
    errors = response.context["form"].errors
    links = re.findall(r'<a href="#(id_\w+)" data-field="(\w+)">', summary)
    assert {field for _id, field in links} == set(errors) and len(links) == len(errors)
    assert all(f'id="{field_id}"' in page for field_id, _field in links)
    # Each field's own message is tied to it (aria-describedby), no longer an alert of its own.
    assert 'id="id_family_name_error" data-field="family_name"' in page
    assert re.search(r'<input[^>]*name="family_name"[^>]*aria-describedby="id_family_name_error"', page)
    assert re.search(r"<title>Error: ", page)
    assert "error_summary.js" in page
    assert "Error:" not in client.get(_url(world)).content.decode().split("</title>")[0]


def test_the_summary_and_title_speak_russian(world, client):
    client.cookies["django_language"] = "ru"
    page = client.post(_url(world), {"given_name": "Nigar"}, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Возникла проблема" in page and re.search(r"<title>Ошибка: ", page)


def test_the_photo_is_kept_when_another_field_is_refused(world, client, django_capture_on_commit_callbacks):
    response = client.post(_url(world), {**FORM, "sector": "", "photo": _photo()})
    assert response.status_code == 400 and set(response.context["form"].errors) == {"sector"}
    page = response.content.decode()
    assert "Your photo is kept" in page and 'src="data:image/jpeg;base64,' in page
    reference = re.search(r'<input type="hidden" name="kept_photo" value="([^"]+)"', page).group(1)
    assert "Nigar" not in reference and len(_kept_files()) == 1
    # The photo is no longer required: sent without one, the kept photo is the registration's.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(world), {**FORM, "kept_photo": reference})
    assert response.status_code == 302
    person = Registration.objects.get().person
    assert person.photo.name.startswith("photos/") and not person.photo.name.startswith(kept_photos.DIRECTORY)
    assert person.photo.read()[:2] == b"\xff\xd8"
    assert _kept_files() == []  # the registration has its own copy


def test_the_photo_is_kept_when_the_service_refuses_the_form(world, client):
    services.country_policy_set(actor=world.organiser, event=world.event, country="AZ", policy="suspended")
    page = client.post(_url(world), {**FORM, "photo": _photo()}).content.decode()
    assert "not accepted for this event" in page and "Your photo is kept" in page


def test_the_staff_form_keeps_the_photo_when_the_service_refuses_it(world, client, monkeypatch):
    """The exhibitor's staff page keeps a photo the service refused the registration with, as the public form
    does (the delegation's member form calls the same keep_photo)."""
    from django.core.exceptions import ValidationError

    def refuse(**_kwargs):
        raise ValidationError("Refused for the test.")

    monkeypatch.setattr(services, "registration_submit", refuse)
    client.force_login(world.exhibitor_admin)
    response = client.post(f"/portal/exhibitors/{world.exhibitor.pk}/staff/", {**FORM, "photo": _photo()})
    page = response.content.decode()
    assert response.status_code == 400 and "Refused for the test." in page and "Your photo is kept" in page
    assert len(_kept_files()) == 1


def test_a_forged_or_expired_reference_keeps_nothing(world, client, monkeypatch):
    from django.core.files.base import ContentFile

    response = client.post(_url(world), {**FORM, "kept_photo": "photos/kept/0000000000-abc.jpg:forged"})
    assert response.status_code == 400 and "photo" in response.context["form"].errors
    reference = kept_photos.keep(ContentFile(photo_bytes(), name="photo.jpg"))
    assert kept_photos.kept_name(reference)
    monkeypatch.setattr(kept_photos, "KEPT_FOR", -1)
    response = client.post(_url(world), {**FORM, "kept_photo": reference})
    assert response.status_code == 400 and "photo" in response.context["form"].errors
    assert not Registration.objects.exists()


def test_kept_photos_older_than_their_time_are_deleted(world, client):
    from django.core.files.base import ContentFile

    old = f"{kept_photos.DIRECTORY}1000000000-{'0' * 32}.jpg"
    default_storage.save(old, ContentFile(photo_bytes()))
    client.post(_url(world), {**FORM, "sector": "", "photo": _photo()})
    assert old.rsplit("/", 1)[1] not in _kept_files() and len(_kept_files()) == 1


def test_the_retention_run_deletes_the_photos_of_forms_never_sent_again(world):
    """The last photo kept before nobody uses the form again is not left on disk: the nightly purge of
    personal data deletes every kept photo past its time, and leaves a recent one."""
    import datetime
    import time

    from django.core.files.base import ContentFile

    from pavilion.registrations.retention import purge_personal_data

    old = f"{kept_photos.DIRECTORY}1000000000-{'0' * 32}.jpg"
    recent = f"{kept_photos.DIRECTORY}{int(time.time())}-{'1' * 32}.jpg"
    for name in (old, recent):
        default_storage.save(name, ContentFile(photo_bytes()))
    purge_personal_data(before=datetime.date(2000, 1, 1))
    assert _kept_files() == [recent.rsplit("/", 1)[1]]


def _code(world, **fields) -> InvitationCode:
    invitation = services.invitation_code_create(actor=world.exhibitor_admin, exhibitor=world.exhibitor, quota=5)
    InvitationCode.objects.filter(pk=invitation.pk).update(**fields)
    return invitation


def test_a_good_code_names_the_exhibitor_who_invites(world, client):
    invitation = _code(world)
    page = client.get(_url(world, "guest") + f"?code={invitation.code.lower()}").content.decode()
    assert f"Invited by {world.exhibitor.company.name}" in page and 'name="given_name"' in page


@pytest.mark.parametrize("kind", ["used-up", "unknown", "withdrawn"])
def test_a_code_that_will_be_refused_says_so_before_the_form_is_filled_in(world, client, kind):
    invitation = _code(world, used=5 if kind == "used-up" else 0)
    if kind == "withdrawn":
        Exhibitor.objects.filter(pk=world.exhibitor.pk).update(status=Exhibitor.Status.WITHDRAWN)
    code = "NOSUCHCODE" if kind == "unknown" else invitation.code
    page = client.get(_url(world, "guest") + f"?code={code}").content.decode()
    message = {"used-up": "This invitation code has been used up.",
               "unknown": "This invitation code is not valid for this event.",
               "withdrawn": "This invitation code is no longer valid."}[kind]
    assert message in page and 'data-invitation="refused"' in page
    assert 'name="given_name"' not in page and "Invited by" not in page
    assert f'name="code" id="id_code" value="{code}"' in page  # to type another


def test_the_guest_form_without_a_code_is_the_form(world, client):
    page = client.get(_url(world, "guest")).content.decode()
    assert 'name="invitation_code"' in page and "Invited by" not in page
