"""Guest invitation codes: an exhibitor withdrawn from the show invites nobody, neither with a new code
nor with the codes it handed out before; and its codes together hold at most its guest quota."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from pavilion.core.models import AuditEntry
from pavilion.exhibitors.models import Exhibitor
from pavilion.registrations import services
from pavilion.registrations.models import InvitationCode, Registration
from pavilion.registrations.quotas import GUESTS_PER_EXHIBITOR
from tests.registrations.support import person, photo_bytes

GUEST_FORM = {
    "given_name": "Nigar", "family_name": "Abbasova", "nationality": "AZ", "birth_date": "1992-07-01",
    "email": "nigar@example.test", "language": "az", "document_type": "passport", "document_number": "C07777777",
    "document_country": "AZ", "organisation": "Azercosmos",
}

def _withdraw(exhibitor) -> None:
    Exhibitor.objects.filter(pk=exhibitor.pk).update(status=Exhibitor.Status.WITHDRAWN)


def test_a_withdrawn_exhibitor_creates_no_code(world):
    _withdraw(world.exhibitor)  # the page was opened before: the object in hand still says approved
    with pytest.raises(ValidationError) as error:
        services.invitation_code_create(actor=world.exhibitor_admin, exhibitor=world.exhibitor, quota=5)
    assert error.value.messages == ["A withdrawn exhibitor cannot invite guests."]
    assert not InvitationCode.objects.exists()
    assert not AuditEntry.objects.filter(action="invitation.create").exists()


def test_the_staff_page_of_a_withdrawn_exhibitor_says_so_and_refuses_a_code(world, client):
    _withdraw(world.exhibitor)
    client.force_login(world.exhibitor_admin)
    page = client.get(f"/portal/exhibitors/{world.exhibitor.pk}/staff/").content.decode()
    assert "A withdrawn exhibitor cannot invite guests." in page and "Create a code" not in page
    response = client.post(f"/portal/exhibitors/{world.exhibitor.pk}/invitations/", {"quota": 5}, follow=True)
    assert response.status_code == 200 and not InvitationCode.objects.exists()
    assert "A withdrawn exhibitor cannot invite guests." in [str(message) for message in response.context["messages"]]


def test_a_guest_of_an_exhibitor_withdrawn_since_is_not_registered(world, submit):
    invitation = services.invitation_code_create(actor=world.exhibitor_admin, exhibitor=world.exhibitor, quota=5)
    _withdraw(world.exhibitor)
    with pytest.raises(ValidationError) as error:
        submit("guest", invitation_code=invitation.code, details={"organisation": "Azersun"})
    assert error.value.message_dict == {"invitation_code": ["This invitation code is no longer valid."]}
    invitation.refresh_from_db()
    assert invitation.used == 0 and not Registration.objects.exists()


def test_the_public_form_refuses_the_code_on_its_field(world, client):
    invitation = services.invitation_code_create(actor=world.exhibitor_admin, exhibitor=world.exhibitor, quota=5)
    _withdraw(world.exhibitor)
    response = client.post(f"/events/{world.event.slug}/register/guest/",
                           {**GUEST_FORM, "invitation_code": invitation.code,
                            "photo": SimpleUploadedFile("me.jpg", photo_bytes(), content_type="image/jpeg")})
    assert response.context["form"].errors["invitation_code"] == ["This invitation code is no longer valid."]
    assert not Registration.objects.exists()


def test_the_codes_of_an_exhibitor_hold_at_most_its_guest_quota(world, settings):
    assert GUESTS_PER_EXHIBITOR == 500  # one code's largest quota: a sensible total
    settings.PAVILION_GUESTS_PER_EXHIBITOR = 30
    services.invitation_code_create(actor=world.exhibitor_admin, exhibitor=world.exhibitor, quota=20)
    with pytest.raises(ValidationError) as error:
        services.invitation_code_create(actor=world.exhibitor_admin, exhibitor=world.exhibitor, quota=11)
    assert error.value.message_dict == {"quota": ["Guest invitations per exhibitor: at most 30; 10 left."]}
    services.invitation_code_create(actor=world.exhibitor_admin, exhibitor=world.exhibitor, quota=10)
    assert sum(InvitationCode.objects.values_list("quota", flat=True)) == 30
    # Another exhibitor's quota is its own.
    services.invitation_code_create(actor=world.other_admin, exhibitor=world.other_exhibitor, quota=30)


def test_the_staff_page_counts_the_guest_places_and_says_why_a_code_is_refused(world, client, settings):
    settings.PAVILION_GUESTS_PER_EXHIBITOR = 12
    client.force_login(world.exhibitor_admin)
    url = f"/portal/exhibitors/{world.exhibitor.pk}/invitations/"
    client.post(url, {"quota": 10})
    response = client.post(url, {"quota": 5}, follow=True)
    assert response.status_code == 200 and InvitationCode.objects.count() == 1
    page = response.content.decode()
    assert "Guest invitations per exhibitor: at most 12; 2 left." in page
    assert "Guest places in your codes: 10 of 12." in page


def test_a_guest_still_registers_with_a_code_of_an_exhibitor_at_the_show(world, submit):
    invitation = services.invitation_code_create(actor=world.exhibitor_admin, exhibitor=world.exhibitor, quota=1)
    registration = submit("guest", invitation_code=invitation.code, details={"organisation": "Azersun"},
                          person=person(email="guest@example.test"))
    assert registration.exhibitor == world.exhibitor and registration.invitation == invitation
