"""The deals tests' world: one event (24–26 September 2024, Asia/Baku), two exhibiting companies
with their members, a company that does not exhibit, a delegation with its liaison, and one deal
in every confidentiality and announcement state, each with a marker word in its title."""

import datetime
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import translation

from pavilion.core import roles
from pavilion.deals import services
from pavilion.deals.models import Deal
from pavilion.deals.services import PartyData
from pavilion.registrations.services import delegation_create
from tests.factories import (
    CategoryFactory,
    CompanyFactory,
    EventFactory,
    ExhibitorFactory,
    MemberFactory,
    ShowFactory,
    UserFactory,
)

BAKU = zoneinfo.ZoneInfo("Asia/Baku")
NOW = "2024-09-25T12:00:00+04:00"


def at(day: int, hour: int = 12, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2024, 9, day, hour, minute, tzinfo=BAKU)


@pytest.fixture(autouse=True)
def _deal_settings(settings):
    settings.PAVILION_CLOCK = NOW
    with translation.override("en"):  # the messages checked are the English ones, whatever ran before
        yield


@dataclass
class World:
    event: object
    show: object
    company: object
    other_company: object
    outsider_company: object
    member: object
    other_member: object
    staff_member: object
    organiser: object
    liaison: object
    other_liaison: object
    delegation: object
    visitor: object
    media: object
    category: object

    def body(self, name="Ministry of Defence Industry of Azerbaijan", country="AZ", role="buyer") -> PartyData:
        return PartyData(kind="government", name=name, country=country, role=role)

    def ours(self, role="supplier") -> PartyData:
        return PartyData(kind="company", company=self.company, role=role)

    def theirs(self, role="partner") -> PartyData:
        return PartyData(kind="company", company=self.other_company, role=role)

    def record(self, actor=None, **overrides) -> Deal:
        values = {"kind": "contract", "title_en": "Supply of patrol boats", "parties": [self.ours(), self.body()],
                  "signed_at": at(25, 11), "confidentiality": "public"}
        values.update(overrides)
        return services.deal_record(actor=actor or self.organiser, event=self.event, **values)


@pytest.fixture
def world(db) -> World:
    event = EventFactory(slug="adex-deals", name_en="ADEX Deals", name_az="ADEX Sövdələşmələr",
                         name_ru="АДЕКС Сделки")
    show = ShowFactory(event=event, slug="adex-deals-show")
    company, other, outsider = (CompanyFactory(name="Talış Defence", country="AZ"),
                                CompanyFactory(name="Anadolu Systems", country="TR"),
                                CompanyFactory(name="Nowhere Arms", country="FR"))
    ExhibitorFactory(company=company, show=show)
    ExhibitorFactory(company=other, show=show)
    ExhibitorFactory(company=outsider)  # exhibits at another event
    member = MemberFactory(company=company).user
    staff = MemberFactory(company=company, role="staff", user=UserFactory(username="staff",
                                                                         role=roles.EXHIBITOR_STAFF)).user
    organiser = UserFactory(username="org", role=roles.ORGANISER_ADMIN)
    liaison = UserFactory(username="liaison", role=roles.DELEGATION_LIAISON)
    other_liaison = UserFactory(username="liaison2", role=roles.DELEGATION_LIAISON)
    delegation = delegation_create(actor=organiser, event=event, liaison=liaison, country="TR",
                                   sending_body="Ministry of National Defence")
    delegation_create(actor=organiser, event=event, liaison=other_liaison, country="GE",
                      sending_body="Ministry of Defence")
    return World(event=event, show=show, company=company, other_company=other, outsider_company=outsider,
                 member=member, other_member=MemberFactory(company=other).user, staff_member=staff,
                 organiser=organiser, liaison=liaison, other_liaison=other_liaison, delegation=delegation,
                 visitor=UserFactory(username="visitor", role=roles.TRADE_VISITOR),
                 media=UserFactory(username="media", role=roles.MEDIA),
                 category=CategoryFactory(slug="armoured-vehicles", name_en="Armoured vehicles"))


# Marker words in the titles: what must never reach the public, and what must.
HIDDEN = ["ORGONLYDRAFT", "PARTIESDRAFT", "PUBLICDRAFT", "PUBLICWITHDRAWN", "PUBLICPLANNEDLATER",
          "ORGONLYPARTY"]
SHOWN = ["PUBLICANNOUNCED", "PUBLICPLANNEDPAST"]


@pytest.fixture
def every_state(world) -> dict[str, Deal]:
    """One deal per state between the member's company, the delegation and a body, values disclosed
    only on PUBLICANNOUNCED; the secret values are 777 and 888 million."""
    organiser = world.organiser
    deals = {}

    def make(marker, confidentiality, parties=None, **values):
        deals[marker] = world.record(title_en=f"Deal {marker}", confidentiality=confidentiality,
                                     parties=parties or [world.ours(), PartyData(kind="delegation",
                                                                                 delegation=world.delegation)],
                                     **values)
        return deals[marker]

    make("ORGONLYDRAFT", "organiser", value=Decimal("777000000"), currency="USD")
    make("ORGONLYPARTY", "organiser")
    make("PARTIESDRAFT", "parties", value=Decimal("888000000"), currency="EUR")
    make("PUBLICDRAFT", "public")
    services.deal_announce(actor=organiser, deal=make("PUBLICWITHDRAWN", "public"))
    services.deal_withdraw(actor=organiser, deal=deals["PUBLICWITHDRAWN"], reason="asked by the buyer")
    services.deal_announce(actor=organiser, deal=make("PUBLICPLANNEDLATER", "public"), at=at(26, 17))
    services.deal_announce(actor=organiser, deal=make("PUBLICANNOUNCED", "public", value=Decimal("1234567"),
                                                      currency="AZN", value_disclosed=True))
    planned = make("PUBLICPLANNEDPAST", "public", value=Decimal("5550000"), currency="USD")
    services.deal_announce(actor=organiser, deal=planned, at=at(25, 13))
    # Time passes: the planned announcement time comes.
    Deal.objects.filter(pk=planned.pk).update(announced_at=at(25, 9))
    return deals
