"""The public never sees organiser-only, parties-only or unannounced deals, nor an undisclosed value:
not in the selector, the pages, the API or any press export (CSV, XLSX, PDF)."""

import io

import openpyxl
import pytest
from reportlab import rl_config

from pavilion.core import pdf
from pavilion.core.services import api_token_create
from pavilion.deals import selectors
from tests.deals.support import HIDDEN, SHOWN

SECRET_VALUES = ["777000000", "777,000,000", "777 000 000", "888000000", "888,000,000", "888 000 000",
                 "5550000", "5,550,000", "5 550 000"]


def titles(deals) -> set[str]:
    return {deal.title_en.removeprefix("Deal ") for deal in deals}


def assert_public_only(text: str) -> None:
    for marker in HIDDEN:
        assert marker not in text, f"{marker} reached the public"
    for value in SECRET_VALUES:
        assert value not in text, f"the undisclosed value {value} reached the public"
    for marker in SHOWN:
        assert marker in text, f"{marker} is missing: the check would pass on an empty export"


@pytest.mark.parametrize("who", [None, "visitor", "media", "other_member", "other_liaison"])
def test_the_public_and_people_of_no_party_see_only_announced_public_deals(world, every_state, who):
    user = getattr(world, who) if who else selectors.PUBLIC
    assert titles(selectors.visible_deals(user, world.event)) == set(SHOWN)


def test_the_organiser_sees_every_deal(world, every_state):
    assert titles(selectors.visible_deals(world.organiser, world.event)) == set(every_state)


@pytest.mark.parametrize("who", ["member", "staff_member", "liaison"])
def test_a_partys_people_see_their_parties_only_and_public_deals_never_organiser_only(world, every_state, who):
    seen = titles(selectors.visible_deals(getattr(world, who), world.event))
    assert seen == set(every_state) - {"ORGONLYDRAFT", "ORGONLYPARTY"}


def test_another_events_deals_are_not_seen(world, every_state):
    from tests.factories import EventFactory

    assert not selectors.visible_deals(world.organiser, EventFactory()).exists()


def test_the_public_page_and_the_deal_pages(world, every_state, client):
    page = client.get(f"/events/{world.event.slug}/deals/").content.decode()
    assert_public_only(page)
    assert "1,234,567 AZN" in page  # the disclosed value is shown
    for marker, deal in every_state.items():
        status = client.get(f"/events/{world.event.slug}/deals/{deal.pk}/").status_code
        assert status == (200 if marker in SHOWN else 404), marker
    client.force_login(world.visitor)
    assert_public_only(client.get(f"/events/{world.event.slug}/deals/").content.decode())
    assert client.get(f"/events/{world.event.slug}/deals/{every_state['PARTIESDRAFT'].pk}/").status_code == 404


def test_a_party_member_sees_the_value_of_its_deal_but_not_the_register(world, every_state, client):
    client.force_login(world.member)
    page = client.get(f"/events/{world.event.slug}/deals/{every_state['PARTIESDRAFT'].pk}/").content.decode()
    assert "888,000,000 EUR" in page
    assert client.get(f"/events/{world.event.slug}/deals/{every_state['ORGONLYDRAFT'].pk}/").status_code == 404
    assert client.get(f"/events/{world.event.slug}/deals/register/").status_code == 403


def test_the_api_without_a_token_and_with_a_visitors_token(world, every_state, client):
    url = f"/api/v1/events/{world.event.slug}/deals?limit=500"
    anonymous = client.get(url)
    assert anonymous.status_code == 200 and anonymous.json()["count"] == len(SHOWN)
    assert_public_only(anonymous.content.decode())
    token = api_token_create(actor=None, user=world.visitor)
    visitor = client.get(url, HTTP_AUTHORIZATION=f"Token {token}")
    assert visitor.json()["count"] == len(SHOWN)
    assert_public_only(visitor.content.decode())
    values = {item["title"]: item["value"] for item in anonymous.json()["items"]}
    assert values == {"Deal PUBLICANNOUNCED": "1234567.00", "Deal PUBLICPLANNEDPAST": None}


