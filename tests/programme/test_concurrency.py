"""Simultaneous writes in real concurrent PostgreSQL transactions: one session per room and time,
one session per speaker and time, and never more confirmed seats than the room holds."""

import pytest
from django.core.exceptions import ValidationError

from pavilion.programme import seats
from pavilion.programme.models import Bookmark, Session
from tests.events.test_booking_race import race
from tests.programme.support import baku

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_one_of_four_simultaneous_sessions_in_one_room_wins(on_postgres, programme):
    calls = [lambda n=n: programme.session(title_en=f"Session {n}", starts_at=baku(24, 10, n * 5),
                                           ends_at=baku(24, 11)) for n in range(4)]
    results, errors = race(calls)
    assert sum(result is not None for result in results) == 1
    assert all(isinstance(error, ValidationError) for error in errors if error is not None), errors
    assert Session.objects.count() == 1


def test_a_speaker_cannot_be_booked_twice_by_two_rooms_at_once(on_postgres, programme):
    speaker = programme.speakers[0]
    calls = [lambda room=room: programme.session(title_en=room.code, room=room, speakers=[(speaker, "speaker")])
             for room in (programme.room, programme.small_room)]
    results, errors = race(calls)
    assert sum(result is not None for result in results) == 1
    [loser] = [error for error in errors if error is not None]
    assert "Elnur Qasımov already speaks" in loser.message_dict["speakers"][0]


def test_the_last_seats_go_once(on_postgres, programme, commit):
    session = programme.session(room=programme.small_room, admission=Session.Admission.REGISTERED)  # 2 seats
    people = [programme.person(commit) for _ in range(5)]
    results, errors = race([lambda p=p: seats.bookmark_add(actor=None, session=session, registration=p)
                            for p in people])
    assert errors == [None] * 5
    assert Bookmark.objects.filter(status="confirmed").count() == 2
    assert Bookmark.objects.filter(status="waitlisted").count() == 3
