"""The gate log (the entries report) for the security officers: they read it and export it as the
organiser does, page through every alert with its filter, and open a badge's page from its serial;
the organiser's other lists stay the organiser's."""

import csv
import io

import pytest

from pavilion.accreditation import issuing
from pavilion.reports.models import ExportJob

pytestmark = pytest.mark.django_db


def url(world, path: str = "") -> str:
    return f"/events/{world.event.slug}/reports/{path}"


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


@pytest.fixture
def scans(world, gates, badge_of, scan):
    """A badge let in, then let in again at the same hall (already inside: a passback alert), then refused at the
    VIP lounge (not on its badge: everyday gate business, no alert); another badge let in."""
    badge = badge_of()
    assert scan(badge.token)["result"] == "granted"
    assert scan(badge.token)["result"] == "granted"
    assert scan(badge.token, gate=gates.vip, token=gates.vip_token)["result"] == "denied"
    scan(badge_of().token)
    return badge


def test_a_security_officer_reads_and_exports_the_gate_log(client, world, scans):
    client.force_login(world.officer)
    page = client.get(url(world, "entries/"))
    assert page.status_code == 200 and "4 rows" in page.content.decode()
    assert f'href="{url(world, "entries/")}"' in page.content.decode()  # in the reports' links
    rows = read_csv(client.get(url(world, "entries/export.csv"), {"result": "denied"}))
    assert [(row[4], row[5]) for row in rows[1:]] == [("denied", "zone_not_granted")] and "E-mail" not in rows[0]
    response = client.get(url(world, "entries/export.xlsx"))
    assert response.status_code == 200 and response["Content-Type"].endswith("spreadsheetml.sheet")
    dashboard = client.get(url(world)).content.decode()
    assert f'href="{url(world, "entries/")}"' in dashboard and f'href="{url(world, "registrations/")}"' not in dashboard


def test_the_organisers_other_lists_stay_closed_to_security_officers(client, world, scans):
    client.force_login(world.officer)
    for path in ("registrations/", "meetings/", "deals/", "registrations/export.csv", "deals/export.xlsx",
                 "press-summary.pdf"):
        assert client.get(url(world, path)).status_code == 403, path
    assert client.get(f"/events/{world.event.slug}/set-up/").status_code == 403


def test_the_alert_filter_lists_every_alert_and_only_those(client, world, gates, scans, badge_of, scan):
    client.force_login(world.officer)
    page = client.get(url(world, "entries/"), {"alert": "all"}).content.decode()
    assert "1 row" in page and "let in, already inside (anti-passback alert)" in page
    assert "this zone is not on the badge" not in page  # the VIP refusal is no alert
    for _number in range(3):  # more alerts than the occupancy page lists (its newest 20) page through here
        other = badge_of()
        scan(other.token)
        scan(other.token)
    revoked = badge_of()
    issuing.badge_revoke(actor=world.organiser, badge=revoked, reason="lost")
    assert scan(revoked.token)["reason"] == "revoked"  # a refusal the officers must see: listed with the alerts
    page = client.get(url(world, "entries/"), {"alert": "all"}).content.decode()
    assert "5 rows" in page and "revoked badge" in page
    passback = read_csv(client.get(url(world, "entries/export.csv"), {"alert": "passback"}))
    assert len(passback) == 5 and {row[6] for row in passback[1:]} == {"passback"}
    refused = client.get(url(world, "entries/"), {"alert": "nonsense"})
    assert refused.status_code == 200 and "data-refused" in refused.content.decode()


def test_a_badge_serial_links_to_the_badge_page(client, world, scans):
    client.force_login(world.officer)
    page = client.get(url(world, "entries/"), {"alert": "all"}).content.decode()
    badge_url = f"/events/{world.event.slug}/accreditation/badges/{scans.serial}/"
    assert f'<a href="{badge_url}">{scans.serial}</a>' in page
    assert client.get(badge_url).status_code == 200


def test_a_large_gate_log_export_runs_in_the_background_for_an_officer(client, world, scans, settings,
                                                                       django_capture_on_commit_callbacks):
    settings.PAVILION_EXPORT_BACKGROUND_ROWS = 2
    client.force_login(world.officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(url(world, "entries/export.csv"))
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == url(world, f"exports/{job.pk}/")
    assert client.get(url(world, f"exports/{job.pk}/")).status_code == 200
    assert 'data-status="done"' in client.get(url(world, f"exports/{job.pk}/panel/")).content.decode()
    assert len(read_csv(client.get(url(world, f"exports/{job.pk}/download/")))) == 5


def test_an_officer_may_not_open_another_lists_export_job_but_downloads_the_organisers_gate_log(
        client, world, scans, settings, django_capture_on_commit_callbacks):
    settings.PAVILION_EXPORT_BACKGROUND_ROWS = 1
    client.force_login(world.organiser)  # an administrator: the registrations file has the e-mail addresses
    with django_capture_on_commit_callbacks(execute=True):
        client.get(url(world, "registrations/export.csv"))
        client.get(url(world, "entries/export.csv"))
    registrations, entries = ExportJob.objects.order_by("pk")
    client.force_login(world.officer)
    for path in ("", "panel/", "download/"):
        assert client.get(url(world, f"exports/{registrations.pk}/{path}")).status_code == 403, path
    assert client.get(url(world, f"exports/{entries.pk}/download/")).status_code == 200  # no e-mail in a gate log
    client.force_login(world.organiser_staff)  # staff may not download what holds the addresses
    assert client.get(url(world, f"exports/{registrations.pk}/download/")).status_code == 403
    assert client.get(url(world, f"exports/{entries.pk}/download/")).status_code == 200
