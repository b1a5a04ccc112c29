"""A clearance holds for the data the officer saw. Before, it was remembered against the person only, so
that a registrant cleared as "born in 1970, the listed person in 1965" could change their birth date to
the listed one's and be approved without an alert."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from pavilion.registrations import services
from pavilion.registrations.models import Registration
from pavilion.vetting import decisions
from pavilion.vetting.models import Alert, Clearance
from tests.registrations.support import listed_person

Status = Registration.Status


def _cleared(world, submit, commit, **person) -> Registration:
    registration = submit(person=listed_person(**person))
    alert = registration.alerts.get()
    commit(decisions.alert_decide, actor=world.officer, alert=alert, verdict="false-positive",
           reason="Not the listed person: other birth date and nationality")
    alert.refresh_from_db()
    assert alert.status == Alert.Status.CLEARED
    registration.refresh_from_db()
    assert not registration.alerts.open().exists()
    return registration


BORN_1970 = {"birth_date": datetime.date(1970, 3, 1)}  # the listed person was born in 1965: a weak match


@pytest.mark.parametrize(("first", "change"), [
    (BORN_1970, {"birth_date": datetime.date(1965, 3, 1)}),  # the birth date now the listed person's
    ({"nationality": "PK"}, {"nationality": "AF"}),  # the nationality now theirs (the fingerprint unchanged)
    (BORN_1970, {"given_name": "Abdul Hai"}),
])
def test_an_edit_of_what_screening_reads_opens_the_cleared_alert_again(world, un_list, submit, commit, first, change):
    registration = _cleared(world, submit, commit, **first)
    commit(services.registration_update, actor=None, registration=registration,
           person=listed_person(**{**first, **change}))
    registration.refresh_from_db()
    alert = registration.alerts.get()
    assert alert.status == Alert.Status.OPEN and registration.status == Status.IN_REVIEW
    assert alert.score > 0
    with pytest.raises(ValidationError):
        services.registration_approve(actor=world.organiser, registration=registration)
    # Cleared again for the data seen now, it holds for them.
    commit(decisions.alert_decide, actor=world.officer, alert=alert, verdict="false-positive", reason="Checked again")
    clearance = Clearance.objects.get()
    assert clearance.decision.reason == "Checked again" and clearance.screened == decisions.screened_as(
        Registration.objects.get(pk=registration.pk).person)


def test_an_edit_of_anything_else_keeps_the_clearance(world, un_list, submit, commit):
    registration = _cleared(world, submit, commit, **BORN_1970)
    commit(services.registration_update, actor=None, registration=registration,
           person=listed_person(**BORN_1970, email="new@example.test"))
    registration.refresh_from_db()
    assert registration.alerts.get().status == Alert.Status.CLEARED
    assert services.registration_approve(actor=world.organiser, registration=registration).status == Status.APPROVED


def test_the_web_form_refuses_an_e_mail_longer_than_its_column(world):
    """The API refused it; the form stored it (and PostgreSQL's varchar(254) would have answered 500)."""
    from pavilion.registrations.forms import RegistrationForm

    field = RegistrationForm.base_fields["email"]
    assert field.max_length == 254
    with pytest.raises(ValidationError):
        field.clean("a" * 300 + "@example.com")
