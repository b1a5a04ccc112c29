# ruff: noqa: F811 (the fixtures imported below are redefined as parameters, as pytest wants)
"""Postponing an event moves everything planned on its days by calendar days on the event's clock, in one
step under the event's lock; what already happened stays; refusals change nothing; valid badges are
re-signed (old cards refused, also offline) only when asked; only the organiser's administrators do it."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pavilion.accreditation import defaults, issuing, selectors
from pavilion.accreditation.models import Badge, Grant, PersonGrant, Scan, Zone
from pavilion.accreditation.services import device_enrol, keyring_row, verifying_ring
from pavilion.core.models import AuditEntry
from pavilion.deals.models import Deal
from pavilion.deals.services import PartyData, deal_announce, deal_record
from pavilion.engines.badges import Revocations, verify
from pavilion.events import postponement
from pavilion.events.models import Event
from pavilion.meetings.models import (
    Availability,
    Meeting,
    MeetingLocation,
    MeetingProfile,
    MeetingRequest,
    MeetingSlot,
    ScheduleRun,
)
from pavilion.programme.models import Room, Session
from pavilion.registrations.models import Delegation, DelegationVisit
from tests.accreditation.support import approved
from tests.registrations.support import _registration_settings, commit, world  # noqa: F401


def local(event: Event, day: int, hour: int, month: int = 9) -> datetime.datetime:
    return datetime.datetime(2024, month, day, hour, tzinfo=zoneinfo.ZoneInfo(event.time_zone))


def on_clock(event: Event, moment: datetime.datetime) -> tuple:
    """A moment as the event's clock shows it: its day and its time of day."""
    seen = moment.astimezone(zoneinfo.ZoneInfo(event.time_zone))
    return seen.date(), seen.time()


def later(day_and_time: tuple, days: int) -> tuple:
    return day_and_time[0] + datetime.timedelta(days=days), day_and_time[1]


def _placed(world, event: Event, commit) -> dict:
    """One of everything placed on the event's days, made as the rows are stored."""
    event.registration_opens_at = datetime.datetime(2024, 8, 1, 9, tzinfo=datetime.UTC)  # already past: stays
    event.registration_closes_at = local(event, 20, 18)
    event.save()
    category = world.categories["trade-visitor"]
    category.closes_at = local(event, 19, 18)
    category.save()
    defaults.set_up(actor=world.organiser, event=event)
    zone = Zone.objects.filter(event=event).order_by("number").first()
    registration = approved(commit, world, "trade-visitor", 1)
    counterpart = approved(commit, world, "trade-visitor", 2)
    person_window = PersonGrant.objects.create(registration=registration, zone=zone, effect="add",
                                               opens_at=local(event, 23, 8), closes_at=local(event, 23, 17))
    room = Room.objects.create(event=event, code="r1", name_en="Room 1", capacity=50)
    session = Session.objects.create(event=event, room=room, title_en="Opening", starts_at=local(event, 24, 10),
                                     ends_at=local(event, 24, 11))
    slot = MeetingSlot.objects.create(event=event, starts_at=local(event, 25, 10), ends_at=local(event, 25, 11))
    next_slot = MeetingSlot.objects.create(event=event, starts_at=local(event, 26, 10), ends_at=local(event, 26, 11))
    location = MeetingLocation.objects.create(event=event, code="t1", name_en="Table 1")
    request = MeetingRequest.objects.create(event=event, requester=registration, counterpart=counterpart,
                                            status="accepted", created_at=local(event, 1, 9))
    meeting = Meeting.objects.create(event=event, request=request, slot=slot, location=location, status="scheduled",
                                     starts_at=slot.starts_at, ends_at=slot.ends_at)
    profile = MeetingProfile.objects.create(registration=registration)
    availability = Availability.objects.create(profile=profile, day=datetime.date(2024, 9, 25),
                                               start=datetime.time(9), end=datetime.time(12))
    delegation = Delegation.objects.create(event=event, country="GE", sending_body="Ministry of Defence",
                                           arrival=local(event, 23, 15), departure=local(event, 26, 20))
    visit = DelegationVisit.objects.create(delegation=delegation, title="Stand A1", starts_at=local(event, 24, 12),
                                           ends_at=local(event, 24, 13))
    planned_deal = deal_record(
        actor=world.organiser, event=event, kind="mou", title_en="Planned MoU", signed_at=local(event, 25, 15),
        confidentiality="public", parties=[PartyData(kind="company", company=world.exhibitor.company, role="supplier"),
                                           PartyData(kind="delegation", delegation=delegation, role="buyer")])
    deal_announce(actor=world.organiser, deal=planned_deal, at=local(event, 25, 17))  # a press conference
    signed_deal = Deal.objects.create(event=event, kind="contract", title_en="Signed", signed_at=local(event, 1, 9) -
                                      datetime.timedelta(hours=1), created_at=local(event, 1, 9))
    run = ScheduleRun.objects.create(event=event, created_at=local(event, 1, 8), status="published")
    badge = issuing.badge_issue(actor=world.organiser, registration=registration)
    gate = zone.gates.first()
    scan = Scan.objects.create(event=event, gate=gate, zone=zone, badge=badge, generation=1, direction="in",
                               result="granted", scanned_at=local(event, 1, 9), received_at=local(event, 1, 9),
                               nonce="n-1")
    return {"category": category, "person_window": person_window, "session": session, "slots": [slot, next_slot],
            "meeting": meeting, "availability": availability, "delegation": delegation, "visit": visit,
            "planned_deal": planned_deal, "signed_deal": signed_deal, "run": run, "badge": badge, "scan": scan,
            "registration": registration}


