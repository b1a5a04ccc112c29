"""The delegation's pages as its liaison uses them: each member's name leads to their page, the list counts
the members who come, the edit page says whose registration it changes, and the escort officer is called
so on the form as on the page and the brief, with a phone that is a phone number."""

import pytest
from django.core.exceptions import ValidationError

from pavilion.core import roles
from pavilion.registrations import services
from pavilion.registrations.models import Delegation
from pavilion.registrations.views import status_url
from tests.factories import UserFactory
from tests.registrations.support import numbered_name, person


@pytest.fixture
def delegation(world):
    return services.delegation_create(actor=world.organiser, event=world.event, country="TR", liaison=world.liaison,
                                      sending_body="Ministry of National Defence")


def member(world, commit, delegation, given, order):
    return commit(services.registration_submit, actor=world.liaison, category=world.categories["delegation-member"],
                  delegation=delegation, details={"rank": "General", "position": "Chief", "protocol_order": order},
                  person=person(given_name=given, family_name="Karaca", nationality="TR",
                                document_number=f"U{order:08d}", document_country="TR"))


def test_the_liaison_reaches_each_members_page_from_the_delegation(world, commit, delegation, client):
    head = member(world, commit, delegation, "Orhan", 1)
    client.force_login(world.liaison)
    page = client.get(f"/delegations/{delegation.pk}/").content.decode()
    assert f'<a href="/registrations/{head.pk}/manage/">Orhan Karaca</a>' in page
    assert client.get(f"/registrations/{head.pk}/manage/").status_code == 200
    client.force_login(UserFactory(username="sec", role=roles.SECURITY_OFFICER))  # sees, does not manage
    page = client.get(f"/delegations/{delegation.pk}/").content.decode()
    assert "Orhan Karaca" in page and f"/registrations/{head.pk}/manage/" not in page


def test_the_list_counts_the_members_who_come(world, commit, delegation, client):
    member(world, commit, delegation, "Orhan", 1)
    refused = member(world, commit, delegation, "Selim", 2)
    withdrawn = member(world, commit, delegation, "Elif", 3)
    member(world, commit, delegation, "Can", 4)
    services.registration_reject(actor=world.organiser, registration=refused, reason="No.")
    services.registration_withdraw(actor=world.liaison, registration=withdrawn)
    client.force_login(world.liaison)
    page = client.get(f"/events/{world.event.slug}/delegations/").content.decode()
    row = page.split("Ministry of National Defence")[1].split("</tr>")[0]
    assert "<td>2</td>" in row


def test_the_edit_page_names_whose_registration_it_changes(world, commit, delegation, client):
    head = member(world, commit, delegation, "Orhan", 1)
    client.force_login(world.liaison)
    page = client.get(f"/registrations/{head.pk}/manage/edit/").content.decode()
    assert "<h1>Change the registration of Orhan Karaca</h1>" in page and "Change your registration" not in page
    client.logout()
    page = client.get(status_url(head) + "edit/").content.decode()  # the person's own link
    assert "<h1>Change your registration</h1>" in page


def details(**changes):
    return {"form": "details", "sending_body": "Ministry of National Defence", "liaison_officer": "Major Abbasov",
            "liaison_officer_phone": "+994 12 000 00 00", "arrival": "", "departure": "",
            "interpreter_languages": "", "notes": "", **changes}


def test_the_escort_officers_phone_is_a_phone_number(world, delegation, client):
    client.force_login(world.liaison)
    url = f"/delegations/{delegation.pk}/"
    response = client.post(url, details(liaison_officer_phone="call me maybe"))
    assert response.status_code == 400
    assert response.context["details_form"].errors["liaison_officer_phone"] == [
        "Give the phone number in digits with its country code, e.g. +994 12 345 67 89."]
    assert Delegation.objects.get(pk=delegation.pk).liaison_officer_phone == ""
    client.post(url, details(liaison_officer_phone="  +994 12  000 00 00 "))
    assert Delegation.objects.get(pk=delegation.pk).liaison_officer_phone == "+994 12 000 00 00"
    response = client.post(f"/events/{world.event.slug}/delegations/", {
        "country": "GE", "sending_body": "MoD", "liaison_officer_phone": "call me maybe"})
    assert "liaison_officer_phone" in response.context["form"].errors and not Delegation.objects.filter(
        country="GE").exists()
    with pytest.raises(ValidationError):  # the service too: the API or a script
        services.delegation_update(actor=world.liaison, delegation=delegation, liaison_officer_phone="12")
    with pytest.raises(ValidationError):
        services.delegation_create(actor=world.liaison, event=world.event, country="GE", sending_body="MoD",
                                   liaison_officer_phone="call me maybe")


def test_the_escort_officer_is_called_so_on_the_form(world, delegation, client):
    client.force_login(world.liaison)
    form = client.get(f"/delegations/{delegation.pk}/").context["details_form"]
    assert (form.fields["liaison_officer"].label, form.fields["liaison_officer_phone"].label) == (
        "Escort officer", "Escort officer's phone")
    page = client.get(f"/delegations/{delegation.pk}/").content.decode()
    assert "Liaison officer" not in page


def test_the_list_and_the_page_take_as_many_queries_for_many_members_and_visits(world, commit, client):
    """The member count is counted by the database, the visits' stands and meetings read at once: neither
    page asks once per delegation, member or visit."""
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    baku = datetime.timezone(datetime.timedelta(hours=4))
    client.force_login(world.liaison)

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    first = services.delegation_create(actor=world.organiser, event=world.event, country="TR",
                                       liaison=world.liaison, sending_body="MSB")
    member(world, commit, first, "Orhan", 1)
    services.delegation_visit_add(actor=world.liaison, delegation=first, title="Visit 1", exhibitor=world.exhibitor,
                                  place="", starts_at=datetime.datetime(2024, 9, 24, 10, tzinfo=baku),
                                  ends_at=datetime.datetime(2024, 9, 24, 11, tzinfo=baku))
    listed, shown = queries(f"/events/{world.event.slug}/delegations/"), queries(f"/delegations/{first.pk}/")
    for number, country in enumerate(["GE", "KZ", "PK"], start=2):
        other = services.delegation_create(actor=world.organiser, event=world.event, country=country,
                                           liaison=world.liaison, sending_body="MoD")
        member(world, commit, other, numbered_name("Member", number), 1)
        member(world, commit, first, numbered_name("Member", number), number)
        services.delegation_visit_add(
            actor=world.liaison, delegation=first, title=f"Visit {number}", exhibitor=world.other_exhibitor,
            place="", starts_at=datetime.datetime(2024, 9, 24, 10 + number, tzinfo=baku),
            ends_at=datetime.datetime(2024, 9, 24, 11 + number, tzinfo=baku))
    assert queries(f"/events/{world.event.slug}/delegations/") == listed
    assert queries(f"/delegations/{first.pk}/") == shown
