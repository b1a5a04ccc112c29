"""A file that would replace much of a list, or change its format, is refused until the officer confirms
it is the whole list: a one-entry CSV imported into the UN list closed every open alert (a hold scored
1.00 among them) and the person could be approved and badged. The officer is told what would leave
the list and which alerts would close, on the page and on the command line. List names are compared
with runs of spaces as one."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from pavilion.core.models import AuditEntry
from pavilion.registrations.models import Registration
from pavilion.vetting import imports, lists
from pavilion.vetting.models import Alert, WatchList, WatchListImport, WatchListVersion
from pavilion.vetting.tasks import import_watch_list
from tests.registrations.support import listed_person

ONE_ENTRY = b"id,name\nX-1,Someone Else Entirely\n"
BOX = "I have checked that this file is the whole list."
EXISTS = "A list with this name already exists: choose it above to add a version."


@pytest.fixture
def queued_only(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def _csv(numbers) -> bytes:
    return ("id,name\n" + "".join(f"X-{number},Person Number{number} Listed\n" for number in numbers)).encode()


def _upload(client, watch_list, content: bytes = ONE_ENTRY, file_name: str = "list.csv", **fields):
    upload = SimpleUploadedFile(file_name, content)
    return client.post("/vetting/lists/", {"into": watch_list.pk, "file": upload, **fields})


def _csv_list(world, numbers=range(1, 11), name: str = "Watch list") -> WatchList:
    watch_list = lists.watch_list_create(name=name)
    lists.watch_list_import(actor=world.officer, watch_list=watch_list, file_name="v1.csv", content=_csv(numbers),
                            rescreen=False)
    return watch_list


def test_a_one_entry_file_into_the_un_list_is_refused_with_the_counts_and_closes_no_alert(
    world, un_list, submit, client
):
    registration = submit(person=listed_person())
    alert = registration.alerts.get()
    assert (alert.status, alert.band) == (Alert.Status.OPEN, Alert.Band.HOLD)
    client.force_login(world.officer)
    response = _upload(client, un_list.watch_list)
    assert response.status_code == 400
    assert response.context["form"].errors["confirm_drop"] == [
        "The file is in the format CSV where the current version is in UN Consolidated List XML. "
        "This file has 1 entries where the current version of UN Consolidated List has 4: 4 entries would "
        "leave the list and 1 open alerts would be closed. Tick the box to import it all the same."]
    assert BOX in response.content.decode() and 'name="confirm_drop"' in response.content.decode()
    assert not WatchListImport.objects.exists() and un_list.watch_list.versions.count() == 1
    alert.refresh_from_db()
    registration.refresh_from_db()
    assert alert.status == Alert.Status.OPEN and registration.status == Registration.Status.IN_REVIEW


def test_the_officer_who_ticks_the_box_imports_the_file_and_the_audit_says_what_it_dropped(
    world, un_list, submit, client, django_capture_on_commit_callbacks
):
    alert = submit(person=listed_person()).alerts.get()
    client.force_login(world.officer)
    response = _upload(client, un_list.watch_list, confirm_drop="on")
    assert response.status_code == 302
    job = WatchListImport.objects.get()
    assert job.drop_confirmed
    queued = AuditEntry.objects.get(action="watch_list.import_queue")
    assert queued.after["confirmed_drop"] == {"old": 4, "new": 1, "dropped": 4, "alerts": 1,
                                              "old_format": "un-xml", "new_format": "csv"}
    with django_capture_on_commit_callbacks(execute=True):
        import_watch_list.call(job.pk)
    job.refresh_from_db()
    assert job.status == "done" and job.version.number == 2 and job.version.is_current
    first, second = AuditEntry.objects.filter(action="watch_list.import").order_by("id")
    assert "confirmed_drop" not in first.after and second.after["confirmed_drop"]["dropped"] == 4
    alert.refresh_from_db()
    assert alert.status == Alert.Status.SUPERSEDED


def test_the_box_is_shown_only_once_the_import_asks_for_it(world, un_list, client):
    client.force_login(world.officer)
    page = client.get("/vetting/lists/").content.decode()
    assert 'name="confirm_drop"' not in page and BOX not in page


@pytest.mark.parametrize("kept, refused", [(range(1, 10), False), (range(1, 11), False), (range(1, 9), True),
                                           (range(3, 23), True)])
def test_more_than_a_tenth_of_the_entries_leaving_needs_the_box(world, kept, refused):
    """Nine of ten kept is a tenth dropped, allowed; eight of ten is not; adding entries does not make up
    for dropping them (X-1 and X-2 leave, twenty arrive)."""
    watch_list = _csv_list(world)
    if not refused:
        lists.watch_list_import(actor=world.officer, watch_list=watch_list, file_name="v2.csv", content=_csv(kept))
        assert watch_list.current_version.number == 2
        return
    with pytest.raises(ValidationError) as error:
        imports.watch_list_import_queue(actor=world.officer, watch_list=watch_list, file_name="v2.csv",
                                        content=_csv(kept))
    dropped = 10 - len(set(kept) & set(range(1, 11)))
    assert error.value.message_dict["confirm_drop"] == [
        f"This file has {len(kept)} entries where the current version of Watch list has 10: {dropped} entries "
        "would leave the list and 0 open alerts would be closed. Tick the box to import it all the same."]
    with pytest.raises(ValidationError):
        lists.watch_list_import(actor=world.officer, watch_list=watch_list, file_name="v2.csv", content=_csv(kept))
    assert not WatchListImport.objects.exists() and watch_list.versions.count() == 1
    version = lists.watch_list_import(actor=world.officer, watch_list=watch_list, file_name="v2.csv",
                                      content=_csv(kept), confirm_drop=True)
    assert version.is_current and version.entry_count == len(kept)


def test_a_file_in_another_format_needs_the_box_even_with_every_entry(world, un_list):
    entry_ids = list(un_list.entries.values_list("entry_id", flat=True))
    content = ("id,name\n" + "".join(f"{entry_id},Listed Name{number}\n" for number, entry_id in enumerate(entry_ids)))
    with pytest.raises(ValidationError) as error:
        imports.watch_list_import_queue(actor=world.officer, watch_list=un_list.watch_list, file_name="un.csv",
                                        content=content.encode())
    assert error.value.message_dict["confirm_drop"] == [
        "The file is in the format CSV where the current version is in UN Consolidated List XML. "
        "This file has 4 entries where the current version of UN Consolidated List has 4: 0 entries would "
        "leave the list and 0 open alerts would be closed. Tick the box to import it all the same."]


def test_the_alerts_counted_are_the_open_ones_on_the_entries_that_leave(world, un_list, submit, commit):
    """The held person's entry (TAi.108) stays: the alert stays open and is not counted."""
    submit(person=listed_person())
    kept = (b"id,name,birth_date,nationality\nTAi.108,Abdulhai Salek,1965,AF\n")
    with pytest.raises(ValidationError) as error:
        lists.watch_list_import(actor=world.officer, watch_list=un_list.watch_list, file_name="v2.csv", content=kept)
    assert "3 entries would leave the list and 0 open alerts" in error.value.message_dict["confirm_drop"][0]


