"""Factories and the shared world of the meeting request tests: an event with its categories and
the default request rules, two exhibitors (one making lethal products), and participants of every
kind with approved registrations, including official delegations of countries named by the
shipped embargo data (Belarus: EU full; Iraq: UN and EU non-state; South Sudan: UN to 31 May
2026 then EU)."""

import datetime
from dataclasses import dataclass

import factory

from pavilion.core import roles
from pavilion.exhibitors.models import CompanyMember
from pavilion.meetings.services.requests_rules import request_rules_default
from pavilion.meetings.services.slots import SlotPlan, slots_generate
from pavilion.registrations.categories import ensure_categories
from pavilion.registrations.models import Delegation, Person, Registration
from tests.factories import (
    CategoryFactory,
    CompanyFactory,
    EventFactory,
    ExhibitorFactory,
    ProductFactory,
    ShowFactory,
    UserFactory,
)

# A week before the demo show: registrations are approved, requests are sent.
CLOCK = "2024-09-16T10:00:00+04:00"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    given_name = factory.Sequence(lambda n: f"Given{n}")
    family_name = factory.Sequence(lambda n: f"Family{n}")
    nationality = "AZ"
    email = factory.Sequence(lambda n: f"person{n}@example.test")
    language = "en"
    fingerprint = factory.Sequence(lambda n: f"{n:064x}")


class RegistrationFactory(factory.django.DjangoModelFactory):
    """An approved registration (screening is the vetting tests' business)."""

    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    person = factory.SubFactory(PersonFactory)
    category = factory.LazyAttribute(lambda r: ensure_categories(r.event)["trade-visitor"])
    status = Registration.Status.APPROVED
    organisation = "Organisation"


def participant(event, code: str, *, user=None, nationality="AZ", **fields) -> Registration:
    person = PersonFactory(nationality=nationality, user=user)
    return RegistrationFactory(event=event, person=person, category=ensure_categories(event)[code], **fields)


def delegation_head(event, country: str, *, liaison=None) -> Registration:
    delegation = Delegation.objects.create(event=event, country=country, sending_body="Ministry of Defence",
                                           liaison=liaison)
    return participant(event, "delegation-member", nationality=country, delegation=delegation, protocol_order=1)


@dataclass
class World:
    event: object
    organiser: object
    officer: object
    arms: object  # an exhibitor making lethal (ML4) and protective (ML13) products
    rescue: object  # an exhibitor making nothing controlled
    missile: object
    armour: object
    boat: object
    arms_user: object  # the arms exhibitor's company admin
    arms_staff: Registration
    arms_staff2: Registration
    rescue_staff: Registration
    visitor_user: object
    visitor: Registration  # an Azerbaijani trade visitor (OSCE advisory embargo)
    other_visitor: Registration
    media: Registration
    liaison: object
    belarus: Registration  # head of a Belarusian delegation: EU full embargo
    iraq: Registration  # head of an Iraqi delegation: UN and EU non-state embargoes
    stranger: object  # a signed-in user with no registration


def make_world(settings) -> World:
    """The world of a test module's `world` fixture (each module declares it: see test_requests)."""
    settings.PAVILION_CLOCK = CLOCK
    event = EventFactory(slug="adex-meetings", name_en="ADEX Meetings")
    ensure_categories(event)
    organiser = UserFactory(username="org", role=roles.ORGANISER_ADMIN)
    request_rules_default(actor=organiser, event=event)
    show = ShowFactory(event=event)
    weapons = CategoryFactory(slug="weapons-ammunition", name_en="Weapons and ammunition")
    missiles = CategoryFactory(slug="missiles-rockets", name_en="Missiles and rockets", parent=weapons)
    protective = CategoryFactory(slug="protective-equipment", name_en="Protective equipment")
    armour_category = CategoryFactory(slug="body-armour", name_en="Body armour", parent=protective)
    rescue_category = CategoryFactory(slug="rescue-boats", name_en="Rescue boats")
    arms = ExhibitorFactory(show=show, company=CompanyFactory(name="Caspian Arms", country="TR"))
    rescue = ExhibitorFactory(show=show, company=CompanyFactory(name="Baku Rescue", country="AZ"))
    missile = ProductFactory(exhibitor=arms, name_en="Anti-tank guided missile", category=missiles, control="ML4",
                             description_en="Guided missile with a tandem warhead")
    armour = ProductFactory(exhibitor=arms, name_en="Ceramic body armour plate", category=armour_category,
                            control="ML13", description_en="Protective armour plate for soldiers")
    boat = ProductFactory(exhibitor=rescue, name_en="Inflatable rescue boat", category=rescue_category,
                          control="none", description_en="Rescue boat for floods and coastal emergencies")
    arms_user = UserFactory(username="armsadmin", role=roles.EXHIBITOR_ADMIN)
    CompanyMember.objects.create(company=arms.company, user=arms_user, role=CompanyMember.Role.ADMIN)
    visitor_user = UserFactory(username="visitor1", role=roles.TRADE_VISITOR)
    liaison = UserFactory(username="liaison1", role=roles.DELEGATION_LIAISON)
    return World(
        event=event, organiser=organiser, officer=UserFactory(username="officer", role=roles.SECURITY_OFFICER),
        arms=arms, rescue=rescue, missile=missile, armour=armour, boat=boat, arms_user=arms_user,
        arms_staff=participant(event, "exhibitor-staff", exhibitor=arms, nationality="TR"),
        arms_staff2=participant(event, "exhibitor-staff", exhibitor=arms, nationality="TR"),
        rescue_staff=participant(event, "exhibitor-staff", exhibitor=rescue),
        visitor_user=visitor_user, visitor=participant(event, "trade-visitor", user=visitor_user),
        other_visitor=participant(event, "trade-visitor", nationality="IT"),
        media=participant(event, "media", nationality="GB"),
        liaison=liaison, belarus=delegation_head(event, "BY", liaison=liaison), iraq=delegation_head(event, "IQ"),
        stranger=UserFactory(username="stranger"),
    )


def slots_of_the_show_day(world) -> list:
    """09:00–11:00 in half hours on the first show day (24 September, Baku)."""
    plan = SlotPlan(days=[datetime.date(2024, 9, 24)], day_start=datetime.time(9), day_end=datetime.time(11),
                    minutes=30, breaks=[])
    return slots_generate(actor=world.organiser, event=world.event, plan=plan)