@pytest.fixture
def placed(world, commit):
    return _placed(world, world.event, commit)


def _snapshot(world, event: Event, placed: dict) -> dict:
    """Every moment that may move, as stored."""
    grants = Grant.objects.filter(zone__event=event).order_by("pk")
    return {
        "event": (event.start_date, event.end_date, event.registration_opens_at, event.registration_closes_at),
        "category": type(placed["category"]).objects.get(pk=placed["category"].pk).closes_at,
        "grants": [(grant.opens_at, grant.closes_at) for grant in grants],
        "person_window": PersonGrant.objects.filter(pk=placed["person_window"].pk).values_list("opens_at", "closes_at")
        .get(),
        "session": Session.objects.filter(pk=placed["session"].pk).values_list("starts_at", "ends_at").get(),
        "slots": list(MeetingSlot.objects.filter(event=event).order_by("pk").values_list("starts_at", "ends_at")),
        "meeting": Meeting.objects.filter(pk=placed["meeting"].pk).values_list("starts_at", "ends_at").get(),
        "availability": Availability.objects.get(pk=placed["availability"].pk).day,
        "stay": Delegation.objects.filter(pk=placed["delegation"].pk).values_list("arrival", "departure").get(),
        "visit": DelegationVisit.objects.filter(pk=placed["visit"].pk).values_list("starts_at", "ends_at").get(),
        "planned_deal": Deal.objects.filter(pk=placed["planned_deal"].pk).values_list("signed_at", "announced_at")
        .get(),
    }


def _history(event: Event, placed: dict) -> tuple:
    return (Scan.objects.get(pk=placed["scan"].pk).scanned_at, Deal.objects.get(pk=placed["signed_deal"].pk).signed_at,
            ScheduleRun.objects.get(pk=placed["run"].pk).created_at,
            MeetingRequest.objects.get(pk=placed["meeting"].request_id).created_at,
            list(AuditEntry.objects.exclude(action="event.postpone").order_by("pk").values_list("at", flat=True))[:5])


def _moved_by(before: dict, after: dict, event: Event, days: int) -> None:
    """Each moment of `after` is the one of `before` moved `days` calendar days on the event's clock."""
    def same_clock(old, new):
        if isinstance(old, datetime.datetime):
            assert on_clock(event, new) == later(on_clock(event, old), days), (old, new)
        elif isinstance(old, datetime.date):
            assert new == old + datetime.timedelta(days=days)
        else:
            assert len(old) == len(new)
            for one, other in zip(old, new, strict=True):
                same_clock(one, other)

    for name in before:
        if name == "event":
            start, end, opens, closes = before[name]
            assert after[name][:2] == (start + datetime.timedelta(days=days), end + datetime.timedelta(days=days))
            assert after[name][2] == opens  # it opened on 1 August: already past, it stays
            same_clock(closes, after[name][3])
        else:
            same_clock(before[name], after[name])


