"""Lead retrieval: an exhibitor's staff scan a visitor's badge at their stand, and the company keeps
the contact with the staff's rating and note.

The badge's QR code holds no personal data (docs/badge-token.md): the scan is checked like at a
gate (the event's signature, revocation, reprint, validity window; no zone), then the badge's
registration names the person. The company sees what the printed badge shows (name, organisation,
position, country, category); the e-mail address and phone number only where the person agreed
when registering (`Registration.shares_contact`), and only while they still agree.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from pavilion.core import clock
from pavilion.core.services import audit_record
from pavilion.engines.badges import verify
from pavilion.exhibitors.models import Company, CompanyMember, Exhibitor, Lead
from pavilion.registrations.models import Registration

MAX_TEXT = 200  # a badge token is at most 157 characters (docs/badge-token.md)
MAX_NOTE = 2000


def lead_companies(user, event) -> list[Company]:
    """The companies `user` works for (administrator or staff) that exhibit at `event`, by name."""
    if not getattr(user, "is_authenticated", False):
        return []
    company_ids = Exhibitor.objects.filter(show__event=event).values("company_id")
    return list(Company.objects.filter(pk__in=company_ids, members__user=user).distinct().order_by("name"))


def require_lead_company(user, event, company: Company) -> None:
    if not CompanyMember.objects.filter(company=company, user=user).exists() or not Exhibitor.objects.filter(
            company=company, show__event=event).exists():
        raise PermissionDenied(_("Only the staff of a company exhibiting at this event scan badges for it."))


def capture_refusal(company: Company, event) -> str:
    """Why `company` captures no new lead at `event` ("" when it does): the organiser withdrew it from
    every show of the event where it exhibits. The leads it has stay readable and exportable."""
    shows = Exhibitor.objects.filter(company=company, show__event=event)
    if shows.exists() and not shows.exclude(status=Exhibitor.Status.WITHDRAWN).exists():
        return _("%(company)s is withdrawn from this event: it captures no new leads. The leads already "
                 "scanned stay here to read and export.") % {"company": company.name}
    return ""


def _refusal(reason: str) -> str:
    return {
        "wrong_event": _("This badge is of another event."),
        "revoked": _("This badge is revoked."),
        "superseded": _("This card was replaced by a reprint: scan the new one."),
        "not_yet_valid": _("This badge is not valid yet."),
        "expired": _("This badge is no longer valid."),
    }.get(reason, _("This is not a badge of this event."))


def _badge(event, text: str):
    """The badge a scanned text names, checked as a gate checks it (without a zone): the gate's own
    reading of the token and its revocations (a revoked badge, a closed registration, an older card)."""
    from pavilion.accreditation import scan_decisions
    from pavilion.accreditation.gate_rows import Holder
    from pavilion.accreditation.models import Badge
    from pavilion.accreditation.services import keyring_row, verifying_ring

    text = (text or "").strip()
    if not text or len(text) > MAX_TEXT:
        raise ValidationError({"qr": _("This is not a badge of this event.")})
    serial = scan_decisions.claimed_serial(text, event.pk)
    badge = (Badge.objects.select_related("registration__person", "registration__category",
                                          "registration__exhibitor")
             .filter(event=event, serial=serial).first()) if serial is not None else None
    result = verify(text, verifying_ring(keyring_row(event)), event=event.pk, now=clock.now(), zone=None,
                    revocations=scan_decisions.revocations(Holder.of(badge) if badge is not None else None))
    if result.claims is None or badge is None:
        raise ValidationError({"qr": _refusal(str(result.reason) if result.reason else "invalid")})
    if not result.granted:
        raise ValidationError({"qr": _refusal(str(result.reason))})
    if badge.registration.status != Registration.Status.APPROVED:  # back in review: no lead until cleared
        raise ValidationError({"qr": _refusal("revoked")})
    return badge


def lead_capture(*, actor, event, company: Company, qr: str) -> tuple[Lead, bool]:
    """The badge scanned by `actor` for `company`: (its lead, whether it is new). A second scan of the
    same person counts and moves the lead to the top; nothing else changes."""
    require_lead_company(actor, event, company)
    refusal = capture_refusal(company, event)
    if refusal:
        raise ValidationError({"qr": refusal})
    badge = _badge(event, qr)
    registration = badge.registration
    if registration.exhibitor_id and registration.exhibitor.company_id == company.pk:
        raise ValidationError({"qr": _("This is a badge of your own company's staff.")})
    now = clock.now()
    try:
        with transaction.atomic():
            lead = Lead.objects.select_for_update().filter(company=company, registration=registration).first()
            if lead is not None:
                lead.scans += 1
                lead.last_scanned_at = now
                lead.save(update_fields=["scans", "last_scanned_at"])
                return lead, False
            lead = Lead.objects.create(company=company, registration=registration, scanned_by=actor,
                                       first_scanned_at=now, last_scanned_at=now)
            audit_record(actor=actor, action="lead.capture", obj=lead, after={"registration": registration.pk})
    except IntegrityError:  # the same badge scanned on a colleague's phone at the same moment
        lead = Lead.objects.get(company=company, registration=registration)
        return lead, False
    lead.registration = registration
    return lead, True


def lead_update(*, actor, event, lead: Lead, rating: str, note: str) -> Lead:
    """The staff's own rating (hot, warm, cold or none) and note on a lead of their company."""
    require_lead_company(actor, event, lead.company)
    if rating not in ("", *Lead.Rating.values):
        raise ValidationError({"rating": _("Choose hot, warm, cold or no rating.")})
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ValidationError({"note": _("Keep the note to %(count)d characters.") % {"count": MAX_NOTE}})
    with transaction.atomic():
        lead = Lead.objects.select_for_update().get(pk=lead.pk)
        lead.rating, lead.note = rating, note
        lead.save(update_fields=["rating", "note"])
    return lead


def leads_of(company: Company, event, *, rating: str = "") -> QuerySet:
    leads = (Lead.objects.filter(company=company, registration__event=event)
             .select_related("registration__person", "registration__category", "scanned_by"))
    return leads.filter(rating=rating) if rating in Lead.Rating.values else leads


@dataclass(frozen=True)
class Contact:
    """What a company sees of a lead: the badge's face, and the e-mail and phone only by consent."""

    name: str
    organisation: str
    position: str
    country: str
    category: str
    email: str
    phone: str
    shares_contact: bool

    @classmethod
    def of(cls, lead: Lead) -> "Contact":
        registration = lead.registration
        person = registration.person
        shares = registration.shares_contact and person.purged_at is None
        return cls(name=person.full_name, organisation=registration.organisation or registration.media_outlet,
                   position=registration.position, country=person.nationality.name if person.nationality else "",
                   category=str(registration.category), email=person.email if shares else "",
                   phone=person.phone if shares else "", shares_contact=shares)
