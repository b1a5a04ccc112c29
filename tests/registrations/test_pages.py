"""The registration pages: the public form with its photo, the status page, the organiser's list
with a fixed number of queries, exhibitor staff, delegations and the PDF brief."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django_countries import countries

from pavilion.registrations import services
from pavilion.registrations.models import Registration
from tests.registrations.support import numbered_name, person, photo_bytes

FORM = {
    "given_name": "Nigar", "family_name": "Abbasova", "nationality": "AZ", "birth_date": "1992-07-01",
    "email": "nigar@example.test", "language": "az", "document_type": "passport", "document_number": "C07777777",
    "document_country": "AZ", "organisation": "Azercosmos", "position": "Engineer", "sector": "industry",
}


def _photo(content=None, name="me.jpg"):
    return SimpleUploadedFile(name, content if content is not None else photo_bytes(), content_type="image/jpeg")


def test_a_visitor_registers_on_the_public_form_and_follows_the_status_link(
    world, client, django_capture_on_commit_callbacks
):
    url = f"/events/{world.event.slug}/register/trade-visitor/"
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**FORM, "photo": _photo(name="passport-Nigar-Abbasova.jpg")})
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.status == "in-review" and registration.organisation == "Azercosmos"
    # Stored under a random name: the file's own could be guessed in the address, and names the person.
    stored = registration.person.photo.name
    assert re.fullmatch(r"photos/[0-9a-f]{32}\.jpg", stored) and "Nigar" not in stored
    status = client.get(response["Location"])
    assert "Nigar Abbasova" in status.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response["Location"] + "withdraw/")
    registration.refresh_from_db()
    assert registration.status == "cancelled"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"photo": _photo(b"not an image at all", "me.jpg")}, "photo", ""),
        ({"photo": _photo(photo_bytes((100, 100)))}, "photo", "200"),
        ({"birth_date": "2012-01-01"}, "birth_date", "18"),
        ({"document_number": "АВ123456"}, "document_number", "А"),
    ],
)
def test_bad_input_on_the_public_form_is_shown_on_the_field_and_nothing_is_saved(world, client, change, field,
                                                                                message):
    response = client.post(f"/events/{world.event.slug}/register/trade-visitor/",
                           {**FORM, "photo": _photo(), **change})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    assert not Registration.objects.exists()


def test_a_refusal_of_the_service_on_the_public_form_is_a_400_too(world, client):
    """A form whose fields are fine but whose registration the service refuses (a suspended country)."""
    services.country_policy_set(actor=world.organiser, event=world.event, country="AZ", policy="suspended")
    response = client.post(f"/events/{world.event.slug}/register/trade-visitor/", {**FORM, "photo": _photo()})
    assert response.status_code == 400
    assert "not accepted for this event" in " ".join(response.context["form"].errors["nationality"])
    assert not Registration.objects.exists()


def test_the_edit_page_with_errors_answers_400_and_changes_nothing(world, submit, client):
    from pavilion.registrations.views import status_url

    registration = submit()
    url = status_url(registration) + "edit/"
    assert client.get(url).status_code == 200
    response = client.post(url, {**FORM, "given_name": "Leyla", "birth_date": "2012-01-01"})
    assert response.status_code == 400 and "birth_date" in response.context["form"].errors
    registration.person.refresh_from_db()
    assert (registration.person.family_name, registration.person.birth_date) == ("Məmmədova",
                                                                                 datetime.date(1990, 5, 17))


def test_a_too_large_photo_is_refused(world, client, settings):
    settings.PAVILION_PHOTO_MAX_BYTES = 1000
    response = client.post(f"/events/{world.event.slug}/register/trade-visitor/", {**FORM, "photo": _photo()})
    assert response.status_code == 400 and "photo" in response.context["form"].errors


def test_the_form_speaks_azerbaijani(world, client):
    client.cookies["django_language"] = "az"
    page = client.get(f"/events/{world.event.slug}/register/", HTTP_ACCEPT_LANGUAGE="az").content.decode()
    assert "Ticarət ziyarətçisi" in page


def test_the_organisers_list_filters_and_costs_a_fixed_number_of_queries(world, submit, client):
    def load():
        client.force_login(world.organiser)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/events/{world.event.slug}/registrations/?status=in-review")
        assert response.status_code == 200
        return len(queries), response

    submit()
    few, _response = load()
    for number in range(5):
        submit("media", person=person(given_name=numbered_name("Reporter", number),
                                      document_number=f"M0000000{number}"))
    many, response = load()
    assert few == many
    assert len(response.context["page"].object_list) == 6
    filtered = client.get(f"/events/{world.event.slug}/registrations/?category=media&q=Reporterd")
    assert [r.person.given_name for r in filtered.context["page"].object_list] == ["Reporterd"]


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_organisers_list_names_the_nationality(world, submit, client, language):
    submit(person=person(nationality="TR"))
    client.force_login(world.organiser)
    page = client.get(f"/events/{world.event.slug}/registrations/", headers={"accept-language": language})
    with translation.override(language):
        turkey = str(countries.name("TR"))
    assert f"<td>{turkey}</td>" in page.content.decode() and "<td>TR</td>" not in page.content.decode()


def test_the_organiser_approves_and_rejects_on_the_detail_page(world, submit, client, django_capture_on_commit_callbacks):
    first, second = submit(), submit("media", person=person(given_name="Other", document_number="C09999999"))
    client.force_login(world.organiser)
    base = f"/events/{world.event.slug}/registrations"
    page = client.get(f"{base}/{first.pk}/").content.decode()
    assert "1990-05-17" in page  # an organiser admin sees the birth date
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{base}/{first.pk}/approve/")
        client.post(f"{base}/{second.pk}/reject/", {"reason": "Not a trade visitor"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("approved", "rejected")
    client.force_login(world.organiser_staff)
    assert "1990-05-17" not in client.get(f"{base}/{first.pk}/").content.decode()


def test_the_detail_page_gives_the_submission_time_in_the_events_time_zone(world, submit, client):
    registration = submit()  # at the test clock, 10:00 in Baku (06:00 UTC)
    client.force_login(world.organiser)
    page = client.get(f"/events/{world.event.slug}/registrations/{registration.pk}/").content.decode()
    assert "2024-09-01 10:00" in page and "(Baku time)" in page and "Asia/Baku" not in page
    assert "6 a.m." not in page


def test_the_exhibitor_admin_registers_staff_and_creates_invitation_codes(world, client,
                                                                         django_capture_on_commit_callbacks):
    client.force_login(world.exhibitor_admin)
    url = f"/portal/exhibitors/{world.exhibitor.pk}/staff/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**FORM, "photo": _photo()})
    assert response.status_code == 302
    assert Registration.objects.get().exhibitor == world.exhibitor
    staff_page = client.get(url).content.decode()  # one block per person on a phone, the status in sight
    assert '<table class="list cards-on-phone">' in staff_page and 'data-label="Status"' in staff_page
    client.post(f"/portal/exhibitors/{world.exhibitor.pk}/invitations/", {"quota": 5})
    assert world.exhibitor.invitation_codes.get().quota == 5
    bad = client.post(f"/portal/exhibitors/{world.exhibitor.pk}/invitations/", {"quota": 0}, follow=True)
    assert world.exhibitor.invitation_codes.count() == 1 and bad.status_code == 200


def test_the_staff_form_with_errors_answers_400_and_registers_nobody(world, client):
    client.force_login(world.exhibitor_admin)
    response = client.post(f"/portal/exhibitors/{world.exhibitor.pk}/staff/",
                           {**FORM, "birth_date": "2012-01-01", "photo": _photo()})
    assert response.status_code == 400 and "birth_date" in response.context["form"].errors
    assert not Registration.objects.exists()


def test_a_liaison_builds_a_delegation_and_prints_its_brief(world, client, django_capture_on_commit_callbacks):
    client.force_login(world.liaison)
    response = client.post(f"/events/{world.event.slug}/delegations/", {
        "country": "TR", "sending_body": "Ministry of National Defence", "liaison_officer": "Capt. Aliyev",
        "arrival": "2024-09-23T18:00", "departure": "2024-09-26T12:00", "interpreter_languages": "tr, en"})
    delegation = world.event.delegations.get()
    assert response.status_code == 302 and delegation.liaison == world.liaison
    url = f"/delegations/{delegation.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        for order, (given, rank) in enumerate([("Yaşar", "General"), ("Selim", "Colonel")], start=1):
            client.post(url, {**FORM, "form": "member", "given_name": given, "nationality": "TR",
                              "document_number": f"U1234567{order}", "document_country": "TR",
                              "rank": rank, "position": "Chief", "protocol_order": order, "photo": _photo()})
    client.post(url, {"form": "visit", "title": "Stand visit", "starts_at": "2024-09-24T11:00",
                      "ends_at": "2024-09-24T11:30", "exhibitor": world.exhibitor.pk})
    bad = client.post(url, {"form": "visit", "title": "Backwards", "starts_at": "2024-09-24T11:00",
                            "ends_at": "2024-09-24T10:00"})
    assert "ends_at" in bad.context["visit_form"].errors
    members = list(delegation.members.order_by("protocol_order"))
    assert [m.person.given_name for m in members] == ["Yaşar", "Selim"] and members[0].is_head_of_delegation
    assert delegation.programme.count() == 1
    pdf = client.get(f"{url}brief.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert len(pdf.content) > 2000


def test_edit_keeps_the_photo_and_is_refused_after_approval(world, submit, client, commit,
                                                           django_capture_on_commit_callbacks):
    from pavilion.registrations.views import status_url

    registration = submit(person=person(birth_date=datetime.date(1990, 5, 17)))
    url = status_url(registration) + "edit/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**FORM, "given_name": "Leyla", "document_number": "C01234567"})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.person.family_name == "Abbasova"
    commit(services.registration_approve, actor=world.organiser, registration=registration)
    assert client.get(url).status_code == 302
    assert client.get("/registration/forged-token/").status_code == 404


def test_my_registrations_links_every_page_the_account_manages(world, submit, client):
    submit(actor=world.visitor, own=True)
    client.force_login(world.visitor)
    page = client.get("/my/registrations/").content.decode()
    assert "ADEX Test" in page and "/registration/" in page and "/staff/" not in page
    client.force_login(world.exhibitor_admin)
    assert f"/portal/exhibitors/{world.exhibitor.pk}/staff/" in client.get("/my/registrations/").content.decode()
    client.force_login(world.organiser)
    page = client.get("/my/registrations/").content.decode()
    assert f"/events/{world.event.slug}/registrations/" in page and "country-policies" in page


def test_the_organiser_may_fill_in_the_form_of_a_category_the_public_cannot(world, client):
    url = f"/events/{world.event.slug}/register/vip/"
    assert client.get(url).status_code == 404
    client.force_login(world.organiser)
    assert client.get(url).status_code == 200
    assert client.get(f"/events/{world.event.slug}/register/exhibitor-staff/").status_code == 404


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_delegation_and_staff_lists_cost_a_fixed_number_of_queries(world, submit, client):
    client.force_login(world.organiser)
    delegations_url = f"/events/{world.event.slug}/delegations/"
    staff_url = f"/portal/exhibitors/{world.exhibitor.pk}/staff/"
    first = services.delegation_create(actor=world.organiser, event=world.event, country="TR", sending_body="A")
    submit("delegation-member", delegation=first, person=person(given_name="One", document_number="T10000001"))
    submit("exhibitor-staff", exhibitor=world.exhibitor, person=person(given_name="Two", document_number="S1000001"))
    before = (_queries(client, delegations_url), _queries(client, staff_url))
    for number in range(3):
        delegation = services.delegation_create(actor=world.organiser, event=world.event, country="GE",
                                                sending_body=f"B{number}")
        submit("delegation-member", delegation=delegation,
               person=person(given_name=numbered_name("Member", number), document_number=f"T2000000{number}"))
        submit("exhibitor-staff", exhibitor=world.exhibitor,
               person=person(given_name=numbered_name("Staff", number), document_number=f"S2000000{number}"))
    assert (_queries(client, delegations_url), _queries(client, staff_url)) == before


def test_an_approved_registration_says_where_the_badge_is(world, submit, client):
    from pavilion.registrations.models import Registration
    from pavilion.registrations.views import status_url

    mine = submit(actor=world.visitor, own=True)
    anonymous = submit(person=person(given_name="Rauf", email="rauf@example.test", document_number="C07654321"))
    Registration.objects.filter(pk__in=[mine.pk, anonymous.pk]).update(status="approved")
    client.force_login(world.visitor)
    page = client.get(status_url(mine)).content.decode()
    assert 'href="/my/badges/"' in page and "Your badge" in page
    client.logout()
    page = client.get(status_url(anonymous)).content.decode()
    assert "accreditation desk" in page and 'href="/my/badges/"' not in page
