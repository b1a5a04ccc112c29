"""The data of the reports tests, written straight into the tables the reports read: registrations
of several categories, statuses and nationalities, screening alerts, meetings with attendance and
deals of every confidentiality; scans go through the gate API (tests.accreditation.support)."""

import datetime
import itertools
import zoneinfo
from dataclasses import dataclass, field
from decimal import Decimal

import pytest

from pavilion.deals.models import Deal, DealParty
from pavilion.meetings.models import Meeting, MeetingLocation, MeetingParticipant, MeetingRequest, MeetingSlot
from pavilion.registrations.models import Person, Registration
from pavilion.vetting.models import Alert, WatchList, WatchListEntry, WatchListVersion
from tests.registrations.support import numbered_name

BAKU = zoneinfo.ZoneInfo("Asia/Baku")
_numbers = itertools.count(1)


def baku(day: int, hour: int, month: int = 9) -> datetime.datetime:
    return datetime.datetime(2024, month, day, hour, 0, tzinfo=BAKU)


def registration(world, *, category="trade-visitor", status="approved", nationality="AZ",
                 submitted=None, decided=None, given="Given", family="Family") -> Registration:
    number = next(_numbers)
    person = Person.objects.create(given_name=numbered_name(given, number), family_name=family, nationality=nationality,
                                   email=f"person{number}@example.test", fingerprint=f"fingerprint-{number}",
                                   birth_date=datetime.date(1971, 2, 3), document_type="passport",
                                   document_number=f"D{number:07d}", document_country=nationality)
    created = Registration.objects.create(event=world.event, person=person, category=world.categories[category],
                                          status=status, organisation=f"Organisation {number}", decided_at=decided)
    Registration.objects.filter(pk=created.pk).update(submitted_at=submitted or baku(1, 10))
    created.refresh_from_db()
    return created


def alert(registration_obj, *, status="open") -> Alert:
    version = WatchListVersion.objects.filter(watch_list__slug="test-list").first()
    if version is None:
        watch_list = WatchList.objects.create(slug="test-list", name="Test list")
        version = WatchListVersion.objects.create(watch_list=watch_list, number=1, format="un-xml", file_name="t.xml",
                                                  sha256="0" * 64, is_current=True)
    entry = WatchListEntry.objects.create(version=version, entry_id=f"E{next(_numbers)}", digest="d", name="Listed")
    return Alert.objects.create(registration=registration_obj, entry=entry, score=0.9, band="hold", status=status)


def meeting(world, requester, counterpart, *, attendance=("", ""), hour=11, status="scheduled") -> Meeting:
    number = next(_numbers)
    slot = MeetingSlot.objects.create(event=world.event, starts_at=baku(24, hour) + datetime.timedelta(minutes=number),
                                      ends_at=baku(24, hour) + datetime.timedelta(minutes=number + 30))
    location = MeetingLocation.objects.create(event=world.event, code=f"table-{number}", name_en=f"Table {number}")
    request = MeetingRequest.objects.create(event=world.event, requester=requester, counterpart=counterpart,
                                            status="accepted", created_at=baku(20, 9))
    created = Meeting.objects.create(event=world.event, request=request, status=status, slot=slot, location=location,
                                     starts_at=slot.starts_at, ends_at=slot.ends_at)
    for person, mark in zip((requester, counterpart), attendance, strict=True):
        MeetingParticipant.objects.create(meeting=created, registration=person, attendance=mark)
    return created


def deal(world, title, *, confidentiality="public", announcement="announced", value=None, currency="",
         countries=("AZ", "TR"), disclosed=True) -> Deal:
    created = Deal.objects.create(event=world.event, kind="contract", title_en=title, value=value, currency=currency,
                                  value_disclosed=disclosed, confidentiality=confidentiality,
                                  announcement=announcement, signed_at=baku(24, 15), created_at=baku(24, 15))
    for order, country in enumerate(countries):
        DealParty.objects.create(deal=created, kind="other", name=f"{title} party {order}", country=country,
                                 order=order)
    return created


@dataclass
class ShowData:
    registrations: list = field(default_factory=list)
    deals: dict = field(default_factory=dict)


@pytest.fixture
def show_data(world) -> ShowData:
    """8 registrations (3 countries, 3 statuses, 2 categories, on the local days 2, 3 and 5 September), 2 alerts (one decided after 6 h,
    one open), 3 meetings (held, no-show, unmarked), 3 deals (public announced, public planned,
    organiser only)."""
    data = ShowData()
    for index in range(5):
        data.registrations.append(registration(world, nationality="AZ", submitted=baku(2, 9 + index)))
    data.registrations.append(registration(world, nationality="TR", status="in-review", submitted=baku(3, 9)))
    data.registrations.append(registration(world, category="media", nationality="TR", status="rejected",
                                           submitted=baku(3, 10), decided=baku(3, 16)))
    data.registrations.append(registration(world, category="media", nationality="GB", status="in-review",
                                           submitted=baku(5, 2)))  # 4 September 22:00 UTC
    alert(data.registrations[6], status="match")
    alert(data.registrations[5])
    first, second, third = data.registrations[:3]
    meeting(world, first, second, attendance=("held", "held"))
    meeting(world, first, third, attendance=("no-show", ""))
    meeting(world, second, third)
    data.deals = {
        "public": deal(world, "Armoured vehicles for the Border Service", value=Decimal("12500000"), currency="USD"),
        "planned": deal(world, "Patrol boats, announcement next week", announcement="planned", value=Decimal("9"),
                        currency="EUR", countries=("AZ", "IT")),
        "secret": deal(world, "Secret radar memorandum", confidentiality="organiser", value=Decimal("300000"),
                       currency="USD", countries=("IL",)),
    }
    return data
