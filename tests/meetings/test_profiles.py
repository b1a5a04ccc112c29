"""Meeting profiles: offers, seeks and availability within the event; who edits whose."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pavilion.core.models import AuditEntry
from pavilion.exhibitors.models import ProductCategory
from pavilion.meetings.models import Availability, MeetingProfile
from pavilion.meetings.services.profiles import ProfileData, profile_save
from tests.meetings.factories import make_world, participant


@pytest.fixture
def world(db, settings):
    return make_world(settings)


def day(number: int) -> datetime.date:
    return datetime.date(2024, 9, 23 + number)  # the factory event runs 24 to 26 September 2024


def test_a_profile_is_saved_with_its_availability_and_audited(world):
    protective = ProductCategory.objects.get(slug="protective-equipment")
    profile = profile_save(actor=world.visitor_user, registration=world.visitor, data=ProfileData(
        headline="Police procurement", about="Body armour and helmets", seeks_categories=[protective],
        seeks_controls=["ml13", " 5a002 "], countries=["tr", "IT"], languages="az, en",
        availability=[(day(1), datetime.time(9), datetime.time(12)), (day(1), datetime.time(14), datetime.time(17)),
                      (day(3), datetime.time(10), datetime.time(16))]))
    assert list(profile.seeks_categories.all()) == [protective]
    assert (profile.seeks_controls, profile.countries) == (["ML13", "5A002"], ["TR", "IT"])
    assert profile.availability.count() == 3
    entry = AuditEntry.objects.get(action="meeting_profile.save")  # the first save
    assert entry.actor == world.visitor_user and entry.after["seeks_categories"] == ["protective-equipment"]
    # Saving again replaces the availability instead of adding to it.
    profile_save(actor=None, registration=world.visitor, data=ProfileData(
        availability=[(day(2), datetime.time(9), datetime.time(10))]))
    assert [str(a) for a in Availability.objects.all()] == ["2024-09-25 09:00:00–10:00:00"]


@pytest.mark.parametrize(("data", "message"), [
    (ProfileData(seeks_controls=["ML99"]), "not a Munitions List category"),
    (ProfileData(offers_controls=["5Z999"]), "dual-use"),
    (ProfileData(countries=["XX"]), "not a country code"),
    (ProfileData(availability=[(datetime.date(2024, 9, 27), datetime.time(9), datetime.time(10))]),
     "not a day of the event"),
    (ProfileData(availability=[(datetime.date(2024, 9, 24), datetime.time(11), datetime.time(10))]),
     "end after it starts"),
    (ProfileData(availability=[(datetime.date(2024, 9, 24), datetime.time(9), datetime.time(12)),
                               (datetime.date(2024, 9, 24), datetime.time(11), datetime.time(13))]), "overlap"),
    (ProfileData(seeks_categories=[999999]), "taxonomy"),
    (ProfileData(max_meetings=0), "Between 1 and 40"),
])
def test_bad_profiles_are_refused_and_nothing_is_saved(world, data, message):
    audited = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as error:
        profile_save(actor=None, registration=world.visitor, data=data)
    assert message in " ".join(error.value.messages)
    assert not MeetingProfile.objects.exists() and AuditEntry.objects.count() == audited


def test_only_participants_have_a_profile(world):
    for registration in (participant(world.event, "trade-visitor", status="in-review"),
                         participant(world.event, "contractor")):
        with pytest.raises(PermissionDenied):
            profile_save(actor=None, registration=registration, data=ProfileData())


def test_the_profile_page_saves_for_the_person_it_acts_for(world, client):
    client.force_login(world.visitor_user)
    page = client.get(f"/events/{world.event.slug}/meetings/profile/")
    assert page.status_code == 200 and 'name="start_20240924"' in page.content.decode()
    protective = ProductCategory.objects.get(slug="protective-equipment")
    response = client.post(f"/events/{world.event.slug}/meetings/profile/", {
        "is_listed": "on", "headline": "Buyer", "about": "Armour", "seeks_categories": [protective.pk],
        "seeks_controls": "ML13", "start_20240925": "09:00", "end_20240925": "12:00"})
    assert response.status_code == 302
    profile = MeetingProfile.objects.get(registration=world.visitor)
    assert profile.headline == "Buyer" and [str(a.day) for a in profile.availability.all()] == ["2024-09-25"]
    bad = client.post(f"/events/{world.event.slug}/meetings/profile/", {"seeks_controls": "ML77",
                                                                       "start_20240925": "09:00"})
    assert bad.status_code == 200
    text = bad.content.decode()
    assert "not a Munitions List category" in text or "Give both times" in text
    profile.refresh_from_db()
    assert profile.headline == "Buyer"


def test_the_liaison_edits_the_head_of_delegation_and_the_exhibitor_its_staff(world, client):
    client.force_login(world.liaison)
    page = client.get(f"/events/{world.event.slug}/meetings/profile/")
    assert page.status_code == 200 and world.belarus.person.full_name in page.content.decode()
    client.force_login(world.arms_user)
    page = client.get(f"/events/{world.event.slug}/meetings/profile/?as={world.arms_staff2.pk}")
    assert page.status_code == 200 and world.arms_staff2.person.full_name in page.content.decode()
    # Not someone else's participant, and not without a participant at all.
    assert client.get(f"/events/{world.event.slug}/meetings/profile/?as={world.visitor.pk}").status_code == 403
    client.force_login(world.stranger)
    assert client.get(f"/events/{world.event.slug}/meetings/profile/").status_code == 403


@pytest.mark.parametrize(("language", "name"), [("en", "Türkiye"), ("ru", "Турция"), ("az", "Türkiyə")])
def test_the_countries_of_interest_are_named_in_the_page_language(world, client, language, name):
    """The choices are read when the form is shown, not once at import (then every page had the
    language active at start-up: English)."""
    client.force_login(world.visitor_user)
    page = client.get(f"/events/{world.event.slug}/meetings/profile/", HTTP_ACCEPT_LANGUAGE=language)
    assert f'<option value="TR">{name}</option>' in page.content.decode()
