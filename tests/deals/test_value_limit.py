"""A deal's value is at most 999,999,999,999.99 (15 significant digits): every accepted value reads
back exactly on SQLite, which stores a decimal as a REAL, as on PostgreSQL; a larger one is refused
with a message naming the field (service, form, API), and a row beyond it never breaks a page."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from pavilion.deals import services
from pavilion.deals.models import Deal
from tests.deals.test_api import _payload, _token, _url
from tests.deals.test_pages import _form_data

LIMIT = "at most 999,999,999,999.99 (15 digits)"


@pytest.mark.parametrize("value", ["999999999999.99", "123456789012.34", "987654321098.76", "0.01", "48500000"])
def test_every_accepted_value_reads_back_exactly(world, value):
    deal = world.record(value=Decimal(value), currency="USD")
    assert Deal.objects.get(pk=deal.pk).value == Decimal(value)
    assert Deal.objects.filter(pk=deal.pk).values_list("value", flat=True).get() == Decimal(value)


@pytest.mark.parametrize("value", ["99999999999999.99", "12345678901234.56", "1000000000000", "999999999999.995",
                                   "1E+30", "-5", "0"])
def test_a_value_beyond_the_limit_is_refused_saying_the_limit(world, value):
    with pytest.raises(ValidationError) as raised:
        world.record(value=Decimal(value), currency="USD")
    assert " ".join(raised.value.message_dict["value"]) == (
        "The value is a positive amount of at most 999,999,999,999.99 (15 digits).")
    assert not Deal.objects.exists()


def test_the_form_refuses_a_value_beyond_the_limit_on_the_value_field(world, client):
    client.force_login(world.organiser)
    response = client.post(f"/events/{world.event.slug}/deals/new/", _form_data(world, value="99999999999999.99"))
    assert response.status_code == 200
    assert LIMIT in " ".join(response.context["form"].errors["value"])
    assert not Deal.objects.exists()


@pytest.mark.parametrize("value", ["99999999999999.99", "12345678901234.56", "1000000000000.00"])
def test_the_api_refuses_a_value_beyond_the_limit_with_a_4xx_naming_the_field(world, client, value):
    response = client.post(_url(world), _payload(world, value=value), content_type="application/json",
                           **_token(client, world.organiser))
    assert 400 <= response.status_code < 500
    assert response.json()["detail"].startswith("value:") and LIMIT in response.json()["detail"]
    assert not Deal.objects.exists()


@pytest.mark.skipif(connection.vendor != "sqlite",
                    reason="only SQLite (values stored as REAL) could hold such a row; PostgreSQL's column refuses it")
def test_a_row_beyond_the_limit_written_before_it_never_breaks_a_page(world, client):
    """SQLite read such a REAL back with an InvalidOperation: every page listing it was a 500."""
    deal = world.record(value=Decimal("1000"), currency="USD", value_disclosed=True)
    services.deal_announce(actor=world.organiser, deal=deal)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE deals_deal SET value = %s WHERE id = %s", [Decimal("99999999999999.99"), deal.pk])
    assert Deal.objects.get(pk=deal.pk).value >= Decimal("99999999999999")
    client.force_login(world.organiser)
    for path in ("deals/", "deals/register/", f"deals/{deal.pk}/", "deals/press.csv", "deals/press.xlsx"):
        assert client.get(f"/events/{world.event.slug}/{path}").status_code == 200, path
    response = client.get(_url(world), **_token(client, world.organiser))
    assert response.status_code == 200 and response.json()["count"] == 1
