"""The demo's deals: every confidentiality and announcement state, three languages, and a second
run that creates nothing."""

from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from pavilion.deals import selectors
from pavilion.deals.models import Deal, DealParty
from pavilion.events.models import Event


@pytest.fixture
def demo(db, settings):
    settings.PAVILION_CLOCK = "2024-09-24T10:00:00+04:00"
    call_command("demo", scale=0.1, stdout=StringIO())


def test_the_demo_holds_deals_in_every_state_and_a_second_run_adds_none(demo):
    deals = Deal.objects.all()
    assert deals.count() >= 15
    states = Counter(deals.values_list("confidentiality", "announcement"))
    assert {confidentiality for confidentiality, _ in states} == set(Deal.Confidentiality.values)
    assert {announcement for _, announcement in states} == set(Deal.Announcement.values)
    assert not deals.filter(title_az="").exists() and not deals.filter(title_ru="").exists()
    # The place of signing is in the three languages too (the az and ru pages read no English place).
    assert not deals.filter(place_en="").exists()
    assert not deals.filter(place_az="").exists() and not deals.filter(place_ru="").exists()
    assert set(deals.exclude(currency="").values_list("currency", flat=True)) == {"USD", "EUR", "AZN"}
    kinds = set(DealParty.objects.values_list("kind", flat=True))
    assert {"company", "delegation", "government"} <= kinds
    event = Event.objects.get(slug="adex-securex-2024")
    days = selectors.by_day(event, selectors.public_deals(event))
    assert [day.isoformat() for day in days] == ["2024-09-24", "2024-09-25", "2024-09-26"]
    before = list(deals.order_by("pk").values_list("pk", "announcement", "announced_at"))
    out = StringIO()
    call_command("demo", scale=0.1, stdout=out)
    assert "nothing to create" in out.getvalue()
    assert list(Deal.objects.order_by("pk").values_list("pk", "announcement", "announced_at")) == before
    # The exhibitor and liaison demo accounts have deals of their own to show.
    users = get_user_model().objects
    for username in ("exhibitor", "liaison"):
        theirs = selectors.party_deal_ids(users.get(username=username), event)
        assert theirs is not None and Deal.objects.filter(pk__in=theirs).count() >= 2
