# ruff: noqa: F811 (the fixtures imported below are redefined as parameters, as pytest wants)
"""After a postponement is committed, everyone with an approved registration is e-mailed the event's new
days, and every participant of a published meeting their meetings at the new times on the event's clock,
each in their language; once per postponement however often the task runs; nothing for a move refused."""

import pytest
from django.core import mail

from pavilion.core.models import AuditEntry
from pavilion.events import postponement, postponement_mail, tasks
from pavilion.meetings.models import MeetingParticipant
from pavilion.registrations.models import Registration
from pavilion.registrations.notifications import status_link
from tests.events.test_postponement import _placed
from tests.registrations.support import _registration_settings, commit, world  # noqa: F401


@pytest.fixture
def placed(world, commit):
    found = _placed(world, world.event, commit)
    counterpart = found["meeting"].request.counterpart
    counterpart.person.language = "ru"
    counterpart.person.save()
    found["counterpart"] = counterpart
    for registration in (found["registration"], counterpart):
        MeetingParticipant.objects.create(meeting=found["meeting"], registration=registration)
    holder = found["registration"].person
    holder.language = "en"
    holder.save()
    mail.outbox.clear()  # the registrations' own e-mails
    return found


def _postpone(world, django_capture_on_commit_callbacks, days=7):
    with django_capture_on_commit_callbacks(execute=True):
        return postponement.event_postpone(actor=world.organiser, event=world.event, days=days, reprint_badges=True)


# The subject of the new days' e-mail in each language ("%(event)s is moved: %(start)s to %(end)s").
MOVED = ("is moved:", "köçürüldü:", "перенесено:")


def _dates_mail(message) -> bool:
    return any(marker in message.subject for marker in MOVED)


def _by_address(kind_subject: str) -> dict:
    return {message.to[0]: message for message in mail.outbox if kind_subject in message.subject}


def test_the_approved_are_told_the_new_days_and_the_participants_their_meetings(world, placed,
                                                                               django_capture_on_commit_callbacks):
    _postpone(world, django_capture_on_commit_callbacks)
    approved = set(Registration.objects.filter(event=world.event, status="approved").values_list("person__email",
                                                                                                  flat=True))
    holder, counterpart = placed["registration"], placed["counterpart"]
    dates = {message.to[0]: message for message in mail.outbox if _dates_mail(message)}
    assert set(dates) == approved and holder.person.email in dates
    english = dates[holder.person.email]
    assert english.subject == "ADEX Test is moved: 1 October to 3 October 2024"
    assert "it now runs from Tuesday 1 October 2024 to Thursday 3 October 2024." in english.body
    assert "Your badge is printed again with the new days" in english.body  # the holder's badge was re-signed
    assert status_link(holder) in english.body
    russian = dates[counterpart.person.email]
    assert "1 октября" in russian.subject and "АДЕКС Тест" in russian.subject  # the date and name in Russian
    assert "Your badge is printed again" not in russian.body and "бейдж" not in russian.body  # no badge

    meetings = [message for message in mail.outbox if message not in dates.values()]
    assert sorted(message.to[0] for message in meetings) == sorted([holder.person.email, counterpart.person.email])
    to_holder = next(message for message in meetings if message.to == [holder.person.email])
    # 25 September 10:00-11:00 in Baku, a week later: the same time of day.
    assert "Wednesday 2 October, 10:00–11:00 · Table 1" in to_holder.body
    assert "times in Asia/Baku" in to_holder.body
    assert counterpart.person.full_name in to_holder.body  # with whom
    assert f"/events/{world.event.slug}/" in to_holder.body
    to_counterpart = next(message for message in meetings if message.to == [counterpart.person.email])
    assert "среда 2 октября, 10:00–11:00" in to_counterpart.body.lower()


def test_a_retried_task_mails_nobody_twice(world, placed, django_capture_on_commit_callbacks):
    done = _postpone(world, django_capture_on_commit_callbacks)
    sent = len(mail.outbox)
    assert sent >= 4
    assert tasks.send_postponement_mails.enqueue(done.entry.pk).return_value == 0
    assert postponement_mail.send_postponement_mails(done.entry.pk) == 0
    assert len(mail.outbox) == sent
    records = AuditEntry.objects.filter(action="event.postpone_mail")
    assert {entry.after["kind"] for entry in records} == {"dates", "meetings"}
    assert all(entry.after["postponement"] == done.entry.pk and entry.actor is None for entry in records)


