"""The demo's deals agree with its clock (24 September 2024, 10:00 in Baku): what is announced was
signed and announced that morning, or announced at the eve's briefing ahead of a signing to come;
planned announcements are still to come; the government bodies are named in the three languages."""

import datetime

from pavilion.core import clock
from pavilion.deals import selectors
from pavilion.deals.models import Deal, DealParty
from pavilion.events.models import Event
from tests.deals.test_demo import demo  # noqa: F401


def test_the_demo_register_is_as_it_stood_at_the_demo_clock(demo, client):  # noqa: F811
    now = clock.now()
    assert now == datetime.datetime.fromisoformat("2024-09-24T10:00:00+04:00")
    deals = Deal.objects.all()
    assert deals.count() >= 15
    assert not deals.filter(created_at__gt=now).exists()
    announced = deals.filter(announcement__in=[Deal.Announcement.ANNOUNCED, Deal.Announcement.WITHDRAWN])
    assert announced.exists() and not announced.filter(announced_at__gt=now).exists()
    planned = list(deals.filter(announcement=Deal.Announcement.PLANNED))
    assert len(planned) >= 2
    assert all(deal.announced_at > now and deal.announced_at >= deal.signed_at for deal in planned)
    # Signed and announced before 10:00; signings to come on the later days.
    event = Event.objects.get(slug="adex-securex-2024")
    signed, to_come = selectors.signed_and_to_come(selectors.public_deals(event))
    assert len(signed) >= 3 and all(deal.signed_at <= now for deal in signed)
    assert len(to_come) >= 3
    assert {deal.signed_at.astimezone(selectors.event_zone(event)).date().day for deal in to_come} >= {25, 26}
    page = client.get("/events/adex-securex-2024/deals/").content.decode()
    assert f"{len(signed)} announced deals signed · {len(to_come)} signings to come" in page
    signed_section = page[:page.index('id="to-come"')]
    assert "to be signed" not in signed_section
    bodies = DealParty.objects.filter(kind=DealParty.Kind.GOVERNMENT)
    assert bodies.exists() and not bodies.filter(name_az="").exists() and not bodies.filter(name_ru="").exists()
    modi = bodies.filter(name="Ministry of Defence Industry of Azerbaijan").first()
    assert modi.name_az == "Azərbaycan Respublikasının Müdafiə Sənayesi Nazirliyi"
    assert modi.name_ru == "Министерство оборонной промышленности Азербайджанской Республики"
