"""An exhibitor or a liaison manages the registrations of their staff, guests and delegation
members on pages of their own: status, edit and withdraw, without the birth date and the
document number (those are for the person, security officers and the organiser's
administrators), and without the registrant's own link, which would show them in clear."""

import datetime

from pavilion.registrations.models import Registration
from pavilion.registrations.views import status_token
from tests.registrations.support import person

FORM = {
    "given_name": "Gülnarə", "family_name": "Əliyeva", "nationality": "AZ", "email": "gulnara@example.test",
    "language": "az", "document_type": "passport", "document_country": "AZ", "organisation": "Azercosmos",
    "position": "Engineer", "sector": "industry", "phone": "+994 50 555 12 34",
}


def guest(world, submit):
    """A trade visitor registered for the exhibitor: theirs to manage (as a guest or staff would be)."""
    registration = submit("exhibitor-staff", actor=world.exhibitor_admin, exhibitor=world.exhibitor,
                          person=person(given_name="Gülnarə", family_name="Əliyeva", document_number="C98765432",
                                        birth_date=datetime.date(1987, 3, 14)))
    return Registration.objects.select_related("person").get(pk=registration.pk)


def test_the_manager_sees_the_status_without_the_registrants_link(world, submit, client):
    registration = guest(world, submit)
    client.force_login(world.exhibitor_admin)
    response = client.get(f"/registrations/{registration.pk}/manage/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Əliyeva" in page and f"/registrations/{registration.pk}/manage/edit/" in page
    assert status_token(registration) not in page and "/registration/" not in page


def test_the_manager_edits_without_seeing_the_birth_date_or_document(world, submit, client, commit,
                                                                    django_capture_on_commit_callbacks):
    registration = guest(world, submit)
    client.force_login(world.exhibitor_admin)
    url = f"/registrations/{registration.pk}/manage/edit/"
    page = client.get(url).content.decode()
    assert "C98765432" not in page and "1987-03-14" not in page and "Gülnarə" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**FORM, "position": "Chief engineer", "birth_date": "", "document_number": ""})
    assert response.status_code == 302 and response["Location"] == f"/registrations/{registration.pk}/manage/"
    registration.refresh_from_db()
    registration.person.refresh_from_db()
    assert registration.position == "Chief engineer"
    assert (registration.person.document_number, registration.person.birth_date) == (
        "C98765432", datetime.date(1987, 3, 14))  # kept
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {**FORM, "birth_date": "", "document_number": "C11223344"})
    registration.person.refresh_from_db()
    assert registration.person.document_number == "C11223344"  # a new one replaces it


def test_a_new_birth_date_given_by_the_manager_is_still_checked(world, submit, client):
    registration = guest(world, submit)
    client.force_login(world.exhibitor_admin)
    response = client.post(f"/registrations/{registration.pk}/manage/edit/",
                           {**FORM, "birth_date": "2015-01-01", "document_number": ""})
    assert response.status_code == 400 and "birth_date" in response.context["form"].errors
    registration.person.refresh_from_db()
    assert registration.person.birth_date == datetime.date(1987, 3, 14)


def test_the_manager_withdraws_on_their_own_page(world, submit, client):
    registration = guest(world, submit)
    client.force_login(world.exhibitor_admin)
    response = client.post(f"/registrations/{registration.pk}/manage/withdraw/")
    assert response.status_code == 302 and response["Location"] == f"/registrations/{registration.pk}/manage/"
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_the_pages_are_closed_to_anyone_else(world, submit, client):
    registration = guest(world, submit)
    for user in (None, world.other_admin, world.visitor, world.liaison):
        if user is None:
            client.logout()
        else:
            client.force_login(user)
        base = f"/registrations/{registration.pk}/manage/"
        assert client.get(base).status_code == 404
        assert client.get(base + "edit/").status_code == 404
        assert client.post(base + "edit/", {**FORM, "birth_date": "", "document_number": ""}).status_code == 404
        assert client.post(base + "withdraw/").status_code == 404
    registration.refresh_from_db()
    assert registration.status != "cancelled" and registration.position != "Engineer"


def test_the_organisers_administrator_and_the_registrant_still_see_their_data(world, submit, client):
    registration = guest(world, submit)
    client.force_login(world.organiser)
    assert "C98765432" in client.get(f"/registrations/{registration.pk}/manage/edit/").content.decode()
    client.logout()
    page = client.get(f"/registration/{status_token(registration)}/edit/").content.decode()
    assert "C98765432" in page and "1987-03-14" in page


def test_the_managers_page_leads_back_to_the_staff_or_the_delegation(world, submit, client):
    """The page had no way back: the exhibitor returns to the staff page, the liaison to the delegation."""
    from pavilion.registrations.models import Delegation

    registration = guest(world, submit)
    client.force_login(world.exhibitor_admin)
    page = client.get(f"/registrations/{registration.pk}/manage/").content.decode()
    assert f'<p class="crumbs"><a href="/portal/exhibitors/{world.exhibitor.pk}/staff/">' in page

    delegation = Delegation.objects.create(event=world.event, country="PL", sending_body="Ministry of Defence",
                                           liaison=world.liaison)
    member = submit("delegation-member", actor=world.liaison, delegation=delegation,
                    person=person(given_name="Jan", family_name="Nowak"))
    client.force_login(world.liaison)
    page = client.get(f"/registrations/{member.pk}/manage/").content.decode()
    assert f'<p class="crumbs"><a href="/delegations/{delegation.pk}/">' in page


def test_a_security_officer_sees_a_registration_but_does_not_change_or_withdraw_it(world, submit, client):
    """Officers clear or reject; editing what a person registered, or withdrawing it for them, is for the
    person, their exhibitor or liaison and the organiser."""
    registration = guest(world, submit)
    client.force_login(world.officer)
    for path in ("", "edit/"):
        assert client.get(f"/registrations/{registration.pk}/manage/{path}").status_code == 404
    assert client.post(f"/registrations/{registration.pk}/manage/withdraw/").status_code == 404
    registration.refresh_from_db()
    assert registration.status != "cancelled"
    client.force_login(world.organiser)
    assert client.get(f"/registrations/{registration.pk}/manage/").status_code == 200


def test_only_the_person_answers_whether_exhibitors_may_have_their_contact(world, submit, client, commit,
                                                                         django_capture_on_commit_callbacks):
    """Before, whoever managed a registration (an exhibitor for its guests, the organiser) could tick for
    the person that every exhibitor scanning their badge gets their e-mail and phone."""
    registration = submit("trade-visitor", person=person(given_name="Gülnarə", family_name="Əliyeva"),
                          details={"organisation": "Azercosmos", "position": "Engineer", "sector": "industry",
                                   "shares_contact": False})
    client.force_login(world.organiser)
    url = f"/registrations/{registration.pk}/manage/edit/"
    assert 'name="shares_contact"' not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**FORM, "shares_contact": "on", "position": "Chief engineer",
                                     "birth_date": "1987-03-14", "document_number": "C98765432"})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert (registration.position, registration.shares_contact) == ("Chief engineer", False)
    # The person's own link asks them.
    client.logout()
    own = client.get(f"/registration/{status_token(registration)}/edit/").content.decode()
    assert 'name="shares_contact"' in own
