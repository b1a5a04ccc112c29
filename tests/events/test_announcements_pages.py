# ruff: noqa: F811 (the fixtures imported below are redefined as parameters, as pytest wants)
"""Announcements on pages: the organiser's list and form (permissions, bad input, withdrawal), the banner every
signed-in page loads, the event's public page and the page of its announcements; fixed query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pavilion.events.models import Announcement
from tests.events.test_announcements import NOW, event_clock, people, publish  # noqa: F401

Audience = Announcement.Audience


def urls(event):
    return {
        "list": reverse("events:organiser_announcements", args=[event.slug]),
        "new": reverse("events:organiser_announcement_new", args=[event.slug]),
    }



def form_data(**changes):
    data = {"title_en": "Shuttle buses", "body_en": "Every 10 minutes.", "title_az": "", "body_az": "",
            "title_ru": "", "body_ru": "", "audience": "public", "importance": "normal", "publish_at": "",
            "expires_at": ""}
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_someone_not_of_the_organiser_cannot_open_or_post_the_pages(client, people):
    announcement = publish(people)
    pages = [*urls(people.event).values(),
             reverse("events:organiser_announcement", args=[people.event.slug, announcement.pk])]
    for url in pages:
        assert client.get(url).status_code == 302  # to sign in
    client.force_login(people.exhibitor_admin)
    for url in pages:
        assert client.get(url).status_code == 403
        assert client.post(url, form_data()).status_code == 403
    withdraw = reverse("events:organiser_announcement_withdraw", args=[people.event.slug, announcement.pk])
    assert client.post(withdraw).status_code == 403
    assert Announcement.objects.get().withdrawn_at is None and Announcement.objects.count() == 1


def test_the_organiser_publishes_edits_and_withdraws(client, people):
    client.force_login(people.organiser)
    response = client.post(urls(people.event)["new"], form_data(importance="urgent"))
    assert response.status_code == 302 and response["Location"] == urls(people.event)["list"]
    announcement = Announcement.objects.get()
    assert announcement.audience == "public" and announcement.is_urgent and announcement.publish_at == NOW
    edit = reverse("events:organiser_announcement", args=[people.event.slug, announcement.pk])
    assert "Shuttle buses" in client.get(edit).content.decode()
    assert client.post(edit, form_data(title_en="Shuttle buses every 5 minutes",
                                       publish_at="2024-09-24T10:00")).status_code == 302
    assert Announcement.objects.get().title_en == "Shuttle buses every 5 minutes"
    page = client.get(urls(people.event)["list"]).content.decode()
    assert 'data-state="current"' in page and "Shuttle buses every 5 minutes" in page
    client.post(reverse("events:organiser_announcement_withdraw", args=[people.event.slug, announcement.pk]))
    assert Announcement.objects.get().withdrawn_at == NOW
    assert 'data-state="withdrawn"' in client.get(urls(people.event)["list"]).content.decode()
    assert client.get(edit).status_code == 302  # nothing to edit any more


def test_a_scheduled_announcement_is_entered_on_the_event_clock(client, people):
    client.force_login(people.organiser)
    client.post(urls(people.event)["new"], form_data(publish_at="2024-09-24T16:00", expires_at="2024-09-24T19:00"))
    announcement = Announcement.objects.get()
    assert announcement.publish_at == NOW + datetime.timedelta(hours=6)  # 16:00 in Baku
    assert announcement.state(NOW) == "scheduled"


@pytest.mark.parametrize("changes, message", [
    ({"title_en": ""}, "This field is required."),
    ({"expires_at": "2024-09-24T09:00"}, "The announcement must expire after it is published."),
    ({"publish_at": "2024-09-23T09:00"}, "This time has passed"),
    ({"publish_at": "not a time"}, "Enter a valid date/time."),
    ({"publish_at": "0001-01-01T00:00"}, ""),
    ({"audience": "sponsors"}, "Select a valid choice."),
    ({"body_en": "x" * 2001}, "Ensure this value has at most 2000 characters"),
    ({"title_ru": "Только заголовок"}, "Give both the title and the text in this language, or neither."),
    ({"title_en": "nul\x00"}, "Null characters are not allowed."),
])
def test_bad_input_is_told_on_the_form_and_changes_nothing(client, people, changes, message):
    client.force_login(people.organiser)
    response = client.post(urls(people.event)["new"], form_data(**changes))
    assert response.status_code == 400 and message in response.content.decode()
    assert not Announcement.objects.exists()


def test_the_organiser_list_has_a_fixed_number_of_queries(client, people, django_assert_num_queries):
    client.force_login(people.organiser)
    publish(people)
    client.get(urls(people.event)["list"])
    with CaptureQueriesContext(connection) as first:
        client.get(urls(people.event)["list"])
    for index in range(5):
        publish(people, title_en=f"more {index}", audience=Audience.MEDIA)
    with django_assert_num_queries(len(first)):
        assert client.get(urls(people.event)["list"]).content.decode().count("data-announcement=") == 6
    assert len(first) == 5  # session, user, roles, event, announcements with their authors


def test_the_banner_shows_the_readers_announcements_urgent_marked(client, people):
    publish(people, title_en="For media", audience=Audience.MEDIA)
    publish(people, title_en="Everyone, urgent", importance="urgent")
    banner = reverse("events:announcement_banner")
    client.force_login(people.media)
    page = client.get(banner, {"event": people.event.slug}).content.decode()
    assert "For media" in page and 'class="announcement urgent"' in page
    assert "For media" in client.get(banner).content.decode()  # a page without an event: the reader's events
    client.force_login(people.staff)
    page = client.get(banner, {"event": people.event.slug}).content.decode()
    assert "For media" not in page and "Everyone, urgent" in page
    client.force_login(people.rejected)
    assert client.get(banner, {"event": people.event.slug}).content.decode().strip() == ""
    client.logout()
    assert client.get(banner).content.decode().strip() == ""


def test_every_page_of_a_signed_in_person_loads_the_banner(client, people):
    page_url = reverse("events:floorplan", args=[people.event.slug])
    assert 'id="announcement-banner"' not in client.get(page_url).content.decode()
    client.force_login(people.visitor)
    page = client.get(page_url).content.decode()
    assert f'{reverse("events:announcement_banner")}?event={people.event.slug}' in page


def test_public_announcements_are_on_the_event_page_without_an_account(client, people):
    publish(people, title_en="Shuttle buses", audience=Audience.PUBLIC)
    publish(people, title_en="Media briefing moved", audience=Audience.MEDIA)
    event_page = client.get(reverse("events:event", args=[people.event.slug])).content.decode()
    assert "Shuttle buses" in event_page and "Media briefing moved" not in event_page
    listing = client.get(reverse("events:announcements", args=[people.event.slug])).content.decode()
    assert "Shuttle buses" in listing and "Media briefing moved" not in listing
    client.force_login(people.media)
    listing = client.get(reverse("events:announcements", args=[people.event.slug])).content.decode()
    assert "Shuttle buses" in listing and "Media briefing moved" in listing


def test_the_reader_reads_their_language(client, people):
    publish(people, title_en="Shuttle buses", title_az="Servis avtobusları", body_az="Hər 10 dəqiqədən bir.",
            audience=Audience.PUBLIC)
    client.cookies["django_language"] = "az"
    page = client.get(reverse("events:announcements", args=[people.event.slug])).content.decode()
    assert "Servis avtobusları" in page and "Shuttle buses" not in page


def test_the_announcements_page_has_a_fixed_number_of_queries(client, people, django_assert_num_queries):
    client.force_login(people.media)
    url = reverse("events:announcements", args=[people.event.slug])
    publish(people, audience=Audience.MEDIA)
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    for index in range(5):
        publish(people, title_en=f"more {index}")
    with django_assert_num_queries(len(first)):
        assert client.get(url).content.decode().count("data-announcement=") == 6
    assert len(first) == 8  # session, user, event and its shows, roles, registrations, other ties, announcements
