"""Announcements: the services (validation, audit, withdrawal), who sees which, on the event's clock, and
the e-mail task (each person once, in their language, never twice)."""

import datetime
import zoneinfo
from dataclasses import dataclass

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from pavilion.core import roles
from pavilion.core.models import AccountPreference, AuditEntry
from pavilion.events import announcement_mail, announcement_selectors
from pavilion.events import announcements as services
from pavilion.events.announcement_tasks import send_announcement, send_due_announcements
from pavilion.events.models import Announcement, Event
from pavilion.registrations.models import Delegation, Person, Registration, RegistrationCategory
from tests.factories import (
    CompanyFactory,
    EventFactory,
    ExhibitorFactory,
    MemberFactory,
    ShowFactory,
    UserFactory,
)

BAKU = zoneinfo.ZoneInfo("Asia/Baku")
NOW = datetime.datetime(2024, 9, 24, 10, 0, tzinfo=BAKU)
Audience = Announcement.Audience


@pytest.fixture(autouse=True)
def event_clock(settings):
    settings.PAVILION_CLOCK = NOW.isoformat()


def register(event: Event, code: str, *, username: str, status=Registration.Status.APPROVED, language="en",
             email=None) -> Registration:
    category, _ = RegistrationCategory.objects.get_or_create(event=event, code=code, defaults={"name_en": code})
    user = UserFactory(username=username)
    person = Person.objects.create(given_name=username.title(), family_name="Tester", nationality="AZ",
                                   email=email or f"{username}@example.test", fingerprint=username,
                                   language=language, user=user)
    return Registration.objects.create(event=event, person=person, category=category, status=status)


@dataclass
class People:
    event: Event
    organiser: object
    visitor: object
    media: object
    staff: object  # an exhibitor's staff member, registered
    exhibitor_admin: object  # a company's account, not registered
    liaison: object
    rejected: object
    stranger: object


def make_people() -> People:
    """An event with one person or account of each kind that announcements tell apart."""
    event = EventFactory(slug="announce-test")
    show = ShowFactory(event=event)
    company = CompanyFactory()
    ExhibitorFactory(company=company, show=show)
    admin = UserFactory(username="company-admin", role=roles.EXHIBITOR_ADMIN)
    MemberFactory(company=company, user=admin)
    liaison = UserFactory(username="liaison-user", role=roles.DELEGATION_LIAISON)
    Delegation.objects.create(event=event, country="TR", sending_body="Ministry", liaison=liaison)
    return People(
        event=event, organiser=UserFactory(username="org", role=roles.ORGANISER_STAFF),
        visitor=register(event, "trade-visitor", username="visitor-user").person.user,
        media=register(event, "media", username="media-user", language="az").person.user,
        staff=register(event, "exhibitor-staff", username="staff-user", language="ru").person.user,
        exhibitor_admin=admin, liaison=liaison,
        rejected=register(event, "media", username="rejected-user", status=Registration.Status.REJECTED).person.user,
        stranger=UserFactory(username="stranger"),
    )


@pytest.fixture
def people(db) -> People:
    return make_people()


def publish(people: People, **fields) -> Announcement:
    values = {"title_en": "Hall 3 closes at 17:00", "body_en": "For a VIP visit.", **fields}
    return services.announcement_publish(actor=people.organiser, event=people.event, **values)


def seen_by(people: People, user) -> set[str]:
    return {a.title_en for a in announcement_selectors.announcements_for(people.event, user)}


# --- services -----------------------------------------------------------------------------------


def test_publishing_records_the_announcement_and_its_audit_entry(people):
    announcement = publish(people, title_az="  3 saylı   zal ", body_az="VIP səfəri.", audience=Audience.MEDIA)
    assert announcement.publish_at == NOW and announcement.created_by == people.organiser
    assert announcement.title_az == "3 saylı zal"  # on one line
    entry = AuditEntry.objects.get(action="announcement.publish", object_id=str(announcement.pk))
    assert entry.actor == people.organiser and entry.after["audience"] == "media"


def test_only_the_organiser_publishes(people):
    with pytest.raises(PermissionDenied):
        services.announcement_publish(actor=people.visitor, event=people.event, title_en="x", body_en="y")
    assert not Announcement.objects.exists()


