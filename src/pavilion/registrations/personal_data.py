"""Who sees identity data: security officers and organiser admins in clear, everyone else masked.

Views and exports go through here so that no page or file shows a birth date or a document
number by accident; a clear view by an officer is written to the audit log.
"""

from dataclasses import dataclass

from pavilion.core.services import audit_record
from pavilion.registrations.permissions import can_vet

MASK = "••••"
REDACTED = "[redacted]"


def mask_document(number: str) -> str:
    # The last two characters let an officer on the phone confirm a card without reading it out.
    if not number:
        return ""
    return MASK + number[-2:] if len(number) > 4 else MASK


@dataclass
class IdentityView:
    birth_date: str
    document_type: str
    document_number: str
    document_country: str
    in_clear: bool


def identity_for(viewer, person, *, audit: bool = True) -> IdentityView:
    """The identity data of `person` as `viewer` may see it; a clear view is audited."""
    if person.purged_at is not None:
        return IdentityView("", "", "", "", in_clear=False)
    if can_vet(viewer):
        if audit:
            audit_record(actor=viewer, action="person.view_identity", obj=person)
        return IdentityView(
            person.birth_date.isoformat() if person.birth_date else "",
            person.get_document_type_display(), person.document_number,
            str(person.document_country.name if person.document_country else ""), in_clear=True,
        )
    return IdentityView(
        MASK if person.birth_date else "", person.get_document_type_display(),
        mask_document(person.document_number),
        str(person.document_country.name if person.document_country else ""), in_clear=False,
    )
