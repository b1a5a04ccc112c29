"""Screening through the app: holds, alerts in bands, decisions, the two-person rule, re-screening
on a new list version, and remembered clearances."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pavilion.core.models import AuditEntry
from pavilion.registrations import services
from pavilion.registrations.models import Registration
from pavilion.vetting import decisions, lists
from pavilion.vetting.models import Alert, Clearance, ScreeningRun
from tests.factories import ProductFactory, StandFactory
from tests.registrations.support import listed_person, person

Status = Registration.Status

CSV_V1 = "id,name,birth_date,nationality\nX-1,Rashad Quliyev,1980-02-02,AZ\nX-2,Ivan Petrovich Sidorov,1971,RU\n"
CSV_V2_SAME = CSV_V1 + "X-3,Someone Else Entirely,1950,FR\n"
CSV_V2_CHANGED = "id,name,birth_date,nationality\nX-1,Rashad Quliyev,1980-02-02,AZ;TR\n"


def _import(commit, world, text: str, name: str = "Watch list", confirm_drop: bool = False):
    watch_list = lists.watch_list_get_or_create(name=name)
    return commit(lists.watch_list_import, actor=world.officer, watch_list=watch_list, file_name="list.csv",
                  content=text.encode(), confirm_drop=confirm_drop)


def test_a_person_on_the_un_list_is_held_with_an_alert_and_cannot_be_approved_until_cleared(
    world, un_list, submit, commit
):
    registration = submit(person=listed_person())
    registration.refresh_from_db()
    assert registration.status == Status.IN_REVIEW
    alert = registration.alerts.get()
    assert alert.entry.entry_id == "TAi.108"
    assert alert.band == Alert.Band.HOLD and alert.score >= 0.9
    assert alert.explanation["entry_name"]
    with pytest.raises(ValidationError):
        services.registration_approve(actor=world.organiser, registration=registration)
    commit(decisions.alert_decide, actor=world.officer, alert=alert, verdict="false-positive",
           reason="Different person: passport photo and birthplace differ")
    alert.refresh_from_db()
    assert alert.status == Alert.Status.CLEARED
    commit(services.registration_approve, actor=world.organiser, registration=registration)
    registration.refresh_from_db()
    assert registration.status == Status.APPROVED


def test_a_true_match_rejects_and_blocks_future_registrations_of_that_person(world, un_list, submit, commit):
    registration = submit(person=listed_person())
    alert = registration.alerts.get()
    commit(decisions.alert_decide, actor=world.officer, alert=alert, verdict="match", reason="Same person")
    registration.refresh_from_db()
    assert registration.status == Status.REJECTED
    assert registration.person.is_blocked
    with pytest.raises(ValidationError) as error:
        submit("media", person=listed_person())
    # The person is not told why.
    assert "list" not in " ".join(error.value.messages).lower()
    assert AuditEntry.objects.filter(action="alert.decide.match").exists()


def test_only_security_officers_decide_and_a_reason_is_required(world, un_list, submit):
    alert = submit(person=listed_person()).alerts.get()
    with pytest.raises(PermissionDenied):
        decisions.alert_decide(actor=world.organiser_staff, alert=alert, verdict="match", reason="x")
    with pytest.raises(ValidationError):
        decisions.alert_decide(actor=world.officer, alert=alert, verdict="false-positive", reason="")


def test_a_delegation_member_clearance_needs_a_second_officer(world, un_list, submit, commit):
    delegation = services.delegation_create(actor=world.organiser, event=world.event, country="AF",
                                            sending_body="Ministry of Defence")
    registration = submit("delegation-member", actor=world.organiser, delegation=delegation,
                          person=listed_person(), details={"protocol_order": 1, "rank": "General"})
    alert = registration.alerts.get()
    commit(decisions.alert_decide, actor=world.officer, alert=alert, verdict="false-positive", reason="Namesake")
    alert.refresh_from_db()
    assert alert.status == Alert.Status.AWAITING_CONFIRMATION
    assert Alert.objects.open().filter(pk=alert.pk).exists()
    with pytest.raises(ValidationError):
        services.registration_approve(actor=world.organiser, registration=registration)
    with pytest.raises(ValidationError) as error:
        decisions.alert_confirm(actor=world.officer, alert=alert)
    assert "second officer" in " ".join(error.value.messages)
    commit(decisions.alert_confirm, actor=world.officer2, alert=alert)
    alert.refresh_from_db()
    assert alert.status == Alert.Status.CLEARED
    assert alert.decisions.get().confirmed_by == world.officer2


def test_staff_of_an_exhibitor_with_lethal_products_need_a_second_officer(world, un_list, submit):
    ProductFactory(exhibitor=world.exhibitor, control="ML1")
    registration = submit("exhibitor-staff", actor=world.exhibitor_admin, exhibitor=world.exhibitor,
                          person=listed_person())
    assert decisions.needs_second_officer(registration)
    ProductFactory(exhibitor=world.other_exhibitor, control="ML14")  # simulators: not lethal
    StandFactory(show=world.other_exhibitor.show, exhibitor=world.other_exhibitor, state="booked")
    other = submit("exhibitor-staff", actor=world.other_admin, exhibitor=world.other_exhibitor)
    assert not decisions.needs_second_officer(other)


def test_a_new_list_version_rescreens_active_registrations_and_holds_an_approved_one(world, submit, commit):
    registration = submit(person=person(given_name="Rashad", family_name="Quliyev", nationality="AZ",
                                        birth_date=datetime.date(1980, 2, 2)))
    commit(services.registration_approve, actor=world.organiser, registration=registration)
    version = _import(commit, world, CSV_V1)
    run = ScreeningRun.objects.get(trigger=f"list-version:{version.pk}")
    assert (run.status, run.total, run.done, run.progress) == ("done", 1, 1, 100)
    assert run.alerts_raised == 1
    registration.refresh_from_db()
    assert registration.status == Status.IN_REVIEW
    assert registration.alerts.open().get().entry.entry_id == "X-1"


def test_a_clearance_is_remembered_while_the_entry_is_unchanged(world, submit, commit):
    _import(commit, world, CSV_V1)
    registration = submit(person=person(given_name="Rashad", family_name="Quliyev",
                                        birth_date=datetime.date(1980, 2, 2)))
    alert = registration.alerts.get()
    commit(decisions.alert_decide, actor=world.officer, alert=alert, verdict="false-positive", reason="Namesake")
    assert Clearance.objects.count() == 1
    # Same entry, same content in version 2: the alert does not come back.
    _import(commit, world, CSV_V2_SAME)
    assert not registration.alerts.open().exists()
    # Version 3 changes the entry (a second nationality): it is looked at again.
    _import(commit, world, CSV_V2_CHANGED, confirm_drop=True)  # it drops two of three entries
    new_alert = registration.alerts.open().get()
    assert new_alert.entry.version.number == 3


def test_an_edit_that_no_longer_matches_keeps_the_open_alert_for_an_officer(world, un_list, submit, commit):
    """Renaming a flagged person must not make the hit disappear (and the approval it blocks possible):
    only the list dropping or changing the entry supersedes an open alert; a changed person is for an
    officer to decide."""
    registration = submit(person=listed_person())
    assert registration.alerts.open().count() == 1
    commit(services.registration_update, actor=None, registration=registration,
           person=listed_person(given_name="Nigar", family_name="Abbasova", nationality="AZ",
                                document_country="AZ"))
    alert = registration.alerts.get()
    assert alert.status == Alert.Status.OPEN
    with pytest.raises(ValidationError):
        services.registration_approve(actor=world.organiser, registration=Registration.objects.get(pk=registration.pk))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("<CONSOLIDATED_LIST><INDIVIDUALS>", "well-formed"),
        ("id,name\n", "no entry"),
        ("name,aliases\nSomeone,\n", "id"),
        ('{"id": "a", "schema": "Person", "properties": {"name": ["A B"]}}\n{"id": "a"', "line 2"),
    ],
)
def test_a_broken_list_file_is_refused_naming_where_and_nothing_is_stored(world, commit, content, message):
    watch_list = lists.watch_list_get_or_create(name="Broken")
    with pytest.raises(ValidationError) as error:
        lists.watch_list_import(actor=world.officer, watch_list=watch_list, file_name="upload.txt",
                                content=content.encode())
    assert message in " ".join(error.value.messages)
    assert not watch_list.versions.exists()


def test_followthemoney_lines_are_imported_and_other_schemata_skipped(world, commit):
    text = (
        '{"id": "os-1", "schema": "Person", "properties": {"name": ["Viktor Bout"], "birthDate": ["1967-01-13"]}}\n'
        '{"id": "os-2", "schema": "Vessel", "properties": {"name": ["Some Ship"]}}\n'
    )
    watch_list = lists.watch_list_get_or_create(name="OpenSanctions extract")
    version = commit(lists.watch_list_import, actor=world.officer, watch_list=watch_list, file_name="os.jsonl",
                     content=text.encode())
    assert (version.format, version.entry_count, version.skipped_count) == ("ftm", 1, 1)
    assert version.entries.get().name == "Viktor Bout"


def test_a_list_update_keeps_open_alerts_of_unchanged_entries_and_drops_those_of_removed_ones(
    world, submit, commit
):
    _import(commit, world, CSV_V1)
    rashad = submit(person=person(given_name="Rashad", family_name="Quliyev", birth_date=datetime.date(1980, 2, 2)))
    ivan = submit("media", person=person(given_name="Ivan", family_name="Sidorov", patronymic="Petrovich",
                                         nationality="RU", birth_date=datetime.date(1971, 4, 4),
                                         document_number="R1234567"))
    assert rashad.alerts.open().count() == 1 and ivan.alerts.open().count() == 1
    # Version 2 keeps X-1 unchanged and removes X-2.
    version = _import(commit, world, "id,name,birth_date,nationality\nX-1,Rashad Quliyev,1980-02-02,AZ\n",
                      confirm_drop=True)
    kept = rashad.alerts.open().get()
    assert kept.entry.version == version
    assert not ivan.alerts.open().exists()
    ivan.refresh_from_db()
    assert ivan.status == Status.IN_REVIEW


def test_the_import_command_adds_a_version_and_refuses_a_broken_file_with_status_2(world, tmp_path, capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from tests.registrations.support import DATA

    call_command("import-watchlist", str(DATA / "un-extract.xml"), "--name", "UN list")
    assert "version 1: 4 entries" in capsys.readouterr().out
    broken = tmp_path / "broken.csv"
    broken.write_text("name\nNobody\n")
    for path in (broken, tmp_path / "missing.xml"):
        with pytest.raises(CommandError) as error:
            call_command("import-watchlist", str(path), "--name", "UN list")
        assert error.value.returncode == 2 and path.name in str(error.value)
    assert lists.watch_list_get_or_create(name="UN list").versions.count() == 1


def test_a_list_version_that_drops_the_entry_supersedes_the_open_alert(world, un_list, submit, commit):
    registration = submit(person=listed_person())
    alert = registration.alerts.get()
    assert alert.status == Alert.Status.OPEN
    commit(lists.watch_list_import, actor=world.officer, watch_list=un_list.watch_list, file_name="v2.csv",
           content=b"id,name\nX-1,Someone Else Entirely\n", confirm_drop=True)
    alert.refresh_from_db()
    assert alert.status == Alert.Status.SUPERSEDED
