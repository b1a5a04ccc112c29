import datetime
import zoneinfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from pavilion.core import roles
from pavilion.core.services import api_token_create
from pavilion.meetings.models import Meeting
from tests.factories import UserFactory
from tests.meetings.schedule_factories import schedule_fixture  # noqa: F401


@pytest.fixture
def published(schedule):
    """Three published meetings of Leyla (a visitor with an account) with others; one other meeting."""
    schedule.slots()
    schedule.tables(3)
    leyla = schedule.person(user=UserFactory(username="leyla", role=roles.TRADE_VISITOR), given="Leyla",
                            family="Məmmədova", organisation="Xəzər Trading")
    others = [schedule.person(given="Ivan", family=f"Петров{index}", organisation=f"Company {index}")
              for index in range(3)]
    for other in others:
        schedule.request(leyla, other)
    schedule.request(others[0], others[1])
    schedule.publish(schedule.run())
    assert Meeting.objects.filter(status="scheduled").count() == 4
    return leyla, others


def ics(client, schedule, registration, **headers):
    return client.get(reverse("api:agenda_ics", kwargs={"event": schedule.event.slug,
                                                        "participant": registration.pk}), **headers)


def test_the_ics_parses_back_with_time_zone_location_and_the_other_participants(client, schedule, published):
    leyla, others = published
    client.force_login(leyla.person.user)
    response = ics(client, schedule, leyla)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    [timezone] = calendar.walk("VTIMEZONE")
    assert timezone["TZID"] == "Asia/Baku"
    events = calendar.walk("VEVENT")
    assert len(events) == 3
    meetings = {meeting.pk: meeting for meeting in Meeting.objects.filter(attendance__registration=leyla)}
    names = set()
    for entry in events:
        meeting = meetings[int(str(entry["UID"]).split("-")[1].split("@")[0])]
        start = entry.decoded("DTSTART")
        assert start == meeting.starts_at and start.tzinfo.key == "Asia/Baku"
        assert entry["DTSTART"].params["TZID"] == "Asia/Baku"
        assert entry.decoded("DTEND") == meeting.ends_at
        assert str(entry["LOCATION"]).startswith(meeting.location.name)
        attendees = entry.get("ATTENDEE")
        attendees = attendees if isinstance(attendees, list) else [attendees]
        assert len(attendees) == 1 and str(attendees[0]) == "invalid:nomail"
        names.add(str(attendees[0].params["CN"]))
        assert "Leyla" not in str(entry["SUMMARY"]) and "Ivan Петров" in str(entry["DESCRIPTION"])
    assert names == {f"Ivan Петров{index} (Company {index})" for index in range(3)}
    text = response.content.decode()
    assert "@example.test" not in text and "mailto:" not in text  # no e-mail addresses of anybody


