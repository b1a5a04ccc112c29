"""A deal's export-control class is said in words ("Not controlled"), not as the stored code."""

import re

import pytest
from django.utils import translation

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
