"""Identity data encrypted at rest, masked for most viewers, redacted in exports, audited when seen,
re-encrypted by key rotation and deleted after the retention period."""

import datetime

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from pavilion.core.models import AuditEntry
from pavilion.registrations.models import Person
from pavilion.registrations.personal_data import identity_for
from pavilion.vetting.models import Alert
from tests.registrations.support import listed_person


def _raw(person_id: int) -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT birth_date, document_number FROM registrations_person WHERE id = %s", [person_id])
        return cursor.fetchone()


def test_birth_date_and_document_number_are_not_readable_in_the_database(world, submit):
    registration = submit()
    birth_date, document_number = _raw(registration.person_id)
    assert "1990" not in birth_date and "C01234567" not in document_number
    assert birth_date.startswith("gAAAA") and document_number.startswith("gAAAA")  # Fernet tokens
    person = Person.objects.get(pk=registration.person_id)
    assert person.birth_date == datetime.date(1990, 5, 17)
    assert person.document_number == "C01234567"


def test_only_officers_and_organiser_admins_see_identity_data_and_their_view_is_audited(world, submit):
    person = submit().person
    masked = identity_for(world.organiser_staff, person)
    assert not masked.in_clear and "1990" not in masked.birth_date and masked.document_number.endswith("67")
    assert "C012345" not in masked.document_number
    assert not AuditEntry.objects.filter(action="person.view_identity").exists()
    for viewer in (world.officer, world.organiser):
        clear = identity_for(viewer, person)
        assert clear.in_clear and clear.birth_date == "1990-05-17" and clear.document_number == "C01234567"
    assert AuditEntry.objects.filter(action="person.view_identity", object_id=str(person.pk)).count() == 2


def test_the_export_redacts_identity_data(world, submit, client):
    submit()
    client.force_login(world.organiser)
    response = client.get(f"/events/{world.event.slug}/registrations/export.csv")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Leyla" in body and "[redacted]" in body
    assert "1990-05-17" not in body and "C01234567" not in body


@pytest.mark.parametrize("query", ["status=bogus", "category=99999"])
def test_an_export_with_a_filter_that_is_not_valid_exports_nothing(world, submit, client, query):
    submit()
    client.force_login(world.organiser)
    response = client.get(f"/events/{world.event.slug}/registrations/export.csv?{query}")
    assert response.status_code == 302 and f"?{query}" in response["Location"]
    assert not AuditEntry.objects.filter(action="registration.export").exists()


@pytest.mark.parametrize("query", ["status=bogus", "category=99999"])
def test_a_list_with_a_filter_that_is_not_valid_shows_nothing_and_says_why(world, submit, client, query):
    submit()
    client.force_login(world.organiser)
    response = client.get(f"/events/{world.event.slug}/registrations/?{query}")
    page = response.content.decode()
    assert response.status_code == 400 and 'class="errorlist"' in page
    assert "Leyla" not in page and "0 registrations" in page
    assert "Leyla" in client.get(f"/events/{world.event.slug}/registrations/").content.decode()


def test_rotate_data_key_reencrypts_with_the_new_first_key_and_keeps_duplicates_found(world, submit, settings):
    old_key = settings.PAVILION_DATA_KEY
    registration = submit()
    old_token = _raw(registration.person_id)[1]
    new_key = Fernet.generate_key().decode()
    settings.PAVILION_DATA_KEY = f"{new_key},{old_key}"
    call_command("rotate-data-key", stdout=open("/dev/null", "w"))
    new_token = _raw(registration.person_id)[1]
    assert new_token != old_token
    assert Fernet(new_key.encode()).decrypt(new_token.encode()) == b"C01234567"
    # The old key can go: everything reads with the new one alone, and a duplicate is still caught.
    settings.PAVILION_DATA_KEY = new_key
    assert Person.objects.get(pk=registration.person_id).document_number == "C01234567"
    with pytest.raises(Exception, match="already registered"):
        submit("media")


def test_purge_deletes_personal_data_of_past_events_only(world, un_list, submit, commit):
    registration = submit(person=listed_person())
    assert registration.alerts.exists()
    call_command("purge-personal-data", "--before", "2024-09-26", stdout=open("/dev/null", "w"))
    assert Person.objects.get(pk=registration.person_id).purged_at is None  # the event ends on the 26th
    call_command("purge-personal-data", "--before", "2024-09-27", stdout=open("/dev/null", "w"))
    person = Person.objects.get(pk=registration.person_id)
    assert person.purged_at is not None
    assert (person.given_name, person.birth_date, person.document_number, person.email) == ("—", None, "", "")
    assert _raw(person.pk) == (None, "")
    assert Alert.objects.get(registration=registration).explanation == {}


def test_purge_refuses_a_bad_date_with_exit_status_2(world):
    with pytest.raises(CommandError) as error:
        call_command("purge-personal-data", "--before", "last year")
    assert error.value.returncode == 2
    assert "--before" in str(error.value)