@pytest.mark.parametrize("zone", ["Asia/Baku", "Europe/Berlin"])
def test_everything_planned_moves_by_calendar_days_on_the_event_clock(world, commit, zone):
    event = world.event
    event.time_zone = zone
    event.save()
    placed = _placed(world, event, commit)
    before, history = _snapshot(world, event, placed), _history(event, placed)
    # 34 days: from late September across the last Sunday of October, when Berlin leaves summer time.
    done = postponement.event_postpone(actor=world.organiser, event=event, days=34, reprint_badges=True)
    event.refresh_from_db()
    assert (event.start_date, event.end_date) == (datetime.date(2024, 10, 28), datetime.date(2024, 10, 30))
    after = _snapshot(world, event, placed)
    _moved_by(before, after, event, 34)
    session_start = after["session"][0]
    hours = (session_start - before["session"][0]) / datetime.timedelta(hours=1)
    assert hours == (34 * 24 + 1 if zone == "Europe/Berlin" else 34 * 24)  # 10:00 stays 10:00, not 24 h steps
    assert _history(event, placed) == history
    assert done.resigned == 1
    entry = AuditEntry.objects.get(action="event.postpone")
    assert entry.actor == world.organiser and entry.after["days"] == 34
    assert entry.after["moved"]["sessions"] == 1 and entry.after["resigned"] == 1
    assert entry.before["start_date"] == "2024-09-24" and entry.after["start_date"] == "2024-10-28"


def test_bringing_forward_moves_earlier(world, placed):
    event = world.event
    before = _snapshot(world, event, placed)
    postponement.event_postpone(actor=world.organiser, event=event, days="-3", reprint_badges=True)
    event.refresh_from_db()
    _moved_by(before, _snapshot(world, event, placed), event, -3)
    assert not Meeting.objects.exclude(slot__starts_at=Meeting.objects.get().starts_at).exists()


def _unchanged(world, placed, before):
    event = Event.objects.get(pk=world.event.pk)
    assert _snapshot(world, event, placed) == before
    assert Badge.objects.get(pk=placed["badge"].pk).generation == 1
    assert not AuditEntry.objects.filter(action__in=["event.postpone", "session.update", "grant.update"]).exists()


@pytest.mark.parametrize(("days", "message"), [
    ("0", "other than 0"), ("a week", "whole number"), ("2.5", "whole number"), ("731", "at most 730 days"),
    ("-20", "The new days would have begun already"),
])
def test_bad_numbers_are_refused_and_change_nothing(world, placed, days, message):
    before = _snapshot(world, world.event, placed)
    with pytest.raises(ValidationError) as refused:
        postponement.event_postpone(actor=world.organiser, event=world.event, days=days, reprint_badges=True)
    assert message in " ".join(refused.value.message_dict["days"])
    _unchanged(world, placed, before)


@pytest.mark.parametrize(("clock", "message"), [
    ("2024-09-24T00:00:00+04:00", "has already begun"), ("2024-09-25T12:00:00+04:00", "has already begun"),
    ("2024-09-21T08:00:00+04:00", "build-up"),
])
def test_an_event_begun_is_not_postponed(world, placed, settings, clock, message):
    before = _snapshot(world, world.event, placed)
    settings.PAVILION_CLOCK = clock
    with pytest.raises(ValidationError) as refused:
        postponement.event_postpone(actor=world.organiser, event=world.event, days=7, reprint_badges=True)
    assert message in refused.value.message_dict["days"][0]
    _unchanged(world, placed, before)


def test_valid_badges_are_refused_unless_re_signed(world, placed):
    before = _snapshot(world, world.event, placed)
    with pytest.raises(ValidationError) as refused:
        postponement.event_postpone(actor=world.organiser, event=world.event, days=7)
    assert refused.value.message_dict["reprint_badges"] == [
        "1 badge is issued and valid: its validity is signed into the printed card, which would still open the gates "
        "on the old days. Tick the box to have it re-signed with the new windows (the old card is then refused at "
        "the gates), or revoke it first."]
    _unchanged(world, placed, before)


def test_a_badge_that_cannot_be_re_signed_refuses_the_move(world, placed):
    registration = placed["registration"]
    registration.person.is_blocked = True
    registration.person.save()
    before = _snapshot(world, world.event, placed)
    with pytest.raises(ValidationError) as refused:
        postponement.event_postpone(actor=world.organiser, event=world.event, days=7, reprint_badges=True)
    assert "1 valid badge cannot be re-signed" in refused.value.message_dict["reprint_badges"][0]
    _unchanged(world, placed, before)


