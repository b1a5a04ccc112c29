"""The uploads of the registration form, the badge photo and the supporting document: each kept while the form
comes back for another field (kept_uploads), so that the person does not choose it again."""

from pavilion.registrations import kept_photos, supporting_documents


class KeptUploadsForm:
    """Mixed into RegistrationForm, which sets `kept_names` ({field: storage name of its kept file}) in __init__
    and calls keep_uploads() when it comes back with errors."""

    def clean_supporting_document(self):
        document = self.cleaned_data.get("supporting_document")
        if not document and self.kept_names.get("supporting_document"):
            return supporting_documents.load(self.kept_names["supporting_document"])
        return supporting_documents.checked_document(document) if document else document

    def _keepers(self):
        """(field, hidden field of its reference, keeper) of each upload this form has."""
        keepers = [("photo", "kept_photo", kept_photos),
                   ("supporting_document", "kept_document", supporting_documents)]
        return [keeper for keeper in keepers if keeper[0] in self.fields]

    @property
    def kept_photo_name(self) -> str | None:
        return self.kept_names.get("photo")

    def uploads(self) -> dict:
        """The files for the service: {"photo": ..., "supporting_document": ...} (None when not given)."""
        return {field: self.cleaned_data.get(field) or None for field, _hidden, _keeper in self._keepers()}

    def keep_uploads(self) -> None:
        """Keep newly uploaded files that passed their checks for the form sent back (its other fields, or the
        service, refused it): the page says so and the next POST uses them unless others are chosen."""
        kept = getattr(self, "_uploads_kept", set())
        for field, hidden, keeper in self._keepers():
            upload = self.cleaned_data.get(field) if field not in self.errors else None
            if upload is None or not self.files.get(self.add_prefix(field)) or field in kept:
                continue
            keeper.discard(self.kept_names.get(field))  # replaced by the new one
            reference = keeper.keep(upload)
            self.data = self.data.copy()
            self.data[self.add_prefix(hidden)] = reference
            self.kept_names[field] = keeper.kept_name(reference)
            kept.add(field)
        self._uploads_kept = kept

    def discard_kept_uploads(self) -> None:
        """After the registration went through with them (it stored its own copies)."""
        for field, _hidden, keeper in self._keepers():
            keeper.discard(self.kept_names.get(field))
            self.kept_names[field] = None

    def kept_photo_preview(self) -> str:
        return kept_photos.thumbnail(self.kept_photo_name) if self.kept_photo_name else ""
