"""Personal data lifecycle: key rotation and deletion after the retention period."""

import datetime

from django.db import transaction
from django.db.models import Max

from pavilion.core import clock
from pavilion.registrations.models import Person
from pavilion.registrations.services import PersonData, person_fingerprint

BATCH = 500
IDENTITY_BLANKS = {
    "given_name": "—", "family_name": "—", "patronymic": "", "name_original_script": "", "email": "",
    "phone": "", "birth_date": None, "document_type": "", "document_number": "", "document_country": "",
    "gender": "",
}


def rotate_data_key() -> int:
    """Re-encrypt every person's identity data with the first key and recompute fingerprints.
    Reading decrypts with any configured key; saving encrypts with the first."""
    count = 0
    ids = list(Person.objects.filter(purged_at__isnull=True).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        with transaction.atomic():
            people = list(Person.objects.select_for_update().filter(pk__in=ids[start:start + BATCH]))
            for person in people:
                data = PersonData(**{field: getattr(person, field) for field in PersonData.__dataclass_fields__})
                person.fingerprint = person_fingerprint(data)
            Person.objects.bulk_update(people, ["birth_date", "document_number", "fingerprint"])
            count += len(people)
    return count


def purge_personal_data(*, before: datetime.date) -> int:
    """Delete the identity data of people whose every event ended before `before` with their registrations'
    supporting documents, and the badge photos and documents kept for forms that were never sent again
    (kept_uploads)."""
    from pavilion.registrations import kept_photos, supporting_documents
    from pavilion.vetting.models import Alert

    kept_photos.clean_up()
    supporting_documents.clean_up()

    candidates = (
        Person.objects.filter(purged_at__isnull=True)
        .annotate(last_event_end=Max("registrations__event__end_date"))
        .filter(last_event_end__lt=before)
    )
    ids = list(candidates.values_list("pk", flat=True))
    now = clock.now()
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        with transaction.atomic():
            for person in Person.objects.filter(pk__in=chunk).exclude(photo=""):
                person.photo.delete(save=False)
            supporting_documents.erase_for_people(chunk)
            # The fingerprint stays for blocked people only: it keeps a confirmed match from registering again.
            Person.objects.filter(pk__in=chunk, is_blocked=False).update(fingerprint="")
            Person.objects.filter(pk__in=chunk).update(**IDENTITY_BLANKS, photo="", purged_at=now)
            Alert.objects.filter(registration__person__in=chunk).update(explanation={})
    return len(ids)
