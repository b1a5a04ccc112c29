"""The organiser or the delegation's liaison corrects a delegation's details on its page (its country
stays; only the organiser hands it to another liaison) and takes visits off its programme."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from pavilion.core import roles
from pavilion.core.models import AuditEntry
from pavilion.registrations import services
from pavilion.registrations.models import Delegation, DelegationVisit
from tests.factories import UserFactory

UTC = datetime.UTC


@pytest.fixture
def delegation(world):
    made = services.delegation_create(
        actor=world.organiser, event=world.event, country="TR", sending_body="Ministry of National Defence",
        liaison=world.liaison, liaison_officer="Captain Aliyev", arrival=datetime.datetime(2024, 9, 23, 14, 0, tzinfo=UTC),
        departure=datetime.datetime(2024, 9, 26, 8, 0, tzinfo=UTC))
    services.delegation_visit_add(actor=world.organiser, delegation=made, title="Stand visit", exhibitor=None,
                                  place="Hall 1", starts_at=datetime.datetime(2024, 9, 24, 7, 0, tzinfo=UTC),
                                  ends_at=datetime.datetime(2024, 9, 24, 7, 30, tzinfo=UTC))
    return made


def details(**changes):
    values = {"form": "details", "sending_body": "Ministry of National Defence", "liaison_officer": "Captain Aliyev",
              "liaison_officer_phone": "", "arrival": "2024-09-23T18:00", "departure": "2024-09-26T12:00",
              "interpreter_languages": "tr, az", "notes": ""}
    values.update(changes)
    return values


def test_the_liaison_corrects_the_details_in_the_events_time(world, client, delegation):
    client.force_login(world.liaison)
    page = client.get(f"/delegations/{delegation.pk}/").content.decode()
    # The form shows the stored times as the browser's date-time field reads them, in Baku time.
    assert 'value="2024-09-23T18:00"' in page and 'value="2024-09-26T12:00"' in page
    response = client.post(f"/delegations/{delegation.pk}/", details(
        departure="2024-09-26T20:00", liaison_officer_phone="+994 50 000 00 00", country="BY"), follow=True)
    assert "The delegation&#x27;s details are saved." in response.content.decode()
    delegation.refresh_from_db()
    assert delegation.departure == datetime.datetime(2024, 9, 26, 16, 0, tzinfo=UTC)
    assert delegation.arrival == datetime.datetime(2024, 9, 23, 14, 0, tzinfo=UTC)  # unchanged, kept
    assert delegation.country.code == "TR" and delegation.interpreter_languages == "tr, az"
    assert delegation.liaison == world.liaison  # a liaison's form has no liaison field: it stays theirs
    entry = AuditEntry.objects.get(action="delegation.update")
    assert entry.after["changed"] == ["liaison_officer_phone", "departure", "interpreter_languages"]
    assert "+994" not in str(entry.before) + str(entry.after)  # the escort officer's phone is not kept


@pytest.mark.parametrize("changes, field", [
    ({"departure": "2024-09-22T10:00"}, "departure"),  # before the arrival
    ({"arrival": "2031-09-23T18:00"}, "arrival"),  # a mistyped year
    ({"sending_body": ""}, "sending_body"),
    ({"sending_body": "general  staff"}, "sending_body"),  # another delegation of Türkiye's, typed again
])
def test_a_wrong_change_is_shown_on_its_field_and_changes_nothing(world, client, delegation, changes, field):
    services.delegation_create(actor=world.organiser, event=world.event, country="TR", sending_body="General Staff")
    client.force_login(world.organiser)
    response = client.post(f"/delegations/{delegation.pk}/", details(**changes))
    assert response.status_code == 400 and field in response.context["details_form"].errors
    page = response.content.decode()
    assert "<details id=\"delegation-details\" open>" in page
    assert "Ministry of National Defence" in page.split("<h1>")[1].split("</h1>")[0]  # the header shows what is saved
    stored = Delegation.objects.get(pk=delegation.pk)
    assert stored.sending_body == "Ministry of National Defence" and stored.departure.day == 26
    assert not AuditEntry.objects.filter(action="delegation.update").exists()


def test_only_the_organiser_hands_the_delegation_to_another_liaison(world, client, delegation):
    other = UserFactory(username="liaison2", role=roles.DELEGATION_LIAISON)
    with pytest.raises(PermissionDenied):
        services.delegation_update(actor=world.liaison, delegation=delegation, liaison=other)
    client.force_login(world.organiser)
    client.post(f"/delegations/{delegation.pk}/", details(liaison=other.pk))
    delegation.refresh_from_db()
    assert delegation.liaison == other
    # The former liaison no longer sees it; someone else's liaison cannot change it.
    client.force_login(world.liaison)
    assert client.post(f"/delegations/{delegation.pk}/", details(notes="x")).status_code == 403
    with pytest.raises(PermissionDenied):
        services.delegation_update(actor=world.visitor, delegation=delegation, notes="x")


def test_a_visit_is_taken_off_the_programme(world, client, delegation):
    visit = delegation.programme.get()
    client.force_login(world.liaison)
    assert client.post(f"/delegations/{delegation.pk}/", {"form": "visit-delete", "visit": "abc"}).status_code == 404
    assert client.post(f"/delegations/{delegation.pk}/",
                       {"form": "visit-delete", "visit": str(10**30)}).status_code == 404
    response = client.post(f"/delegations/{delegation.pk}/", {"form": "visit-delete", "visit": visit.pk}, follow=True)
    assert "The visit Stand visit is taken off the programme." in response.content.decode()
    assert not DelegationVisit.objects.exists()
    assert AuditEntry.objects.filter(action="delegation.visit_delete", object_id=str(visit.pk)).exists()
    client.force_login(UserFactory(username="sec", role=roles.SECURITY_OFFICER))  # sees, does not change
    page = client.get(f"/delegations/{delegation.pk}/")
    assert page.status_code == 200 and "Change the delegation" not in page.content.decode()