def test_nobody_reads_another_persons_agenda(client, schedule, published):
    leyla, others = published
    stranger = UserFactory(username="stranger", role=roles.TRADE_VISITOR)
    client.force_login(stranger)
    assert ics(client, schedule, leyla).status_code == 403
    assert ics(client, schedule, leyla).json()["detail"].startswith("participant")
    assert client.get(reverse("meetings:agenda", args=[schedule.event.slug, leyla.pk])).status_code == 404
    assert client.get(reverse("meetings:agenda_pdf", args=[schedule.event.slug, leyla.pk])).status_code == 404
    assert ics(client, schedule, others[0]).status_code == 403
    client.logout()
    assert ics(client, schedule, leyla).status_code == 401
    assert client.get(reverse("meetings:agenda", args=[schedule.event.slug, leyla.pk])).status_code == 302
    # The organiser reads anyone's, with a token as well.
    token = api_token_create(actor=schedule.organiser, user=schedule.organiser)
    response = ics(client, schedule, others[0], HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200 and len(Calendar.from_ical(response.content).walk("VEVENT")) == 2
    missing = client.get(reverse("api:agenda_ics", kwargs={"event": schedule.event.slug, "participant": 999999}),
                         HTTP_AUTHORIZATION=f"Token {token}")
    assert missing.status_code == 404 and "detail" in missing.json()
    assert client.get("/api/v1/events/nope/agenda/1.ics", HTTP_AUTHORIZATION=f"Token {token}").status_code == 404


def test_the_agenda_page_and_pdf(client, schedule, published, django_assert_num_queries):
    leyla, _others = published
    client.force_login(leyla.person.user)
    response = client.get(reverse("meetings:agenda_mine", args=[schedule.event.slug]))
    assert response.url == reverse("meetings:agenda", args=[schedule.event.slug, leyla.pk])
    with django_assert_num_queries(7):
        page = client.get(response.url)
    text = page.content.decode()
    zone = zoneinfo.ZoneInfo("Asia/Baku")
    for meeting in Meeting.objects.filter(attendance__registration=leyla):
        assert meeting.starts_at.astimezone(zone).strftime("%H:%M") in text
    assert "Ivan Петров0 (Company 0)" in text
    assert "@example.test" not in text
    pdf = client.get(reverse("meetings:agenda_pdf", args=[schedule.event.slug, leyla.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_agenda_page_does_one_query_per_page_not_per_meeting(client, schedule, published,
                                                                 django_assert_num_queries):
    leyla, others = published
    client.force_login(schedule.organiser)
    url = reverse("meetings:agenda", args=[schedule.event.slug, others[0].pk])
    # and two for the organiser's move: the slots and the locations it may choose
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200  # two meetings
    schedule.request(others[0], others[2])
    schedule.publish(schedule.run())
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200  # three meetings


def test_the_meeting_list_endpoint(client, schedule, published, django_assert_num_queries):
    token = api_token_create(actor=schedule.organiser, user=schedule.organiser)
    url = reverse("api:meeting_list", kwargs={"event": schedule.event.slug})
    with django_assert_num_queries(6):
        response = client.get(url, {"status": "scheduled"}, HTTP_AUTHORIZATION=f"Token {token}")
    body = response.json()
    assert response.status_code == 200 and body["count"] == 4 and len(body["items"]) == 4
    leyla, others = published
    item = body["items"][0]
    assert set(item) >= {"id", "participants", "start", "end", "location", "status"}
    assert item["status"] == "scheduled" and item["start"].endswith("+04:00")
    assert datetime.datetime.fromisoformat(item["end"]) > datetime.datetime.fromisoformat(item["start"])
    assert any(set(entry["participants"]) == {leyla.pk, others[0].pk} for entry in body["items"])
    page = client.get(url, {"limit": 2, "offset": 3}, HTTP_AUTHORIZATION=f"Token {token}").json()
    assert page["count"] == 4 and len(page["items"]) == 1
    assert client.get(url, {"status": "bogus"}, HTTP_AUTHORIZATION=f"Token {token}").status_code == 422
    assert client.get(url, {"limit": 501}, HTTP_AUTHORIZATION=f"Token {token}").status_code == 422
    visitor_token = api_token_create(actor=leyla.person.user, user=leyla.person.user)
    assert client.get(url, HTTP_AUTHORIZATION=f"Token {visitor_token}").status_code == 403
    assert client.get(url).status_code == 401


@pytest.mark.parametrize("target", ["-1", "agenda", "/x\x00y"])
def test_a_cancel_with_a_next_that_is_no_local_address_goes_to_the_agenda(client, schedule, published, target):
    """redirect() took `-1` or `agenda` for a URL pattern's name: a 500 after the meeting was cancelled."""
    leyla, _others = published
    own = Meeting.objects.filter(attendance__registration=leyla).first()
    client.force_login(leyla.person.user)
    url = reverse("meetings:schedule_meeting_cancel", args=[schedule.event.slug, own.pk])
    response = client.post(url, {"reason": "flight changed", "next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:agenda_mine", args=[schedule.event.slug])


def test_a_participant_may_cancel_their_own_meeting_but_not_others(client, schedule, published):
    leyla, others = published
    own = Meeting.objects.filter(attendance__registration=leyla).first()
    foreign = Meeting.objects.exclude(attendance__registration=leyla).get()
    client.force_login(leyla.person.user)
    url = reverse("meetings:schedule_meeting_cancel", args=[schedule.event.slug, foreign.pk])
    assert client.post(url, {"reason": "no"}).status_code == 403
    url = reverse("meetings:schedule_meeting_cancel", args=[schedule.event.slug, own.pk])
    response = client.post(url, {"reason": "flight changed", "next": "https://evil.example/"})
    assert response.status_code == 302 and "evil" not in response.url
    own.refresh_from_db()
    assert own.status == "cancelled" and not own.occupancy.exists()
    assert Calendar.from_ical(ics(client, schedule, leyla).content).walk("VEVENT").__len__() == 2
