"""Dates on the officer's pages: the list's publication date as the publisher gave it, and the times
the server records (imports, decisions) taken from the Pavilion clock, shown in the event's time zone."""

import datetime

from pavilion.registrations.models import Delegation, Registration
from pavilion.vetting import decisions, lists
from pavilion.vetting.models import WatchListVersion
from tests.registrations.support import DATA, listed_person

CLOCK = "2024-09-24T10:00:00+04:00"
MOMENT = datetime.datetime.fromisoformat(CLOCK)


def test_the_alert_page_shows_the_date_the_list_was_published(world, commit, submit, client):
    watch_list = lists.watch_list_get_or_create(name="UN Security Council Consolidated List")
    commit(lists.watch_list_import, actor=world.officer, watch_list=watch_list, file_name="un-extract.xml",
           content=(DATA / "un-extract.xml").read_bytes(), published="2026-02-27")
    alert = submit(person=listed_person()).alerts.get()
    client.force_login(world.officer)
    page = client.get(f"/vetting/alerts/{alert.pk}/").content.decode()
    assert "UN Security Council Consolidated List v1 (2026-02-27)" in page


def test_without_a_publication_date_the_alert_page_shows_the_import_day(world, commit, submit, client, settings):
    settings.PAVILION_CLOCK = "2024-09-23T22:30:00+00:00"  # already the 24th in Baku
    watch_list = lists.watch_list_get_or_create(name="UN Consolidated List")
    commit(lists.watch_list_import, actor=world.officer, watch_list=watch_list, file_name="un-extract.xml",
           content=(DATA / "un-extract.xml").read_bytes())
    alert = submit(person=listed_person()).alerts.get()
    client.force_login(world.officer)
    page = client.get(f"/vetting/alerts/{alert.pk}/").content.decode()
    assert "UN Consolidated List v1 (imported 2024-09-24)" in page


def test_imports_decisions_delegations_and_submissions_take_the_pavilion_clock(world, commit, submit, settings,
                                                                             client):
    settings.PAVILION_CLOCK = CLOCK
    watch_list = lists.watch_list_get_or_create(name="UN Consolidated List")
    commit(lists.watch_list_import, actor=world.officer, watch_list=watch_list, file_name="un-extract.xml",
           content=(DATA / "un-extract.xml").read_bytes())
    assert WatchListVersion.objects.get().imported_at == MOMENT
    registration = submit(person=listed_person())
    assert Registration.objects.get(pk=registration.pk).submitted_at == MOMENT
    assert Registration.objects.get(pk=registration.pk).screened_at == MOMENT
    decision = decisions.alert_decide(actor=world.officer, alert=registration.alerts.get(), verdict="false-positive",
                                      reason="Different person: other birth date.")
    assert decision.decided_at == MOMENT
    from pavilion.registrations import services

    delegation = services.delegation_create(actor=world.organiser, event=world.event, country="TR",
                                            sending_body="MoD")
    assert Delegation.objects.get(pk=delegation.pk).created_at == MOMENT
    client.force_login(world.officer)
    page = client.get(f"/vetting/alerts/{registration.alerts.get().pk}/").content.decode()
    assert "2024-09-24 10:00 · sec" in page  # the decision in Baku time, the event's time zone