def test_the_api_lists_a_partys_deals_to_its_token(world, every_state, client):
    token = api_token_create(actor=None, user=world.liaison)
    response = client.get(f"/api/v1/events/{world.event.slug}/deals?limit=500", HTTP_AUTHORIZATION=f"Token {token}")
    assert {item["title"].removeprefix("Deal ") for item in response.json()["items"]} == (
        set(every_state) - {"ORGONLYDRAFT", "ORGONLYPARTY"})


def test_a_bad_token_is_refused_not_taken_for_the_public(world, every_state, client):
    response = client.get(f"/api/v1/events/{world.event.slug}/deals", HTTP_AUTHORIZATION="Token not-a-token")
    assert response.status_code == 401 and "detail" in response.json()


def _streamed(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("who", [None, "organiser", "member"])
def test_the_csv_export_carries_only_what_the_public_sees_whoever_asks(world, every_state, client, who):
    if who:
        client.force_login(getattr(world, who))
    response = client.get(f"/events/{world.event.slug}/deals/press.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = _streamed(response).decode("utf-8-sig")
    assert_public_only(text)
    assert "1234567.00,AZN" in text
    assert len(text.strip().splitlines()) == 1 + len(SHOWN)


@pytest.mark.parametrize("who", [None, "organiser"])
def test_the_xlsx_export_carries_only_what_the_public_sees(world, every_state, client, who):
    if who:
        client.force_login(getattr(world, who))
    response = client.get(f"/events/{world.event.slug}/deals/press.xlsx")
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(_streamed(response)), read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    text = "\n".join("\t".join("" if cell is None else str(cell) for cell in row) for row in rows)
    assert_public_only(text)
    assert len(rows) == 1 + len(SHOWN)


@pytest.fixture
def readable_pdf(monkeypatch):
    """PDFs with uncompressed pages in a standard font, so that their text can be searched."""
    monkeypatch.setattr(rl_config, "pageCompression", 0)
    monkeypatch.setattr(pdf, "UNICODE_FONTS", [])
    pdf.unicode_font.cache_clear()
    yield
    pdf.unicode_font.cache_clear()


@pytest.mark.parametrize("who", [None, "organiser"])
def test_the_pdf_export_is_one_page_of_what_the_public_sees(world, every_state, client, readable_pdf, who):
    if who:
        client.force_login(getattr(world, who))
    response = client.get(f"/events/{world.event.slug}/deals/press.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    content = response.content.decode("latin-1")
    assert_public_only(content)
    assert content.count("/Type /Page\n") + content.count("/Type /Page ") == 1


def test_typed_text_never_becomes_a_spreadsheet_formula(world, client):
    from pavilion.deals import services

    deal = world.record(title_en='=HYPERLINK("http://evil.example","click")', value=1000, currency="USD",
                        value_disclosed=True)
    services.deal_announce(actor=world.organiser, deal=deal)
    text = _streamed(client.get(f"/events/{world.event.slug}/deals/press.csv")).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text
    workbook = openpyxl.load_workbook(io.BytesIO(_streamed(client.get(f"/events/{world.event.slug}/deals/press.xlsx"))))
    title, value = workbook.active.cell(row=2, column=3), workbook.active.cell(row=2, column=14)
    assert (title.data_type, title.value) == ("s", '=HYPERLINK("http://evil.example","click")')
    assert value.value == 1000


def test_an_event_not_yet_public_shows_its_announced_deals_to_nobody_but_the_parties(world, every_state, client):
    world.event.is_public = False
    world.event.save(update_fields=["is_public"])
    announced = every_state["PUBLICANNOUNCED"]
    url = f"/events/{world.event.slug}/deals/{announced.pk}/"
    assert client.get(url).status_code == 404  # the public: as if the deal did not exist
    client.force_login(world.visitor)
    assert client.get(url).status_code == 404
    client.force_login(world.member)
    assert client.get(url).status_code == 200  # a party's people still see their deal
    client.force_login(world.organiser)
    assert client.get(url).status_code == 200
