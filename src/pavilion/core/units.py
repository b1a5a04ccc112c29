"""Lengths, areas and prices as people read them, in the page's language (Russian writes м and м²,
and every language its own decimal separator)."""

import functools
from decimal import ROUND_HALF_UP, Decimal

import pycountry
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

CENT = Decimal("0.01")


def metres(value, digits: str = "-2") -> str:
    return _unbroken(_("%(number)s m") % {"number": floatformat(value, digits)})


def square_metres(value, digits: str = "-2") -> str:
    return _unbroken(_("%(number)s m²") % {"number": floatformat(value, digits)})


def _unbroken(text: str) -> str:
    """The number and its unit stay on one line."""
    return text.replace(" ", "\u00a0")


def money(amount, currency: str) -> str:
    """An amount with its ISO 4217 code after it, grouped by thousands: "5 760 AZN"."""
    return f"{floatformat(amount, '-2g')}\u00a0{currency}"


# ISO 4217 gives the codes beginning with X to what is not a country's money (gold XAU, silver XAG,
# platinum XPT, palladium XPD, the SDR XDR, bond-market units XBA-XBD, units of account XUA, XSU and
# XAD, testing XTS, "no currency" XXX), except these currencies that countries pay in.
PAYMENT_X_CODES = frozenset({"XAF", "XCD", "XCG", "XOF", "XPF"})
# ISO 4217's fund codes are units of account or settlement beside a country's money (Bolivia's Mvdol
# BOV, Chile's Unidad de Fomento CLF, the WIR euro and franc CHE/CHW, Colombia's COU, Mexico's UDI
# MXV, the next-day dollar USN, Uruguay's UYI and UYW): a contract is priced in the money itself.
FUND_CODES = frozenset({"BOV", "CHE", "CHW", "CLF", "COU", "MXV", "USN", "UYI", "UYW"})


@functools.cache
def currency_codes() -> frozenset[str]:
    """The ISO 4217 codes of currencies one pays in (pycountry's list, kept with the package: no
    network), read once: an X-code is one only when it is a country's currency (PAYMENT_X_CODES), and
    a fund code never is."""
    return frozenset(code for code in (currency.alpha_3 for currency in pycountry.currencies)
                     if (not code.startswith("X") or code in PAYMENT_X_CODES) and code not in FUND_CODES)


def rounded_to_cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)
