"""A list uploaded on the officers' page is checked while the page waits and stored by a background
task, whose progress the page shows; a task that cannot store it leaves no list behind."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pavilion.vetting import imports
from pavilion.vetting.models import ScreeningRun, WatchList, WatchListImport, WatchListVersion
from pavilion.vetting.tasks import import_watch_list
from tests.registrations.support import DATA

CSV = b"id,name,birth_date,nationality\nX-1,Rashad Quliyev,1980-02-02,AZ\nX-2,Ivan Petrovich Sidorov,1971,RU\n"


@pytest.fixture
def queued_only(settings):
    """A task backend that keeps what is enqueued, as a production worker would before it gets to it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def _upload(client, content: bytes = CSV, name: str = "Watch list", **headers):
    upload = SimpleUploadedFile("list.csv", content, content_type="text/csv")
    return client.post("/vetting/lists/", {"into": "new", "name": name, "file": upload}, headers=headers)


def test_the_page_queues_the_import_and_shows_its_progress_until_the_task_stores_it(
    world, submit, client, queued_only, django_capture_on_commit_callbacks
):
    submit()
    client.force_login(world.officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client)
    assert response.status_code == 302
    job = WatchListImport.objects.get()
    assert (job.status, job.entry_count, job.name) == ("queued", 2, "Watch list")
    assert not WatchList.objects.exists() and not WatchListVersion.objects.exists()
    page = client.get("/vetting/lists/").content.decode()
    assert f'hx-get="/vetting/imports/{job.pk}/"' in page and 'data-import-status="queued"' in page
    with django_capture_on_commit_callbacks(execute=True):
        assert import_watch_list.call(job.pk) == 1
    job.refresh_from_db()
    assert job.status == "done" and job.version.entry_count == 2 and bytes(job.content) == b""
    assert job.version.watch_list.name == "Watch list"
    fragment = client.get(f"/vetting/imports/{job.pk}/").content.decode()
    assert 'data-import-status="done"' in fragment and "hx-get" not in fragment
    assert ScreeningRun.objects.filter(trigger=f"list-version:{job.version.pk}").exists()
    # Taken once only: a second run of the task finds nothing to do.
    assert import_watch_list.call(job.pk) == 0
    assert WatchListVersion.objects.count() == 1


@pytest.mark.parametrize("content, said", [
    (b"id,name\nX-1,Rashad Quliyev\n", "list.csv is being imported into Watch list: 1 entry."),
    (CSV, "list.csv is being imported into Watch list: 2 entries."),
])
def test_the_confirmation_counts_the_entries_in_words_that_agree(world, client, queued_only, content, said):
    client.force_login(world.officer)
    response = _upload(client, content)
    assert response.status_code == 302
    assert [str(message) for message in response.wsgi_request._messages] == [said]


def test_a_bad_file_is_refused_on_the_form_and_nothing_is_queued(world, client, queued_only):
    client.force_login(world.officer)
    response = _upload(client, b"name\nNobody\n")
    assert response.status_code == 400 and response.context["form"].errors["file"]
    assert not WatchListImport.objects.exists() and not WatchList.objects.exists()


def test_an_import_the_task_cannot_store_fails_visibly_and_leaves_no_list(world, client, queued_only):
    client.force_login(world.officer)
    _upload(client, (DATA / "un-extract.xml").read_bytes(), name="UN list", **{"accept-language": "ru"})
    job = WatchListImport.objects.get()
    assert job.language == "ru"
    world.officer.groups.clear()  # no longer allowed to import by the time the worker gets to it
    import_watch_list.call(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and job.error and bytes(job.content) == b""
    assert not WatchList.objects.exists()


def test_only_those_who_import_lists_queue_one(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        imports.watch_list_import_queue(actor=world.visitor, name="X", file_name="list.csv", content=CSV)
    assert not WatchListImport.objects.exists()


def test_the_lists_page_shows_imports_with_a_fixed_number_of_queries(world, client, queued_only):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.officer)
    _upload(client)
    import_watch_list.call(WatchListImport.objects.get().pk)
    with CaptureQueriesContext(connection) as few:
        client.get("/vetting/lists/")
    for name in ("Second list", "Third list"):
        _upload(client, name=name)
    with CaptureQueriesContext(connection) as many:
        page = client.get("/vetting/lists/").content.decode()
    assert len(few) == len(many)
    assert page.count('data-import-status="queued"') == 2 and page.count('data-import-status="done"') == 1
