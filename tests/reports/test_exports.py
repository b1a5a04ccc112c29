"""The report lists and their exports: contents read back (CSV parsed, XLSX opened with openpyxl),
identity data never exported, a filter that matches nothing, background jobs, query counts."""

import csv
import io

import openpyxl
import pytest

from pavilion.core.models import AuditEntry
from pavilion.reports import exports
from pavilion.reports.models import ExportJob
from tests.reports.support import baku, deal, meeting, registration

pytestmark = pytest.mark.django_db


def url(world, path: str) -> str:
    return f"/events/{world.event.slug}/reports/{path}"


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def read_xlsx(response) -> list[list]:
    content = b"".join(response.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_registrations_csv_has_the_filtered_rows_and_no_identity_data(client, world, show_data):
    client.force_login(world.organiser)
    response = client.get(url(world, "registrations/export.csv"), {"country": "TR"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == ["ID", "Submitted", "Status", "Category", "Given name", "Family name", "Nationality",
                       "Organisation", "Position", "Delegation", "Exhibitor", "Decided", "E-mail"]
    assert [(row[2], row[3], row[6]) for row in rows[1:]] == [("in-review", "trade-visitor", "TR"),
                                                              ("rejected", "media", "TR")]
    assert rows[2][1] == "2024-09-03 10:00:00" and rows[2][11] == "2024-09-03 16:00:00"  # Baku time
    assert rows[1][12].endswith("@example.test")
    text = "\n".join(",".join(row) for row in rows)
    assert "1971" not in text and "D000" not in text  # birth dates and document numbers
    entry = AuditEntry.objects.get(action="report.export")
    assert entry.after["filters"] == {"country": "TR"} and entry.after["rows"] == 2


def test_organiser_staff_exports_without_e_mail_addresses(client, world, show_data):
    client.force_login(world.organiser_staff)
    rows = read_csv(client.get(url(world, "registrations/export.csv")))
    assert "E-mail" not in rows[0] and len(rows) == 9
    assert not any("@" in cell for row in rows for cell in row)


def test_the_registrations_xlsx_reads_back(client, world, show_data):
    client.force_login(world.organiser)
    response = client.get(url(world, "registrations/export.xlsx"),
                          {"status": "approved", "submitted_from": "2024-09-02", "submitted_to": "2024-09-02"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    rows = read_xlsx(response)
    assert rows[0][:3] == ["ID", "Submitted", "Status"] and len(rows) == 6
    assert rows[1][1].isoformat() == "2024-09-02T09:00:00" and rows[1][2] == "approved"
    assert [row[6] for row in rows[1:]] == ["AZ"] * 5


def test_a_filter_that_matches_nothing_exports_nothing_and_says_so(client, world, show_data):
    client.force_login(world.organiser)
    response = client.get(url(world, "registrations/export.xlsx"), {"country": "FR"}, follow=True)
    assert response.redirect_chain[-1][0].endswith("/reports/registrations/?country=FR")
    assert "No rows match these filters: nothing was exported." in response.content.decode()
    assert not ExportJob.objects.exists() and not AuditEntry.objects.filter(action__startswith="report.").exists()


def test_bad_filters_are_refused_with_a_message(client, world, show_data):
    client.force_login(world.organiser)
    response = client.get(url(world, "registrations/export.csv"),
                          {"submitted_from": "2024-09-05", "submitted_to": "2024-09-01"}, follow=True)
    assert "Correct the filters: nothing was exported." in response.content.decode()
    page = client.get(url(world, "deals/"), {"currency": "dollars", "kind": "bribe"})
    assert page.status_code == 200 and "Three letters, e.g. USD." in page.content.decode()
    assert client.get(url(world, "deals/export.pdf")).status_code == 404
    assert client.get(url(world, "people/")).status_code == 404


@pytest.mark.parametrize("path, query, field", [
    ("deals/", {"currency": "1"}, "currency"), ("deals/", {"kind": "zzz", "currency": "USD"}, "kind"),
    ("registrations/", {"submitted_from": "2024-09-05", "submitted_to": "2024-09-01"}, "submitted_to"),
])
def test_a_list_with_a_bad_filter_shows_its_error_and_no_row_as_its_export_exports_none(client, world, show_data,
                                                                                        path, query, field):
    client.force_login(world.organiser)
    assert client.get(url(world, path)).context["page"].paginator.count > 0  # rows there are
    response = client.get(url(world, path), query)
    content = response.content.decode()
    assert response.status_code == 200 and response.context["page"].paginator.count == 0
    assert f'id="id_{field}_error" role="alert"' in content
    assert "Correct the filters: nothing is listed." in content and "No rows match these filters." not in content
    assert list(response.context["rows"]) == [] and "Armoured vehicles" not in content
    assert "Correct the filters: nothing was exported." in client.get(url(world, f"{path}export.csv"), query,
                                                                     follow=True).content.decode()


def test_entries_meetings_and_deals_export(client, world, show_data, gates, badge_of, scan, settings):
    badge = badge_of()
    scan(badge.token)
    settings.PAVILION_CLOCK = baku(24, 13).isoformat()  # an online scan is recorded at the server's time
    scan(badge.token, direction="out", at=baku(24, 13))
    client.force_login(world.organiser)
    entries = read_csv(client.get(url(world, "entries/export.csv"), {"direction": "out"}))
    assert entries[1][:5] == ["2024-09-24 13:00:00", gates.hall.name, gates.hall.zone.code, "out", "granted"]
    assert entries[1][7] == str(badge.serial) and len(entries) == 2
    meetings = read_csv(client.get(url(world, "meetings/export.csv"), {"attendance": "no-show"}))
    assert len(meetings) == 2 and meetings[1][8] == "no-show"
    held = read_xlsx(client.get(url(world, "meetings/export.xlsx"), {"attendance": "held"}))
    assert held[1][3] == "scheduled" and held[1][8] == "held" and held[1][4].startswith("Given")
    deals = read_csv(client.get(url(world, "deals/export.csv"), {"country": "IL"}))
    assert [row[2] for row in deals[1:]] == ["Secret radar memorandum"]  # the organiser sees every deal
    assert deals[1][5:7] == ["300000.00", "USD"] and deals[1][8] == "Secret radar memorandum party 0 (IL)"


def test_a_large_export_runs_in_the_background_with_progress(client, world, show_data, settings,
                                                             django_capture_on_commit_callbacks):
    settings.PAVILION_EXPORT_BACKGROUND_ROWS = 5
    client.force_login(world.organiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(url(world, "registrations/export.xlsx"))
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == url(world, f"exports/{job.pk}/")
    assert (job.status, job.total, job.done, job.progress) == ("done", 8, 8, 100)
    assert job.filters == {} and job.created_by == world.organiser
    panel = client.get(url(world, f"exports/{job.pk}/panel/")).content.decode()
    assert 'data-status="done"' in panel and "hx-trigger" not in panel and "data-download" in panel
    rows = read_xlsx(client.get(url(world, f"exports/{job.pk}/download/")))
    assert len(rows) == 9 and rows[0][-1] == "E-mail"
    assert AuditEntry.objects.filter(action="report.export_download").count() == 1


def test_a_queued_job_page_polls_and_cannot_be_downloaded_yet(client, world):
    job = ExportJob.objects.create(event=world.event, kind="registrations", format="csv", total=60_000,
                                   done=15_000, status="running", created_at=baku(24, 9))
    client.force_login(world.organiser)
    page = client.get(url(world, f"exports/{job.pk}/")).content.decode()
    assert 'hx-trigger="every 2s"' in page and "<span data-progress>25</span>" in page
    assert client.get(url(world, f"exports/{job.pk}/download/")).status_code == 404
    client.force_login(world.officer)
    assert client.get(url(world, f"exports/{job.pk}/")).status_code == 403


@pytest.mark.parametrize("kind", ["registrations", "entries", "meetings", "deals"])
def test_every_list_page_costs_a_fixed_number_of_queries(kind, client, world, show_data, gates, badge_of, scan,
                                                         django_assert_num_queries):
    scan(badge_of().token)
    client.force_login(world.organiser)
    expected = {"registrations": 8, "entries": 8, "meetings": 7, "deals": 8}[kind]
    with django_assert_num_queries(expected):
        assert client.get(url(world, f"{kind}/")).status_code == 200
    for index in range(5):
        first, second = registration(world, nationality="FR"), registration(world, category="media")
        meeting(world, first, second, attendance=("held", "held"))
        deal(world, f"More {index}", countries=("FR", "DE", "PK"))
        scan(badge_of().token)
    with django_assert_num_queries(expected):
        page = client.get(url(world, f"{kind}/"))
    assert page.status_code == 200 and len(page.context["rows"]) > 5


@pytest.fixture
def export_in_background(client, world, show_data, settings, django_capture_on_commit_callbacks):
    """Queue (and run) a background export of the registrations as the organiser at the given time."""
    settings.PAVILION_EXPORT_BACKGROUND_ROWS = 5
    client.force_login(world.organiser)

    def export(format: str, at: str) -> ExportJob:
        settings.PAVILION_CLOCK = at
        with django_capture_on_commit_callbacks(execute=True):
            client.get(url(world, f"registrations/export.{format}"))
        return ExportJob.objects.order_by("pk").last()

    return export


def test_a_background_exports_file_is_deleted_after_the_keeping_time(client, world, settings, export_in_background):
    job = export_in_background("csv", "2024-09-24T10:00:00+04:00")
    path = exports.job_file(job)
    assert path is not None and path.exists()
    settings.PAVILION_CLOCK = "2024-09-27T09:59:00+04:00"  # 71 h 59 min later: still kept
    assert client.get(url(world, f"exports/{job.pk}/download/")).status_code == 200
    assert call_command_output("exports-expire").startswith("0 export files")
    settings.PAVILION_CLOCK = "2024-09-27T10:01:00+04:00"  # past 72 h: gone, even before the purge ran
    assert client.get(url(world, f"exports/{job.pk}/download/")).status_code == 404
    assert call_command_output("exports-expire").startswith("1 export files older than 72 hours")
    job.refresh_from_db()
    assert (job.status, job.file_name) == ("expired", "") and not path.exists()
    entry = AuditEntry.objects.get(action="report.export_expired")
    assert entry.object_id == str(job.pk) and entry.after == {"kind": "registrations", "format": "csv", "hours": 72}
    panel = client.get(url(world, f"exports/{job.pk}/panel/")).content.decode()
    assert 'data-status="expired"' in panel and "data-download" not in panel and "72 hours" in panel
    assert call_command_output("exports-expire").startswith("0 export files")  # once only


def test_queuing_an_export_deletes_the_expired_files(settings, export_in_background):
    settings.PAVILION_EXPORT_KEEP_HOURS = 1
    first = export_in_background("xlsx", "2024-09-24T10:00:00+04:00")
    path = exports.job_file(first)
    export_in_background("xlsx", "2024-09-24T11:30:00+04:00")
    first.refresh_from_db()
    assert first.status == "expired" and not path.exists()
    assert ExportJob.objects.exclude(pk=first.pk).get().status == "done"


def call_command_output(name: str) -> str:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command(name, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("path, query", [
    ("meetings/", {"day": "9999-12-31"}), ("meetings/", {"day": "0001-01-01"}),
    ("entries/", {"day": "9999-12-31"}), ("entries/", {"day": "0001-01-01"}),
    ("registrations/", {"submitted_from": "0001-01-01"}), ("registrations/", {"submitted_to": "9999-12-31"})])
def test_a_day_out_of_range_is_refused_with_a_message_and_nothing_exported(client, world, show_data, path, query):
    client.force_login(world.organiser)
    page = client.get(url(world, path), query)
    day = next(iter(query.values()))
    assert page.status_code == 200 and f"The day {day} is not between 1900-01-01 and 2999-12-31." in page.content.decode()
    for export in ("export.csv", "export.xlsx"):
        response = client.get(url(world, path + export), query, follow=True)
        assert response.status_code == 200 and "Correct the filters: nothing was exported." in response.content.decode()
    assert not ExportJob.objects.exists() and not AuditEntry.objects.filter(action__startswith="report.").exists()
