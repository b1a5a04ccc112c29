"""Seats of sessions for registered attendees: the waiting list moves up whenever seats appear (a
bigger room, a move to a bigger room, a seat given up), first come first served, and a newcomer
queues behind it; a change of admission seats or resets the bookmarks already made."""

import pytest
from django.core.exceptions import ValidationError

from pavilion.accreditation import services as accreditation_services
from pavilion.core.models import AuditEntry
from pavilion.programme import seats, services
from pavilion.programme.models import Bookmark, Room, Session
from tests.programme.support import baku


def _states(session, people) -> list[str]:
    found = dict(Bookmark.objects.filter(session=session).values_list("registration_id", "status"))
    return [found.get(person.pk, "") for person in people]


def _booked(programme, commit, count, **fields):
    """A session in the briefing room (2 seats) for registered attendees, and `count` people who added it."""
    session = programme.session(room=programme.small_room, admission=Session.Admission.REGISTERED, **fields)
    people = [programme.person(commit) for _ in range(count)]
    for person in people:
        seats.bookmark_add(actor=None, session=session, registration=person)
    return session, people


def test_a_bigger_room_seats_the_waiting_list_in_order(programme, commit):
    session, people = _booked(programme, commit, 5)
    called_off, others = _booked(programme, commit, 3, starts_at=baku(25, 10), ends_at=baku(25, 11))
    services.session_update(actor=None, session=called_off, status=Session.Status.CANCELLED)
    assert _states(session, people) == ["confirmed"] * 2 + ["waitlisted"] * 3
    services.room_update(actor=programme.world.organiser, room=programme.small_room, capacity=4)
    assert _states(session, people) == ["confirmed"] * 4 + ["waitlisted"]
    assert _states(called_off, others) == ["confirmed", "confirmed", "waitlisted"]  # a cancelled one stays
    assert AuditEntry.objects.filter(action="bookmark.promote").count() == 2
    newcomer = programme.person(commit)
    assert seats.bookmark_add(actor=None, session=session, registration=newcomer).status == "waitlisted"


def test_a_move_to_a_bigger_room_seats_the_waiting_list(programme, commit):
    session, people = _booked(programme, commit, 4)
    services.session_update(actor=programme.world.organiser, session=session, room=programme.room)
    assert _states(session, people) == ["confirmed"] * 4


def test_a_newcomer_queues_behind_those_already_waiting(programme, commit):
    session, people = _booked(programme, commit, 4)
    Room.objects.filter(pk=programme.small_room.pk).update(capacity=3)  # a seat appeared, nobody moved up yet
    newcomer = programme.person(commit)
    assert seats.bookmark_add(actor=None, session=session, registration=newcomer).status == "waitlisted"
    assert _states(session, [*people, newcomer]) == ["confirmed"] * 3 + ["waitlisted"] * 2


def test_giving_up_a_seat_fills_every_free_seat(programme, commit):
    session, people = _booked(programme, commit, 5)
    Room.objects.filter(pk=programme.small_room.pk).update(capacity=4)
    promoted = seats.bookmark_remove(actor=None, session=session, registration=people[0])
    assert promoted.registration == people[2]
    assert _states(session, people[1:]) == ["confirmed"] * 4


def test_a_session_becoming_for_registered_attendees_seats_its_bookmarks(programme, commit, scan, badge_of, gates):
    session = programme.session(room=programme.small_room, admission=Session.Admission.BADGE,
                                starts_at=baku(24, 11, 45), ends_at=baku(24, 13))
    badges = [badge_of() for _ in range(3)]
    people = [badge.registration for badge in badges]
    for person in people:
        seats.bookmark_add(actor=None, session=session, registration=person)
    assert _states(session, people) == ["saved"] * 3
    services.session_update(actor=programme.world.organiser, session=session, admission=Session.Admission.REGISTERED)
    assert _states(session, people) == ["confirmed", "confirmed", "waitlisted"]
    assert AuditEntry.objects.filter(action="bookmark.reseat").count() == 3
    # the first visitor who had saved it is now let in at the door, the one waiting is not
    gate = programme.small_room.gate
    _device, token = accreditation_services.device_enrol(actor=programme.world.organiser, gate=gate, name="B door")
    assert scan(badges[0].token, gate=gate, token=token)["result"] == "granted"
    assert scan(badges[2].token, gate=gate, token=token)["detail"] == "not_on_session_list"

    services.session_update(actor=programme.world.organiser, session=session, admission=Session.Admission.OPEN)
    assert _states(session, people) == ["saved"] * 3


def test_invited_guests_keep_their_seats_across_a_change_of_admission(programme, commit):
    session = programme.session(room=programme.small_room, admission=Session.Admission.INVITATION)
    saved = [programme.person(commit) for _ in range(2)]
    for person in saved:
        seats.bookmark_add(actor=None, session=session, registration=person)
    guest = programme.person(commit)
    seats.session_invite(actor=programme.world.organiser, session=session, registration=guest)
    people = [*saved, guest]
    services.session_update(actor=programme.world.organiser, session=session, admission=Session.Admission.REGISTERED)
    assert _states(session, people) == ["confirmed", "waitlisted", "confirmed"]
    services.session_update(actor=programme.world.organiser, session=session, admission=Session.Admission.INVITATION)
    assert _states(session, people) == ["saved", "saved", "confirmed"]


def test_a_speaker_cannot_be_renamed_into_another(programme):
    organiser = programme.world.organiser
    first, second, _third = programme.speakers
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.speaker_update(actor=organiser, speaker=second, name=" ELNUR  qasımov ")
    assert "already a speaker of this event" in caught.value.message_dict["name"][0]
    second.refresh_from_db()
    assert second.name == "Anna Kowalczyk" and AuditEntry.objects.count() == before
    with pytest.raises(ValidationError):
        services.speaker_update(actor=organiser, speaker=second, name="Elnur Qasımov", organisation_en="TEST systems")
    # a speaker's own name, another organisation, or a change of anything else is fine
    services.speaker_update(actor=organiser, speaker=first, name="ELNUR Qasımov", title_en="Chief engineer")
    services.speaker_update(actor=organiser, speaker=second, name="Elnur Qasımov", organisation_en="Other Institute")