@pytest.mark.parametrize("fields, field", [
    ({"title_en": "  "}, "title_en"),
    ({"body_en": ""}, "body_en"),
    ({"title_en": "x" * 151}, "title_en"),
    ({"body_ru": "y" * 2001, "title_ru": "z"}, "body_ru"),
    ({"title_az": "Yalnız başlıq"}, "body_az"),
    ({"audience": "sponsors"}, "audience"),
    ({"importance": "critical"}, "importance"),
    ({"publish_at": NOW - datetime.timedelta(hours=1)}, "publish_at"),
    ({"publish_at": NOW + datetime.timedelta(hours=2), "expires_at": NOW + datetime.timedelta(hours=1)}, "expires_at"),
    ({"expires_at": NOW}, "expires_at"),
])
def test_bad_input_is_refused_naming_the_field_and_changes_nothing(people, fields, field):
    with pytest.raises(ValidationError) as refused:
        publish(people, **fields)
    assert field in refused.value.message_dict
    assert not Announcement.objects.exists() and not AuditEntry.objects.filter(action__startswith="announcement").exists()


def test_an_update_keeps_the_past_publication_time_and_audits_what_changed(people, settings):
    announcement = publish(people)
    settings.PAVILION_CLOCK = (NOW + datetime.timedelta(hours=1)).isoformat()
    updated = services.announcement_update(actor=people.organiser, announcement=announcement,
                                           title_en="Hall 3 closes at 17:30", publish_at=announcement.publish_at)
    assert updated.title_en == "Hall 3 closes at 17:30" and updated.publish_at == NOW
    entry = AuditEntry.objects.get(action="announcement.update")
    assert entry.before == {"title_en": "Hall 3 closes at 17:00"} and entry.after == {"title_en": "Hall 3 closes at 17:30"}
    with pytest.raises(ValidationError) as refused:
        services.announcement_update(actor=people.organiser, announcement=announcement,
                                     publish_at=NOW - datetime.timedelta(minutes=5))
    assert "publish_at" in refused.value.message_dict


def test_an_announcement_published_at_seconds_past_the_minute_is_edited_as_the_form_shows_it(people, settings):
    """The form shows times to the minute: one published "now" at 10:00:30 came back as 10:00 and was
    refused as "a time that has passed", so it could not be corrected."""
    settings.PAVILION_CLOCK = (NOW + datetime.timedelta(seconds=30)).isoformat()
    announcement = publish(people)
    settings.PAVILION_CLOCK = (NOW + datetime.timedelta(minutes=5)).isoformat()
    updated = services.announcement_update(actor=people.organiser, announcement=announcement,
                                           body_en="For a VIP visit: use Hall 2.", publish_at=NOW)
    assert updated.body_en == "For a VIP visit: use Hall 2." and updated.publish_at == NOW + datetime.timedelta(
        seconds=30)
    assert "publish_at" not in AuditEntry.objects.get(action="announcement.update").after


def test_a_withdrawn_announcement_disappears_and_cannot_be_edited(people):
    announcement = publish(people, audience=Audience.PUBLIC)
    assert seen_by(people, None) == {"Hall 3 closes at 17:00"}
    services.announcement_withdraw(actor=people.organiser, announcement=announcement)
    assert seen_by(people, None) == set() and seen_by(people, people.visitor) == set()
    assert AuditEntry.objects.filter(action="announcement.withdraw").count() == 1
    with pytest.raises(ValidationError):
        services.announcement_update(actor=people.organiser, announcement=announcement, title_en="Again")
    with pytest.raises(ValidationError):
        services.announcement_withdraw(actor=people.organiser, announcement=announcement)


# --- who sees what --------------------------------------------------------------------------------


def test_each_audience_sees_its_own_announcements(people):
    for audience in Audience.values:
        publish(people, title_en=audience, audience=audience)
    assert seen_by(people, None) == {"public"}
    assert seen_by(people, people.stranger) == {"public"}
    assert seen_by(people, people.rejected) == {"public"}  # a rejected registrant reads only what the public reads
    assert seen_by(people, people.visitor) == {"public", "everyone", "visitors"}
    assert seen_by(people, people.media) == {"public", "everyone", "media"}
    assert seen_by(people, people.staff) == {"public", "everyone", "exhibitors"}
    assert seen_by(people, people.exhibitor_admin) == {"public", "everyone", "exhibitors"}
    assert seen_by(people, people.liaison) == {"public", "everyone", "delegations"}
    assert seen_by(people, people.organiser) == set(Audience.values)


