"""Which list an upload goes into is chosen, never guessed from its name: an existing list gets a new
version, a new list needs a name no list has (case aside), and no two lists share a slug, whatever
script their names are in."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from pavilion.vetting import imports, lists
from pavilion.vetting.models import WatchList, WatchListImport, WatchListVersion
from pavilion.vetting.tasks import import_watch_list
from tests.registrations.support import DATA

CSV = b"id,name\nX-1,Rashad Quliyev\n"
EXISTS = "A list with this name already exists: choose it above to add a version."


@pytest.fixture
def queued_only(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def un_security_council(world):
    """The demo's list: its slug is not its name's."""
    watch_list = WatchList.objects.create(slug="un-consolidated-list", name="UN Security Council Consolidated List")
    lists.watch_list_import(actor=world.officer, watch_list=watch_list, file_name="un.xml",
                            content=(DATA / "un-extract.xml").read_bytes(), rescreen=False)
    return watch_list


def _upload(client, **fields):
    upload = SimpleUploadedFile("list.csv", fields.pop("content", CSV), content_type="text/csv")
    return client.post("/vetting/lists/", {"file": upload, **fields})


def test_the_form_offers_each_list_and_a_new_one_and_chooses_none_for_the_officer(world, un_security_council,
                                                                                  client):
    client.force_login(world.officer)
    form = client.get("/vetting/lists/").context["form"]
    assert form["into"].initial is None
    assert [label for _value, label in form.fields["into"].choices] == [
        "—", "UN Security Council Consolidated List", "a new list (give its name below)"]
    response = _upload(client, name="UN Security Council Consolidated List")
    assert response.status_code == 400 and response.context["form"].errors["into"]
    assert not WatchListImport.objects.exists()


@pytest.mark.parametrize("name", ["UN Security Council Consolidated List", "  un security council consolidated LIST "])
def test_a_new_list_named_like_an_existing_one_is_refused_on_the_name(world, un_security_council, client,
                                                                      queued_only, name):
    client.force_login(world.officer)
    response = _upload(client, into="new", name=name)
    assert response.status_code == 400
    assert response.context["form"].errors["name"] == [EXISTS]
    assert not WatchListImport.objects.exists() and WatchList.objects.count() == 1


def test_a_new_list_needs_a_name(world, client, queued_only):
    client.force_login(world.officer)
    response = _upload(client, into="new", name="  ")
    assert response.context["form"].errors["name"] == ["Give the list a name."]
    assert not WatchListImport.objects.exists()


def test_the_chosen_list_gets_the_version_whatever_the_name_field_says(world, un_security_council, client,
                                                                       queued_only):
    client.force_login(world.officer)
    # The one-entry file replaces the four of the UN extract: confirmed (test_list_replacement.py).
    response = _upload(client, into=un_security_council.pk, name="ignored", confirm_drop="on")
    assert response.status_code == 302
    [said] = [str(message) for message in response.wsgi_request._messages]
    assert said == "list.csv is being imported into UN Security Council Consolidated List: 1 entry."
    job = WatchListImport.objects.get()
    assert job.watch_list == un_security_council
    import_watch_list.call(job.pk)
    assert WatchList.objects.count() == 1
    assert list(un_security_council.versions.values_list("number", "is_current")) == [(2, True), (1, False)]


def test_two_cyrillic_names_make_two_lists_with_slugs_of_their_own(world, client, queued_only):
    client.force_login(world.officer)
    for name in ("Список ЕС", "Список США"):
        assert _upload(client, into="new", name=name).status_code == 302
    for job in WatchListImport.objects.order_by("pk"):
        import_watch_list.call(job.pk)
    eu, us = WatchList.objects.get(name="Список ЕС"), WatchList.objects.get(name="Список США")
    assert (eu.slug, us.slug) == ("список-ес", "список-сша")
    assert eu.versions.get().number == 1 and us.versions.get().number == 1


def test_names_that_read_alike_in_a_slug_get_a_suffix(world):
    first = lists.watch_list_create(name="Watch list!")
    second = lists.watch_list_create(name="Watch list?")
    third = lists.watch_list_create(name="«»")
    fourth = lists.watch_list_create(name="!!")
    assert [first.slug, second.slug, third.slug, fourth.slug] == ["watch-list", "watch-list-2", "list", "list-2"]
    long_one = lists.watch_list_create(name="L" * 60)
    long_two = lists.watch_list_create(name="l" * 59 + "!")
    assert long_one.slug == "l" * 50 and long_two.slug == "l" * 48 + "-2"
    with pytest.raises(ValidationError) as error:
        lists.watch_list_create(name="WATCH LIST!")
    assert error.value.message_dict["name"] == [EXISTS]


def test_a_new_list_whose_name_was_taken_before_the_task_ran_fails_and_adds_nothing_to_the_other(world,
                                                                                                  queued_only):
    job = imports.watch_list_import_queue(actor=world.officer, name="EU list", file_name="list.csv", content=CSV)
    other = lists.watch_list_create(name="eu LIST")
    import_watch_list.call(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and job.error == EXISTS
    assert not other.versions.exists() and WatchList.objects.count() == 1
    with pytest.raises(ValidationError):
        imports.watch_list_import_queue(actor=world.officer, name="EU List", file_name="list.csv", content=CSV)


def test_the_command_finds_the_named_list_whatever_its_slug(world, un_security_council, tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes(CSV)
    call_command("import-watchlist", str(path), "--confirm-drop")  # its default name is the UN list's
    assert WatchList.objects.count() == 1
    assert WatchListVersion.objects.filter(watch_list=un_security_council).count() == 2


def test_the_database_refuses_a_second_list_of_one_name_whatever_its_case(db):
    """The service checks first; the constraint is what holds when two imports race to create one list."""
    from django.db import IntegrityError, transaction

    from pavilion.vetting.models import WatchList

    WatchList.objects.create(slug="eu-list", name="EU list")
    with pytest.raises(IntegrityError), transaction.atomic():
        WatchList.objects.create(slug="eu-list-2", name="eu LIST")


def test_a_list_name_in_another_script_is_taken_whatever_its_case(db):
    lists.watch_list_create(name="Список ЕС")
    with pytest.raises(ValidationError):
        lists.watch_list_create(name="СПИСОК ЕС")
    assert lists.named_list("список ес").name == "Список ЕС"
