from django.core.management.base import BaseCommand

from pavilion.core.services import audit_record
from pavilion.registrations.models import Person
from pavilion.registrations.retention import rotate_data_key


class Command(BaseCommand):
    help = ("Re-encrypt personal data with the first key of PAVILION_DATA_KEY and recompute fingerprints. "
            "Put the new key first, keep the old one after it, run this, then drop the old key.")

    def handle(self, *args, **options):
        count = rotate_data_key()
        audit_record(actor=None, action="personal_data.rotate_key", obj=Person(pk=0), after={"people": count})
        self.stdout.write(f"re-encrypted the identity data of {count} people")
