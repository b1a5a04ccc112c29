"""An upload kept while its form is sent back for another field, so that the person does not choose it again:
the badge photo (kept_photos) and the supporting document (supporting_documents) alike.

The file, already checked, is written under the keeper's directory of its (never publicly served) storage
with a random name that carries the time it was kept. The form carries a signed reference to that name in a
hidden field of its POST (never in an address, never in a log), honoured for `kept_for` seconds. Each time a
file is kept, and at each run of `pavilion purge-personal-data`, those kept longer ago than that are deleted
(so a form abandoned after the last one does not leave its file for ever); a registration that goes through
stores its own copy and deletes the kept one.
"""

import re
import time
import uuid
from collections.abc import Callable

from django.core import signing
from django.core.files.base import ContentFile


class KeptUploads:
    def __init__(self, *, directory: str, storage: Callable, salt: str, extensions: tuple[str, ...],
                 kept_for: Callable[[], int], stem: str):
        self.directory = directory
        self._storage = storage
        self._salt = salt
        self.extensions = extensions
        self._kept_for = kept_for  # read at each use: tests (and a deployment) may change it
        self._stem = stem
        self._name = re.compile(r"^(\d{10})-[0-9a-f]{32}\.(" + "|".join(map(re.escape, extensions)) + r")$")

    @property
    def storage(self):
        return self._storage()

    def keep(self, upload, extension: str) -> str:
        """Store a checked file for a while; returns the signed reference the form sends back."""
        if extension not in self.extensions:
            raise ValueError(f"not a kept extension: {extension!r}")
        storage = self.storage
        self.clean_up(storage)
        upload.seek(0)
        name = storage.save(f"{self.directory}{int(time.time())}-{uuid.uuid4().hex}.{extension}",
                            ContentFile(upload.read()))
        upload.seek(0)
        return signing.dumps(name.removeprefix(self.directory), salt=self._salt)

    def kept_name(self, reference: str) -> str | None:
        """The storage name a reference stands for, while it is valid and its file is there; else None."""
        if not reference:
            return None
        try:
            name = signing.loads(reference, salt=self._salt, max_age=self._kept_for())
        except signing.BadSignature:
            return None
        if not isinstance(name, str) or not self._name.match(name) or not self.storage.exists(self.directory + name):
            return None
        return self.directory + name

    def load(self, name: str) -> ContentFile:
        with self.storage.open(name, "rb") as handle:
            return ContentFile(handle.read(), name=f"{self._stem}." + name.rsplit(".", 1)[-1])

    def discard(self, name: str | None) -> None:
        if name:
            self.storage.delete(name)

    def clean_up(self, storage=None) -> int:
        """Delete the files kept longer ago than `kept_for` (their references no longer work); returns how many."""
        storage = storage or self.storage
        try:
            _directories, files = storage.listdir(self.directory)
        except FileNotFoundError:
            return 0
        oldest = time.time() - self._kept_for()
        deleted = 0
        for file in files:
            match = self._name.match(file)
            if match and int(match.group(1)) < oldest:
                storage.delete(self.directory + file)
                deleted += 1
        return deleted
