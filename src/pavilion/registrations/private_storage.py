"""Where registrants' supporting documents (a press card, an editor's letter) are stored: beside the media
directory, not in it.

Badge photos live under MEDIA_ROOT/photos/, which the web server and the development server's media view
are told to refuse; a document does not depend on such a rule being kept, since no address under
MEDIA_URL reaches it at all. It is read only through the registration's document view, which checks the
reader (registrations.document_views). The directory is PAVILION_PRIVATE_ROOT if set, else `private/`
next to MEDIA_ROOT (var/private/ on a laptop); back it up with the media directory.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property


def private_root() -> str:
    configured = getattr(settings, "PAVILION_PRIVATE_ROOT", None)
    return str(configured) if configured else os.path.join(os.path.dirname(os.path.abspath(settings.MEDIA_ROOT)),
                                                           "private")


class PrivateStorage(FileSystemStorage):
    @cached_property
    def base_location(self):
        return private_root()

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting in ("MEDIA_ROOT", "PAVILION_PRIVATE_ROOT"):
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name):
        # No address serves these files: a template that asks for one is a mistake, said loudly.
        raise ValueError("private files have no public address; link to the registration's document view")


_STORAGE = PrivateStorage()


def private_storage() -> PrivateStorage:
    """The storage of the supporting documents (a callable, so that migrations name this function)."""
    return _STORAGE
