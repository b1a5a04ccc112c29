"""submitted → screening → in review → approved / rejected / cancelled, with e-mails and bad input."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from pavilion.core.models import AuditEntry
from pavilion.registrations import services
from pavilion.registrations.models import CountryPolicy, InvitationCode, Person, Registration
from tests.registrations.support import numbered_name, person

Status = Registration.Status


def test_a_clean_registration_is_screened_into_review_and_approved_with_an_email_in_the_persons_language(
    world, submit, commit
):
    registration = submit()
    registration.refresh_from_db()
    assert registration.status == Status.IN_REVIEW
    assert registration.screened_at is not None
    [confirmation] = mail.outbox  # registered themselves: the confirmation with their link
    mail.outbox.clear()
    commit(services.registration_approve, actor=world.organiser, registration=registration)
    registration.refresh_from_db()
    assert registration.status == Status.APPROVED
    assert registration.decided_by == world.organiser
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["leyla@example.test"]
    # The person chose Azerbaijani: the e-mail names the event by its Azerbaijani name.
    assert "ADEX Sınaq" in mail.outbox[0].subject
    assert AuditEntry.objects.filter(action="registration.approve", object_id=str(registration.pk)).exists()


def test_auto_approved_category_is_approved_by_screening_when_clean(world, submit):
    registration = submit("organiser")
    registration.refresh_from_db()
    assert registration.status == Status.APPROVED


def test_reject_needs_a_reason_and_closes_the_registration(world, submit, commit):
    registration = submit()
    with pytest.raises(ValidationError) as error:
        services.registration_reject(actor=world.organiser, registration=registration, reason=" ")
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError) as error:  # longer than the stored reason: refused, not a database error
        services.registration_reject(actor=world.organiser, registration=registration, reason="x" * 301)
    assert "at most 300 characters" in error.value.message_dict["reason"][0]
    assert Registration.objects.get(pk=registration.pk).status != Status.REJECTED
    commit(services.registration_reject, actor=world.organiser, registration=registration, reason="No trade link")
    registration.refresh_from_db()
    assert registration.status == Status.REJECTED
    with pytest.raises(ValidationError):
        services.registration_approve(actor=world.organiser, registration=registration)


def test_person_edits_until_approved_and_each_edit_is_screened_again(world, submit, commit):
    registration = submit()
    commit(services.registration_update, actor=None, registration=registration,
           person=person(given_name="Leyla", family_name="Hüseynova"), details={"position": "Engineer"})
    registration.refresh_from_db()
    assert registration.person.family_name == "Hüseynova"
    assert registration.position == "Engineer"
    assert registration.status == Status.IN_REVIEW
    commit(services.registration_approve, actor=world.organiser, registration=registration)
    with pytest.raises(ValidationError):
        services.registration_update(actor=None, registration=registration, person=person())


def test_withdraw_cancels_and_frees_the_person_to_register_again(world, submit, commit):
    registration = submit()
    commit(services.registration_withdraw, actor=None, registration=registration)
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED
    again = submit()
    assert again.pk != registration.pk


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"birth_date": datetime.date(2010, 1, 1)}, "birth_date"),
        ({"birth_date": None}, "birth_date"),
        ({"document_number": "С0123456"}, "document_number"),  # a Cyrillic С
        ({"document_number": "AB1"}, "document_number"),
        ({"given_name": "  "}, "given_name"),
    ],
)
def test_bad_person_data_names_the_field_and_saves_nothing(world, submit, overrides, field):
    with pytest.raises(ValidationError) as error:
        submit(person=person(**overrides))
    assert field in error.value.message_dict
    assert not Person.objects.exists()


def test_the_same_person_cannot_register_twice_for_the_event_even_spelled_differently(world, submit):
    submit()
    with pytest.raises(ValidationError) as error:
        submit("media", person=person(given_name="LEYLA", family_name="Mammadova", document_number="c0123-4567"))
    assert "already registered" in " ".join(error.value.messages)
    assert Registration.objects.count() == 1


def test_suspended_country_is_refused_and_invited_only_is_held(world, submit, commit):
    CountryPolicy.objects.create(event=world.event, country="KP", policy="suspended")
    CountryPolicy.objects.create(event=world.event, country="TR", policy="invited-only")
    with pytest.raises(ValidationError) as error:
        submit(person=person(nationality="KP"))
    assert "nationality" in error.value.message_dict
    held = submit("organiser", person=person(nationality="TR"))
    held.refresh_from_db()
    # An auto-approved category still waits for the organiser when the country is invited only.
    assert held.status == Status.IN_REVIEW and held.is_held


def test_guest_needs_a_valid_invitation_code_within_its_quota(world, submit):
    invitation = services.invitation_code_create(actor=world.exhibitor_admin, exhibitor=world.exhibitor, quota=1)
    with pytest.raises(ValidationError) as error:
        submit("guest", invitation_code="NOPE")
    assert "invitation_code" in error.value.message_dict
    guest = submit("guest", invitation_code=invitation.code.lower())
    assert guest.exhibitor == world.exhibitor
    with pytest.raises(ValidationError) as error:
        submit("guest", person=person(given_name="Other", document_number="C07654321"),
               invitation_code=invitation.code)
    assert "used up" in " ".join(error.value.messages)
    assert InvitationCode.objects.get().used == 1


def test_exhibitor_staff_quota_follows_the_booked_stand_space(world, submit):
    for number in range(4):
        submit("exhibitor-staff", actor=world.exhibitor_admin, exhibitor=world.exhibitor,
               person=person(given_name=numbered_name("Staff", number), document_number=f"C0000000{number}"))
    with pytest.raises(ValidationError) as error:
        submit("exhibitor-staff", actor=world.exhibitor_admin, exhibitor=world.exhibitor,
               person=person(given_name="Fifth", document_number="C00000009"))
    assert "quota" in " ".join(error.value.messages)
    with pytest.raises(ValidationError):
        submit("exhibitor-staff", actor=world.other_admin, exhibitor=world.other_exhibitor)


@pytest.mark.parametrize(("changes", "details", "field", "message"), [
    ({"phone": "abc"}, {}, "phone", "country code"),
    ({"phone": "12"}, {}, "phone", "country code"),
    ({"given_name": "Ali\nBcc: x@example.test"}, {}, "given_name", "on one line"),
    ({}, {"organisation": "Azersec\tLLC"}, "organisation", "on one line"),
])
def test_a_phone_that_is_no_number_or_a_name_on_two_lines_is_refused(world, submit, changes, details, field, message):
    with pytest.raises(ValidationError) as refused:
        submit(person=person(**changes), details=details)
    assert message in " ".join(refused.value.message_dict[field])
    assert not Registration.objects.exists()


def test_a_phone_keeps_its_digits_and_marks_in_one_spacing(world, submit):
    registration = submit(person=person(phone="  +994 (12)  345-67-89 "))
    assert registration.person.phone == "+994 (12) 345-67-89"
