"""The programme's test world: the registrations' event with zones and gates, two rooms behind
their own door gates, a track, speakers, approved people and a way to make sessions."""

import datetime
import itertools
import zoneinfo
from dataclasses import dataclass

import pytest

from pavilion.accreditation import defaults
from pavilion.accreditation import services as accreditation_services
from pavilion.accreditation.models import Gate, Zone
from pavilion.programme import services
from pavilion.programme.models import Session
from tests.accreditation.support import approved

BAKU = zoneinfo.ZoneInfo("Asia/Baku")
_numbers = itertools.count(500)


def baku(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2024, 9, day, hour, minute, tzinfo=BAKU)


@dataclass
class Programme:
    world: object
    room: object
    small_room: object
    track: object
    speakers: list
    door: Gate

    def session(self, **fields) -> Session:
        values = {"title_en": "Air defence panel", "title_az": "Hava hücumundan müdafiə paneli",
                  "title_ru": "Панель по ПВО", "room": self.room, "starts_at": baku(24, 10),
                  "ends_at": baku(24, 11), "status": Session.Status.PUBLISHED, "languages": "en",
                  "track": self.track, **fields}
        return services.session_create(actor=self.world.organiser, event=self.world.event, **values)

    def person(self, commit, user=None, category="trade-visitor"):
        """An approved registration (of `user`'s own person when given)."""
        registration = approved(commit, self.world, category, next(_numbers))
        if user is not None:
            registration.person.user = user
            registration.person.save(update_fields=["user"])
        return registration


@pytest.fixture
def programme(world) -> Programme:
    organiser, event = world.organiser, world.event
    defaults.set_up(actor=organiser, event=event)
    conference = Zone.objects.get(event=event, code="conference-rooms")
    door = accreditation_services.gate_create(actor=organiser, zone=conference, code="room-a-door", name="Room A door")
    small_door = accreditation_services.gate_create(actor=organiser, zone=conference, code="room-b-door",
                                                    name="Room B door")
    room = services.room_create(actor=organiser, event=event, code="room-a", name_en="Conference room A",
                                name_az="Konfrans zalı A", name_ru="Конференц-зал A", capacity=100, zone=conference,
                                gate=door)
    small_room = services.room_create(actor=organiser, event=event, code="room-b", name_en="Briefing room",
                                      name_az="Brifinq otağı", name_ru="Зал брифингов", capacity=2, gate=small_door)
    track = services.track_create(actor=organiser, event=event, code="air-defence", name_en="Air defence",
                                  name_az="Hava hücumundan müdafiə", name_ru="ПВО", colour="#1f4e79")
    speakers = [services.speaker_create(actor=organiser, event=event, name=name, title_en="Engineer",
                                        organisation_en="Test Systems", country="AZ")
                for name in ("Elnur Qasımov", "Anna Kowalczyk", "Mehmet Yılmaz")]
    return Programme(world, room, small_room, track, speakers, door)
