"""A deal's value is in a currency one pays in: ISO 4217's codes of precious metals, units of account,
testing, "no currency" and funds are refused with a message that says what the code is, in the
service, the form and the API, on recording and on changing a deal."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from pavilion.core.models import AuditEntry
from pavilion.deals import services
from pavilion.deals.models import Deal
from tests.deals.test_api import _payload, _token, _url
from tests.deals.test_pages import _form_data

METALS_UNITS_AND_TESTING = ["XAU", "XAG", "XPT", "XPD", "XDR", "XBA", "XBB", "XBC", "XBD", "XSU", "XUA", "XTS",
                            "XXX"]
FUNDS = ["BOV", "CLF", "COU", "MXV", "USN", "UYI", "UYW", "CHE", "CHW"]
NOT_A_CURRENCY = "not a currency: give the currency the deal is paid in, e.g. USD, EUR, AZN."


def _refusal(world, currency: str) -> str:
    with pytest.raises(ValidationError) as raised:
        world.record(value=Decimal("1000"), currency=currency)
    return " ".join(raised.value.message_dict["currency"])


@pytest.mark.parametrize("code", METALS_UNITS_AND_TESTING)
def test_a_metal_unit_of_account_or_testing_code_is_refused_saying_what_it_is(world, code):
    message = _refusal(world, code.lower())  # typed in lower case: the same code
    assert message == (f"“{code}” is an ISO 4217 code of a precious metal, a unit of account, testing or no "
                       f"currency, {NOT_A_CURRENCY}")
    assert not Deal.objects.exists() and not AuditEntry.objects.filter(action="deal.record").exists()


@pytest.mark.parametrize("code", FUNDS)
def test_a_fund_code_is_refused_saying_it_is_one(world, code):
    assert _refusal(world, f" {code} ") == (f"“{code}” is an ISO 4217 fund code (a unit of account beside a "
                                            f"country's money), {NOT_A_CURRENCY}")
    assert not Deal.objects.exists()


def test_a_code_that_is_no_iso_4217_code_is_told_so(world):
    assert _refusal(world, "XYZ") == "“XYZ” is not an ISO 4217 currency code."


@pytest.mark.parametrize("code", ["USD", "AZN", "BOB", "CLP", "CHF", "COP", "MXN", "UYU", "XOF", "XAF"])
def test_the_money_beside_a_fund_and_the_x_currencies_countries_pay_in_are_kept(world, code):
    assert world.record(value=Decimal("1000"), currency=code).currency == code


def test_changing_a_deal_to_gold_is_refused_and_the_deal_keeps_its_currency(world):
    deal = world.record(value=Decimal("1000"), currency="USD")
    with pytest.raises(ValidationError) as raised:
        services.deal_update(actor=world.organiser, deal=deal, currency="XAU")
    assert "a precious metal" in " ".join(raised.value.message_dict["currency"])
    deal.refresh_from_db()
    assert deal.currency == "USD"


def test_the_form_shows_the_refusal_on_the_currency(world, client):
    client.force_login(world.organiser)
    response = client.post(f"/events/{world.event.slug}/deals/new/", _form_data(world, currency="CLF"))
    assert response.status_code == 200 and "is an ISO 4217 fund code" in response.content.decode()
    assert not Deal.objects.exists()


@pytest.mark.parametrize("code", ["XAU", "USN", "XTS"])
def test_the_api_refuses_it_naming_the_field(world, client, code):
    response = client.post(_url(world), _payload(world, currency=code), content_type="application/json",
                           **_token(client, world.organiser))
    assert response.status_code == 400, response.json()
    assert "currency" in response.json()["detail"] and "not a currency" in str(response.json())
    assert not Deal.objects.exists()