def test_a_registration_at_another_event_shows_nothing_here(people):
    other = EventFactory(slug="other-event")
    register(other, "media", username="elsewhere")
    publish(people, title_en="media only", audience=Audience.MEDIA)
    assert seen_by(people, UserFactory(username="elsewhere")) == set()


def test_a_scheduled_announcement_appears_at_its_time_and_goes_when_it_expires(people, settings):
    publish(people, title_en="later", publish_at=NOW + datetime.timedelta(hours=6),
            expires_at=NOW + datetime.timedelta(hours=9))
    assert seen_by(people, people.visitor) == set()
    settings.PAVILION_CLOCK = (NOW + datetime.timedelta(hours=6)).isoformat()
    assert seen_by(people, people.visitor) == {"later"}
    settings.PAVILION_CLOCK = (NOW + datetime.timedelta(hours=9)).isoformat()
    assert seen_by(people, people.visitor) == set()


def test_newest_first(people):
    publish(people, title_en="first", publish_at=NOW + datetime.timedelta(minutes=1))
    publish(people, title_en="second", publish_at=NOW + datetime.timedelta(minutes=2))
    later = NOW + datetime.timedelta(minutes=3)
    titles = [a.title_en for a in announcement_selectors.announcements_for(people.event, people.visitor, later)]
    assert titles == ["second", "first"]


def test_the_reader_language_falls_back_to_english(people):
    announcement = publish(people, title_az="Zal bağlanır", body_az="VIP.")
    from django.utils import translation

    with translation.override("az"):
        assert announcement.title == "Zal bağlanır"
    with translation.override("ru"):
        assert announcement.title == "Hall 3 closes at 17:00"


# --- the e-mail -----------------------------------------------------------------------------------


def test_the_email_goes_once_to_each_approved_person_of_the_audience_in_their_language(
        people, django_capture_on_commit_callbacks):
    AccountPreference.objects.create(user=people.visitor, language="ru")
    with django_capture_on_commit_callbacks(execute=True):
        announcement = publish(people, title_az="Zal bağlanır", body_az="VIP səfəri.", title_ru="Зал закрыт",
                               body_ru="Визит.", send_email=True)
    recipients = {message.to[0]: message.subject for message in mail.outbox}
    # Everyone registered and approved; the rejected registrant and the unregistered accounts are not mailed.
    assert set(recipients) == {"visitor-user@example.test", "media-user@example.test", "staff-user@example.test"}
    assert "Зал закрыт" in recipients["visitor-user@example.test"]  # the account's choice beats the registration's
    assert "Zal bağlanır" in recipients["media-user@example.test"]
    assert "Зал закрыт" in recipients["staff-user@example.test"]
    announcement.refresh_from_db()
    assert announcement.emailed_at == NOW and announcement.emailed_count == 3
    # A retry (the worker ran the task again) sends nothing.
    assert send_announcement.enqueue(announcement.pk).return_value == 0
    assert len(mail.outbox) == 3


def test_the_email_reaches_only_its_audience(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        publish(people, audience=Audience.MEDIA, send_email=True)
    assert [message.to for message in mail.outbox] == [["media-user@example.test"]]


def test_a_scheduled_email_waits_for_the_publication(people, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        announcement = publish(people, audience=Audience.MEDIA, send_email=True,
                               publish_at=NOW + datetime.timedelta(hours=2))
    assert mail.outbox == [] and announcement_mail.send(announcement.pk) == 0
    settings.PAVILION_CLOCK = (NOW + datetime.timedelta(hours=2)).isoformat()
    assert send_due_announcements.enqueue().return_value == 1
    assert send_due_announcements.enqueue().return_value == 0
    assert len(mail.outbox) == 1


def test_a_withdrawn_announcement_is_not_emailed(people, settings):
    announcement = publish(people, send_email=True, publish_at=NOW + datetime.timedelta(hours=2))
    services.announcement_withdraw(actor=people.organiser, announcement=announcement)
    settings.PAVILION_CLOCK = (NOW + datetime.timedelta(hours=2)).isoformat()
    assert send_due_announcements.enqueue().return_value == 0 and mail.outbox == []


def test_one_address_gets_one_email(people, django_capture_on_commit_callbacks):
    register(people.event, "trade-visitor", username="twin", email="VISITOR-user@example.test")
    with django_capture_on_commit_callbacks(execute=True):
        publish(people, audience=Audience.VISITORS, send_email=True)
    assert len(mail.outbox) == 1
