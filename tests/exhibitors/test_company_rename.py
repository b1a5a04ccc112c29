"""Renaming a company, or moving it to another country, into the name of another company of that country
is refused with a message about the rename (not the creation's advice to admit the company instead), on
the field that changed; a company's name is stored with single spaces, however typed."""

import pytest
from django.core.exceptions import ValidationError

from pavilion.core.models import AuditEntry
from pavilion.exhibitors import services
from pavilion.exhibitors.models import Company
from tests.exhibitors.test_organiser_company_change import company_form, identity, url
from tests.factories import CompanyFactory

RENAMED = ("Another company of this country is already named Absheron Optics: two companies of one country may "
           "not share a name.")


def test_a_rename_into_another_company_s_name_is_refused_on_the_name(catalogue):
    company = CompanyFactory(name="Ganja Defence", country="AZ")
    with pytest.raises(ValidationError) as error:
        services.company_update(actor=catalogue.organiser, company=company, name="ABSHERON   optics")
    assert error.value.message_dict == {"name": [RENAMED]}
    assert identity(company)[0] == "Ganja Defence"


def test_a_move_into_a_country_with_a_company_of_its_name_is_refused_on_the_country(client, catalogue):
    twin = CompanyFactory(name="Absheron Optics", legal_name="Absheron Optics GmbH", country="DE")
    exhibitor = catalogue.exhibitor_c
    exhibitor.company = twin
    exhibitor.save()
    client.force_login(catalogue.organiser)
    response = client.post(url(catalogue, exhibitor), company_form(twin, country="AZ"))
    assert response.status_code == 400
    errors = response.context["company_form"].errors
    assert errors["country"] == [RENAMED] and "name" not in errors
    assert "admit it to the show" not in response.content.decode()
    assert identity(twin) == ("Absheron Optics", "Absheron Optics GmbH", "DE")
    assert not AuditEntry.objects.filter(action="company.update").exists()


def test_a_new_company_of_a_taken_name_still_gets_the_advice_to_admit_it(catalogue):
    with pytest.raises(ValidationError) as error:
        services.company_create(actor=catalogue.organiser, name="absheron optics", country="AZ")
    assert "admit it to the show instead of adding it again" in error.value.message_dict["name"][0]
    assert Company.objects.filter(country="AZ").count() == 1


def test_runs_of_spaces_in_a_name_are_one_space_on_creation_and_on_a_rename(client, catalogue):
    company = services.company_create(actor=catalogue.organiser, name="  Ganja   Defence  Works ", country="AZ")
    assert (company.name, company.legal_name) == ("Ganja Defence Works", "Ganja Defence Works")
    services.company_update(actor=catalogue.organiser, company=company, name="Ganja \t Defence")
    assert identity(company)[0] == "Ganja Defence"
    exhibitor = catalogue.exhibitor_c
    client.force_login(catalogue.organiser)
    client.post(url(catalogue, exhibitor), company_form(exhibitor.company, name="Absheron    Optics  Group"))
    assert identity(exhibitor.company)[0] == "Absheron Optics Group"


def test_the_exhibitor_s_own_name_given_back_with_double_spaces_is_no_change(catalogue):
    company = catalogue.exhibitor_a.company
    services.company_update(actor=catalogue.admin_a, company=company, name="Caspian  Armour   Works",
                            description_en="Wheeled armour.")
    assert identity(company)[0] == "Caspian Armour Works"
