"""The organiser's page for the zone access windows of each category: list, add, edit, delete,
with validation in the event's time zone (close after open, inside the event's dates with
build-up and tear-down), nothing changed on bad input, and the audit log."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pavilion.accreditation import issuing, services
from pavilion.accreditation.models import Grant, Zone
from pavilion.core.models import AuditEntry
from tests.accreditation.support import approved, baku


def url(world, tail=""):
    return f"/events/{world.event.slug}/accreditation/grants/{tail}"


def local(moment) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def press(gates, world):
    return Zone.objects.get(event=world.event, code="press-centre")


def test_only_the_organiser_edits_windows(client, world, gates):
    grant = Grant.objects.filter(zone__event=world.event).first()
    for user in (world.visitor, world.officer):
        client.force_login(user)
        assert client.get(url(world)).status_code == 403
        assert client.post(url(world, f"{grant.pk}/"), {}).status_code == 403
        assert client.post(url(world, f"{grant.pk}/delete/")).status_code == 403
    assert Grant.objects.filter(pk=grant.pk).exists()


def test_the_list_has_fixed_queries_and_shows_venue_time(client, world, gates, press):
    client.force_login(world.organiser)
    with CaptureQueriesContext(connection) as few:
        client.get(url(world, "?category=contractor"))
    with CaptureQueriesContext(connection) as many:
        page = client.get(url(world)).content.decode()
    assert len(many) == len(few)
    assert page.count("data-grant=") == Grant.objects.filter(zone__event=world.event).count() > 20
    media = Grant.objects.filter(category=world.categories["media"], zone=press).order_by("opens_at").first()
    assert local(media.opens_at.astimezone(baku(24, 9).tzinfo)).replace("T", " ") in page  # Asia/Baku, not UTC
    contractor_page = client.get(url(world, "?category=contractor")).content.decode()
    assert contractor_page.count("data-grant=") == Grant.objects.filter(category=world.categories["contractor"]).count()


def test_add_a_window_in_venue_time_with_the_audit_log(client, world, gates, press):
    client.force_login(world.organiser)
    category = world.categories["contractor"]
    response = client.post(url(world), {"category": category.pk, "zone": press.pk,
                                        "opens_at": "2024-09-21T07:30", "closes_at": "2024-09-21T12:00"})
    assert response.status_code == 302 and response["Location"].endswith("?category=contractor")
    grant = Grant.objects.get(category=category, zone=press)
    assert (grant.opens_at, grant.closes_at) == (baku(21, 7, 30), baku(21, 12))
    entry = AuditEntry.objects.get(action="grant.create", object_id=str(grant.pk))
    assert entry.actor == world.organiser and entry.after["zone"] == "press-centre"


@pytest.mark.parametrize(("opens", "closes", "field", "message"), [
    ("2024-09-24T12:00", "2024-09-24T11:00", "closes_at", "close after it opens"),
    ("2024-09-24T12:00", "2024-09-24T12:00", "closes_at", "close after it opens"),
    ("2024-09-20T23:59", "2024-09-21T10:00", "opens_at", "from 2024-09-21 00:00"),
    ("2024-09-27T10:00", "2024-09-28T00:01", "closes_at", "by 2024-09-28 00:00"),
    ("2024-13-01T10:00", "2024-09-24T10:00", "opens_at", "Enter a date and time"),
    ("", "2024-09-24T10:00", "opens_at", "required"),
])
def test_bad_windows_name_the_field_and_change_nothing(client, world, gates, press, opens, closes, field, message):
    client.force_login(world.organiser)
    before = (Grant.objects.count(), AuditEntry.objects.count())
    response = client.post(url(world), {"category": world.categories["media"].pk, "zone": press.pk,
                                        "opens_at": opens, "closes_at": closes})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert (Grant.objects.count(), AuditEntry.objects.count()) == before


def test_the_edges_of_the_event_span_are_allowed(world, gates, press):
    # the event runs 24-26 September: build-up from the 21st 00:00, tear-down until the 28th 00:00
    grant = services.grant_create(actor=world.organiser, category=world.categories["contractor"], zone=press,
                                  opens_at=baku(21, 0), closes_at=baku(27, 23, 59))
    assert grant.opens_at == baku(21, 0)
    assert services.grant_update(actor=world.organiser, grant=grant, zone=press, opens_at=baku(21, 0),
                                 closes_at=baku(28, 0)).closes_at == baku(28, 0)


def test_edit_moves_the_window_with_before_and_after_in_the_audit_log(client, world, gates, press):
    client.force_login(world.organiser)
    grant = Grant.objects.filter(category=world.categories["media"], zone=press).order_by("opens_at").first()
    old_opens = grant.opens_at
    page = client.get(url(world, f"{grant.pk}/")).content.decode()
    assert local(old_opens.astimezone(baku(24, 9).tzinfo)) in page  # the form shows venue time
    response = client.post(url(world, f"{grant.pk}/"), {"zone": press.pk, "opens_at": "2024-09-24T10:30",
                                                        "closes_at": "2024-09-24T16:00",
                                                        "category": world.categories["vip"].pk})
    assert response.status_code == 302
    grant.refresh_from_db()
    assert (grant.category, grant.opens_at, grant.closes_at) == (world.categories["media"], baku(24, 10, 30),
                                                                 baku(24, 16))
    entry = AuditEntry.objects.get(action="grant.update", object_id=str(grant.pk))
    assert entry.before["opens_at"] == old_opens.isoformat() and entry.after["opens_at"] == baku(24, 10, 30).isoformat()
    bad = client.post(url(world, f"{grant.pk}/"), {"zone": press.pk, "opens_at": "2024-09-24T18:00",
                                                   "closes_at": "2024-09-24T16:00"})
    assert bad.status_code == 200 and "closes_at" in bad.context["form"].errors
    grant.refresh_from_db()
    assert grant.opens_at == baku(24, 10, 30)


def test_delete_and_the_next_badge_carries_the_change(client, world, gates, press, commit):
    client.force_login(world.organiser)
    media = world.categories["media"]
    for grant in Grant.objects.filter(category=media, zone=press):
        assert client.post(url(world, f"{grant.pk}/delete/")).status_code == 302
    assert not Grant.objects.filter(category=media, zone=press).exists()
    assert AuditEntry.objects.filter(action="grant.delete").count() >= 1
    badge = issuing.badge_issue(actor=world.organiser, registration=approved(commit, world, "media", 700))
    assert str(press.number) not in badge.windows
    assert client.post(url(world, "999999/delete/")).status_code == 404
