"""A new edition from a previous one: the set-up is copied with its dates moved, nothing personal is, the
new event has badge keys of its own, every refusal changes nothing, and only administrators make one."""

import datetime
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pavilion.core import roles
from pavilion.core.models import AuditEntry
from pavilion.events import edition, services
from pavilion.events.models import Event, NationalPavilion, Show, Stand, StandBooking
from tests.events.conftest import make_stand
from tests.factories import UserFactory

BAKU = zoneinfo.ZoneInfo("Asia/Baku")
NEW_START = datetime.date(2026, 9, 22)
DAYS = (NEW_START - datetime.date(2024, 9, 24)).days  # 728


def baku(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=BAKU)


@dataclass
class Previous:
    event: Event
    organiser: object
    venue: object


@pytest.fixture
def previous(venue) -> Previous:
    """ADEX 2024 as the demo sets it up, small: two shows, stands in two halls (one booked, one blocked),
    a pavilion, zones with a gate, categories with windows, a country policy, programme rooms and tracks,
    meeting locations, slots, rules and settings; and people, a booking and badge keys not to be copied."""
    from pavilion.accreditation import services as accreditation
    from pavilion.meetings.services import locations, requests_rules, slots
    from pavilion.programme import services as programme
    from pavilion.registrations import services as registrations
    from pavilion.registrations.models import Person, Registration, RegistrationCategory

    organiser, event = venue.organiser, venue.event
    services.event_update(actor=organiser, event=event, name_en="ADEX & Securex Caspian 2024",
                          name_az="ADEX və Securex Caspian 2024", stand_currency="EUR", build_up_days=5,
                          tear_down_days=2, registration_opens_at=baku(2024, 6, 1, 9),
                          registration_closes_at=baku(2024, 9, 25, 18))
    services.show_update(actor=organiser, show=venue.show, name_en="ADEX-2024", name_ru="ADEX-2024")
    Show.objects.filter(pk=venue.show.pk).update(slug="adex-2024")
    pavilion = services.pavilion_create(actor=organiser, show=venue.show, country="TR", name_en="Türkiye")
    make_stand(venue, "A1", 0, 0, pavilion=pavilion, price_per_m2=Decimal("250.00"))
    booked = make_stand(venue, "A2", 6, 0, kind=Stand.Kind.SPACE_ONLY)
    blocked = make_stand(venue, "A3", 12, 0)
    make_stand(venue, "B1", 0, 0, hall=venue.second_hall, show=venue.other_show, width=10, depth=10)
    booking = services.booking_request(actor=venue.admin_a, exhibitor=venue.exhibitor_a, stand_ids=[booked.pk])[0]
    services.booking_confirm(actor=organiser, booking=booking)
    services.stand_block(actor=organiser, stand=blocked)

    hall_zone = accreditation.zone_create(actor=organiser, event=event, code="hall-1", name_en="Hall 1", kind="hall",
                                          hall=venue.hall)
    vip = accreditation.zone_create(actor=organiser, event=event, code="vip", name_en="VIP lounge", kind="vip",
                                    number=5, name_ru="VIP-зал")
    gate = accreditation.gate_create(actor=organiser, zone=hall_zone, code="g-north", name="North gate")
    categories = {category.code: category for category in
                  registrations.categories_create_defaults(actor=organiser, event=event)}
    registrations.category_update(actor=organiser, category=categories["media"], closes_at=baku(2024, 9, 10, 18),
                                  min_age=21)
    accreditation.grant_create(actor=organiser, category=categories["exhibitor-staff"], zone=hall_zone,
                               opens_at=baku(2024, 9, 20, 8), closes_at=baku(2024, 9, 27, 20))
    accreditation.grant_create(actor=organiser, category=categories["vip"], zone=vip,
                               opens_at=baku(2024, 9, 24, 9), closes_at=baku(2024, 9, 26, 19))
    registrations.country_policy_set(actor=organiser, event=event, country="AM", policy="suspended", note="war")

    programme.track_create(actor=organiser, event=event, code="uav", name_en="Unmanned systems", colour="#1f4e79")
    programme.room_create(actor=organiser, event=event, code="conf-a", name_en="Conference A", capacity=120,
                          hall=venue.hall, zone=hall_zone, gate=gate, order=1)

    locations.location_create(actor=organiser, event=event, kind="table", code="T-01", name_en="Table T-01",
                              hall=venue.hall)
    secure = locations.location_create(actor=organiser, event=event, kind="secure-room", code="SR-1",
                                       name_en="Secure room 1", capacity=6)
    locations.location_set_active(actor=organiser, location=secure, active=False)
    locations.locations_add_stands(actor=organiser, event=event)
    slots.slots_create(actor=organiser, event=event, times=[(baku(2024, 9, 24, 10), baku(2024, 9, 24, 10, 30)),
                                                            (baku(2024, 9, 26, 15), baku(2024, 9, 26, 15, 30))])
    requests_rules.request_rules_default(actor=organiser, event=event)
    requests_rules.meeting_settings_update(actor=organiser, event=event, requests_open=False, request_quota=7)

    person = Person.objects.create(given_name="Leyla", family_name="Aliyeva", nationality="AZ",
                                   email="leyla@example.az", fingerprint="f" * 64)
    Registration.objects.create(event=event, person=person,
                                category=RegistrationCategory.objects.get(event=event, code="trade-visitor"))
    accreditation.keyring_row(event)
    return Previous(event=Event.objects.get(pk=event.pk), organiser=organiser, venue=venue)


