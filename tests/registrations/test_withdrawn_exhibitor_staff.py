"""An exhibitor the organiser withdrew from its show registers no new staff, and is told so in the
withdrawal's own words: before, it learnt only that its "staff quota is used up" (the withdrawal had
given its stands back), which sent it to book stand space it could no longer book."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from pavilion.core.models import AuditEntry
from pavilion.exhibitors import services as exhibitor_services
from pavilion.exhibitors.models import Exhibitor
from pavilion.registrations.models import Registration
from tests.registrations.support import numbered_name, person, photo_bytes

STAFF_FORM = {
    "given_name": "Nigar", "family_name": "Abbasova", "nationality": "AZ", "birth_date": "1992-07-01",
    "email": "nigar@example.test", "language": "az", "document_type": "passport", "document_number": "C07777777",
    "document_country": "AZ", "organisation": "Azercosmos", "position": "Engineer",
}


def refusal(exhibitor) -> str:
    return f"{exhibitor.company.name} is withdrawn from {exhibitor.show.name}: it can register no new staff there."


def staff(submit, world, number=1):
    return submit("exhibitor-staff", actor=world.exhibitor_admin, exhibitor=world.exhibitor,
                  person=person(given_name=numbered_name("Staff", number), document_number=f"C0000000{number}"))


def test_withdrawn_by_the_organiser_its_staff_are_refused_for_the_withdrawal_not_the_quota(world, submit):
    staff(submit, world)
    exhibitor_services.exhibitor_update(actor=world.organiser, exhibitor=world.exhibitor, status="withdrawn")
    with pytest.raises(ValidationError) as error:
        staff(submit, world, number=2)
    assert error.value.messages == [refusal(world.exhibitor)]
    assert Registration.objects.count() == 1
    assert AuditEntry.objects.filter(action="registration.submit").count() == 1


def test_the_status_as_stored_counts_not_the_object_in_hand(world, submit):
    """Withdrawn while the admin's page was open: stands still booked, places left, still refused."""
    Exhibitor.objects.filter(pk=world.exhibitor.pk).update(status=Exhibitor.Status.WITHDRAWN)
    with pytest.raises(ValidationError) as error:
        staff(submit, world)
    assert error.value.messages == [refusal(world.exhibitor)]
    assert not Registration.objects.exists()


@pytest.mark.parametrize("status", ["approved", "applied"])
def test_an_exhibitor_not_withdrawn_registers_staff_within_its_quota(world, submit, status):
    Exhibitor.objects.filter(pk=world.exhibitor.pk).update(status=status)
    assert staff(submit, world).exhibitor == world.exhibitor


def test_the_organiser_is_refused_alike(world, submit):
    Exhibitor.objects.filter(pk=world.exhibitor.pk).update(status=Exhibitor.Status.WITHDRAWN)
    with pytest.raises(ValidationError) as error:
        submit("exhibitor-staff", actor=world.organiser, exhibitor=world.exhibitor, person=person())
    assert error.value.messages == [refusal(world.exhibitor)]


def test_the_staff_page_says_why_and_a_post_is_a_400(world, client):
    exhibitor_services.exhibitor_update(actor=world.organiser, exhibitor=world.exhibitor, status="withdrawn")
    client.force_login(world.exhibitor_admin)
    url = f"/portal/exhibitors/{world.exhibitor.pk}/staff/"
    page = client.get(url).content.decode()
    assert refusal(world.exhibitor) in page
    assert "The staff quota is used up." not in page and 'name="given_name"' not in page
    response = client.post(url, {**STAFF_FORM, "photo": SimpleUploadedFile("me.jpg", photo_bytes(),
                                                                           content_type="image/jpeg")})
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [refusal(world.exhibitor)]
    assert not Registration.objects.exists()
