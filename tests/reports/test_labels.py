"""The report list pages show names and labels in the page's language where the exports keep the
codes: categories, zones, statuses, scan results and reasons, deal kinds, countries (nationality,
delegation, deal parties and the filters' choices) and deal titles."""

import re

import pytest
from django.utils import translation
from django_countries import countries

from pavilion.accreditation.labels import SCAN_ALERTS, SCAN_REASONS
from pavilion.accreditation.models import Scan
from pavilion.deals.models import Deal, DealParty
from pavilion.meetings.models import Meeting
from pavilion.registrations.models import Delegation, Registration
from tests.reports.support import registration
from tests.reports.test_exports import read_csv, url

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "ru"]


def cells(client, world, kind: str, language: str) -> set[str]:
    """The texts of the list's table cells, the page asked for in `language`."""
    client.force_login(world.organiser)
    html = client.get(url(world, f"{kind}/"), headers={"accept-language": language}).content.decode()
    return {cell.strip() for cell in re.findall(r"<td>(.*?)</td>", html, flags=re.S)}


def words(label, language: str) -> str:
    with translation.override(language):
        return str(label)


def exported(client, world, kind: str) -> set[str]:
    return {value for row in read_csv(client.get(url(world, f"{kind}/export.csv"))) for value in row}


@pytest.mark.parametrize("language", LANGUAGES)
def test_registrations_show_status_and_category_names(client, world, show_data, language):
    shown = cells(client, world, "registrations", language)
    category = world.categories["trade-visitor"]
    assert {words(Registration.Status.IN_REVIEW.label, language),
            getattr(category, f"name_{language}") or category.name_en} <= shown
    assert not {"in-review", "trade-visitor"} & shown
    assert {"in-review", "trade-visitor", "media"} <= exported(client, world, "registrations")


@pytest.mark.parametrize("language", LANGUAGES)
def test_entries_show_zone_names_and_scan_labels(client, world, gates, badge_of, scan, language):
    badge = badge_of()
    scan(badge.token)
    assert scan(badge.token)["result"] == "granted"  # again inside the hall: let in with a passback alert
    assert scan(badge.token, gate=gates.vip, token=gates.vip_token)["reason"] == "zone_not_granted"
    shown = cells(client, world, "entries", language)
    hall, vip = gates.hall.zone, gates.vip.zone
    assert {getattr(zone, f"name_{language}") or zone.name_en for zone in (hall, vip)} <= shown
    assert {words(label, language) for label in (Scan.Result.DENIED.label, Scan.Direction.IN.label,
                                                  SCAN_REASONS["zone_not_granted"], SCAN_ALERTS["passback"])} <= shown
    assert not {hall.code, vip.code, "passback", "zone_not_granted", "trade-visitor"} & shown
    rows = read_csv(client.get(url(world, "entries/export.csv")))[1:]
    assert {(row[2], row[3], row[4], row[5], row[6], row[8]) for row in rows} == {
        (hall.code, "in", "granted", "", "", "trade-visitor"), (hall.code, "in", "granted", "", "passback", "trade-visitor"),
        (vip.code, "in", "denied", "zone_not_granted", "", "trade-visitor")}


@pytest.mark.parametrize("language", LANGUAGES)
def test_meetings_and_deals_show_labels(client, world, show_data, language):
    meetings = cells(client, world, "meetings", language)
    assert words(Meeting.Status.SCHEDULED.label, language) in meetings
    deals = cells(client, world, "deals", language)
    assert {words(Deal.Kind.CONTRACT.label, language), words(Deal.Announcement.PLANNED.label, language),
            words(Deal.Confidentiality.ORGANISER.label, language)} <= deals
    assert not {"planned", "organiser"} & deals
    assert {"planned", "contract", "organiser"} <= exported(client, world, "deals")
    assert {"scheduled", "no-show"} <= exported(client, world, "meetings")


def names(codes, language: str) -> dict[str, str]:
    with translation.override(language):
        return {code: str(countries.name(code)) for code in codes}


def delegation(world, country="BY") -> Delegation:
    return Delegation.objects.create(event=world.event, country=country, sending_body="Ministry of Defence")


@pytest.mark.parametrize("language", LANGUAGES)
def test_registrations_name_the_nationality_and_the_delegation_country(client, world, show_data, language):
    member = registration(world, category="delegation-member", nationality="BY")
    Registration.objects.filter(pk=member.pk).update(delegation=delegation(world))
    shown = cells(client, world, "registrations", language)
    countries_named = names(["AZ", "TR", "GB", "BY"], language)
    assert set(countries_named.values()) <= shown
    assert not set(countries_named) & shown
    rows = read_csv(client.get(url(world, "registrations/export.csv")))[1:]
    assert {row[6] for row in rows} == {"AZ", "TR", "GB", "BY"} and {row[9] for row in rows} == {"", "BY"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_country_filters_name_the_countries_in_the_page_language(client, world, language):
    client.force_login(world.organiser)
    for kind in ("registrations", "deals"):
        html = client.get(url(world, f"{kind}/"), headers={"accept-language": language}).content.decode()
        assert f'<option value="AZ">{names(["AZ"], language)["AZ"]}</option>' in html, kind
    assert client.get(url(world, "registrations/?country=TR")).status_code == 200


@pytest.mark.parametrize("language", LANGUAGES)
def test_deals_name_the_parties_countries_and_the_title_in_the_page_language(client, world, show_data, language):
    deal = show_data.deals["public"]
    Deal.objects.filter(pk=deal.pk).update(title_ru="Бронемашины для Пограничной службы")
    DealParty.objects.create(deal=deal, kind="delegation", delegation=delegation(world), country="BY", order=5)
    shown = cells(client, world, "deals", language)
    named = names(["AZ", "TR", "BY"], language)
    title = "Armoured vehicles for the Border Service"
    assert (f"{title} party 0 ({named['AZ']}); {title} party 1 ({named['TR']}); "
            f"{named['BY']}: Ministry of Defence ({named['BY']})") in shown
    assert ("Бронемашины для Пограничной службы" if language == "ru" else title) in shown
    exported = read_csv(client.get(url(world, "deals/export.csv")))[1:]
    assert [title, f"{title} party 0 (AZ); {title} party 1 (TR); BY delegation (BY)"] in [
        [row[2], row[8]] for row in exported]


@pytest.mark.parametrize(("language", "shown"), [("en", "12,500,000"), ("az", "12\xa0500\xa0000"), ("ru", "12\xa0500\xa0000")])
def test_deal_values_are_grouped_in_the_page_language_and_exported_as_numbers(client, world, show_data, language, shown):
    assert f'<span class="nowrap">{shown}</span>' in cells(client, world, "deals", language)
    assert "12500000.00" in exported(client, world, "deals")
