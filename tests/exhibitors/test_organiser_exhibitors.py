"""The organiser's exhibitor page of an event: a company that exhibited at an earlier event is
admitted to the new event's show on Pavilion's own pages, audited; a company twice at one show or
a pavilion of another country is a form error that changes nothing; staff see, administrators
admit; the list's queries do not grow with its rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pavilion.core import roles
from pavilion.core.models import AuditEntry
from pavilion.events.models import NationalPavilion
from pavilion.exhibitors.models import Company, Exhibitor
from tests.factories import CompanyFactory, EventFactory, ExhibitorFactory, ShowFactory, UserFactory


@pytest.fixture
def setting(db):
    earlier = ExhibitorFactory(company=CompanyFactory(name="Caspian Optics", country="AZ"),
                               show=ShowFactory(event=EventFactory(slug="adex-2024")))
    event = EventFactory(slug="adex-2026", start_date="2026-09-22", end_date="2026-09-24")
    show = ShowFactory(event=event, slug="adex-2026-show", name_en="ADEX-2026")
    turkish = NationalPavilion.objects.create(show=show, country="TR", name_en="Türkiye National Pavilion")
    organiser = UserFactory(username="organiser", role=roles.ORGANISER_ADMIN)
    return earlier.company, event, show, turkish, organiser


def url(event):
    return f"/organiser/events/{event.slug}/exhibitors/"


def test_a_returning_company_is_admitted_to_the_new_show(client, setting):
    company, event, show, _pavilion, organiser = setting
    client.force_login(organiser)
    assert "No exhibitor yet." in client.get(url(event)).content.decode()
    response = client.post(url(event), {"company": company.pk, "show": show.pk})
    assert response.status_code == 302
    exhibitor = Exhibitor.objects.get(company=company, show=show)
    assert exhibitor.status == "approved"
    assert AuditEntry.objects.filter(action="exhibitor.create", object_id=str(exhibitor.pk)).exists()
    page = client.get(url(event)).content.decode()
    assert f'data-exhibitor="{exhibitor.pk}"' in page and "Caspian Optics" in page
    assert f'href="{url(event)}"' in client.get(f"/events/{event.slug}/set-up/").content.decode()


@pytest.mark.parametrize("case, message", [
    ("twice", "already exhibits at ADEX-2026"),
    ("other country's pavilion", "The national pavilion must be of this show and the company's country."),
])
def test_a_wrong_admission_is_a_form_error_and_changes_nothing(client, setting, case, message):
    company, event, show, pavilion, organiser = setting
    if case == "twice":
        ExhibitorFactory(company=company, show=show)
    before = Exhibitor.objects.count()
    client.force_login(organiser)
    data = {"company": company.pk, "show": show.pk, **({"pavilion": pavilion.pk} if case != "twice" else {})}
    response = client.post(url(event), data)
    assert response.status_code == 400
    assert message in " ".join(" ".join(errors) for errors in response.context["form"].errors.values())
    assert Exhibitor.objects.count() == before


def test_a_show_of_another_event_cannot_be_chosen(client, setting):
    company, event, _show, _pavilion, organiser = setting
    client.force_login(organiser)
    other_show = Exhibitor.objects.get(company=company).show  # the 2024 show
    response = client.post(url(event), {"company": company.pk, "show": other_show.pk})
    assert response.status_code == 400 and "show" in response.context["form"].errors
    assert Exhibitor.objects.count() == 1


def test_staff_see_the_list_and_only_administrators_admit(client, setting):
    company, event, show, _pavilion, _organiser = setting
    client.force_login(UserFactory(username="orgstaff", role=roles.ORGANISER_STAFF))
    assert "Admit a company to a show" not in client.get(url(event)).content.decode()
    assert client.post(url(event), {"company": company.pk, "show": show.pk}).status_code == 403
    client.force_login(UserFactory(username="visitor", role=roles.TRADE_VISITOR))
    assert client.get(url(event)).status_code == 403
    assert not Exhibitor.objects.filter(show=show).exists()


def test_the_list_costs_the_same_queries_for_more_exhibitors(client, setting):
    _company, event, show, _pavilion, organiser = setting
    ExhibitorFactory(show=show)
    client.force_login(organiser)
    with CaptureQueriesContext(connection) as few:
        client.get(url(event))
    for _ in range(5):
        ExhibitorFactory(show=show)
    with CaptureQueriesContext(connection) as many:
        client.get(url(event))
    assert len(many) == len(few)


def test_the_organiser_creates_a_company_new_to_them(client, setting):
    _company, event, _show, _pavilion, organiser = setting
    client.force_login(organiser)
    before = Company.objects.count()
    response = client.post(url(event), {"action": "company", "company-name": "Gəncə Optika", "company-country": "AZ",
                                        "company-website": "gence-optika.az"})
    assert response.status_code == 302
    company = Company.objects.get(name="Gəncə Optika")
    assert (company.legal_name, company.country.code, company.website) == ("Gəncə Optika", "AZ",
                                                                         "https://gence-optika.az")
    assert AuditEntry.objects.filter(action="company.create", object_id=str(company.pk)).exists()
    bad = client.post(url(event), {"action": "company", "company-name": "", "company-country": "XX"})
    assert bad.status_code == 400 and Company.objects.count() == before + 1
    # The new company is among those to admit.
    assert f'<option value="{company.pk}">Gəncə Optika</option>' in client.get(url(event)).content.decode()


def pavilions_url(event, pavilion=None):
    return f"/organiser/events/{event.slug}/pavilions/" + (f"{pavilion.pk}/" if pavilion else "")


def test_the_organiser_sets_up_a_national_pavilion_in_three_languages(client, setting):
    company, event, show, turkish, organiser = setting
    client.force_login(organiser)
    page = client.get(pavilions_url(event)).content.decode()
    assert f'data-pavilion="{turkish.pk}"' in page and "Add the pavilion" in page
    assert 'href="/organiser/events/adex-2026/pavilions/"' in client.get(url(event)).content.decode()
    assert client.post(pavilions_url(event), {
        "show": show.pk, "country": "AZ", "name_en": "Azerbaijan National Pavilion",
        "name_az": "Azərbaycan milli pavilyonu", "name_ru": "Национальный павильон Азербайджана"}).status_code == 302
    pavilion = NationalPavilion.objects.get(show=show, country="AZ")
    assert AuditEntry.objects.filter(action="pavilion.create", object_id=str(pavilion.pk)).exists()
    # Admitted under it, the company's pavilion reads in the visitor's language.
    client.post(url(event), {"company": company.pk, "show": show.pk, "pavilion": pavilion.pk})
    exhibitor = Exhibitor.objects.get(company=company, show=show)
    assert exhibitor.pavilion == pavilion
    event.is_public = True
    event.save()
    russian = client.get(f"/events/{event.slug}/exhibitors/{exhibitor.pk}/", HTTP_ACCEPT_LANGUAGE="ru")
    assert "Национальный павильон Азербайджана" in russian.content.decode()
    # Its names change; its show and country do not.
    assert client.post(pavilions_url(event, pavilion), {
        "name_en": "Azerbaijan Pavilion", "name_az": "", "name_ru": "", "show": 999, "country": "TR"}).status_code == 302
    pavilion.refresh_from_db()
    assert (pavilion.name_en, pavilion.name_ru, pavilion.country.code, pavilion.show) == (
        "Azerbaijan Pavilion", "", "AZ", show)
    assert AuditEntry.objects.filter(action="pavilion.update", object_id=str(pavilion.pk)).exists()


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"country": "TR"}, "country", "already has a pavilion of Türkiye"),
    ({"country": "QQ"}, "country", "Select a valid choice"),
    ({"name_en": " "}, "name_en", "This field is required"),
])
def test_a_wrong_pavilion_is_a_form_error_and_changes_nothing(client, setting, data, field, message):
    _company, event, show, _turkish, organiser = setting
    client.force_login(organiser)
    response = client.post(pavilions_url(event), {"show": show.pk, "country": "AZ", "name_en": "A pavilion", **data})
    assert response.status_code == 400 and message in response.content.decode()
    assert NationalPavilion.objects.count() == 1


def test_staff_see_the_pavilions_and_only_administrators_change_them(client, setting):
    _company, event, show, turkish, _organiser = setting
    client.force_login(UserFactory(role=roles.ORGANISER_STAFF))
    page = client.get(pavilions_url(event)).content.decode()
    assert f'data-pavilion="{turkish.pk}"' in page and "Add the pavilion" not in page
    refused = client.post(pavilions_url(event, turkish), {"name_en": "Renamed"})
    assert refused.status_code == 403
    turkish.refresh_from_db()
    assert turkish.name_en == "Türkiye National Pavilion"
    other = ShowFactory(event=EventFactory(slug="other-event"))
    foreign = NationalPavilion.objects.create(show=other, country="AZ", name_en="Elsewhere")
    assert client.get(pavilions_url(event, foreign)).status_code == 404


def test_the_pavilion_list_costs_the_same_queries_for_more_pavilions(client, setting):
    _company, event, show, _turkish, organiser = setting
    client.force_login(organiser)
    with CaptureQueriesContext(connection) as few:
        client.get(pavilions_url(event))
    for country in ("AZ", "IT", "PK", "IL"):
        pavilion = NationalPavilion.objects.create(show=show, country=country, name_en=f"{country} pavilion")
        ExhibitorFactory(show=show, pavilion=pavilion, company=CompanyFactory(country=country))
    with CaptureQueriesContext(connection) as many:
        page = client.get(pavilions_url(event)).content.decode()
    assert len(many) == len(few) and page.count("data-pavilion=") == 5


def test_a_pavilion_added_twice_at_once_is_a_form_error_not_a_500(setting, monkeypatch):
    """The check before the insert misses a pavilion another request added a moment ago: the unique
    constraint catches it, with the same message."""
    from django.core.exceptions import ValidationError

    from pavilion.events import services

    _company, _event, show, _turkish, organiser = setting
    monkeypatch.setattr(NationalPavilion.objects, "filter", lambda **kwargs: NationalPavilion.objects.none())
    with pytest.raises(ValidationError) as refused:
        services.pavilion_create(actor=organiser, show=show, country="TR", name_en="Türkiye again")
    assert "already has a pavilion of Türkiye" in " ".join(refused.value.messages)
    assert NationalPavilion.objects.count() == 1
