"""Badge photos open only by the signed, expiring addresses the scanners and pages are given."""

import types
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import RequestFactory
from django.urls import resolve

import pavilion.urls
from pavilion.registrations import photos
from pavilion.registrations.models import Person
from tests.registrations.support import photo_bytes


@pytest.fixture
def with_photo(world, submit):
    registration = submit(photo=SimpleUploadedFile("me.jpg", photo_bytes(), content_type="image/jpeg"))
    person = registration.person
    assert person.photo.name.startswith(photos.DIRECTORY)
    return person


def test_the_signed_address_serves_the_photo_privately(client, with_photo):
    url = photos.photo_url(with_photo.photo.name)
    assert url.startswith("/photos/") and with_photo.photo.name.removeprefix("photos/") in url
    assert photos.photo_url(with_photo.photo.name) == url  # one address for the hour: the browser's cache keeps it
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content) == with_photo.photo.open("rb").read()
    assert response["Cache-Control"] == "private, max-age=3600" and response["X-Content-Type-Options"] == "nosniff"
    assert client.post(url).status_code == 405
    assert photos.photo_url("") is None and photos.photo_url(None) is None


def test_an_altered_guessed_or_expired_address_answers_404(client, settings, with_photo):
    url = photos.photo_url(with_photo.photo.name)
    name, expires, signature = url.removeprefix("/photos/").split(":")
    assert client.get(f"/photos/{name}:{int(expires) + 86400}:{signature}").status_code == 404  # a longer life
    assert client.get(f"/photos/{name}:{expires}:{signature[:-2]}xx").status_code == 404
    assert client.get(f"/photos/{name}").status_code == 404
    # A name signed correctly but not a stored photo (a path out of the directory, another file).
    signer = photos._SIGNER
    assert client.get("/photos/" + signer.sign(f"../settings.py:{expires}")).status_code == 404
    assert client.get("/photos/" + signer.sign(f"{'0' * 32}.jpg:{expires}")).status_code == 404
    # Two days and an hour later the address has expired.
    settings.PAVILION_CLOCK = "2100-01-01T00:00:00+00:00"
    assert client.get(url).status_code == 404
    assert client.get(photos.photo_url(with_photo.photo.name)).status_code == 200  # a fresh one opens


def test_a_deleted_photo_is_gone_from_its_address(client, with_photo):
    url = photos.photo_url(with_photo.photo.name)
    with_photo.photo.delete(save=True)  # as the retention job erases it
    assert not Person.objects.filter(pk=with_photo.pk).exclude(photo="").exists()
    assert client.get(url).status_code == 404


def test_the_development_server_serves_uploads_but_never_photos_directly(settings):
    settings.DEBUG = True  # the media view is only there with DEBUG, as `make run` serves the demo
    urls = types.ModuleType("debug_urls")
    source = Path(pavilion.urls.__file__)
    exec(compile(source.read_text(), str(source), "exec"), urls.__dict__)  # noqa: S102 - the project's own module
    (settings.MEDIA_ROOT / "logos").mkdir(parents=True)
    (settings.MEDIA_ROOT / "logos" / "company.png").write_bytes(b"png")
    (settings.MEDIA_ROOT / "photos").mkdir(parents=True)
    (settings.MEDIA_ROOT / "photos" / "face.jpg").write_bytes(b"jpg")
    request = RequestFactory().get("/")

    def answer(path: str):
        match = resolve(path, urlconf=urls)
        try:
            return match.func(request, **match.kwargs).status_code
        except Http404:
            return 404

    assert answer("/media/logos/company.png") == 200
    # However the path is written: serve() tidies these into photos/face.jpg.
    for path in ("/media/photos/face.jpg", "/media//photos/face.jpg", "/media/./photos/face.jpg",
                 "/media/x/../photos/face.jpg", "/media/logos/../photos/face.jpg", "/media/photos"):
        assert answer(path) == 404, path


def test_a_replaced_photo_is_erased_and_its_address_stops_working(client, with_photo, commit, world):
    from pavilion.registrations import services
    from tests.registrations.support import person

    old_name, old_url = with_photo.photo.name, photos.photo_url(with_photo.photo.name)
    storage = with_photo.photo.storage
    registration = with_photo.registrations.get()
    commit(services.registration_update, actor=None, registration=registration, person=person(),
           photo=SimpleUploadedFile("new.jpg", photo_bytes(), content_type="image/jpeg"))
    with_photo.refresh_from_db()
    assert with_photo.photo.name != old_name and storage.exists(with_photo.photo.name)
    assert not storage.exists(old_name)
    assert client.get(old_url).status_code == 404