def test_a_run_stopped_halfway_is_finished_by_the_next(world, placed, django_capture_on_commit_callbacks,
                                                       monkeypatch):
    """Batches are recorded one by one: a run that sent the first batch and stopped leaves the rest to the
    next, which writes to nobody of the first."""
    monkeypatch.setattr(postponement_mail, "BATCH", 1)
    with django_capture_on_commit_callbacks(execute=False):
        done = postponement.event_postpone(actor=world.organiser, event=world.event, days=7, reprint_badges=True)
    first = Registration.objects.filter(event=world.event, status="approved").order_by("pk").first()
    # What the stopped run left: its first batch sent and recorded.
    AuditEntry.objects.create(action="event.postpone_mail", object_type="events.event",
                              object_id=str(world.event.pk),
                              after={"postponement": done.entry.pk, "kind": "dates", "registrations": [first.pk]})
    postponement_mail.send_postponement_mails(done.entry.pk)
    dated = [message.to[0] for message in mail.outbox if _dates_mail(message)]
    assert first.person.email not in dated and len(dated) == len(set(dated))
    assert AuditEntry.objects.filter(action="event.postpone_mail", after__kind="dates").count() == 1 + len(dated)


def test_another_postponement_is_told_again(world, placed, django_capture_on_commit_callbacks):
    _postpone(world, django_capture_on_commit_callbacks)
    first = len(mail.outbox)
    _postpone(world, django_capture_on_commit_callbacks, days=1)
    assert len(mail.outbox) == 2 * first
    second = [message.subject for message in mail.outbox[first:]]
    assert "ADEX Test is moved: 2 October to 4 October 2024" in second


def test_a_refused_move_mails_nobody(world, placed, django_capture_on_commit_callbacks):
    from django.core.exceptions import ValidationError

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        postponement.event_postpone(actor=world.organiser, event=world.event, days=7)
    assert mail.outbox == [] and not AuditEntry.objects.filter(action="event.postpone_mail").exists()


@pytest.fixture
def delegations(world):
    """A delegation whose liaison reads Russian, with its stay and a visit; one without a liaison."""
    from pavilion.core.accounts import language_preference_set
    from pavilion.registrations.models import Delegation, DelegationVisit
    from tests.events.test_postponement import local

    world.liaison.email = "liaison@example.org"
    world.liaison.first_name, world.liaison.last_name = "Leyla", "Aliyeva"
    world.liaison.save()
    language_preference_set(actor=world.liaison, user=world.liaison, language="ru")
    managed = Delegation.objects.create(event=world.event, country="GE", sending_body="Ministry of Defence",
                                        liaison=world.liaison, arrival=local(world.event, 23, 15),
                                        departure=local(world.event, 26, 20))
    DelegationVisit.objects.create(delegation=managed, title="Stand A1", place="Hall 1",
                                   starts_at=local(world.event, 24, 12), ends_at=local(world.event, 24, 13))
    Delegation.objects.create(event=world.event, country="TR", sending_body="SSB")
    mail.outbox.clear()
    return managed


def test_the_liaison_is_told_the_delegations_new_stay_and_programme(world, delegations,
                                                                   django_capture_on_commit_callbacks):
    done = _postpone(world, django_capture_on_commit_callbacks)
    to_liaison = [message for message in mail.outbox if message.to == ["liaison@example.org"]]
    assert len(to_liaison) == 1
    message = to_liaison[0]
    assert "АДЕКС Тест перенесено: делегация (Грузия)" in message.subject  # in the liaison's language
    body = message.body
    assert "Здравствуйте, Leyla Aliyeva!" in body
    # A week later, the same times of day on the event's clock: arrival 30 September 15:00, the visit
    # 1 October 12:00-13:00, departure 3 October 20:00.
    assert "30 сентября 2024, 15:00" in body and "3 октября 2024, 20:00" in body
    assert "1 октября, 12:00–13:00 · Stand A1, Hall 1" in body
    assert f"/delegations/{delegations.pk}/" in body
    records = AuditEntry.objects.filter(action="event.postpone_mail", after__kind="liaisons")
    assert [entry.after["delegations"] for entry in records] == [[delegations.pk]]  # ids, nothing personal
    assert postponement_mail.send_postponement_mails(done.entry.pk) == 0  # once


def test_a_liaison_without_an_address_or_no_longer_active_gets_nothing(world, delegations,
                                                                      django_capture_on_commit_callbacks):
    world.liaison.is_active = False
    world.liaison.save()
    _postpone(world, django_capture_on_commit_callbacks)
    assert not [message for message in mail.outbox if message.to == ["liaison@example.org"]]
    assert not AuditEntry.objects.filter(action="event.postpone_mail", after__kind="liaisons").exists()
