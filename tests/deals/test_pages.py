"""The register, the deal form with its parties, the deal page, the parties' list and the public page."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pavilion.deals import services
from pavilion.deals.models import Deal
from pavilion.deals.services import PartyData
from tests.deals.support import at


def _queries(client, url: str) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), response


def _more_deals(world, number: int, **values) -> None:
    for index in range(number):
        deal = world.record(title_en=f"Extra deal {index}", value=Decimal(100 + index), currency="EUR",
                            value_disclosed=True, categories=[world.category], signed_at=at(24 + index % 3, 10),
                            parties=[world.ours(), world.theirs(), PartyData(kind="delegation",
                                                                             delegation=world.delegation)],
                            **values)
        services.deal_announce(actor=world.organiser, deal=deal)


@pytest.mark.parametrize("who, path", [
    ("organiser", "register/"), ("organiser", "register/?kind=contract&country=TR&announcement=announced"),
    ("member", "mine/"), ("liaison", "mine/"), (None, ""),
])
def test_list_pages_cost_a_fixed_number_of_queries(world, every_state, client, who, path):
    if who:
        client.force_login(getattr(world, who))
    url = f"/events/{world.event.slug}/deals/{path}"
    _more_deals(world, 1)
    few, _response = _queries(client, url)
    _more_deals(world, 6)
    many, response = _queries(client, url)
    assert few == many
    assert "Extra deal 5" in response.content.decode()


def test_the_register_filters_and_totals_by_currency(world, every_state, client):
    client.force_login(world.organiser)
    base = f"/events/{world.event.slug}/deals/register/"
    page = client.get(base)
    assert page.context["page"].paginator.count == len(every_state)
    totals = {total.currency: (total.total, total.deals) for total in page.context["totals"]}
    assert totals == {"USD": (Decimal("782550000"), 2), "EUR": (Decimal("888000000"), 1),
                      "AZN": (Decimal("1234567"), 1)}
    parties_only = client.get(base + "?confidentiality=parties")
    assert [deal.title_en for deal in parties_only.context["page"].object_list] == ["Deal PARTIESDRAFT"]
    assert [(total.currency, total.total) for total in parties_only.context["totals"]] == [
        ("EUR", Decimal("888000000"))]  # the totals are of the deals listed
    world.record(title_en="Signed on the first day", signed_at=at(24, 9), kind="loi", parties=[world.body()])
    first_day = client.get(base + "?day=2024-09-24").context["page"].object_list
    assert [deal.title_en for deal in first_day] == ["Signed on the first day"]
    by_country = client.get(base + "?country=AZ&kind=loi").context["page"].object_list
    assert [deal.title_en for deal in by_country] == ["Signed on the first day"]


@pytest.mark.parametrize("query, field", [("confidentiality=parties&kind=zzz", "kind"),
                                          ("day=1999-01-01&kind=loi", "day"), ("country=ZZ", "country")])
def test_a_bad_filter_is_shown_on_its_field_and_lists_no_deal_and_no_total(world, every_state, client, query,
                                                                           field):
    client.force_login(world.organiser)
    response = client.get(f"/events/{world.event.slug}/deals/register/?{query}")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0 and response.context["totals"] == []
    content = response.content.decode()
    assert f'<span class="errorlist" id="id_{field}_error" role="alert">Select a valid choice.' in content
    assert f'aria-describedby="id_{field}_error"' in content and 'aria-invalid="true"' in content
    assert "Correct the filters: nothing is listed." in content and "No deals match." not in content
    assert not any(f"Deal {marker}" in content for marker in every_state)
    assert "data-currency" not in content  # no totals of deals that are not listed


def _form_data(world, **overrides) -> dict:
    data = {
        "kind": "contract", "title_en": "Supply of radars", "title_az": "Radarların tədarükü",
        "title_ru": "Поставка радаров", "control": "ML5", "value": "2500000", "currency": "USD",
        "value_disclosed": "on", "confidentiality": "public", "signed_at": "2024-09-25T15:30", "place_en": "Stand A1",
        "show": world.show.slug, "categories": [world.category.pk],
        "parties-TOTAL_FORMS": "3", "parties-INITIAL_FORMS": "0", "parties-MIN_NUM_FORMS": "0",
        "parties-MAX_NUM_FORMS": "12",
        "parties-0-kind": "company", "parties-0-role": "supplier", "parties-0-company": world.company.pk,
        "parties-1-kind": "government", "parties-1-role": "buyer",
        "parties-1-name": "Ministry of Defence Industry of Azerbaijan", "parties-1-country": "AZ",
        "parties-2-kind": "", "parties-2-role": "partner",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_the_organiser_records_a_deal_in_the_form_in_the_events_local_time(world, client):
    client.force_login(world.organiser)
    response = client.post(f"/events/{world.event.slug}/deals/new/", _form_data(world))
    deal = Deal.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/events/{world.event.slug}/deals/{deal.pk}/"
    assert deal.signed_at == at(25, 15, 30)  # 15:30 in Baku, whatever the server's time zone
    assert [(p.kind, p.display_name) for p in deal.parties.all()] == [
        ("company", "Talış Defence"), ("government", "Ministry of Defence Industry of Azerbaijan")]
    page = client.get(response["Location"]).content.decode()
    assert "2024-09-25 15:30" in page and "2,500,000 USD" in page


@pytest.mark.parametrize("overrides, message", [
    ({"currency": ""}, "A value needs its currency"),
    ({"parties-0-kind": "", "parties-0-company": None, "parties-1-kind": "", "parties-1-name": None,
      "parties-1-country": None}, "A deal needs at least one party."),
    ({"parties-1-kind": "", "parties-1-name": None, "parties-1-country": None}, "at least two parties"),
    ({"parties-1-country": ""}, "give the body"),
    ({"signed_at": "2024-10-05T10:00"}, "signed between 2024-09-23 and 2024-09-27"),
    ({"control": "ML40"}, "not a Munitions List category"),
])
def test_bad_input_in_the_form_is_shown_and_nothing_is_saved(world, client, overrides, message):
    client.force_login(world.organiser)
    response = client.post(f"/events/{world.event.slug}/deals/new/", _form_data(world, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Deal.objects.exists()


@pytest.mark.parametrize("overrides", [
    {"parties-0-kind": ""},  # a company chosen, its kind left empty
    {"parties-1-kind": ""},  # a body named, its kind left empty
    {"parties-2-kind": "", "parties-2-country": "TR"},  # the spare row: only a country
])
def test_a_party_row_without_its_kind_is_an_error_on_the_row_not_a_row_dropped(world, client, overrides):
    client.force_login(world.organiser)
    response = client.post(f"/events/{world.event.slug}/deals/new/", _form_data(world, **overrides))
    assert response.status_code == 200
    parties = response.context["parties"]
    row = int(next(iter(overrides)).split("-")[1])
    assert parties[row].errors["kind"] == ["Choose what kind of party this is."]
    content = response.content.decode()
    assert "Choose what kind of party this is." in content and "A deal needs at least one party." not in content
    assert not Deal.objects.exists()


@pytest.mark.parametrize("category", ["99999999999999999999", str(2**63), "1e3", "x"])
def test_a_category_id_out_of_range_is_refused_on_its_field(world, client, category):
    client.force_login(world.organiser)
    response = client.post(f"/events/{world.event.slug}/deals/new/", _form_data(world, categories=[category]))
    assert response.status_code == 200
    assert response.context["form"].errors["categories"]
    assert not Deal.objects.exists()


def test_an_exhibitor_records_its_deal_and_lists_it_but_may_not_keep_it_to_the_organiser(world, client):
    client.force_login(world.member)
    form = client.get(f"/events/{world.event.slug}/deals/new/").content.decode()
    assert 'value="organiser"' not in form
    refused = client.post(f"/events/{world.event.slug}/deals/new/", _form_data(world, confidentiality="organiser"))
    assert refused.status_code == 200 and not Deal.objects.exists()
    client.post(f"/events/{world.event.slug}/deals/new/", _form_data(world, confidentiality="parties"))
    deal = Deal.objects.get()
    assert deal.recorded_by == world.member and deal.announcement == "draft"
    mine = client.get(f"/events/{world.event.slug}/deals/mine/").content.decode()
    assert "Supply of radars" in mine
    assert client.post(f"/events/{world.event.slug}/deals/{deal.pk}/announce/").status_code == 403
    edit = client.post(f"/events/{world.event.slug}/deals/{deal.pk}/edit/",
                       _form_data(world, title_en="Supply of two radars", confidentiality="parties",
                                  **{"parties-INITIAL_FORMS": "2"}))
    assert edit.status_code == 302
    deal.refresh_from_db()
    assert deal.title_en == "Supply of two radars" and deal.parties.count() == 2


@pytest.mark.parametrize("who, status", [("visitor", 403), ("member", 403), ("liaison", 403), (None, 302)])
def test_the_register_is_the_organisers(world, client, who, status):
    if who:
        client.force_login(getattr(world, who))
    assert client.get(f"/events/{world.event.slug}/deals/register/").status_code == status


@pytest.mark.parametrize("who, status", [("visitor", 403), ("media", 403), (None, 302)])
def test_people_of_no_company_may_not_record_or_list_their_deals(world, client, who, status):
    if who:
        client.force_login(getattr(world, who))
    assert client.get(f"/events/{world.event.slug}/deals/new/").status_code == status
    assert client.get(f"/events/{world.event.slug}/deals/mine/").status_code == status


def test_the_organiser_announces_and_withdraws_on_the_deal_page(world, client):
    deal = world.record()
    client.force_login(world.organiser)
    base = f"/events/{world.event.slug}/deals/{deal.pk}"
    client.post(f"{base}/announce/", {"at": ""})
    deal.refresh_from_db()
    assert deal.announcement == "announced"
    assert "Supply of patrol boats" in client.get(f"/events/{world.event.slug}/deals/").content.decode()
    response = client.post(f"{base}/withdraw/", {"reason": ""}, follow=True)
    assert "Give the reason for the withdrawal." in response.content.decode()
    client.post(f"{base}/withdraw/", {"reason": "asked by the buyer"})
    deal.refresh_from_db()
    assert deal.announcement == "withdrawn"
    assert "Supply of patrol boats" not in client.get(f"/events/{world.event.slug}/deals/").content.decode()
    client.post(f"{base}/announce/", {"at": "2024-09-26T17:00"})
    deal.refresh_from_db()
    assert (deal.announcement, deal.announced_at) == ("planned", at(26, 17))


def test_the_public_page_speaks_three_languages_and_groups_by_day(world, client):
    deal = world.record(title_az="Patrul qayıqlarının tədarükü", title_ru="Поставка патрульных катеров",
                        signed_at=at(26, 10))
    services.deal_announce(actor=world.organiser, deal=deal)
    url = f"/events/{world.event.slug}/deals/"
    assert "Поставка патрульных катеров" in client.get(url, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    client.cookies["django_language"] = "az"
    page = client.get(url)
    assert "Patrul qayıqlarının tədarükü" in page.content.decode()
    assert list(page.context["to_come"]) == [at(26).date()]  # announced, signed after the clock's now
