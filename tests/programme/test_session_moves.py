"""A session moved: never overbooked silently (a smaller room is refused, or the seats booked last go
back to the waiting list when the organiser says so), and those who booked it are told by e-mail, once."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from pavilion.core.models import AuditEntry
from pavilion.programme import notifications, seats, services
from pavilion.programme.models import Bookmark, Room, Session
from tests.programme.support import baku


def _tiny_room(programme):
    return services.room_create(actor=None, event=programme.world.event, code="tiny", name_en="Tiny room",
                                name_az="Kiçik otaq", name_ru="Маленький зал", capacity=1)


def _booked(programme, commit, count, **fields):
    session = programme.session(room=programme.small_room, admission=Session.Admission.REGISTERED, **fields)
    people = [programme.person(commit) for _ in range(count)]
    for person in people:
        seats.bookmark_add(actor=None, session=session, registration=person)
    mail.outbox.clear()  # the registrations' own e-mails
    return session, people


def test_a_move_into_a_room_with_fewer_seats_than_are_confirmed_is_refused(programme, commit):
    session, people = _booked(programme, commit, 2)
    tiny = _tiny_room(programme)
    with pytest.raises(ValidationError) as refused:
        commit(services.session_update, actor=programme.world.organiser, session=session, room=tiny)
    assert "2 seats of this session are confirmed" in refused.value.message_dict["room"][0]
    assert "Tiny room holds (1)" in refused.value.message_dict["room"][0]
    session.refresh_from_db()
    assert session.room_id == programme.small_room.pk
    assert set(Bookmark.objects.values_list("status", flat=True)) == {Bookmark.Status.CONFIRMED}
    assert mail.outbox == []


def test_the_organiser_may_send_those_who_booked_last_to_the_waiting_list(programme, commit):
    session, (first, last) = _booked(programme, commit, 2)
    last.person.language = "ru"
    last.person.save(update_fields=["language"])
    mail.outbox.clear()
    tiny = _tiny_room(programme)
    commit(services.session_update, actor=programme.world.organiser, session=session, room=tiny,
           waitlist_excess=True)
    states = dict(Bookmark.objects.values_list("registration_id", "status"))
    assert states == {first.pk: Bookmark.Status.CONFIRMED, last.pk: Bookmark.Status.WAITLISTED}
    told = {message.to[0]: message for message in mail.outbox}
    assert set(told) == {first.person.email, last.person.email}
    assert "листе ожидания" in told[last.person.email].body or "waiting list" in told[last.person.email].body
    assert "Маленький зал" in told[last.person.email].body  # the room's Russian name: the mail is in Russian
    assert "waiting list" not in told[first.person.email].subject


def test_a_room_made_smaller_than_its_confirmed_seats_is_refused(programme, commit):
    _booked(programme, commit, 2)
    with pytest.raises(ValidationError) as refused:
        services.room_update(actor=programme.world.organiser, room=programme.small_room, capacity=1)
    assert "2 seats confirmed" in refused.value.message_dict["capacity"][0]
    assert Room.objects.get(pk=programme.small_room.pk).capacity == 2


def test_the_session_form_refuses_then_takes_the_ticked_move(client, programme, commit):
    session, _people = _booked(programme, commit, 2)
    tiny = _tiny_room(programme)
    client.force_login(programme.world.organiser)
    url = reverse("programme:organiser_session", args=[programme.world.event.slug, session.pk])
    form = {"title_en": session.title_en, "kind": session.kind, "status": session.status, "room": tiny.pk,
            "starts_at": "2024-09-24T10:00", "ends_at": "2024-09-24T11:00", "admission": session.admission,
            "languages": ["en"]}
    assert 'name="waitlist_excess"' in client.get(url).content.decode()
    new_session = reverse("programme:organiser_session_new", args=[programme.world.event.slug])
    assert 'name="waitlist_excess"' not in client.get(new_session).content.decode()  # no seats to move yet
    refused = client.post(url, form)
    assert refused.status_code == 400
    assert "2 seats of this session are confirmed" in refused.content.decode()
    assert Session.objects.get(pk=session.pk).room_id == programme.small_room.pk
    assert client.post(url, {**form, "waitlist_excess": "on"}).status_code == 302
    assert Session.objects.get(pk=session.pk).room_id == tiny.pk
    assert Bookmark.objects.filter(status=Bookmark.Status.WAITLISTED).count() == 1


def test_those_who_booked_are_told_of_a_move_in_their_language_once(programme, commit, settings):
    settings.PAVILION_SITE_URL = "https://pavilion.test"
    session = programme.session(admission=Session.Admission.REGISTERED)
    seated, saved_only = programme.person(commit), programme.person(commit)
    for registration, language in ((seated, "en"), (saved_only, "az")):
        registration.person.language = language
        registration.person.save(update_fields=["language"])
    seats.bookmark_add(actor=None, session=session, registration=seated)
    seats.bookmark_add(actor=None, session=session, registration=saved_only)
    programme.person(commit)  # no bookmark: not told
    mail.outbox.clear()
    commit(services.session_update, actor=programme.world.organiser, session=session, title_en="Renamed panel")
    assert mail.outbox == []  # a new title is no move
    commit(services.session_update, actor=programme.world.organiser, session=session,
           starts_at=baku(25, 15), ends_at=baku(25, 16, 30))
    assert sorted(message.to[0] for message in mail.outbox) == sorted([seated.person.email, saved_only.person.email])
    for message in mail.outbox:
        assert "15:00–16:30" in message.body
        assert f"https://pavilion.test/events/{programme.world.event.slug}/programme/sessions/{session.pk}/" \
            in message.body
    english = next(message for message in mail.outbox if message.to == [seated.person.email])
    assert "Conference room A" in english.body and "Baku time" in english.body
    assert english.subject == "ADEX Test: “Renamed panel” has moved"
    azerbaijani = next(message for message in mail.outbox if message.to == [saved_only.person.email])
    assert "Hörmətli" in azerbaijani.body and "Konfrans zalı A" in azerbaijani.body
    entry = AuditEntry.objects.filter(action="session.update").latest("pk")
    assert notifications.session_changed(entry.pk) == 0  # the task run again: nobody twice
    assert len(mail.outbox) == 2


def test_a_draft_session_moved_tells_nobody(programme, commit):
    session = programme.session()
    seats.bookmark_add(actor=None, session=session, registration=programme.person(commit))
    mail.outbox.clear()
    commit(services.session_update, actor=programme.world.organiser, session=session, status=Session.Status.DRAFT)
    commit(services.session_update, actor=programme.world.organiser, session=session, room=programme.small_room)
    assert mail.outbox == []


def test_a_caller_that_tells_people_itself_moves_a_session_quietly(programme, commit):
    session = programme.session()
    seats.bookmark_add(actor=None, session=session, registration=programme.person(commit))
    mail.outbox.clear()
    commit(services.session_update, actor=programme.world.organiser, session=session, notify=False,
           starts_at=baku(25, 10), ends_at=baku(25, 11))
    assert mail.outbox == []


def test_a_published_session_cancelled_is_told_to_those_who_kept_it_once(programme, commit):
    """Before, a cancellation told nobody (only a move did): those with a seat found out at the door."""
    session, (first, second) = _booked(programme, commit, 2)
    assert session.status == Session.Status.PUBLISHED
    for person, language in ((first, "en"), (second, "ru")):
        person.person.language = language
        person.person.save(update_fields=["language"])
    commit(services.session_update, actor=programme.world.organiser, session=session,
           status=Session.Status.CANCELLED)
    told = {message.to[0]: message for message in mail.outbox}
    assert set(told) == {first.person.email, second.person.email}
    assert "is cancelled" in told[first.person.email].subject and "will not take place" in told[first.person.email].body
    assert "отмен" in told[second.person.email].subject.lower()
    entry = AuditEntry.objects.filter(action="session.update").latest("pk")
    mail.outbox.clear()
    notifications.session_changed(entry.pk)  # the task run again: nobody twice
    assert mail.outbox == []
    # A draft cancelled tells nobody: nobody could see it.
    draft = programme.session(room=programme.small_room, status=Session.Status.DRAFT, starts_at=baku(24, 14),
                              ends_at=baku(24, 15))
    commit(services.session_update, actor=programme.world.organiser, session=draft, status=Session.Status.CANCELLED)
    assert mail.outbox == []
