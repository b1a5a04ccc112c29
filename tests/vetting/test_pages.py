"""The officer's pages: the queue, the alert with both records and the audit of the view,
decisions by form, list uploads and the run progress fragment."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pavilion.core.models import AuditEntry
from pavilion.vetting.models import Alert, ScreeningRun, WatchList
from tests.registrations.support import DATA, listed_person


def test_the_queue_shows_open_alerts_with_a_fixed_number_of_queries(world, un_list, submit, client):
    client.force_login(world.officer)
    submit(person=listed_person())
    with CaptureQueriesContext(connection) as few:
        assert client.get("/vetting/").status_code == 200
    submit("media", person=listed_person(given_name="Eric", family_name="Badege", nationality="CD",
                                         document_number="P1111111", birth_date=datetime.date(1971, 1, 1)))
    with CaptureQueriesContext(connection) as many:
        response = client.get("/vetting/")
    assert len(few) == len(many)
    page = response.content.decode()
    assert "TAi.108" in page and "CDi.001" in page
    assert "last" in page.lower() and "2025-10" in page  # embargoes with their verification date


def test_the_alert_page_puts_both_records_side_by_side_and_the_view_is_audited(world, un_list, submit, client):
    alert = submit(person=listed_person()).alerts.get()
    client.force_login(world.officer)
    page = client.get(f"/vetting/alerts/{alert.pk}/").content.decode()
    assert "Abdulhai Salek" in page and "SALEK" in page.upper()
    assert "1965-03-01" in page and "P7654321" in page  # the officer sees identity data in clear
    assert "name score" in page
    view = AuditEntry.objects.get(action="vetting_record.view")
    assert view.actor == world.officer and view.object_id == str(alert.registration.person_id)
    client.force_login(world.organiser_staff)
    assert client.get(f"/vetting/alerts/{alert.pk}/").status_code == 403


def test_officers_decide_and_confirm_by_form(world, un_list, submit, client, django_capture_on_commit_callbacks):
    from pavilion.registrations import services

    delegation = services.delegation_create(actor=world.organiser, event=world.event, country="AF",
                                            sending_body="MoD")
    alert = submit("delegation-member", actor=world.organiser, delegation=delegation,
                   person=listed_person()).alerts.get()
    client.force_login(world.officer)
    missing = client.post(f"/vetting/alerts/{alert.pk}/decide/", {"verdict": "false-positive"}, follow=True)
    assert "reason" in missing.content.decode().lower()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/vetting/alerts/{alert.pk}/decide/", {"verdict": "false-positive", "reason": "Namesake"})
    alert.refresh_from_db()
    assert alert.status == Alert.Status.AWAITING_CONFIRMATION
    page = client.get(f"/vetting/alerts/{alert.pk}/").content.decode()
    assert f"/vetting/alerts/{alert.pk}/confirm/" not in page and "another security officer must confirm" in page
    refused = client.post(f"/vetting/alerts/{alert.pk}/confirm/", follow=True)
    assert "you made the first decision" in refused.content.decode()
    alert.refresh_from_db()
    assert alert.status == Alert.Status.AWAITING_CONFIRMATION and alert.decisions.get().confirmed_by is None
    client.force_login(world.officer2)
    page = client.get(f"/vetting/alerts/{alert.pk}/").content.decode()
    assert f"/vetting/alerts/{alert.pk}/confirm/" in page and "another security officer must confirm" not in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/vetting/alerts/{alert.pk}/confirm/")
    alert.refresh_from_db()
    assert alert.status == Alert.Status.CLEARED


def test_an_officer_uploads_a_list_version_and_sees_the_run(world, submit, client, django_capture_on_commit_callbacks):
    submit()
    client.force_login(world.officer)
    upload = SimpleUploadedFile("un.xml", (DATA / "un-extract.xml").read_bytes(), content_type="text/xml")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/vetting/lists/", {"into": "new", "name": "UN Consolidated List", "published": "2026-02-27",
                                                   "file": upload})
    assert response.status_code == 302
    run = ScreeningRun.objects.get()
    assert run.status == "done" and run.total == 1
    fragment = client.get(f"/vetting/runs/{run.pk}/").content.decode()
    assert "1 / 1" in fragment
    # the import time is in UTC, said so (10:00 in Baku read as 06:00 with no zone)
    assert '(UTC)</small></th>' in client.get("/vetting/lists/").content.decode()
    broken = SimpleUploadedFile("broken.csv", b"name\nOnly a name\n", content_type="text/csv")
    into = WatchList.objects.get(name="UN Consolidated List").pk
    response = client.post("/vetting/lists/", {"into": into, "file": broken})
    assert response.status_code == 400 and "broken.csv" in " ".join(response.context["form"].errors["file"])
    client.force_login(world.visitor)
    assert client.get("/vetting/lists/").status_code == 403


def test_a_file_the_engine_cannot_read_is_explained_in_the_pages_language(world, client):
    """The engine's reasons are English ("line 1: header lacks the column id, name"); the officer's page is not."""
    client.force_login(world.officer)
    broken = SimpleUploadedFile("broken.csv", b"foo,bar\n1,2\n", content_type="text/csv")
    response = client.post("/vetting/lists/", {"into": "new", "name": "Test list", "file": broken}, headers={"accept-language": "ru"})
    assert response.context["form"].errors["file"] == ["broken.csv: строка 1: в заголовке нет столбца id, name"]
    xml = SimpleUploadedFile("broken.xml", b"<xml>broken", content_type="text/xml")
    response = client.post("/vetting/lists/", {"into": "new", "name": "Test list", "file": xml}, headers={"accept-language": "az"})
    assert response.context["form"].errors["file"] == ["broken.xml: sətir 1, sütun 11: düzgün qurulmuş XML deyil"]