def create(previous: Previous, **changes) -> Event:
    fields = {"slug": "adex-securex-2026", "name_en": "ADEX & Securex Caspian 2026", "start_date": NEW_START,
              **changes}
    return edition.edition_create(actor=previous.organiser, source=previous.event, **fields)


def test_the_set_up_is_copied_with_its_dates_moved(previous):
    from pavilion.accreditation.models import Gate, Grant, Zone
    from pavilion.meetings.models import MeetingLocation, MeetingSettings, MeetingSlot, RequestRule
    from pavilion.programme.models import Room, Track
    from pavilion.registrations.models import CountryPolicy, RegistrationCategory

    old = previous.event
    new = create(previous, name_az="ADEX və Securex Caspian 2026")
    assert (new.start_date, new.end_date, new.venue_id, new.is_public) == (NEW_START, datetime.date(2026, 9, 24),
                                                                           old.venue_id, False)
    assert (new.stand_currency, new.build_up_days, new.tear_down_days, new.time_zone) == ("EUR", 5, 2, "Asia/Baku")
    assert new.registration_opens_at == baku(2026, 5, 30, 9) and new.registration_closes_at == baku(2026, 9, 23, 18)

    shows = {show.name_en: show for show in new.shows.all()}
    assert sorted(shows) == ["ADEX-2026", "Securex"]
    assert shows["ADEX-2026"].slug == "adex-2026" and shows["ADEX-2026"].name_ru == "ADEX-2026"
    assert shows["Securex"].slug == "securex-show-2026"
    pavilion = NationalPavilion.objects.get(show__event=new)
    assert (pavilion.country.code, pavilion.show) == ("TR", shows["ADEX-2026"])

    copied = {stand.code: stand for stand in Stand.objects.filter(event=new).select_related("show")}
    originals = {stand.code: stand for stand in Stand.objects.filter(event=old)}
    assert sorted(copied) == ["A1", "A2", "A3", "B1"]
    for code, stand in copied.items():
        original = originals[code]
        assert (stand.hall_id, stand.polygon, stand.area_m2, stand.kind, stand.price_per_m2) == (
            original.hall_id, original.polygon, original.area_m2, original.kind, original.price_per_m2)
        # The pillar or fire exit stays blocked; the stand booked in 2024 is to book again.
        assert stand.state == (Stand.State.BLOCKED if code == "A3" else Stand.State.AVAILABLE)
        assert stand.exhibitor_id is None
        assert stand.show.event_id == new.pk
    assert copied["A1"].pavilion == pavilion and copied["B1"].show == shows["Securex"]
    assert not StandBooking.objects.filter(stand__event=new).exists()
    assert originals["A2"].state == Stand.State.BOOKED and originals["A3"].state == Stand.State.BLOCKED

    assert list(Zone.objects.filter(event=new).values_list("number", "code", "hall", "passback", "name_ru")) == list(
        Zone.objects.filter(event=old).values_list("number", "code", "hall", "passback", "name_ru"))
    gate = Gate.objects.get(event=new)
    assert (gate.code, gate.zone.event_id, gate.zone.code) == ("g-north", new.pk, "hall-1")
    assert sorted(RegistrationCategory.objects.filter(event=new).values_list("code", flat=True)) == sorted(
        RegistrationCategory.objects.filter(event=old).values_list("code", flat=True))
    media = RegistrationCategory.objects.get(event=new, code="media")
    assert (media.min_age, media.closes_at, media.self_service) == (21, baku(2026, 9, 8, 18), True)
    windows = {grant.category.code: (grant.zone.event_id, grant.opens_at, grant.closes_at)
               for grant in Grant.objects.filter(category__event=new).select_related("category", "zone")}
    assert windows == {"exhibitor-staff": (new.pk, baku(2026, 9, 18, 8), baku(2026, 9, 25, 20)),
                       "vip": (new.pk, baku(2026, 9, 22, 9), baku(2026, 9, 24, 19))}
    policy = CountryPolicy.objects.get(event=new)
    assert (policy.country.code, policy.policy, policy.note) == ("AM", "suspended", "war")

    assert list(Track.objects.filter(event=new).values_list("code", "name_en")) == [("uav", "Unmanned systems")]
    room = Room.objects.select_related("zone", "gate").get(event=new)
    assert (room.code, room.capacity, room.hall_id) == ("conf-a", 120, previous.venue.hall.pk)
    assert (room.zone.event_id, room.gate.event_id, room.gate.code) == (new.pk, new.pk, "g-north")

    places = {place.code: place for place in MeetingLocation.objects.filter(event=new).select_related("stand")}
    stand_place = MeetingLocation.objects.get(event=old, kind="stand")
    assert sorted(places) == sorted(["SR-1", "T-01", stand_place.code])
    copied_place = places[stand_place.code]
    # At the new edition's stand A2, which has no exhibitor yet: named after the stand alone.
    assert (copied_place.kind, copied_place.stand, copied_place.hall_id, copied_place.capacity) == (
        "stand", copied["A2"], stand_place.hall_id, stand_place.capacity)
    assert stand_place.name_en.startswith("Stand A2, ")
    assert copied_place.name_en == "Stand A2" and "A2" in copied_place.name_ru and "," not in copied_place.name_ru
    assert places["T-01"].hall_id == previous.venue.hall.pk and not places["SR-1"].is_active
    assert list(MeetingSlot.objects.filter(event=new).values_list("starts_at", "ends_at")) == [
        (baku(2026, 9, 22, 10), baku(2026, 9, 22, 10, 30)), (baku(2026, 9, 24, 15), baku(2026, 9, 24, 15, 30))]
    rules = RequestRule.objects.filter
    assert sorted(rules(event=new).values_list("requester_category", "counterpart_category")) == sorted(
        rules(event=old).values_list("requester_category", "counterpart_category"))
    settings = MeetingSettings.objects.get(event=new)
    assert (settings.requests_open, settings.request_quota) == (False, 7)

    entry = AuditEntry.objects.get(action="event.create_edition")
    assert (entry.object_id, entry.actor, entry.after["source"], entry.after["days"]) == (
        str(new.pk), previous.organiser, "adex-test", DAYS)
    assert entry.after["copied"]["stands"] == 4


