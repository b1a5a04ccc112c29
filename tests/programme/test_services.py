"""Sessions: overlaps in one room and double-booked speakers are refused with a clear message and
nothing changed; times, languages and rooms are checked."""

import pytest
from django.core.exceptions import ValidationError

from pavilion.core.models import AuditEntry
from pavilion.programme import services
from pavilion.programme.models import Session, SessionSpeaker
from tests.factories import EventFactory
from tests.programme.support import baku


def _message(error: pytest.ExceptionInfo) -> str:
    return " ".join(message for messages in error.value.message_dict.values() for message in messages)


def test_a_session_is_created_with_its_speakers_and_audited(programme):
    chair, speaker, _other = programme.speakers
    session = programme.session(speakers=[(chair, "chair"), (speaker, "speaker")], languages="az, EN",
                                interpretation="en ru")
    assert [(a.speaker, a.role) for a in session.appearances.order_by("order")] == [(chair, "chair"), (speaker, "speaker")]
    assert session.languages == "az en" and session.interpretation == "ru"  # interpretation into a spoken one dropped
    assert AuditEntry.objects.filter(action="session.create", object_id=str(session.pk)).exists()


def test_an_overlapping_session_in_the_same_room_is_refused_and_nothing_changes(programme):
    programme.session(title_en="Opening ceremony", starts_at=baku(24, 10), ends_at=baku(24, 11, 30))
    before = (Session.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as error:
        programme.session(title_en="UAV panel", starts_at=baku(24, 11), ends_at=baku(24, 12))
    message = _message(error)
    assert "Conference room A is taken" in message and "Opening ceremony" in message and "10:00–11:30" in message
    assert (Session.objects.count(), AuditEntry.objects.count()) == before
    # back to back is fine, and so is another room at the same time
    programme.session(title_en="UAV panel", starts_at=baku(24, 11, 30), ends_at=baku(24, 12))
    programme.session(title_en="Cyber", room=programme.small_room, starts_at=baku(24, 10), ends_at=baku(24, 11))


def test_drafts_hold_the_room_but_cancelled_sessions_do_not(programme):
    draft = programme.session(status=Session.Status.DRAFT)
    with pytest.raises(ValidationError):
        programme.session(title_en="Clash with a draft")
    services.session_update(actor=programme.world.organiser, session=draft, status=Session.Status.CANCELLED)
    programme.session(title_en="Now the room is free")


def test_a_speaker_in_two_overlapping_sessions_is_refused(programme):
    speaker = programme.speakers[0]
    programme.session(title_en="Air defence panel", speakers=[(speaker, "speaker")])
    with pytest.raises(ValidationError) as error:
        programme.session(title_en="Cyber panel", room=programme.small_room, starts_at=baku(24, 10, 30),
                          ends_at=baku(24, 11, 30), speakers=[(programme.speakers[1], "chair"), (speaker, "speaker")])
    message = _message(error)
    assert "Elnur Qasımov already speaks at “Air defence panel” in Conference room A" in message
    assert Session.objects.count() == 1 and SessionSpeaker.objects.count() == 1
    programme.session(title_en="Later", room=programme.small_room, starts_at=baku(24, 11), ends_at=baku(24, 12),
                      speakers=[(speaker, "speaker")])


def test_an_update_into_a_clash_is_refused_and_the_session_stays_as_it_was(programme):
    first = programme.session(title_en="First", speakers=[(programme.speakers[0], "speaker")])
    second = programme.session(title_en="Second", room=programme.small_room, speakers=[(programme.speakers[1], "speaker")])
    with pytest.raises(ValidationError):
        services.session_update(actor=programme.world.organiser, session=second, room=programme.room)
    with pytest.raises(ValidationError):
        services.session_update(actor=programme.world.organiser, session=second,
                                speakers=[(programme.speakers[0], "speaker")])
    second.refresh_from_db()
    assert second.room == programme.small_room
    assert list(second.appearances.values_list("speaker", flat=True)) == [programme.speakers[1].pk]
    # moving a session within its own slot is no clash with itself
    services.session_update(actor=programme.world.organiser, session=first, ends_at=baku(24, 11, 15))


@pytest.mark.parametrize("fields, field", [
    ({"starts_at": baku(24, 12), "ends_at": baku(24, 11)}, "ends_at"),
    ({"starts_at": baku(27, 10), "ends_at": baku(27, 11)}, "starts_at"),
    ({"languages": "en xx"}, "languages"),
    ({"languages": ""}, "languages"),
    ({"title_en": "", "title_az": "", "title_ru": ""}, "title_en"),
    ({"kind": "party"}, "kind"),
])
def test_bad_input_names_the_field_and_creates_nothing(programme, fields, field):
    with pytest.raises(ValidationError) as error:
        programme.session(**fields)
    assert field in error.value.message_dict
    assert not Session.objects.exists()


def test_rooms_speakers_and_tracks_of_another_event_are_refused(programme):
    other = EventFactory()
    foreign_room = services.room_create(actor=None, event=other, code="x", name_en="Elsewhere", capacity=10)
    with pytest.raises(ValidationError) as error:
        programme.session(room=foreign_room)
    assert "room" in error.value.message_dict
    foreign_speaker = services.speaker_create(actor=None, event=other, name="Someone Else")
    with pytest.raises(ValidationError) as error:
        programme.session(speakers=[(foreign_speaker, "speaker")])
    assert "speakers" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.room_create(actor=None, event=other, code="y", name_en="Y", capacity=5, gate=programme.door)
    assert "gate" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.room_create(actor=None, event=programme.world.event, code="room-a", name_en="Twice", capacity=5)
    assert "code" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.room_create(actor=None, event=programme.world.event, code="empty", name_en="Empty", capacity=0)


def test_room_codes_are_told_apart_regardless_of_case_and_a_room_has_a_believable_capacity(programme):
    event, organiser = programme.world.event, programme.world.organiser
    with pytest.raises(ValidationError) as caught:
        services.room_create(actor=organiser, event=event, code="ROOM-A", name_en="Again", capacity=10)
    assert "already has a room with this code" in caught.value.message_dict["code"][0]
    with pytest.raises(ValidationError) as caught:
        services.room_create(actor=organiser, event=event, code="room-z", name_en="Huge", capacity=99_999_999_999)
    assert "at most" in caught.value.message_dict["capacity"][0]
    assert not event.rooms.filter(code__in=["ROOM-A", "room-z"]).exists()


def test_a_speaker_is_not_added_twice_by_a_second_click(programme):
    event, organiser = programme.world.event, programme.world.organiser
    with pytest.raises(ValidationError) as caught:
        services.speaker_create(actor=organiser, event=event, name=" ELNUR  qasımov ", organisation_en="test systems",
                                country="AZ")
    assert "already a speaker of this event" in caught.value.message_dict["name"][0]
    services.speaker_create(actor=organiser, event=event, name="Elnur Qasımov", organisation_en="Other Institute",
                            country="AZ")  # a namesake of another organisation is another person
    assert event.speakers.filter(name__icontains="Qas").count() == 2


def test_a_room_track_or_speaker_no_session_uses_is_deleted_and_one_in_use_is_not(client, programme):
    from django.urls import reverse

    from pavilion.programme.models import Room, Speaker, Track

    event, organiser = programme.world.event, programme.world.organiser
    programme.session(track=programme.track, speakers=[(programme.speakers[0], "speaker")])
    client.force_login(organiser)
    used = {"rooms": programme.room, "tracks": programme.track, "speakers": programme.speakers[0]}
    for kind, obj in used.items():
        url = reverse("programme:organiser_item_delete", args=[event.slug, kind, obj.pk])
        page = client.post(url, follow=True).content.decode()
        assert "first" in page and type(obj).objects.filter(pk=obj.pk).exists(), kind
    spare = {"rooms": programme.small_room, "speakers": programme.speakers[2],
             "tracks": services.track_create(actor=organiser, event=event, code="spare", name_en="Spare",
                                             colour="#1f4e79")}
    for kind, obj in spare.items():
        client.post(reverse("programme:organiser_item_delete", args=[event.slug, kind, obj.pk]))
        assert not type(obj).objects.filter(pk=obj.pk).exists(), kind
    assert AuditEntry.objects.filter(action__in=["room.delete", "track.delete", "speaker.delete"]).count() == 3
    assert client.post(reverse("programme:organiser_item_delete", args=[event.slug, "sessions", 1])).status_code == 404
    assert client.get(reverse("programme:organiser_item_delete", args=[event.slug, "rooms", 1])).status_code == 405
    client.force_login(programme.world.visitor)
    speaker = programme.speakers[1]
    client.post(reverse("programme:organiser_item_delete", args=[event.slug, "speakers", speaker.pk]))
    assert Speaker.objects.filter(pk=speaker.pk).exists() and Room.objects.exists() and Track.objects.exists()
