"""The currency codes a value or a price may be given in."""

import pytest

from pavilion.core.units import currency_codes


@pytest.mark.parametrize("code", ["XXX", "XTS", "XAU", "XAG", "XPT", "XPD", "XDR", "XBA", "XUA", "XSU", "XAD",
                                  "BOV", "CLF", "CHE", "CHW", "COU", "MXV", "USN", "UYI", "UYW"])
def test_codes_that_are_not_money_are_no_currency(code):
    assert code not in currency_codes()


@pytest.mark.parametrize("code", ["XAF", "XOF", "XCD", "XPF", "USD", "EUR", "AZN", "TRY",
                                  "BOB", "CLP", "CHF", "COP", "MXN", "UYU"])
def test_the_currencies_countries_pay_in_are_kept(code):
    assert code in currency_codes()
