"""Test data of the schedule tests: an event with approved participants (rows made directly, no
screening), accepted requests, slots and locations; imported by the test modules as fixtures."""

import datetime
import itertools
import zoneinfo
from dataclasses import dataclass, field

import pytest

from pavilion.core import roles
from pavilion.meetings.models import MeetingLocation, MeetingRequest, MeetingSlot
from pavilion.meetings.services import scheduling
from pavilion.meetings.services.slots import SlotPlan, slots_generate
from pavilion.registrations.categories import ensure_categories
from pavilion.registrations.models import Delegation, Person, Registration
from tests.factories import EventFactory, ExhibitorFactory, HallFactory, ShowFactory, UserFactory

BAKU = zoneinfo.ZoneInfo("Asia/Baku")
_numbers = itertools.count(1)


def baku(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2024, 9, day, hour, minute, tzinfo=BAKU)


@dataclass
class Schedule:
    event: object
    organiser: object
    categories: dict
    hall: object
    secure_hall: object
    show: object
    people: list = field(default_factory=list)

    def person(self, category="trade-visitor", *, user=None, given="Aysel", family=None, organisation="Caspian Trade",
               exhibitor=None, delegation=None, status=Registration.Status.APPROVED) -> Registration:
        number = next(_numbers)
        person = Person.objects.create(given_name=given, family_name=family or f"Tester{number}", nationality="AZ",
                                       email=f"person{number}@example.test", user=user, fingerprint=f"fp{number}")
        registration = Registration.objects.create(event=self.event, person=person, category=self.categories[category],
                                                   status=status, organisation=organisation, exhibitor=exhibitor,
                                                   delegation=delegation)
        self.people.append(registration)
        return registration

    def request(self, requester, counterpart, *, team=(), products=(), **fields) -> MeetingRequest:
        values = {"status": MeetingRequest.Status.ACCEPTED, "created_at": baku(1, 9), "priority": 2, **fields}
        request = MeetingRequest.objects.create(event=self.event, requester=requester, counterpart=counterpart,
                                                **values)
        if team:
            request.team.set(team)
        if products:
            request.products.set(products)
        return request

    def slots(self, days=(24,), start=(9, 0), end=(11, 0), minutes=30, breaks=()) -> list[MeetingSlot]:
        plan = SlotPlan(days=[datetime.date(2024, 9, day) for day in days], day_start=datetime.time(*start),
                        day_end=datetime.time(*end), minutes=minutes, breaks=list(breaks))
        return slots_generate(actor=self.organiser, event=self.event, plan=plan)

    def tables(self, count=2, hall=None) -> list[MeetingLocation]:
        return [MeetingLocation.objects.create(event=self.event, code=f"T-{index + 1:02d}", name_en=f"Table {index + 1}",
                                               kind="table", hall=hall or self.hall) for index in range(count)]

    def secure_room(self, code="secure-1") -> MeetingLocation:
        return MeetingLocation.objects.create(event=self.event, code=code, name_en="Secure room 1", kind="secure-room",
                                              hall=self.secure_hall)

    def run(self, time_limit=5, capture=None):
        """Start a run and execute it as the task would (the on-commit callback is run here)."""
        run = scheduling.schedule_run_start(actor=self.organiser, event=self.event, time_limit=time_limit)
        scheduling.schedule_run_execute(run_id=run.pk)
        run.refresh_from_db()
        return run

    def publish(self, run):
        return scheduling.schedule_run_publish(actor=self.organiser, run=run)


@pytest.fixture(name="schedule")
def schedule_fixture(db, settings) -> Schedule:
    settings.PAVILION_DATA_KEY = "Zm9yLXRlc3RzLW9ubHktMzItYnl0ZXMtb2Yta2V5ISE="
    settings.PAVILION_CLOCK = "2024-09-20T10:00:00+04:00"  # before the show: nothing has started
    event = EventFactory(slug="adex-schedule", name_en="ADEX Schedule Test")
    show = ShowFactory(event=event)
    return Schedule(event=event, organiser=UserFactory(username="org", role=roles.ORGANISER_ADMIN),
                    categories=ensure_categories(event), hall=HallFactory(venue=event.venue, code="B2B"),
                    secure_hall=HallFactory(venue=event.venue, code="CONF"), show=show)


def exhibitor_of(schedule: Schedule):
    return ExhibitorFactory(show=schedule.show)


def delegation_of(schedule: Schedule) -> Delegation:
    return Delegation.objects.create(event=schedule.event, country="PL", sending_body="Ministry of Defence")
