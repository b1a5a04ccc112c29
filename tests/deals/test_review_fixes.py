"""Deals, as a review found them: the press exports listed signings still to come under "Signed"; the
API did not say whether a value may be published; a delegation party's names ignored `lang`; and a
deal of a company whose exhibitor was withdrawn could no longer be edited at all."""

from pavilion.core.services import api_token_create
from pavilion.deals import services
from pavilion.exhibitors.models import Exhibitor
from tests.deals.support import at


def _token(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Token {api_token_create(actor=None, user=user)}"}


def test_the_press_exports_list_a_deal_once_it_is_signed(world, client, settings):
    signed = world.record(title_en="Signed already", signed_at=at(25, 11))
    coming = world.record(title_en="Signing tomorrow", signed_at=at(26, 15))
    for deal in (signed, coming):
        services.deal_announce(actor=world.organiser, deal=deal)
    text = b"".join(client.get(f"/events/{world.event.slug}/deals/press.csv").streaming_content).decode("utf-8-sig")
    assert "Signed already" in text and "Signing tomorrow" not in text
    settings.PAVILION_CLOCK = at(26, 16).isoformat()
    text = b"".join(client.get(f"/events/{world.event.slug}/deals/press.csv").streaming_content).decode("utf-8-sig")
    assert "Signing tomorrow" in text


def test_the_api_says_whether_a_value_may_be_published(world, client):
    deal = world.record(value=1234567, currency="USD", value_disclosed=False)
    services.deal_announce(actor=world.organiser, deal=deal)
    [item] = client.get(f"/api/v1/events/{world.event.slug}/deals", **_token(world.organiser)).json()["items"]
    assert (item["value"], item["value_disclosed"]) == ("1234567.00", False)
    [public] = client.get(f"/api/v1/events/{world.event.slug}/deals").json()["items"]
    assert (public["value"], public["value_disclosed"]) == (None, False)


def test_a_delegation_partys_names_follow_lang_and_each_language(world, client):
    deal = world.record(parties=[world.ours(), services.PartyData(kind="delegation", delegation=world.delegation,
                                                                   role="buyer")])
    services.deal_announce(actor=world.organiser, deal=deal)
    [item] = client.get(f"/api/v1/events/{world.event.slug}/deals", {"lang": "en"},
                        HTTP_ACCEPT_LANGUAGE="ru").json()["items"]
    party = next(p for p in item["parties"] if p["kind"] == "delegation")
    assert party["name"] == party["name_en"] and party["name_en"].endswith("Ministry of National Defence")
    assert party["name_ru"].startswith("Турция") and not party["name_en"].startswith("Турция")


def test_a_deal_stays_editable_once_a_partys_exhibitor_is_withdrawn(world, client):
    deal = world.record(parties=[world.ours(), world.theirs()])
    Exhibitor.objects.filter(company=world.other_company).update(status=Exhibitor.Status.WITHDRAWN)
    deal.refresh_from_db()
    updated = services.deal_update(actor=world.organiser, deal=deal, subject_en="Corrected subject",
                                   parties=[world.ours(), world.theirs()])
    assert updated.subject_en == "Corrected subject"
    assert {party.company_id for party in updated.parties.all()} == {world.company.pk, world.other_company.pk}
    # On the page too: the withdrawn company is still offered for its row.
    client.force_login(world.organiser)
    page = client.get(f"/events/{world.event.slug}/deals/{deal.pk}/edit/").content.decode()
    assert f'<option value="{world.other_company.pk}" selected>' in page
