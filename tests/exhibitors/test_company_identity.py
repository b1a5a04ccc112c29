"""A company's name, legal name and country are the organiser's: an exhibitor admin who could change them
took another company's name in the directory, or moved the company out of an embargoed country and so
unblocked its staff's meeting requests. The organiser changes them (here or in the back office) under
the checks of a company's creation: no second company of that name in the country, and no national
pavilion of another country."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from pavilion.core import roles
from pavilion.core.models import AuditEntry
from pavilion.exhibitors import services
from pavilion.exhibitors.models import Company
from tests.factories import CompanyFactory, UserFactory

KEPT = "The organiser keeps the company's name, legal name and country; write to them to change these."


def identity(company: Company) -> tuple:
    company.refresh_from_db()
    return company.name, company.legal_name, str(company.country)


# The exhibitor's side ------------------------------------------------------------------------------

@pytest.mark.parametrize("changes", [{"name": "Absheron Optics"}, {"legal_name": "Someone Else LLC"},
                                     {"country": "AZ"}, {"country": "XX"},
                                     {"name": "Absheron Optics", "country": "AZ", "website": "https://x.example"}])
def test_an_exhibitor_admin_cannot_change_the_company_s_name_or_country(catalogue, changes):
    company = catalogue.exhibitor_a.company
    before = identity(company)
    with pytest.raises(ValidationError) as error:
        services.company_update(actor=catalogue.admin_a, company=company, **changes)
    refused = {field for field in changes if field in services.ORGANISER_COMPANY_FIELDS}
    assert set(error.value.message_dict) == refused
    assert all(error.value.message_dict[field] == [KEPT] for field in refused)
    assert identity(company) == before and company.website == ""
    assert not AuditEntry.objects.filter(action="company.update").exists()


def test_the_same_name_and_country_given_back_are_no_change(catalogue):
    company = catalogue.exhibitor_a.company
    services.company_update(actor=catalogue.admin_a, company=company, name=" Caspian Armour Works ",
                            legal_name=company.legal_name, country="tr", description_en="Wheeled armour.")
    company.refresh_from_db()
    assert company.name == "Caspian Armour Works" and company.description_en == "Wheeled armour."


def test_the_portal_shows_the_name_and_country_and_ignores_them_when_posted(client, catalogue):
    """Adriatica's admin posted country=AZ and another company's name: both were saved."""
    company = catalogue.exhibitor_a.company
    client.force_login(catalogue.admin_a)
    url = reverse("portal:company", args=[company.pk])
    page = client.get(url).content.decode()
    assert 'name="name"' not in page and 'name="country"' not in page and 'name="legal_name"' not in page
    assert "Caspian Armour Works" in page and company.legal_name in page and str(company.country.name) in page
    assert "write to them to change these" in page.replace("&#x27;", "'")
    response = client.post(url, {"name": "Absheron Optics", "legal_name": "Absheron Optics LLC", "country": "AZ",
                                 "website": "https://caw.example"})
    assert response.status_code == 302
    assert identity(company) == ("Caspian Armour Works", catalogue.exhibitor_a.company.legal_name, "TR")
    assert company.website == "https://caw.example"
    assert Company.objects.filter(name="Absheron Optics").count() == 1


def test_another_company_s_admin_is_still_refused_outright(catalogue):
    with pytest.raises(PermissionDenied):
        services.company_update(actor=catalogue.admin_b, company=catalogue.exhibitor_a.company, website="x.example")


# The organiser's side ------------------------------------------------------------------------------

def test_the_organiser_renames_a_company_and_it_is_audited(catalogue):
    company = catalogue.exhibitor_c.company
    services.company_update(actor=catalogue.organiser, company=company, name="Absheron Optical Systems",
                            legal_name="Absheron Optical Systems MMC")
    assert identity(company) == ("Absheron Optical Systems", "Absheron Optical Systems MMC", "AZ")
    entry = AuditEntry.objects.get(action="company.update", object_id=str(company.pk))
    assert entry.before["name"] == "Absheron Optics" and entry.after["name"] == "Absheron Optical Systems"


def test_organiser_staff_count_as_the_organiser(catalogue):
    staff = UserFactory(username="organiser-staff", role=roles.ORGANISER_STAFF)
    company = catalogue.exhibitor_c.company
    services.company_update(actor=staff, company=company, legal_name="Absheron Optics ASC")
    assert identity(company)[1] == "Absheron Optics ASC"


@pytest.mark.parametrize("name", ["Absheron Optics", "absheron  OPTICS", " Absheron Optics "])
def test_the_organiser_cannot_give_a_company_the_name_of_another_of_its_country(catalogue, name):
    company = CompanyFactory(name="Ganja Defence", country="AZ")
    with pytest.raises(ValidationError) as error:
        services.company_update(actor=catalogue.organiser, company=company, name=name)
    assert "Another company of this country is already named Absheron Optics" in error.value.message_dict["name"][0]
    assert identity(company)[0] == "Ganja Defence" and company.name == "Ganja Defence"


def test_a_company_keeps_its_own_name_in_another_case_and_may_share_a_foreign_one(catalogue):
    company = catalogue.exhibitor_c.company
    services.company_update(actor=catalogue.organiser, company=company, name="ABSHERON OPTICS")
    services.company_update(actor=catalogue.organiser, company=catalogue.exhibitor_b.company,
                            name="Absheron Optics")  # of Lithuania: another country's company
    assert Company.objects.filter(name__iexact="Absheron Optics").count() == 2


def test_moving_a_company_into_a_country_that_has_its_name_is_refused(catalogue):
    twin = CompanyFactory(name="Absheron Optics", country="GE")
    with pytest.raises(ValidationError) as error:
        services.company_update(actor=catalogue.organiser, company=twin, country="AZ")
    assert set(error.value.message_dict) == {"country"}
    assert "already named Absheron Optics" in error.value.message_dict["country"][0]
    assert identity(twin)[2] == "GE"


def test_a_company_in_a_national_pavilion_keeps_the_pavilion_s_country(catalogue):
    company = catalogue.exhibitor_a.company  # in the Türkiye National Pavilion at ADEX
    with pytest.raises(ValidationError) as error:
        services.company_update(actor=catalogue.organiser, company=company, country="AZ")
    message = error.value.message_dict["country"][0]
    assert "Türkiye National Pavilion" in message and "take it out of the pavilion" in message
    assert identity(company)[2] == "TR" and str(company.country) == "TR"
    services.exhibitor_update(actor=catalogue.organiser, exhibitor=catalogue.exhibitor_a, status="approved",
                              pavilion=None)
    services.company_update(actor=catalogue.organiser, company=company, country="AZ")
    assert identity(company)[2] == "AZ"


def test_a_company_outside_any_pavilion_changes_country(catalogue):
    company = catalogue.exhibitor_b.company
    services.company_update(actor=catalogue.organiser, company=company, country="lv")
    assert identity(company)[2] == "LV"


# The back office -----------------------------------------------------------------------------------

def admin_form(company: Company, **changes) -> dict:
    values = {"name": company.name, "legal_name": company.legal_name, "country": str(company.country),
              "website": company.website, "description_en": "", "description_az": "", "description_ru": "",
              "members-TOTAL_FORMS": "0", "members-INITIAL_FORMS": "0", "members-MIN_NUM_FORMS": "0",
              "members-MAX_NUM_FORMS": "1000"}
    values.update(changes)
    return values


def test_the_back_office_runs_the_same_checks(admin_client, catalogue):
    company = catalogue.exhibitor_a.company
    url = f"/admin/exhibitors/company/{company.pk}/change/"
    response = admin_client.post(url, admin_form(company, country="AZ"))
    assert response.status_code == 200 and "take it out of the pavilion" in response.content.decode()
    other = catalogue.exhibitor_c.company
    response = admin_client.post(f"/admin/exhibitors/company/{other.pk}/change/",
                                 admin_form(other, name="absheron optics ", legal_name="New legal name"))
    assert response.status_code == 302  # its own name in another case
    response = admin_client.post(url, admin_form(company, name="Ankara Armour"))
    assert response.status_code == 302
    CompanyFactory(name="Izmir Optik", country="TR")
    response = admin_client.post(url, admin_form(company, name="izmir optik"))
    assert response.status_code == 200 and "already named Izmir Optik" in response.content.decode()
    assert identity(company) == ("Ankara Armour", company.legal_name, "TR")
    entry = AuditEntry.objects.filter(action="company.admin_save", object_id=str(company.pk)).get()
    assert entry.before["name"] == "Caspian Armour Works" and entry.after["name"] == "Ankara Armour"


def test_the_back_office_adds_no_second_company_of_a_name(admin_client, catalogue):
    values = admin_form(Company(name="ABSHERON optics", legal_name="X", country="AZ"))
    response = admin_client.post("/admin/exhibitors/company/add/", values)
    assert response.status_code == 200 and "already a company here" in response.content.decode()
    assert Company.objects.filter(country="AZ").count() == 1


# The API -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("method", ["patch", "put", "post"])
def test_the_api_writes_no_company(client, catalogue, method):
    """The catalogue API lets an exhibitor write products only; its exhibitor endpoint stays read-only."""
    company = catalogue.exhibitor_a.company
    url = f"/api/v1/events/{catalogue.event.slug}/exhibitors/{catalogue.exhibitor_a.pk}"
    response = getattr(client, method)(url, {"name": "Absheron Optics", "country": "AZ"},
                                       content_type="application/json",
                                       HTTP_AUTHORIZATION=f"Token {catalogue.token(catalogue.admin_a)}")
    assert response.status_code == 405
    assert identity(company)[::2] == ("Caspian Armour Works", "TR")
