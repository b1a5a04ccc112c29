"""In Chromium: the organiser records a deal in the form, announces it, and it appears on the public
page of deals signed at the show (in Russian too), while a parties-only deal never does."""

import pytest

from pavilion.deals.models import Deal
from tests.browser import sign_in


@pytest.mark.browser
def test_the_organiser_records_and_announces_a_deal_that_the_public_then_sees(world, live_server, browser,
                                                                              monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    world.record(title_en="Quiet parties-only deal", confidentiality="parties")
    base = live_server.url
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, base, world.organiser.username)
    page.goto(f"{base}/events/{world.event.slug}/deals/new/")
    page.select_option("select[name=kind]", "contract")
    page.fill("input[name=title_en]", "Supply of border radars")
    page.fill("input[name=title_ru]", "Поставка пограничных радаров")
    page.fill("input[name=value]", "3200000")
    page.fill("input[name=currency]", "AZN")
    page.check("input[name=value_disclosed]")
    page.select_option("select[name=confidentiality]", "public")
    page.fill("input[name=signed_at]", "2024-09-25T15:30")
    page.select_option("select[name=parties-0-kind]", "company")
    page.select_option("select[name=parties-0-role]", "supplier")
    page.select_option("select[name=parties-0-company]", label="Talış Defence")
    page.select_option("select[name=parties-1-kind]", "government")
    page.select_option("select[name=parties-1-role]", "buyer")
    page.fill("input[name=parties-1-name]", "State Border Service of Azerbaijan")
    page.select_option("select[name=parties-1-country]", "AZ")
    page.click("form.deal-form button[type=submit]")
    page.wait_for_selector("#announce")
    assert page.text_content("[data-announcement]").strip() == "not announced"
    page.screenshot(path="/tmp/deals-browser-detail.png", full_page=True)

    public = context.new_page()
    public.goto(f"{base}/events/{world.event.slug}/deals/")
    assert "Supply of border radars" not in public.content()

    page.click("#announce")
    page.wait_for_selector("[data-announcement=announced]")
    deal = Deal.objects.get(title_en="Supply of border radars")
    assert deal.announcement == "announced"

    visitor = browser.new_context(locale="ru-RU", extra_http_headers={"Accept-Language": "ru"})
    anonymous = visitor.new_page()
    anonymous.goto(f"{base}/events/{world.event.slug}/deals/")
    card = anonymous.locator(f"[data-deal='{deal.pk}']")
    assert "Поставка пограничных радаров" in card.text_content()
    assert card.locator(".deal-value").get_attribute("data-value") == "3200000.00"
    assert card.locator(".deal-value").text_content().replace("\xa0", " ").endswith("3 200 000 AZN")
    assert "State Border Service of Azerbaijan" in card.text_content()
    assert anonymous.locator("[data-day='2024-09-25']").count() == 1
    assert "Quiet parties-only deal" not in anonymous.content()
    anonymous.screenshot(path="/tmp/deals-browser-public.png", full_page=True)
    visitor.close()
    context.close()
