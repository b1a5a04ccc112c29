"""Admission to a session by the badge scan at the room's door (the hook in the accreditation
scan path): granted and counted, or denied with `not_on_session_list` or `session_full`."""

import pytest

from pavilion.accreditation import services as accreditation_services
from pavilion.accreditation.models import Scan
from pavilion.programme import seats, selectors
from pavilion.programme.models import Session, SessionAdmission
from tests.programme.support import baku


@pytest.fixture
def door(gates, programme):
    """A scanner at the door of room A (its session runs 11:45–13:00; the clock says 12:00)."""
    _device, token = accreditation_services.device_enrol(actor=programme.world.organiser, gate=programme.door,
                                                         name="Room A door scanner")
    return token


def _at_door(scan, badge, token, programme, **kwargs):
    return scan(badge.token, gate=programme.door, token=token, **kwargs)


def test_a_registered_session_admits_only_confirmed_seats(programme, door, scan, badge_of):
    session = programme.session(admission=Session.Admission.REGISTERED, starts_at=baku(24, 11, 45),
                                ends_at=baku(24, 13))
    seated, stranger = badge_of(), badge_of()
    seats.bookmark_add(actor=None, session=session, registration=seated.registration)

    denied = _at_door(scan, stranger, door, programme)
    assert (denied["result"], denied["reason"], denied["detail"]) == ("denied", "zone_not_granted", "not_on_session_list")
    assert denied["badge"]["serial"] == stranger.serial
    granted = _at_door(scan, seated, door, programme)
    assert (granted["result"], granted["reason"]) == ("granted", None)

    records = {(a.badge_serial, a.result, a.reason) for a in SessionAdmission.objects.filter(session=session)}
    assert records == {(stranger.serial, "denied", "not_on_session_list"), (seated.serial, "granted", "")}
    assert Scan.objects.filter(gate=programme.door, result="denied", reason="not_on_session_list").count() == 1
    counted = selectors.sessions_with_attendance(programme.world.event).get(pk=session.pk)
    assert (counted.admitted, counted.refused, counted.seats_taken) == (1, 1, 1)


def test_a_full_room_refuses_the_next_badge_but_lets_the_admitted_back_in(programme, scan, badge_of, gates):
    _device, token = accreditation_services.device_enrol(actor=programme.world.organiser,
                                                         gate=programme.small_room.gate, name="Room B door")
    session = programme.session(room=programme.small_room, admission=Session.Admission.BADGE,
                                starts_at=baku(24, 12), ends_at=baku(24, 13))
    first, second, third = badge_of(), badge_of(), badge_of()
    gate = programme.small_room.gate
    assert scan(first.token, gate=gate, token=token)["result"] == "granted"
    assert scan(second.token, gate=gate, token=token)["result"] == "granted"
    full = scan(third.token, gate=gate, token=token)
    assert (full["result"], full["reason"], full["detail"]) == ("denied", "zone_not_granted", "session_full")
    assert scan(first.token, gate=gate, token=token, direction="out")["result"] == "granted"
    assert scan(first.token, gate=gate, token=token)["result"] == "granted"  # back to their seat
    counted = selectors.sessions_with_attendance(programme.world.event).get(pk=session.pk)
    assert (counted.admitted, counted.refused) == (2, 1)
    # the exit scan is no admission
    assert SessionAdmission.objects.filter(session=session).count() == 4


def test_doors_open_twenty_minutes_before_and_no_session_means_no_admission(programme, door, scan, badge_of, settings):
    later = programme.session(admission=Session.Admission.REGISTERED, starts_at=baku(24, 12, 30),
                              ends_at=baku(24, 13, 30))
    badge = badge_of()
    # 12:00: the 12:30 session's doors are not open yet: a plain entry into the zone
    assert _at_door(scan, badge, door, programme)["result"] == "granted"
    assert not SessionAdmission.objects.exists()
    settings.PAVILION_CLOCK = baku(24, 12, 15).isoformat()
    answer = _at_door(scan, badge, door, programme)
    assert answer["detail"] == "not_on_session_list"
    assert SessionAdmission.objects.get().session == later


def test_invitation_sessions_admit_the_invited_and_drafts_admit_nobody_in_particular(programme, door, scan, badge_of):
    ceremony = programme.session(kind="ceremony", admission=Session.Admission.INVITATION,
                                 starts_at=baku(24, 11, 30), ends_at=baku(24, 13))
    guest, visitor = badge_of(), badge_of()
    saved = seats.bookmark_add(actor=None, session=ceremony, registration=visitor.registration)
    assert saved.status == "saved"  # a bookmark of an invitation-only session is no invitation
    seats.session_invite(actor=programme.world.organiser, session=ceremony, registration=guest.registration)
    assert _at_door(scan, guest, door, programme)["result"] == "granted"
    assert _at_door(scan, visitor, door, programme)["detail"] == "not_on_session_list"


def test_a_draft_session_is_not_scanned_for(programme, door, scan, badge_of):
    programme.session(status=Session.Status.DRAFT, admission=Session.Admission.REGISTERED,
                      starts_at=baku(24, 11, 30), ends_at=baku(24, 13))
    assert _at_door(scan, badge_of(), door, programme)["result"] == "granted"
    assert not SessionAdmission.objects.exists()


def test_the_same_nonce_twice_records_one_admission(programme, door, scan, badge_of):
    programme.session(admission=Session.Admission.REGISTERED, starts_at=baku(24, 11, 30), ends_at=baku(24, 13))
    badge = badge_of()
    first = _at_door(scan, badge, door, programme, nonce="same-nonce")
    again = _at_door(scan, badge, door, programme, nonce="same-nonce")
    assert first == again and first["detail"] == "not_on_session_list"
    assert SessionAdmission.objects.count() == 1


@pytest.mark.parametrize("language, words", [("en", "not on the session&#x27;s list"), ("ru", "нет в списке сессии")])
def test_the_attendance_page_gives_a_refusal_in_words(client, programme, door, scan, badge_of, language, words):
    """The door's reason reads as words in the page's language, not as its code `not_on_session_list`."""
    from django.urls import reverse

    session = programme.session(admission=Session.Admission.REGISTERED, starts_at=baku(24, 11, 45),
                                ends_at=baku(24, 13))
    _at_door(scan, badge_of(), door, programme)
    client.force_login(programme.world.organiser)
    client.cookies["django_language"] = language
    page = client.get(reverse("programme:organiser_attendance",
                              args=[programme.world.event.slug, session.pk])).content.decode()
    assert words in page and "not_on_session_list" not in page
