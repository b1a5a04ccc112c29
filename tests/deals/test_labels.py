"""A deal's export-control class is said in words ("Not controlled"), not as the stored code, and its
parties' countries by name in the page's language."""

import re

import pytest
from django.utils import translation
from django_countries import countries

from pavilion.exhibitors import export_control


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_deal_page_and_register_say_not_controlled(world, client, language):
    deal = world.record()
    assert deal.control == "none"
    client.force_login(world.organiser)
    with translation.override(language):
        words = str(export_control.describe("none").title)
    for path in (f"{deal.pk}/", "register/"):
        page = client.get(f"/events/{world.event.slug}/deals/{path}", headers={"accept-language": language})
        html = page.content.decode()
        assert words in html, path
        assert not re.search(r"(<dd>|· )none(</dd>|</small>)", html), path


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_deal_page_and_register_name_the_parties_countries(world, client, language):
    deal = world.record(parties=[world.ours(), world.body(country="TR")])
    client.force_login(world.organiser)
    with translation.override(language):
        names = {code: str(countries.name(code)) for code in ("AZ", "TR")}
    for path in (f"{deal.pk}/", "register/"):
        html = client.get(f"/events/{world.event.slug}/deals/{path}", headers={"accept-language": language}).content.decode()
        assert f'<small class="muted">({names["AZ"]}' in html and f'<small class="muted">({names["TR"]}' in html, path
        assert not re.search(r"\((AZ|TR)[,)]", html), path
