"""Calendars: one session, the public programme and the personal programme, parsed back."""

import datetime

import icalendar
from django.urls import reverse

from pavilion.programme import seats, services
from pavilion.programme.models import Session
from tests.programme.support import baku


def _parse(response) -> icalendar.Calendar:
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def _events(calendar) -> list:
    return [component for component in calendar.walk("VEVENT")]


def test_one_session_in_baku_time_with_its_room(client, programme):
    session = programme.session(abstract_en="Radars and missiles.", speakers=[(programme.speakers[0], "chair")])
    client.cookies["django_language"] = "ru"
    calendar = _parse(client.get(reverse("programme:session_ics", args=[programme.world.event.slug, session.pk])))
    [timezone] = calendar.walk("VTIMEZONE")
    assert str(timezone["TZID"]) == "Asia/Baku"
    [event] = _events(calendar)
    start = event.decoded("DTSTART")
    assert start == baku(24, 10) and str(start.tzinfo) == "Asia/Baku"
    assert event.decoded("DTEND") - start == datetime.timedelta(hours=1)
    assert str(event["SUMMARY"]) == "Панель по ПВО" and str(event["LOCATION"]) == "Конференц-зал A"
    assert "Elnur Qasımov" in str(event["DESCRIPTION"])
    assert str(event["URL"]).endswith(f"/programme/sessions/{session.pk}/")


def test_the_public_programme_has_every_published_session_and_marks_cancelled_ones(client, programme):
    programme.session(title_en="First")
    cancelled = programme.session(title_en="Second", starts_at=baku(25, 10), ends_at=baku(25, 11))
    services.session_update(actor=None, session=cancelled, status=Session.Status.CANCELLED)
    programme.session(title_en="Draft", starts_at=baku(26, 10), ends_at=baku(26, 11), status=Session.Status.DRAFT)
    calendar = _parse(client.get(reverse("programme:ics", args=[programme.world.event.slug])))
    found = {str(event["SUMMARY"]): str(event["STATUS"]) for event in _events(calendar)}
    assert found == {"First": "CONFIRMED", "Second": "CANCELLED"}


def test_the_personal_programme_holds_the_bookmarked_sessions_only(client, programme, commit):
    user = programme.world.visitor
    registration = programme.person(commit, user=user)
    kept = programme.session(title_en="Kept")
    programme.session(title_en="Not bookmarked", room=programme.small_room)
    seats.bookmark_add(actor=user, session=kept, registration=registration)
    url = reverse("programme:mine_ics", args=[programme.world.event.slug])
    assert client.get(url).status_code == 302
    client.force_login(user)
    calendar = _parse(client.get(url))
    assert [str(event["SUMMARY"]) for event in _events(calendar)] == ["Kept"]
    assert str(_events(calendar)[0]["UID"]).startswith(f"session-{kept.pk}-")


def test_the_personal_programme_marks_places_not_yet_certain_as_tentative(client, programme, commit):
    user = programme.world.visitor
    registration = programme.person(commit, user=user)
    full = programme.session(title_en="Full", room=programme.small_room, admission=Session.Admission.REGISTERED)
    for _ in range(2):
        seats.bookmark_add(actor=None, session=full, registration=programme.person(commit))
    seated = programme.session(title_en="Seated", starts_at=baku(24, 12), ends_at=baku(24, 13),
                               admission=Session.Admission.REGISTERED)
    invitation = programme.session(title_en="Invitation", starts_at=baku(25, 10), ends_at=baku(25, 11),
                                   admission=Session.Admission.INVITATION)
    invited = programme.session(title_en="Invited", starts_at=baku(25, 12), ends_at=baku(25, 13),
                                admission=Session.Admission.INVITATION)
    badge = programme.session(title_en="Badge", starts_at=baku(26, 10), ends_at=baku(26, 11))
    called_off = programme.session(title_en="Called off", starts_at=baku(26, 12), ends_at=baku(26, 13),
                                   admission=Session.Admission.REGISTERED)
    for session in (full, seated, invitation, badge, called_off):
        seats.bookmark_add(actor=user, session=session, registration=registration)
    seats.session_invite(actor=None, session=invited, registration=registration)
    services.session_update(actor=None, session=called_off, status=Session.Status.CANCELLED)
    client.force_login(user)
    calendar = _parse(client.get(reverse("programme:mine_ics", args=[programme.world.event.slug])))
    found = {str(event["SUMMARY"]): str(event["STATUS"]) for event in _events(calendar)}
    assert found == {"Full": "TENTATIVE", "Seated": "CONFIRMED", "Invitation": "TENTATIVE", "Invited": "CONFIRMED",
                     "Badge": "CONFIRMED", "Called off": "CANCELLED"}
