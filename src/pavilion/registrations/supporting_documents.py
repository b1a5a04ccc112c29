"""The supporting document a category may ask for (media: a press card or a letter of the editor).

A document is checked by its content, never by its name or the type the browser claims: a PDF starts with
"%PDF-", an image is one Pillow reads as JPEG or PNG; at most MAX_BYTES. It is stored in the private
storage (private_storage) under a random name with the extension its content was found to be, so the
document view answers with the right type; the uploaded name is never stored, logged nor shown (it often
names the person). While its form comes back for another field, the document is kept (kept_uploads) under
`kept/` of the same storage; the retention run deletes those past their time and the documents of people
whose personal data it erases (retention.purge_personal_data).
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image

from pavilion.exhibitors.images import MAX_PIXELS
from pavilion.registrations.kept_uploads import KeptUploads
from pavilion.registrations.models import Registration
from pavilion.registrations.private_storage import private_storage

MAX_BYTES = 5 * 1024 * 1024
KEPT_FOR = 6 * 3600  # seconds: as a kept photo
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png"}
CONTENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}
ACCEPT = "application/pdf,image/jpeg,image/png"

KEPT = KeptUploads(directory="kept/", storage=private_storage, salt="pavilion.registrations.kept_documents",
                   extensions=tuple(CONTENT_TYPES), kept_for=lambda: KEPT_FOR, stem="document")


def max_bytes() -> int:
    return getattr(settings, "PAVILION_SUPPORTING_DOCUMENT_MAX_BYTES", MAX_BYTES)


def _image_extension(upload) -> str | None:
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            extension = IMAGE_FORMATS.get(image.format)
            width, height = image.size
            if extension is None or width * height > MAX_PIXELS:
                return None
            image.verify()  # a PNG's checksums; a truncated or forged file stops here
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None
    return extension


def checked_document(upload) -> ContentFile:
    """The upload as it is stored (named `document.<pdf|jpg|png>` by its content), or a ValidationError
    whose message says what is wrong, never naming the file."""
    limit = max_bytes()
    if not upload.size:
        raise ValidationError(_("The file is empty. Choose the document again."))
    if upload.size > limit:
        raise ValidationError(_("The document is too large: at most %(size)s MB.") % {
            "size": f"{limit / (1024 * 1024):g}"})
    upload.seek(0)
    extension = "pdf" if upload.read(5) == b"%PDF-" else _image_extension(upload)
    if extension is None:
        raise ValidationError(_("The document must be a PDF file, or a JPEG or PNG image (a scan or a photo of "
                                "it). This file is none of them, whatever its name says."))
    upload.seek(0)
    return ContentFile(upload.read(), name=f"document.{extension}")


def document_field(category, *, editing: bool, on_file: bool) -> forms.FileField:
    """The form's field, labelled as the category names the document (e.g. "Press card or editor's letter")."""
    if editing and on_file:
        help_text = _("One was sent: choose a file only to replace it. A PDF, JPEG or PNG file of at most "
                      "%(size)s MB.")
    else:
        help_text = _("A PDF, JPEG or PNG file of at most %(size)s MB: a scan or a clear photo.")
    return forms.FileField(
        label=category.supporting_document_label, required=not (editing and on_file),
        help_text=help_text % {"size": f"{max_bytes() / (1024 * 1024):g}"},
        widget=forms.FileInput(attrs={"accept": ACCEPT}),  # never a "currently: <link>": it has none
        error_messages={"empty": gettext_lazy("The file is empty. Choose the document again."),
                        "required": gettext_lazy("Attach the document this category asks for.")},
    )


def keep(document) -> str:
    return KEPT.keep(document, document.name.rsplit(".", 1)[-1])


def kept_name(reference: str) -> str | None:
    return KEPT.kept_name(reference)


def load(name: str) -> ContentFile:
    return KEPT.load(name)


def discard(name: str | None) -> None:
    KEPT.discard(name)


def clean_up() -> int:
    return KEPT.clean_up()


def content_type(name: str) -> str:
    return CONTENT_TYPES.get(name.rsplit(".", 1)[-1], "application/octet-stream")


def erase_later(name: str) -> None:
    """Delete a document no registration holds any more, once the transaction that let it go is committed."""
    if name:
        transaction.on_commit(lambda: _erase(name))


def _erase(name: str) -> None:
    if not Registration.objects.filter(supporting_document=name).exists():
        private_storage().delete(name)


def erase_for_people(person_ids) -> int:
    """The documents of these people's registrations, with their personal data (the retention run)."""
    registrations = Registration.objects.filter(person__in=person_ids).exclude(supporting_document="")
    names = list(registrations.values_list("supporting_document", flat=True))
    storage = private_storage()
    for name in names:
        storage.delete(name)
    registrations.update(supporting_document="")
    return len(names)