def test_a_revoked_badge_is_left_alone(world, placed):
    issuing.badge_revoke(actor=world.organiser, badge=placed["badge"], reason="lost")
    done = postponement.event_postpone(actor=world.organiser, event=world.event, days=7)
    assert done.resigned == 0 and Badge.objects.get(pk=placed["badge"].pk).generation == 1


def test_the_old_card_is_refused_at_the_gates_online_and_offline(client, world, placed, settings,
                                                                 django_capture_on_commit_callbacks):
    old = Badge.objects.get(pk=placed["badge"].pk)
    ring = verifying_ring(keyring_row(world.event))
    zone = Zone.objects.get(event=world.event, number=old.zones[0])
    old_day, new_day = local(world.event, 24, 12), local(world.event, 1, 12, month=10)
    assert verify(old.token, ring, event=world.event.pk, now=old_day, zone=zone.number,
                  revocations=Revocations()).granted
    since = keyring_row(world.event).seq
    with django_capture_on_commit_callbacks(execute=True):  # the re-signing task, run at once
        postponement.event_postpone(actor=world.organiser, event=world.event, days=7, reprint_badges=True)
    new = Badge.objects.get(pk=old.pk)
    assert new.generation == 2 and new.token != old.token
    assert on_clock(world.event, new.not_before) == later(on_clock(world.event, old.not_before), 7)
    # An offline scanner learns the new generation at its next sync and refuses the old card.
    revocations = Revocations.from_json(selectors.sync_feed(world.event, since=since)["revocations"])
    offline_old = verify(old.token, ring, event=world.event.pk, now=new_day, zone=zone.number, revocations=revocations)
    assert not offline_old.granted and offline_old.reason == "superseded"
    for moment, granted in ((new_day, True), (old_day, False)):
        answer = verify(new.token, ring, event=world.event.pk, now=moment, zone=zone.number, revocations=revocations)
        assert answer.granted is granted
    # Online, at the gate, on the new days: the old card is refused, the new one let in.
    gate = zone.gates.first()
    _device, token = device_enrol(actor=world.organiser, gate=gate, name="Hall scanner")
    settings.PAVILION_CLOCK = new_day.isoformat()
    answers = [client.post("/api/v1/scans", {"qr": qr, "gate": gate.code, "direction": "in",
                                             "scanned_at": new_day.isoformat(), "nonce": f"n-{qr[-6:]}"},
                           content_type="application/json", headers={"Authorization": f"Device {token}"}).json()
               for qr in (old.token, new.token)]
    assert answers[0]["reason"] == "superseded" and answers[0]["result"] == "denied"
    assert answers[1]["result"] == "granted", answers[1]


def test_only_the_organisers_administrators_postpone(world, placed):
    before = _snapshot(world, world.event, placed)
    for user in (world.organiser_staff, world.officer, world.exhibitor_admin):
        with pytest.raises(PermissionDenied):
            postponement.event_postpone(actor=user, event=world.event, days=7, reprint_badges=True)
    _unchanged(world, placed, before)


def test_a_refusal_after_the_first_writes_leaves_nothing_moved(world, placed):
    """A service refusing one row halfway (a grant outside the venue's days) undoes everything."""
    grant = Grant.objects.filter(zone__event=world.event).order_by("opens_at").first()
    Grant.objects.filter(pk=grant.pk).update(opens_at=local(world.event, 10, 8))  # before the build-up
    before = _snapshot(world, world.event, placed)
    with pytest.raises(ValidationError):
        postponement.event_postpone(actor=world.organiser, event=world.event, days=7, reprint_badges=True)
    _unchanged(world, placed, before)


# The page ----------------------------------------------------------------------------------------

def page(event) -> str:
    return f"/organiser/events/{event.slug}/postpone/"