def test_nothing_personal_is_copied_and_the_badge_keys_are_the_new_events_own(previous):
    from pavilion.accreditation.models import Badge, BadgeKeyRing, Device, PersonGrant
    from pavilion.accreditation.services import keyring_row
    from pavilion.deals.models import Deal
    from pavilion.exhibitors.models import Exhibitor
    from pavilion.meetings.models import Meeting, MeetingRequest
    from pavilion.programme.models import Session, Speaker
    from pavilion.registrations.models import Delegation, Person, Registration

    people = Person.objects.count()
    new = create(previous)
    assert Person.objects.count() == people
    for model, lookup in ((Registration, "event"), (Delegation, "event"), (Badge, "event"), (Device, "event"),
                          (Session, "event"), (Speaker, "event"), (MeetingRequest, "event"), (Meeting, "event"),
                          (Deal, "event"), (Exhibitor, "show__event"), (PersonGrant, "registration__event")):
        assert not model.objects.filter(**{lookup: new}).exists(), model
    assert not BadgeKeyRing.objects.filter(event=new).exists()  # made when first needed, as for any new event
    assert keyring_row(new).public_keys != keyring_row(previous.event).public_keys


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"slug": "adex-test"}, "slug", "Another event already has this address."),
    ({"name_en": "adex & securex caspian 2024"}, "name_en", "Another event is already named"),
    ({"end_date": datetime.date(2026, 9, 20)}, "end_date", "The event must end on or after its first day."),
    ({"end_date": datetime.date(2026, 11, 20)}, "end_date", "An event lasts at most 31 days"),
    ({"start_date": datetime.date(2024, 9, 24)}, "start_date", "A new edition starts on another day"),
    # A day later, or days that only meet the previous edition's build-up: the same halls twice.
    ({"start_date": datetime.date(2024, 9, 25)}, "start_date", "would overlap those of"),
    ({"start_date": datetime.date(2024, 9, 30)}, "start_date", "would overlap those of"),
    ({"start_date": datetime.date(9999, 12, 31)}, "start_date", "The day 9999-12-31 is not between"),
    ({"parts": []}, "parts", "Choose at least one part of"),
    ({"parts": ["stands"]}, "parts", "belong to the shows: copy the shows too."),
    ({"parts": ["meetings"], "end_date": datetime.date(2026, 9, 23)}, "parts", "after the new edition's last day"),
    ({"parts": ["accreditation"]}, "parts", "The window must open from"),  # 5 build-up days, the default is 3
])
def test_refusals_name_the_field_and_change_nothing(previous, changes, field, message):
    counts = (Event.objects.count(), Show.objects.count(), Stand.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as refusal:
        create(previous, **changes)
    assert message in " ".join(refusal.value.message_dict[field])
    assert (Event.objects.count(), Show.objects.count(), Stand.objects.count(), AuditEntry.objects.count()) == counts


def test_the_organiser_gives_the_new_shows_addresses(previous):
    adex, securex = previous.venue.show, previous.venue.other_show
    counts = (Event.objects.count(), Show.objects.count(), AuditEntry.objects.count())
    for address, message in (("securex-show", "Another show already has this address."),
                             ("adex 2026", "Write the address in Latin letters, digits and hyphens")):
        with pytest.raises(ValidationError) as refusal:
            create(previous, show_slugs={adex.pk: "adex-26", securex.pk: address})
        assert list(refusal.value.message_dict) == [f"show_{securex.pk}_slug"]
        assert message in refusal.value.message_dict[f"show_{securex.pk}_slug"][0]
    with pytest.raises(ValidationError) as refusal:
        create(previous, show_slugs={adex.pk: "Twice", securex.pk: "twice"})
    assert list(refusal.value.message_dict) == [f"show_{securex.pk}_slug"]
    assert (Event.objects.count(), Show.objects.count(), AuditEntry.objects.count()) == counts
    # The address given to one show is not derived for the other.
    new = create(previous, show_slugs={securex.pk: "adex-2026"})
    assert sorted(new.shows.values_list("name_en", "slug")) == [("ADEX-2026", "adex-2026-2"),
                                                                ("Securex", "adex-2026")]


def test_only_the_parts_chosen_are_copied(previous):
    from pavilion.accreditation.models import Zone
    from pavilion.programme.models import Room

    new = create(previous, parts=["shows", "programme"], end_date=datetime.date(2026, 9, 25))
    assert new.end_date == datetime.date(2026, 9, 25) and new.stand_currency == "AZN" and new.build_up_days == 3
    assert new.shows.count() == 2 and not Stand.objects.filter(event=new).exists()
    assert not NationalPavilion.objects.filter(show__event=new).exists() and not Zone.objects.filter(event=new).exists()
    room = Room.objects.get(event=new)
    assert room.zone is None and room.gate is None  # the zones were not copied


def test_names_and_addresses_of_the_new_year():
    assert edition.renamed("ADEX-2024 (20240)", 2024, 2026) == "ADEX-2026 (20240)"
    source = Event(slug="adex", name_en="ADEX", name_az="ADEX 2024", name_ru="", start_date=datetime.date(2024, 9, 24))
    assert edition.suggested(source, NEW_START) == {"slug": "adex-2026", "name_en": "ADEX",
                                                    "name_az": "ADEX 2026", "name_ru": ""}


def test_only_administrators_make_a_new_edition(client, previous):
    staff = UserFactory(username="orgstaff", role=roles.ORGANISER_STAFF)
    with pytest.raises(PermissionDenied):
        edition.edition_create(actor=staff, source=previous.event, slug="x-2026", name_en="X", start_date=NEW_START)
    url = f"/organiser/events/{previous.event.slug}/edition/"
    for user in (staff, previous.venue.admin_a):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"slug": "x-2026", "name_en": "X", "start_date": "2026-09-22",
                                 "parts": ["shows"]}).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302
    assert Event.objects.count() == 1


