"""The public page "Signed at the show" lists the announced deals signed by the Pavilion clock's now;
one announced ahead of its signing is listed apart, labelled as still to be signed."""

from pavilion.deals import services
from tests.deals.support import at


def test_a_deal_announced_before_its_signing_is_not_listed_as_signed(world, client):
    signed = world.record(title_en="Signed this morning", signed_at=at(25, 10))
    later = world.record(title_en="Signing tomorrow", signed_at=at(26, 10))  # the clock says 25 September, noon
    for deal in (signed, later):
        services.deal_announce(actor=world.organiser, deal=deal)
    page = client.get(f"/events/{world.event.slug}/deals/")
    assert list(page.context["days"]) == [at(25).date()] and page.context["count"] == 1
    assert list(page.context["to_come"]) == [at(26).date()] and page.context["to_come_count"] == 1
    html = page.content.decode()
    signed_part, to_come_part = html.split('id="to-come"')
    assert "Signed this morning" in signed_part and "Signing tomorrow" not in signed_part
    assert "Signing tomorrow" in to_come_part and "to be signed" in to_come_part
    assert "1 announced deal signed" in html and "1 signing to come" in html


def test_an_unpublished_events_deals_are_previewed_by_the_organiser_only(world, client):
    deal = world.record(title_en="Signed in preview", signed_at=at(25, 10))
    services.deal_announce(actor=world.organiser, deal=deal)
    world.event.is_public = False
    world.event.save(update_fields=["is_public"])
    url = f"/events/{world.event.slug}/deals/"
    assert client.get(url).status_code == 404
    client.force_login(world.organiser)
    page = client.get(url).content.decode()
    assert "Signed in preview" in page and "data-preview" in page
