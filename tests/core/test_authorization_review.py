"""The authorization review: a user of another company, event or delegation, or of a lower role,
neither reads nor changes what is not theirs, and a refused POST changes nothing."""

import pytest
from django.test import Client

from pavilion.reports.models import ExportJob
from tests.accreditation import support as accreditation_support
from tests.registrations import support as registration_support
from tests.reports import support as report_support

# The fixtures of the registration, accreditation and reports tests, shared here.
_registration_settings = registration_support._registration_settings
world, commit = registration_support.world, registration_support.commit
gates, badge_of = accreditation_support.gates, accreditation_support.badge_of
show_data = report_support.show_data

pytestmark = pytest.mark.django_db


def test_organiser_staff_cannot_download_an_admins_export_with_e_mail_addresses(
        client, world, show_data, settings, django_capture_on_commit_callbacks):
    """An export the organiser's administrator ran carries the e-mail addresses that organiser staff
    may not export themselves: staff may not download it either."""
    settings.PAVILION_EXPORT_BACKGROUND_ROWS = 5
    client.force_login(world.organiser)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(f"/events/{world.event.slug}/reports/registrations/export.csv")
    job = ExportJob.objects.get()
    download = f"/events/{world.event.slug}/reports/exports/{job.pk}/download/"
    assert job.status == "done" and client.get(download).status_code == 200
    assert "data-download" in client.get(download.replace("download/", "")).content.decode()
    client.force_login(world.organiser_staff)
    response = client.get(download)
    assert response.status_code == 403
    page = client.get(download.replace("download/", "panel/"))
    assert page.status_code == 200 and "data-download" not in page.content.decode()  # no link that answers 403
    assert "data-no-download" in page.content.decode()  # but why there is none
    assert b"@example.test" not in b"".join(getattr(response, "streaming_content", [response.content]))


def test_a_browser_session_does_not_revoke_a_badge_through_the_api_without_the_csrf_token(world, badge_of):
    """The API takes a signed-in session as well as a token (the portal's htmx calls send the CSRF
    token): a page elsewhere that makes the organiser's browser post must change nothing."""
    badge = badge_of()
    url = f"/api/v1/events/{world.event.slug}/badges/{badge.serial}/revoke"
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.organiser)
    assert browser.post(url).status_code == 403
    badge.refresh_from_db()
    assert badge.status == "valid"
    browser.cookies["csrftoken"] = "a" * 32
    response = browser.post(url, headers={"X-CSRFToken": "a" * 32})
    assert response.status_code == 200 and response.json()["status"] == "revoked"
