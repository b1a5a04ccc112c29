import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pavilion.core.models import AuditEntry
from pavilion.meetings.models import MeetingLocation
from pavilion.meetings.services.locations import location_create, location_set_active, locations_add_tables
from tests.factories import HallFactory, VenueFactory
from tests.meetings.schedule_factories import schedule_fixture  # noqa: F401


def test_tables_are_added_in_bulk_and_numbered_on(schedule):
    first = locations_add_tables(actor=schedule.organiser, event=schedule.event, hall=schedule.hall, count=3)
    assert [table.code for table in first] == ["T-01", "T-02", "T-03"]
    MeetingLocation.objects.filter(code="T-02").delete()
    more = locations_add_tables(actor=schedule.organiser, event=schedule.event, hall=schedule.hall, count=2)
    assert [table.code for table in more] == ["T-02", "T-04"]
    assert AuditEntry.objects.filter(action="meeting_locations.add_tables").count() == 2


@pytest.mark.parametrize(("call", "words"), [
    (lambda s: locations_add_tables(actor=s.organiser, event=s.event, hall=s.hall, count=0), "between 1 and"),
    (lambda s: locations_add_tables(actor=s.organiser, event=s.event, hall=HallFactory(venue=VenueFactory(name="Elsewhere")),
                                    count=2), "not in the event's venue"),
    (lambda s: location_create(actor=s.organiser, event=s.event, kind="stand", code="x", name_en="x"), "Choose the stand"),
    (lambda s: location_create(actor=s.organiser, event=s.event, kind="moon", code="x", name_en="x"), "secure room"),
    (lambda s: location_create(actor=s.organiser, event=s.event, kind="table", code="!!", name_en="x"),
     "Latin letters, digits and hyphens"),
    (lambda s: locations_add_tables(actor=s.organiser, event=s.event, hall=s.hall, count=2, prefix="Ş!"),
     "Latin letters, digits and hyphens"),  # not silently made "S"
])
def test_bad_locations_are_refused_and_nothing_is_added(schedule, call, words):
    with pytest.raises(ValidationError) as error:
        call(schedule)
    assert words in " ".join(error.value.messages)
    assert not MeetingLocation.objects.exists()


def test_a_duplicate_code_is_refused_and_a_location_can_be_taken_out_of_use(schedule):
    room = location_create(actor=schedule.organiser, event=schedule.event, kind="secure-room", code="secure-1",
                           name_en="Secure room", hall=schedule.secure_hall)
    with pytest.raises(ValidationError, match="already a location"):
        location_create(actor=schedule.organiser, event=schedule.event, kind="secure-room", code="secure-1", name_en="x")
    location_set_active(actor=schedule.organiser, location=room, active=False)
    room.refresh_from_db()
    assert not room.is_active


def test_the_pages_add_locations_and_report_bad_input(client, schedule, django_assert_num_queries):
    client.force_login(schedule.organiser)
    url = reverse("meetings:schedule_locations", args=[schedule.event.slug])
    response = client.post(url, {"action": "tables", "hall": schedule.hall.pk, "count": "0", "prefix": "T",
                                 "capacity": "4"})
    assert response.status_code == 400 and not MeetingLocation.objects.exists()
    assert client.post(url, {"action": "tables", "hall": schedule.hall.pk, "count": "12", "prefix": "B2B",
                             "capacity": "4"}).status_code == 302
    assert client.post(url, {"action": "location", "kind": "secure-room", "code": "secure-1", "name_en": "Room 1",
                             "name_ru": "Переговорная 1", "hall": schedule.secure_hall.pk,
                             "capacity": "8"}).status_code == 302
    assert MeetingLocation.objects.count() == 13
    # Tables are named in every language whoever adds them; a room in the languages it was given.
    table = MeetingLocation.objects.get(code="B2B-01")
    assert (table.name_en, table.name_az, table.name_ru) == ("Table B2B-01", "Masa B2B-01", "Стол B2B-01")
    russian = client.get(url, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Стол B2B-01" in russian and "Переговорная 1" in russian
    assert "Room 1" in client.get(url, HTTP_ACCEPT_LANGUAGE="az").content.decode()  # no Azerbaijani name: English
    with django_assert_num_queries(8):
        page = client.get(url)
    assert "B2B-12" in page.content.decode()


def test_the_slot_page_query_count_does_not_grow_with_slots(client, schedule, django_assert_num_queries):
    client.force_login(schedule.organiser)
    url = reverse("meetings:schedule_slots", args=[schedule.event.slug])
    schedule.slots(days=(24,))
    with django_assert_num_queries(5):
        client.get(url)
    schedule.slots(days=(25, 26), end=(18, 0))
    with django_assert_num_queries(5):
        assert client.get(url).status_code == 200


def test_a_code_is_kept_as_typed_and_a_duplicate_in_other_letters_is_refused(schedule):
    room = location_create(actor=schedule.organiser, event=schedule.event, kind="secure-room", code="SR-9",
                           name_en="Secure room 9")
    assert room.code == "SR-9"
    with pytest.raises(ValidationError, match="already a location with the code sr-9"):
        location_create(actor=schedule.organiser, event=schedule.event, kind="secure-room", code="sr-9", name_en="x")


def test_tables_are_numbered_past_a_code_in_other_letters(schedule):
    location_create(actor=schedule.organiser, event=schedule.event, kind="secure-room", code="t-01", name_en="Room")
    [table] = locations_add_tables(actor=schedule.organiser, event=schedule.event, hall=schedule.hall, count=1)
    assert table.code == "T-02"
