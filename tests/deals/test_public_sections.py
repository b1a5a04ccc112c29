"""The public page lists signed deals and signings to come apart: only a deal still to be signed
carries the "to be signed" badge, whatever the other section holds."""

from pavilion.deals import services
from tests.deals.support import at


def test_only_the_signings_to_come_carry_the_to_be_signed_badge(world, client):
    # The clock is 25 September 12:00: one deal signed that morning, one to be signed the next day.
    signed = world.record(title_en="Signed radars", signed_at=at(25, 10))
    ahead = world.record(title_en="Boats to come", signed_at=at(26, 11))
    for deal in (signed, ahead):
        services.deal_announce(actor=world.organiser, deal=deal)
    response = client.get(f"/events/{world.event.slug}/deals/")
    page = response.content.decode()
    assert "1 announced deal signed · 1 signing to come" in page
    signed_card = page[page.index(f'data-deal="{signed.pk}"'):page.index('id="to-come"')]
    assert "Signed radars" in signed_card and "to be signed" not in signed_card
    ahead_card = page[page.index(f'data-deal="{ahead.pk}"'):]
    assert "to be signed" in ahead_card[:ahead_card.index("</li>")]
    assert page.count("to be signed") == 1