def test_the_page_previews_then_moves(client, world, placed, django_capture_on_commit_callbacks):
    client.force_login(world.organiser)
    settings_page = client.get(f"/organiser/events/{world.event.slug}/").content.decode()
    assert f'href="{page(world.event)}"' in settings_page
    preview = client.get(page(world.event), {"days": "7"})
    assert preview.status_code == 200
    moves = {name: count for name, _label, count in preview.context["plan"].moves}
    assert moves["sessions"] == 1 and moves["slots"] == 2 and moves["meetings"] == 1 and moves["badges"] == 1
    assert moves["signings"] == 1 and "registration_opens_at" not in moves
    html = preview.content.decode()
    assert "The new days: 2024-10-01 to 2024-10-03" in html and 'name="reprint_badges"' in html
    assert "gate scan recorded" in html and "deal already signed" in html
    assert Event.objects.get(pk=world.event.pk).start_date == datetime.date(2024, 9, 24)  # a preview writes nothing

    refused = client.post(page(world.event), {"days": "7"})
    assert refused.status_code == 400
    assert "Tick the box" in refused.context["form"].errors["reprint_badges"][0]
    assert Event.objects.get(pk=world.event.pk).start_date == datetime.date(2024, 9, 24)

    # The callbacks run when the block ends: the page followed after the move shows the task not run yet.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page(world.event), {"days": "7", "reprint_badges": "on"}, follow=True)
    assert response.status_code == 200
    done_page = response.redirect_chain[-1][0]
    assert done_page.startswith(page(world.event) + "?done=")
    html = response.content.decode()
    assert "it now runs from 2024-10-01 to 2024-10-03" in html
    assert "1 badge is being re-signed with the new windows" in html
    assert response.context["done"] == {**response.context["done"], "resigned": 1, "to_sign": 1, "to_print": 0}
    reloaded = client.get(done_page)  # the task has run
    assert reloaded.context["done"] == {**reloaded.context["done"], "resigned": 1, "to_sign": 0, "to_print": 1}
    assert "Every badge is re-signed." in reloaded.content.decode()
    assert f'href="/events/{world.event.slug}/accreditation/badges/?printing=to_print"' in html
    assert Event.objects.get(pk=world.event.pk).start_date == datetime.date(2024, 10, 1)


@pytest.mark.parametrize(("days", "message"), [
    ("seven", "Give a whole number of days"), ("0", "other than 0"), ("1000", "at most 730 days"),
])
def test_bad_input_is_a_400_with_the_message_on_the_field(client, world, placed, days, message):
    client.force_login(world.organiser)
    for response in (client.get(page(world.event), {"days": days}),
                     client.post(page(world.event), {"days": days, "reprint_badges": "on"})):
        assert response.status_code == 400
        assert message in response.context["form"].errors["days"][0]
        assert response.context["plan"] is None
    assert Event.objects.get(pk=world.event.pk).start_date == datetime.date(2024, 9, 24)


def test_a_refusal_halfway_is_a_400_above_the_form_and_undoes_the_move(client, world, placed):
    """A service refusing one row during the move (a zone's window already outside the venue's days, found
    only when it is moved): the whole move is undone and the reason shown, not a server error."""
    grant = Grant.objects.filter(zone__event=world.event).order_by("opens_at").first()
    Grant.objects.filter(pk=grant.pk).update(opens_at=local(world.event, 10, 8))  # before the build-up
    client.force_login(world.organiser)
    response = client.post(page(world.event), {"days": "7", "reprint_badges": "on"})
    assert response.status_code == 400
    assert "The window must open from" in response.context["form"].non_field_errors()[0]
    assert Event.objects.get(pk=world.event.pk).start_date == datetime.date(2024, 9, 24)
    assert Badge.objects.get(pk=placed["badge"].pk).generation == 1


def test_the_page_refuses_an_event_begun(client, world, placed, settings):
    settings.PAVILION_CLOCK = "2024-09-25T12:00:00+04:00"
    client.force_login(world.organiser)
    response = client.get(page(world.event), {"days": "7"})
    assert response.status_code == 400 and "has already begun" in response.context["form"].errors["days"][0]


def test_the_page_is_for_the_organisers_administrators(client, world, placed):
    for user in (world.organiser_staff, world.exhibitor_admin, world.officer):
        client.force_login(user)
        assert client.get(page(world.event)).status_code == 403
        assert client.post(page(world.event), {"days": "7", "reprint_badges": "on"}).status_code == 403
    client.logout()
    assert client.get(page(world.event)).status_code == 302
    assert Event.objects.get(pk=world.event.pk).start_date == datetime.date(2024, 9, 24)


def test_refused_new_dates_point_to_the_postponement(client, world, placed):
    client.force_login(world.organiser)
    form = client.get(f"/organiser/events/{world.event.slug}/").context["event_form"]
    data = {f"event-{name}": value for name, value in form.initial.items() if value is not None}
    data.update({"action": "event", "event-start_date": "2024-10-01", "event-end_date": "2024-10-03",
                 "event-venue": world.event.venue_id})
    response = client.post(f"/organiser/events/{world.event.slug}/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="postpone-hint"' in html and f'href="{page(world.event)}"' in html
