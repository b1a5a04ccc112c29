"""An event's dates, time zone and venue change on its page (a postponement, a move), refused with every
reason while something already placed would be left outside the new days, clock or halls; every change
audited, a refused one changing nothing."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from pavilion.core.models import AuditEntry
from pavilion.events import services
from pavilion.events.models import Event
from tests.events.conftest import make_stand
from tests.factories import VenueFactory

BAKU = zoneinfo.ZoneInfo("Asia/Baku")


def baku(day: int, hour: int) -> datetime.datetime:
    return datetime.datetime(2024, 9, day, hour, tzinfo=BAKU)


def session(event, day: int):
    from pavilion.programme.models import Room, Session

    room, _ = Room.objects.get_or_create(event=event, code="main", defaults={"name_en": "Main", "capacity": 100})
    return Session.objects.create(event=event, room=room, title_en="Opening", starts_at=baku(day, 10),
                                  ends_at=baku(day, 11))


def slot(event, day: int):
    from pavilion.meetings.models import MeetingSlot

    return MeetingSlot.objects.create(event=event, starts_at=baku(day, 10), ends_at=baku(day, 10) + datetime.timedelta(
        minutes=30))


def window(venue, opens, closes):
    from pavilion.accreditation import services as accreditation
    from pavilion.accreditation.models import Zone
    from pavilion.registrations.categories import ensure_categories

    zone = accreditation.zone_create(actor=venue.organiser, event=venue.event, code="loading-bays",
                                     name_en="Loading bays", kind=Zone.Kind.BUILD)
    return accreditation.grant_create(actor=venue.organiser, category=ensure_categories(venue.event)["contractor"],
                                      zone=zone, opens_at=opens, closes_at=closes)


def badge(event, not_before, not_after):
    from pavilion.accreditation.models import Badge
    from pavilion.registrations.categories import ensure_categories
    from pavilion.registrations.models import Person, Registration

    person = Person.objects.create(given_name="Anar", family_name="Mammadov", nationality="AZ",
                                   email="anar@example.test", fingerprint="fp-1")
    registration = Registration.objects.create(event=event, person=person, status="approved",
                                               category=ensure_categories(event)["trade-visitor"])
    return Badge.objects.create(event=event, registration=registration, current_for=registration, serial=100001,
                                not_before=not_before, not_after=not_after, key_id=1, token="t", issued_at=not_before)


def refusal(venue, /, **changes) -> dict:
    with pytest.raises(ValidationError) as caught:
        services.event_update(actor=venue.organiser, event=venue.event, **changes)
    stored = Event.objects.get(pk=venue.event.pk)
    assert (stored.start_date, stored.end_date, stored.time_zone, stored.venue_id) == (
        datetime.date(2024, 9, 24), datetime.date(2024, 9, 26), "Asia/Baku", venue.event.venue_id)
    assert not AuditEntry.objects.filter(action="event.update").exists()
    return caught.value.message_dict


def test_an_empty_event_is_postponed_moved_and_set_on_another_clock(venue):
    other_venue = VenueFactory(name="Ganja Expo")
    services.event_update(actor=venue.organiser, event=venue.event, start_date=datetime.date(2024, 10, 8),
                          end_date=datetime.date(2024, 10, 11), time_zone="Europe/Istanbul", venue=other_venue)
    stored = Event.objects.get(pk=venue.event.pk)
    assert (str(stored.start_date), str(stored.end_date), stored.time_zone, stored.venue) == (
        "2024-10-08", "2024-10-11", "Europe/Istanbul", other_venue)
    entry = AuditEntry.objects.get(action="event.update", object_id=str(stored.pk))
    assert (entry.before["start_date"], entry.after["start_date"]) == ("2024-09-24", "2024-10-08")
    assert (entry.before["time_zone"], entry.after["time_zone"]) == ("Asia/Baku", "Europe/Istanbul")


def test_dates_that_keep_everything_inside_them_are_changed(venue):
    session(venue.event, 25)
    slot(venue.event, 25)
    window(venue, baku(23, 8), baku(26, 20))
    make_stand(venue, "A1", 0, 0)
    services.event_update(actor=venue.organiser, event=venue.event, start_date=datetime.date(2024, 9, 25),
                          end_date=datetime.date(2024, 9, 27))
    assert str(Event.objects.get(pk=venue.event.pk).start_date) == "2024-09-25"


def test_a_postponement_is_refused_with_every_reason_listed(venue):
    from pavilion.registrations.categories import ensure_categories

    session(venue.event, 24)
    slot(venue.event, 26)
    slot(venue.event, 25)
    window(venue, baku(21, 8), baku(27, 20))
    badge(venue.event, baku(24, 0), baku(27, 0))
    media = ensure_categories(venue.event)["media"]
    media.closes_at = baku(26, 12)
    media.save()
    errors = refusal(venue, start_date=datetime.date(2024, 10, 8), end_date=datetime.date(2024, 10, 10))
    assert errors["dates"] == [
        "1 programme session takes place outside the new days: move it on the programme first.",
        "2 meeting slots lie outside the new days: delete them on the meeting slots' page first.",
        "1 zone access window lies outside the new days with their build-up and tear-down days: change it on the "
        "zones' page first.",
        "1 issued badge is valid outside the new days: its validity is signed into the printed card, so revoke or "
        "reprint it with windows inside the new days first.",
    ]


def test_an_earlier_last_day_is_refused_while_registration_closes_after_it(venue):
    from pavilion.registrations.categories import ensure_categories

    services.event_update(actor=venue.organiser, event=venue.event, registration_closes_at=baku(26, 18))
    media = ensure_categories(venue.event)["media"]
    media.closes_at = baku(26, 12)
    media.save()
    AuditEntry.objects.all().delete()
    errors = refusal(venue, end_date=datetime.date(2024, 9, 25))
    assert errors["registration_closes_at"] == ["Registration closes by the end of the event's last day, "
                                                "25 September 2024."]
    assert errors["dates"] == ["1 registration category closes after the new last day: change its closing time "
                               "first."]


def test_the_time_zone_and_the_venue_stay_while_anything_is_timed_or_placed(venue):
    session(venue.event, 24)
    slot(venue.event, 24)
    make_stand(venue, "A1", 0, 0)
    errors = refusal(venue, time_zone="Europe/Istanbul", venue=VenueFactory(name="Ganja Expo"))
    assert errors["time_zone"] == ["1 programme session is timed on the event's clock.",
                                   "1 meeting slot is timed on the event's clock."]
    assert errors["venue"] == ["1 stand is drawn in the venue's halls.",
                               "1 programme session is planned at the venue."]


def test_a_zone_window_keeps_the_clock(venue):
    window(venue, baku(23, 8), baku(26, 20))
    assert refusal(venue, time_zone="UTC")["time_zone"] == ["1 zone access window is timed on the event's clock."]


@pytest.mark.parametrize("changes, field, message", [
    ({"end_date": "2024-09-23"}, "end_date", "The event must end on or after its first day."),
    ({"end_date": "2024-12-31"}, "end_date", "An event lasts at most 31 days"),
    ({"start_date": "0001-01-01"}, "start_date", "is not between"),
    ({"time_zone": "Mars/Olympus"}, "time_zone", "Select a valid choice."),
    ({"venue": "999999"}, "venue", "Select a valid choice."),
])
def test_bad_dates_clock_or_venue_on_the_page_are_form_errors(client, venue, changes, field, message):
    from tests.events.test_event_pages import event_form

    client.force_login(venue.organiser)
    refused = client.post(f"/organiser/events/{venue.event.slug}/", event_form(venue, **changes))
    assert refused.status_code == 400
    assert message in " ".join(refused.context["event_form"].errors[field])
    assert str(Event.objects.get(pk=venue.event.pk).end_date) == "2024-09-26"
    assert not AuditEntry.objects.filter(action="event.update").exists()


def test_the_page_postpones_the_event_and_lists_the_refusals_above_the_form(client, venue):
    from tests.events.test_event_pages import event_form

    client.force_login(venue.organiser)
    url = f"/organiser/events/{venue.event.slug}/"
    page = client.get(url).content.decode()
    assert 'name="event-start_date"' in page and 'name="event-venue"' in page and 'name="event-time_zone"' in page
    slot(venue.event, 24)
    refused = client.post(url, event_form(venue, start_date="2024-10-01", end_date="2024-10-03"))
    assert refused.status_code == 400
    assert refused.context["event_form"].non_field_errors() == [
        "1 meeting slot lies outside the new days: delete them on the meeting slots' page first."
        .replace("delete them", "delete it")]
    assert client.post(url, event_form(venue, start_date="2024-09-24", end_date="2024-09-25")).status_code == 302
    assert str(Event.objects.get(pk=venue.event.pk).end_date) == "2024-09-25"
