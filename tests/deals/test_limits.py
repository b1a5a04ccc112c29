"""Limits every path shares: a subject of at most 20,000 characters in each language (service, form,
API), and a planned announcement after the signing and at the latest 90 days after the event."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from pavilion.core.models import AuditEntry
from pavilion.deals import services
from pavilion.deals.models import Deal
from tests.deals.support import at
from tests.deals.test_pages import _form_data


@pytest.mark.parametrize("field", ["subject_en", "subject_az", "subject_ru"])
def test_the_service_refuses_a_subject_longer_than_20000_characters(world, field):
    with pytest.raises(ValidationError) as raised:
        world.record(**{field: "x" * 20001})
    assert raised.value.message_dict[field] == ["At most 20,000 characters."]
    assert not Deal.objects.exists()
    assert world.record(**{field: "x" * 20000}).pk


def test_the_service_refuses_a_longer_subject_when_a_deal_changes(world):
    deal = world.record(subject_en="Patrol boats")
    with pytest.raises(ValidationError):
        services.deal_update(actor=world.organiser, deal=deal, subject_ru="я" * 1_000_000)
    deal.refresh_from_db()
    assert deal.subject_ru == ""


def test_the_form_refuses_a_subject_of_a_million_characters(world, client):
    client.force_login(world.organiser)
    response = client.post(f"/events/{world.event.slug}/deals/new/",
                           _form_data(world, subject_en="x" * 1_000_000))
    assert response.status_code == 200
    assert response.context["form"].errors["subject_en"]
    assert 'maxlength="20000"' in response.content.decode()
    assert not Deal.objects.exists()


@pytest.mark.parametrize("moment, message", [
    (datetime.datetime(9999, 12, 31, 12, 0, tzinfo=datetime.UTC),
     "Plan the announcement at the latest 90 days after the event, by 2024-12-26 00:00."),
    (at(27) + datetime.timedelta(days=91), "at the latest 90 days after the event"),
    (at(25, 13), "Plan the announcement after the signing (2024-09-25 14:00)"),
])
def test_a_planned_announcement_out_of_its_period_is_refused(world, moment, message):
    # The clock is 25 September 12:00; the deal is signed at 14:00 that day; the event ends on the 26th.
    deal = world.record(signed_at=at(25, 14))
    with pytest.raises(ValidationError) as raised:
        services.deal_announce(actor=world.organiser, deal=deal, at=moment)
    assert message in " ".join(raised.value.message_dict["announced_at"])
    deal.refresh_from_db()
    assert deal.announcement == Deal.Announcement.DRAFT and deal.announced_at is None
    assert not AuditEntry.objects.filter(action="deal.announce").exists()


def test_a_planned_announcement_within_its_period_is_kept(world):
    deal = world.record(signed_at=at(25, 14))
    latest = datetime.datetime(2024, 12, 26, tzinfo=at(25).tzinfo)
    for moment in (at(25, 14), at(26, 17, 30), latest):
        services.deal_announce(actor=world.organiser, deal=deal, at=moment)
        assert (deal.announcement, deal.announced_at) == (Deal.Announcement.PLANNED, moment)


def test_announcing_now_ahead_of_the_signing_is_still_allowed(world):
    deal = world.record(signed_at=at(26, 11))
    services.deal_announce(actor=world.organiser, deal=deal)
    assert deal.announcement == Deal.Announcement.ANNOUNCED


def test_the_deal_page_says_why_a_far_announcement_is_refused(world, client):
    deal = world.record()
    client.force_login(world.organiser)
    response = client.post(f"/events/{world.event.slug}/deals/{deal.pk}/announce/", {"at": "9999-12-31T12:00"},
                           follow=True)
    assert "at the latest 90 days after the event" in response.content.decode()
    deal.refresh_from_db()
    assert deal.announcement == Deal.Announcement.DRAFT