def test_the_page_proposes_the_next_edition_and_creates_it(client, previous):
    client.force_login(previous.organiser)
    page = client.get(f"/organiser/events/{previous.event.slug}/").content.decode()
    url = f"/organiser/events/{previous.event.slug}/edition/"
    assert f'href="{url}"' in page
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="ADEX &amp; Securex Caspian 2026"' in html and 'value="2026-09-24"' in html
    assert html.count('name="parts"') == len(edition.PARTS) and html.count("checked") == len(edition.PARTS)
    adex, securex = previous.venue.show, previous.venue.other_show
    assert f'name="show_{adex.pk}_slug" value="adex-2026"' in html
    assert f'name="show_{securex.pk}_slug" value="securex-show-2026"' in html
    response = client.post(url, {"slug": "adex-2026", "name_en": "ADEX & Securex Caspian 2026",
                                 "start_date": "2026-09-22", "parts": list(edition.PARTS),
                                 f"show_{adex.pk}_slug": "adex-26", f"show_{securex.pk}_slug": ""}, follow=True)
    assert response.redirect_chain[-1][0] == "/organiser/events/adex-2026/"
    assert sorted(Show.objects.filter(event__slug="adex-2026").values_list("slug", flat=True)) == [
        "adex-26", "securex-show-2026"]
    assert "Created ADEX &amp; Securex Caspian 2026 from ADEX &amp; Securex Caspian 2024" in response.content.decode()
    assert Stand.objects.filter(event__slug="adex-2026").count() == 4


def test_the_page_shows_a_refusal_on_its_field(client, previous):
    client.force_login(previous.organiser)
    url = f"/organiser/events/{previous.event.slug}/edition/"
    response = client.post(url, {"slug": "adex-2026", "name_en": "ADEX & Securex Caspian 2026",
                                 "start_date": "2026-09-22"})
    assert response.status_code == 400
    assert "Choose at least one part of" in str(response.context["form"].errors["parts"])
    response = client.post(url, {"slug": "adex-test", "name_en": "ADEX 2026", "start_date": "2026-09-22",
                                 "parts": ["shows"]})
    assert response.status_code == 400
    assert response.context["form"].errors["slug"] == ["Another event already has this address."]
    show = previous.venue.other_show
    response = client.post(url, {"slug": "adex-2026", "name_en": "ADEX 2026", "start_date": "2026-09-22",
                                 "parts": ["shows"], f"show_{show.pk}_slug": "adex-2024"})
    assert response.status_code == 400
    assert response.context["form"].errors[f"show_{show.pk}_slug"] == ["Another show already has this address."]
    assert Event.objects.count() == 1
