"""The deal form's parties: each a card of labelled fields (no table squeezed on a phone); two shown,
and "Add a party" opens one more row at a time, without a script, up to twelve, so a deal of three
or more signatories is entered in one go."""

import re

from pavilion.deals.models import Deal
from tests.deals.test_pages import _form_data


def _new(world) -> str:
    return f"/events/{world.event.slug}/deals/new/"


def _twelve_rows(world, **overrides) -> dict:
    """The form as a browser sends it: every row, the empty ones with their kind empty."""
    rows = {f"parties-{number}-{field}": value for number in range(3, 12)
            for field, value in (("kind", ""), ("role", "partner"))}
    return _form_data(world, **{"parties-TOTAL_FORMS": "12", **rows, **overrides})


def _open_rows(page: str) -> list[str]:
    """The numbers of the party cards shown before the first "Add a party"."""
    head = page.split('<details class="add-party">', 1)[0]
    return re.findall(r'<fieldset class="party-card party-row" data-party="(\d+)"', head)


def test_a_new_deal_shows_two_parties_and_ten_more_behind_add_a_party(world, client):
    client.force_login(world.organiser)
    page = client.get(_new(world)).content.decode()
    assert 'name="parties-TOTAL_FORMS" value="12"' in page
    assert _open_rows(page) == ["1", "2"]
    assert page.count('<details class="add-party">') == 10 and page.count("Add a party") == 10
    assert page.count("</details>") >= 10
    assert "<table class=\"list parties\"" not in page
    # Every field has its visible label in the card (a phone reads "Role", not one letter of it).
    card = page[page.index('data-party="1"'):page.index('data-party="2"')]
    for label in ("Party", "Role", "Company", "Delegation", "Name of the body (English)", "Country"):
        assert f">{label}</label>" in card


def test_a_deal_with_three_signatories_is_recorded_in_one_go(world, client):
    client.force_login(world.organiser)
    data = _twelve_rows(world, **{"parties-2-kind": "delegation", "parties-2-delegation": world.delegation.pk})
    response = client.post(_new(world), data)
    assert response.status_code == 302
    deal = Deal.objects.get()
    assert [party.kind for party in deal.parties.all()] == ["company", "government", "delegation"]
    edit = client.get(f"/events/{world.event.slug}/deals/{deal.pk}/edit/").content.decode()
    assert _open_rows(edit) == ["1", "2", "3"]


def test_a_form_sent_back_shows_every_row_that_says_something(world, client):
    client.force_login(world.organiser)
    data = _twelve_rows(world, currency="", **{"parties-4-kind": "delegation",
                                               "parties-4-delegation": world.delegation.pk})
    page = client.post(_new(world), data).content.decode()
    assert "A value needs its currency" in page
    assert _open_rows(page) == ["1", "2", "3", "4", "5"]
    assert not Deal.objects.exists()
