"""A person whom their exhibitor, their delegation's liaison or the organiser registers is told so by
e-mail, in their language, with the link to follow their registration; someone who registers
themselves is not (the form took them to that page). The manager's page says who is told."""

import datetime
import logging

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from pavilion.registrations.models import Delegation, Registration
from pavilion.registrations.views import status_url
from tests.registrations.support import person, photo_bytes

FORM = {
    "given_name": "Nigar", "family_name": "Abbasova", "nationality": "AZ", "birth_date": "1992-07-01",
    "email": "nigar@example.test", "language": "en", "document_type": "passport", "document_number": "C07777777",
    "document_country": "AZ", "organisation": "Azercosmos", "position": "Engineer", "sector": "industry",
}


def _photo():
    return SimpleUploadedFile("me.jpg", photo_bytes(), content_type="image/jpeg")


def test_staff_registered_by_their_exhibitor_get_their_link(world, client, django_capture_on_commit_callbacks,
                                                            caplog):
    client.force_login(world.exhibitor_admin)
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/portal/exhibitors/{world.exhibitor.pk}/staff/", {**FORM, "photo": _photo()})
    assert response.status_code == 302
    registration = Registration.objects.get()
    [message] = mail.outbox
    assert message.to == ["nigar@example.test"]
    assert message.subject == "Your registration for ADEX Test is received"
    company = world.exhibitor.company.name
    category = world.categories["exhibitor-staff"].name_en
    assert f"{company} has registered you for ADEX Test as {category}. Follow your registration here:" in message.body
    link = next(line for line in message.body.splitlines() if "/registration/" in line)
    assert link.endswith(status_url(registration))
    client.logout()
    assert "Nigar Abbasova" in client.get(status_url(registration)).content.decode()  # the link opens their page
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "Nigar" not in logged and "nigar@example.test" not in logged


def test_the_e_mail_is_in_the_person_s_language(world, submit):
    submit("exhibitor-staff", actor=world.exhibitor_admin, exhibitor=world.exhibitor,
           person=person(language="az"), details={"position": "Engineer"})
    [message] = mail.outbox
    assert "ADEX Sınaq" in message.subject and "ADEX Sınaq" in message.body
    assert "Dear" not in message.body


def test_a_delegation_member_is_told_the_delegation_registered_them(world, submit):
    delegation = Delegation.objects.create(event=world.event, country="TR", sending_body="Ministry of National Defence",
                                           liaison=world.liaison)
    submit("delegation-member", actor=world.liaison, delegation=delegation,
           person=person(nationality="TR", language="en", document_country="TR"),
           details={"position": "Chief", "protocol_order": 1})
    [message] = mail.outbox
    category = world.categories["delegation-member"].name_en
    assert (f"The delegation of Türkiye (Ministry of National Defence) has registered you for ADEX Test as "
            f"{category}. Follow your registration here:") in message.body


def test_someone_the_organiser_registers_is_told_by_the_organiser_s_name(world, submit):
    submit("trade-visitor", actor=world.organiser, person=person(language="en"),
           details={"organisation": "Azercosmos", "position": "Engineer", "sector": "industry"})
    [message] = mail.outbox
    category = world.categories["trade-visitor"].name_en
    assert f"{world.event.organiser.name} has registered you for ADEX Test as {category}." in message.body


def test_who_registers_themselves_gets_a_confirmation_with_their_link_instead(
        world, submit, client, django_capture_on_commit_callbacks):
    """Not "someone registered you": a confirmation, in their language, with the link the form led to
    (the tab is easily lost, and the link is their only way back to the registration)."""
    anonymous = submit(actor=None)  # the public form, without an account (person() is in Azerbaijani)
    client.force_login(world.visitor)  # the public form, signed in: their own registration
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/events/{world.event.slug}/register/trade-visitor/",
                               {**FORM, "email": "visitor@example.test", "document_number": "C01111111",
                                "given_name": "Rauf", "birth_date": datetime.date(1980, 1, 2).isoformat(),
                                "photo": _photo()})
    assert response.status_code == 302 and Registration.objects.count() == 2
    own = Registration.objects.exclude(pk=anonymous.pk).get()
    confirmations = [message for message in mail.outbox  # (a decision may follow: screening runs at once)
                     if message.subject.endswith(("is received", "qeydiyyatınız alındı"))]
    assert [message.to for message in confirmations] == [["leyla@example.test"], ["visitor@example.test"]]
    first, second = confirmations
    assert "ADEX Sınaq" in first.subject and "Dear" not in first.body  # in Azerbaijani
    assert status_url(anonymous) in first.body
    assert second.subject == "Your registration for ADEX Test is received"
    assert "your registration for ADEX Test as" in second.body and status_url(own) in second.body
    assert "has registered you" not in first.body + second.body


def test_the_manager_s_page_says_the_person_is_told_of_the_decision(world, submit, client):
    registration = submit("exhibitor-staff", actor=world.exhibitor_admin, exhibitor=world.exhibitor,
                          person=person(), details={"position": "Engineer"})
    client.force_login(world.exhibitor_admin)
    page = client.get(f"/registrations/{registration.pk}/manage/").content.decode()
    assert "The person will receive an e-mail when it is decided." in page
    assert "You will receive an e-mail" not in page
    client.logout()
    page = client.get(status_url(registration)).content.decode()
    assert "You will receive an e-mail when it is decided." in page
