"""In Chromium, on a 390 px phone and a 1280 px screen: the public deals page stays the phone's width
however long and unbroken a place is, and the deal form's parties are cards whose fields keep their
width ("Role" reads "партнёр", not one letter); "Add a party" opens a third row without a script."""

import pytest

from pavilion.deals import services
from pavilion.deals.models import Deal
from tests.browser import sign_in

LONG_PLACE = "Павильон" + "Б" * 180


def _context(browser, width: int):
    return browser.new_context(viewport={"width": width, "height": 800}, locale="ru-RU",
                               extra_http_headers={"Accept-Language": "ru"})


@pytest.mark.browser
def test_a_long_place_wraps_inside_its_card_on_a_phone(world, live_server, browser, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    deal = world.record(place_en="A" * 190, place_ru=LONG_PLACE)
    services.deal_announce(actor=world.organiser, deal=deal)
    context = _context(browser, 390)
    page = context.new_page()
    page.goto(f"{live_server.url}/events/{world.event.slug}/deals/")
    assert LONG_PLACE in page.text_content(f"[data-deal='{deal.pk}']")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_the_parties_are_readable_cards_and_a_third_is_added(world, live_server, browser, monkeypatch, width):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    context = _context(browser, width)
    page = context.new_page()
    sign_in(page, live_server.url, world.organiser.username)
    page.goto(f"{live_server.url}/events/{world.event.slug}/deals/new/")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    role = page.locator("select[name=parties-0-role]")
    assert role.bounding_box()["width"] >= 150  # room for "партнёр" and "поставщик"
    if width == 390:  # stacked: every field of a party under the one before
        kind, company = (page.locator(f"select[name=parties-0-{name}]").bounding_box() for name in ("kind", "company"))
        assert company["y"] > kind["y"] + kind["height"] - 1
    assert not page.locator("select[name=parties-2-kind]").is_visible()
    page.click("details.add-party > summary")
    assert page.locator("select[name=parties-2-kind]").is_visible()
    assert not page.locator("select[name=parties-3-kind]").is_visible()
    page.screenshot(path=f"/tmp/deals-form-{width}.png", full_page=True)

    page.select_option("select[name=kind]", "contract")
    page.fill("input[name=title_en]", f"Three signatories {width}")
    page.select_option("select[name=confidentiality]", "public")
    page.fill("input[name=signed_at]", "2024-09-25T15:30")
    page.select_option("select[name=parties-0-kind]", "company")
    page.select_option("select[name=parties-0-company]", label="Talış Defence")
    page.select_option("select[name=parties-1-kind]", "company")
    page.select_option("select[name=parties-1-company]", label="Anadolu Systems")
    page.select_option("select[name=parties-2-kind]", "government")
    page.fill("input[name=parties-2-name]", "State Border Service of Azerbaijan")
    page.fill("input[name=parties-2-name_ru]", "Государственная пограничная служба Азербайджанской Республики")
    page.select_option("select[name=parties-2-country]", "AZ")
    page.click("form.deal-form button[type=submit]")
    page.wait_for_selector("[data-announcement]")
    deal = Deal.objects.get(title_en=f"Three signatories {width}")
    assert [party.kind for party in deal.parties.all()] == ["company", "company", "government"]
    assert "Государственная пограничная служба" in page.text_content(".facts-table")
    context.close()
