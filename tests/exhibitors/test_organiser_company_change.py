"""The organiser changes a company's name, legal name, country and profile on the exhibitor's page (before,
only the back office could): through services.company_update, so under a new company's checks (no second
company of the name in its country, no national pavilion of another country), audited; bad input is a
400 with the errors on the fields and changes nothing; organiser staff only read."""

import pytest

from pavilion.core import roles
from pavilion.core.models import AuditEntry
from pavilion.exhibitors.models import Company
from tests.factories import CompanyFactory, UserFactory


def url(catalogue, exhibitor) -> str:
    return f"/organiser/events/{catalogue.event.slug}/exhibitors/{exhibitor.pk}/"


def company_form(company: Company, **changes) -> dict:
    values = {"name": company.name, "legal_name": company.legal_name, "country": str(company.country),
              "website": company.website, "description_en": company.description_en,
              "description_az": company.description_az, "description_ru": company.description_ru}
    values.update(changes)
    return {"action": "company", **{f"company-{field}": value for field, value in values.items()}}


def identity(company: Company) -> tuple:
    company.refresh_from_db()
    return company.name, company.legal_name, str(company.country)


def test_the_page_offers_the_company_s_name_legal_name_and_country(client, catalogue):
    company = catalogue.exhibitor_c.company
    client.force_login(catalogue.organiser)
    response = client.get(url(catalogue, catalogue.exhibitor_c))
    page = response.content.decode()
    assert response.status_code == 200
    for field in ("name", "legal_name", "country", "website", "description_en", "description_az", "description_ru"):
        assert f'name="company-{field}"' in page
    assert f'value="{company.legal_name}"' in page and '<option value="AZ" selected>' in page
    assert "export-control checks of its staff" in page


def test_the_organiser_renames_a_company_and_moves_it_to_another_country(client, catalogue):
    company = catalogue.exhibitor_b.company  # Baltic Sentinel (LT), in no national pavilion
    client.force_login(catalogue.organiser)
    response = client.post(url(catalogue, catalogue.exhibitor_b), company_form(
        company, name=" Baltic Sentinel Systems ", legal_name="Baltic Sentinel Systems UAB", country="LV",
        website="www.sentinel.example", description_en="Coastal radar."), follow=True)
    assert response.status_code == 200
    assert "Saved the company Baltic Sentinel Systems." in response.content.decode()
    assert identity(company) == ("Baltic Sentinel Systems", "Baltic Sentinel Systems UAB", "LV")
    assert company.website == "https://www.sentinel.example" and company.description_en == "Coastal radar."
    entry = AuditEntry.objects.get(action="company.update", object_id=str(company.pk))
    assert entry.actor == catalogue.organiser
    assert (entry.before["name"], entry.before["country"]) == ("Baltic Sentinel", "LT")
    assert (entry.after["name"], entry.after["country"]) == ("Baltic Sentinel Systems", "LV")
    catalogue.exhibitor_b.refresh_from_db()
    assert catalogue.exhibitor_b.status == "approved"  # the exhibitor's own form was not submitted


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"name": "absheron  OPTICS"}, "name", "Another company of this country is already named Absheron Optics"),  # another Azerbaijani company's name
    ({"country": "XX"}, "country", "Select a valid choice"),
    ({"name": ""}, "name", "This field is required"),
    ({"legal_name": ""}, "legal_name", "This field is required"),
    ({"website": "ftp://files.example"}, "website", "Give the website's address"),
])
def test_bad_input_is_a_400_with_the_error_on_its_field_and_changes_nothing(client, catalogue, changes, field,
                                                                              message):
    company = CompanyFactory(name="Ganja Defence", legal_name="Ganja Defence MMC", country="AZ")
    exhibitor = catalogue.exhibitor_c
    exhibitor.company = company
    exhibitor.save()
    client.force_login(catalogue.organiser)
    response = client.post(url(catalogue, exhibitor), company_form(company, **changes))
    assert response.status_code == 400
    errors = response.context["company_form"].errors
    assert message in " ".join(errors[field])
    assert 'aria-invalid="true"' in response.content.decode()
    assert identity(company) == ("Ganja Defence", "Ganja Defence MMC", "AZ") and company.website == ""
    assert not AuditEntry.objects.filter(action="company.update").exists()


def test_a_company_in_a_national_pavilion_keeps_its_country(client, catalogue):
    company = catalogue.exhibitor_a.company  # in the Türkiye National Pavilion at ADEX
    client.force_login(catalogue.organiser)
    response = client.post(url(catalogue, catalogue.exhibitor_a), company_form(company, country="AZ",
                                                                               name="Caspian Armour"))
    assert response.status_code == 400
    message = " ".join(response.context["company_form"].errors["country"])
    assert "take it out of the pavilion" in message
    assert identity(company) == ("Caspian Armour Works", company.legal_name, "TR")
    assert not AuditEntry.objects.filter(action="company.update").exists()


def test_the_status_form_and_the_company_form_are_apart(client, catalogue):
    """Both forms are on the page: a refused company change leaves the status form unbound, and a status
    change does not touch the company."""
    company = catalogue.exhibitor_c.company
    client.force_login(catalogue.organiser)
    response = client.post(url(catalogue, catalogue.exhibitor_c), company_form(company, name=""))
    assert response.status_code == 400 and not response.context["form"].is_bound
    response = client.post(url(catalogue, catalogue.exhibitor_c), {"status": "withdrawn"})
    assert response.status_code == 302
    catalogue.exhibitor_c.refresh_from_db()
    assert catalogue.exhibitor_c.status == "withdrawn" and identity(company)[0] == "Absheron Optics"
    assert not AuditEntry.objects.filter(action="company.update").exists()


def test_organiser_staff_see_no_company_form_and_may_not_post_it(client, catalogue):
    company = catalogue.exhibitor_c.company
    client.force_login(UserFactory(username="organiser-staff", role=roles.ORGANISER_STAFF))
    page = client.get(url(catalogue, catalogue.exhibitor_c))
    assert page.status_code == 200 and page.context["company_form"] is None
    assert 'name="company-name"' not in page.content.decode()
    response = client.post(url(catalogue, catalogue.exhibitor_c), company_form(company, name="Renamed"))
    assert response.status_code == 403
    assert identity(company)[0] == "Absheron Optics"


def test_an_exhibitor_admin_cannot_reach_the_organiser_s_page(client, catalogue):
    company = catalogue.exhibitor_a.company
    client.force_login(catalogue.admin_a)
    response = client.post(url(catalogue, catalogue.exhibitor_a), company_form(company, name="Renamed"))
    assert response.status_code == 403
    assert identity(company)[0] == "Caspian Armour Works"