def test_the_task_checks_again_against_the_version_current_when_it_runs(world, queued_only):
    watch_list = _csv_list(world)
    job = imports.watch_list_import_queue(actor=world.officer, watch_list=watch_list, file_name="same.csv",
                                          content=_csv(range(1, 11)))
    assert not job.drop_confirmed
    # Meanwhile a version of twenty entries arrives: the queued file would drop half of them.
    lists.watch_list_import(actor=world.officer, watch_list=watch_list, file_name="v2.csv", content=_csv(range(1, 21)),
                            rescreen=False)
    import_watch_list.call(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and "10 entries would leave the list" in job.error
    assert watch_list.current_version.number == 2


def test_the_command_refuses_without_confirm_drop_and_imports_with_it(world, un_list, tmp_path):
    path = tmp_path / "one.csv"
    path.write_bytes(ONE_ENTRY)
    with pytest.raises(CommandError) as error:
        call_command("import-watchlist", str(path), "--name", "UN Consolidated List")
    assert error.value.returncode == 2
    assert "4 entries would leave the list" in str(error.value) and "--confirm-drop" in str(error.value)
    assert WatchListVersion.objects.filter(watch_list=un_list.watch_list).count() == 1
    call_command("import-watchlist", str(path), "--name", "UN Consolidated List", "--confirm-drop")
    assert un_list.watch_list.current_version.number == 2


def test_a_refused_upload_answers_400_and_the_page_itself_200(world, un_list, client):
    client.force_login(world.officer)
    assert client.get("/vetting/lists/").status_code == 200
    response = client.post("/vetting/lists/", {"into": un_list.watch_list.pk})
    assert response.status_code == 400 and response.context["form"].errors["file"]


def test_a_name_that_differs_by_a_double_space_is_the_same_list(world, un_list, client, queued_only):
    client.force_login(world.officer)
    upload = SimpleUploadedFile("list.csv", ONE_ENTRY)
    response = client.post("/vetting/lists/", {"into": "new", "name": "UN  Consolidated   List", "file": upload})
    assert response.status_code == 400 and response.context["form"].errors["name"] == [EXISTS]
    assert WatchList.objects.count() == 1 and not WatchListImport.objects.exists()
    assert lists.named_list(" un consolidated\u00a0 list") == un_list.watch_list


def test_a_new_list_is_stored_with_single_spaces_and_found_whatever_its_stored_spacing(world):
    created = lists.watch_list_create(name="  EU   sanctions  list ")
    assert created.name == "EU sanctions list"
    assert lists.checked_name("EU \t sanctions list") == "EU sanctions list"
    # A list stored before names were collapsed is still the one a single-spaced name means.
    older = WatchList.objects.create(slug="older", name="US  list")
    assert lists.watch_list_get_or_create(name="us list") == older
    with pytest.raises(ValidationError):
        lists.watch_list_create(name="US list")
