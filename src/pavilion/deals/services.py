"""Writes of the deals register: record, update, announce, withdraw. Keyword-only, with the actor,
validated before anything is written, audited.

Rules a professional register keeps (and that the forms and the API show as field errors):
- a deal has parties: a contract or a memorandum of understanding has at least two signatories;
  a letter of intent may be unilateral, so it needs one;
- a party is a company exhibiting at the event, an official delegation of the event, or a named
  government body or organisation with its country; the same company or delegation signs once;
- a value needs its currency (ISO 4217) and is positive; only a value may be disclosed;
- the export-control class of the subject is spelled as the catalogue spells it (ML6, 5A002, none);
- a deal is signed during the event, or the day before or after it (in the event's time zone);
- only public deals are announced; an announced deal stays public until it is withdrawn.

Who writes: the organiser records and changes any deal and alone announces and withdraws. A member
of an exhibiting company records deals its company is a party to, public or parties-only, and may
change them until they are announced. Trusted code (the demo, commands) passes actor None.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import pycountry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from pavilion.core import clock, parameters, roles
from pavilion.core.services import audit_record
from pavilion.core.units import FUND_CODES, currency_codes
from pavilion.deals import selectors
from pavilion.deals.models import Deal, DealParty
from pavilion.events.models import Show, Stand
from pavilion.exhibitors import export_control
from pavilion.exhibitors.models import Company, Exhibitor, ProductCategory
from pavilion.registrations.models import Delegation

PLACE_FIELDS = ("place_en", "place_az", "place_ru")  # the place of signing, in each content language
TEXT_FIELDS = ("title_en", "title_az", "title_ru", "subject_en", "subject_az", "subject_ru", *PLACE_FIELDS)
FIELDS = (*TEXT_FIELDS, "kind", "control", "value", "currency", "value_disclosed", "confidentiality",
          "signed_at", "show", "stand", "categories")
# 15 significant digits at most: SQLite keeps a decimal as a REAL, and a longer value would read back
# rounded (…234.56 as …234.60) or not at all. Still above the largest contracts signed at a show.
MAX_VALUE = Decimal("999999999999.99")
SUBJECT_LENGTH = 20000  # the subject in each language, on every path (form, API, demo)
ANNOUNCEMENT_PERIOD = datetime.timedelta(days=90)  # after the event, the latest a planned announcement
TWO_PARTY_KINDS = {Deal.Kind.CONTRACT, Deal.Kind.MOU}


@dataclass
class PartyData:
    kind: str
    role: str = DealParty.Role.PARTNER
    company: Company | None = None
    delegation: Delegation | None = None
    name: str = ""  # a body's name in English; in Azerbaijani and Russian beside it
    country: str = ""
    name_az: str = ""
    name_ru: str = ""


# Permissions -------------------------------------------------------------------------------------

def _trusted(actor) -> bool:
    return actor is None


def can_record(user) -> bool:
    return _trusted(user) or roles.is_organiser(user) or bool(selectors.member_company_ids(user))


def can_edit(user, deal: Deal) -> bool:
    if _trusted(user) or roles.is_organiser(user):
        return True
    if deal.announcement in (Deal.Announcement.ANNOUNCED, Deal.Announcement.PLANNED):
        return False
    if deal.confidentiality == Deal.Confidentiality.ORGANISER:
        return False
    company_ids = selectors.member_company_ids(user)
    return any(party.company_id in company_ids for party in deal.parties.all() if party.company_id)


def can_announce(user) -> bool:
    return _trusted(user) or roles.is_organiser(user)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


# Validation --------------------------------------------------------------------------------------

def _add(errors: dict, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _check_party(event, number: int, party: PartyData, errors: dict, signed=frozenset()) -> None:
    """`signed`: the companies already parties of the deal, which stay its parties once their exhibitor is
    withdrawn (a signed deal stays where it happened)."""
    label = _("Party %(number)s") % {"number": number}
    if party.kind not in DealParty.Kind.values:
        _add(errors, "parties", _("%(party)s: choose company, delegation, government body or other organisation.")
             % {"party": label})
        return
    if party.role not in DealParty.Role.values:
        _add(errors, "parties", _("%(party)s: the role is supplier, buyer or partner.") % {"party": label})
    if party.kind == DealParty.Kind.COMPANY:
        exhibiting = party.company is not None and (party.company.pk in signed or Exhibitor.objects.filter(
            company=party.company, show__event=event).exclude(status=Exhibitor.Status.WITHDRAWN).exists())
        if not exhibiting:
            _add(errors, "parties", _("%(party)s: choose a company exhibiting at this event.") % {"party": label})
        else:
            party.country = party.company.country.code
        party.delegation, party.name, party.name_az, party.name_ru = None, "", "", ""
    elif party.kind == DealParty.Kind.DELEGATION:
        if party.delegation is None or party.delegation.event_id != event.pk:
            _add(errors, "parties", _("%(party)s: choose an official delegation of this event.") % {"party": label})
        else:
            party.country = party.delegation.country.code
        party.company, party.name, party.name_az, party.name_ru = None, "", "", ""
    else:
        party.name, party.name_az, party.name_ru = ((text or "").strip()
                                                    for text in (party.name, party.name_az, party.name_ru))
        party.country = (party.country or "").strip().upper()
        party.company = party.delegation = None
        if not party.name:
            _add(errors, "parties", _("%(party)s: give the name of the body in English (the other languages "
                                      "are optional).") % {"party": label})
        if any(len(text) > 250 for text in (party.name, party.name_az, party.name_ru)):
            _add(errors, "parties", _("%(party)s: the name has at most 250 characters.") % {"party": label})
        if party.country not in dict(countries):
            _add(errors, "parties", _("%(party)s: give the body's country (ISO 3166-1).") % {"party": label})


def _check_parties(event, kind: str, parties: list[PartyData], errors: dict, signed=frozenset()) -> None:
    if not parties:
        _add(errors, "parties", _("A deal needs at least one party."))
        return
    for number, party in enumerate(parties, start=1):
        _check_party(event, number, party, errors, signed)
    if kind in TWO_PARTY_KINDS and len(parties) < 2:
        _add(errors, "parties", _("A contract or a memorandum of understanding has at least two parties."))
    signatories = [(party.kind, party.company.pk if party.company else party.delegation.pk if party.delegation
                    else party.name.casefold()) for party in parties]
    if len(set(signatories)) < len(signatories):
        _add(errors, "parties", _("The same party is named twice."))


def _check_value(deal: Deal, errors: dict) -> None:
    deal.currency = (deal.currency or "").strip().upper()
    if deal.value in ("", None):
        deal.value = None
        if deal.value_disclosed:
            _add(errors, "value_disclosed", _("There is no value to disclose."))
        if deal.currency:
            _add(errors, "value", _("A currency was given without a value."))
        return
    try:
        value = Decimal(str(deal.value))
    except (InvalidOperation, ValueError):
        value = Decimal("NaN")
    if not value.is_finite():
        _add(errors, "value", _("The value is not a number."))
        return
    # Compared before rounding too: a huge amount does not fit the rounding's precision.
    if abs(value) <= MAX_VALUE + 1:
        value = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    deal.value = value
    if not Decimal("0") < value <= MAX_VALUE:
        _add(errors, "value", _("The value is a positive amount of at most %(max)s (15 digits).")
             % {"max": f"{MAX_VALUE:,}"})
    if not deal.currency:
        _add(errors, "currency", _("A value needs its currency (ISO 4217, e.g. USD, EUR, AZN)."))
    elif deal.currency not in currency_codes():
        _add(errors, "currency", _currency_refused(deal.currency))


def _currency_refused(code: str) -> str:
    """Why `code` is no currency a deal is paid in: ISO 4217 also codes precious metals, units of
    account, testing and funds (core.units), which a contract is not priced in."""
    if code in FUND_CODES:
        return _("“%(code)s” is an ISO 4217 fund code (a unit of account beside a country's money), not a "
                 "currency: give the currency the deal is paid in, e.g. USD, EUR, AZN.") % {"code": code}
    if pycountry.currencies.get(alpha_3=code) is not None:
        return _("“%(code)s” is an ISO 4217 code of a precious metal, a unit of account, testing or no currency, "
                 "not a currency: give the currency the deal is paid in, e.g. USD, EUR, AZN.") % {"code": code}
    return _("“%(code)s” is not an ISO 4217 currency code.") % {"code": code}


def _check_signed_at(deal: Deal, errors: dict) -> None:
    moment = deal.signed_at
    if not isinstance(moment, datetime.datetime):
        _add(errors, "signed_at", _("Give the date and time of signing."))
        return
    if timezone.is_naive(moment):
        _add(errors, "signed_at", _("Give the time of signing with its UTC offset."))
        return
    days = selectors.event_days(deal.event)
    if not (parameters.moment_in_range(moment)  # else the event's time zone is out of the calendar's years
            and days[0] <= moment.astimezone(selectors.event_zone(deal.event)).date() <= days[-1]):
        _add(errors, "signed_at", _("A deal of this event is signed between %(first)s and %(last)s.")
             % {"first": days[0].isoformat(), "last": days[-1].isoformat()})


def _check_deal(deal: Deal, errors: dict) -> None:
    for field in TEXT_FIELDS:
        setattr(deal, field, (getattr(deal, field) or "").strip())
    if not deal.title_en:
        _add(errors, "title_en", _("Give the title in English (the other languages are optional)."))
    for field in ("title_en", "title_az", "title_ru"):
        if len(getattr(deal, field)) > 250:
            _add(errors, field, _("At most 250 characters."))
    if deal.kind not in Deal.Kind.values:
        _add(errors, "kind", _("The kind is contract, memorandum of understanding or letter of intent."))
    if deal.confidentiality not in Deal.Confidentiality.values:
        _add(errors, "confidentiality", _("Confidentiality is public, organiser only or parties only."))
    for field in ("subject_en", "subject_az", "subject_ru"):
        if len(getattr(deal, field)) > SUBJECT_LENGTH:
            _add(errors, field, _("At most %(count)s characters.") % {"count": f"{SUBJECT_LENGTH:,}"})
    for field in PLACE_FIELDS:
        if len(getattr(deal, field)) > 200:
            _add(errors, field, _("At most 200 characters."))
    try:
        deal.control = export_control.validate(deal.control)
    except ValidationError as error:
        for message in error.messages:
            _add(errors, "control", message)
    _check_value(deal, errors)
    _check_signed_at(deal, errors)
    if deal.show_id and deal.show.event_id != deal.event_id:
        _add(errors, "show", _("The show is not of this event."))
    if deal.stand_id and deal.stand.show.event_id != deal.event_id:
        _add(errors, "stand", _("The stand is not at this event."))
    announced = deal.announcement in (Deal.Announcement.ANNOUNCED, Deal.Announcement.PLANNED)
    if announced and deal.confidentiality != Deal.Confidentiality.PUBLIC:
        _add(errors, "confidentiality", _("The deal is announced: withdraw the announcement before making it "
                                          "confidential."))


def _check_actor(actor, deal: Deal, parties: list[PartyData], errors: dict) -> None:
    """An exhibitor records deals of its own company, public or parties-only."""
    if _trusted(actor) or roles.is_organiser(actor):
        return
    company_ids = selectors.member_company_ids(actor)
    if not any(party.company and party.company.pk in company_ids for party in parties):
        _add(errors, "parties", _("One of the parties must be your company."))
    if deal.confidentiality == Deal.Confidentiality.ORGANISER:
        _add(errors, "confidentiality", _("Choose public or parties only; only the organiser keeps deals to "
                                          "itself."))


def party_companies(deal: Deal) -> list[int]:
    """The ids of the companies that are parties of a stored deal."""
    return list(deal.parties.filter(company__isnull=False).values_list("company_id", flat=True))


def _validated(actor, deal: Deal, parties: list[PartyData] | None, categories) -> None:
    errors: dict = {}
    _check_deal(deal, errors)
    if parties is not None:
        signed = frozenset(party_companies(deal)) if deal.pk else frozenset()
        _check_parties(deal.event, deal.kind, parties, errors, signed)
        _check_actor(actor, deal, parties, errors)
    if categories is not None and any(not isinstance(item, ProductCategory) for item in categories):
        _add(errors, "categories", _("Choose categories from the taxonomy."))
    if errors:
        raise ValidationError(errors)


# Audit -------------------------------------------------------------------------------------------

def snapshot(deal: Deal, parties: list[PartyData] | None = None, categories=None) -> dict:
    values = {field: getattr(deal, field) for field in TEXT_FIELDS}
    values.update(kind=deal.kind, control=deal.control, value=str(deal.value) if deal.value is not None else None,
                  currency=deal.currency, value_disclosed=deal.value_disclosed, confidentiality=deal.confidentiality,
                  signed_at=deal.signed_at.isoformat() if isinstance(deal.signed_at, datetime.datetime) else None,
                  show=deal.show_id, stand=deal.stand_id, announcement=deal.announcement)
    if parties is not None:
        values["parties"] = [{"kind": p.kind, "role": p.role, "company": p.company.pk if p.company else None,
                              "delegation": p.delegation.pk if p.delegation else None, "name": p.name,
                              "name_az": p.name_az, "name_ru": p.name_ru, "country": p.country} for p in parties]
    if categories is not None:
        values["categories"] = sorted(category.slug for category in categories)
    return values


def _stored_parties(deal: Deal) -> list[PartyData]:
    return [PartyData(kind=p.kind, role=p.role, company=p.company, delegation=p.delegation, name=p.name,
                      name_az=p.name_az, name_ru=p.name_ru, country=p.country.code) for p in deal.parties.select_related("company", "delegation")]


def _save_parties(deal: Deal, parties: list[PartyData]) -> None:
    deal.parties.all().delete()
    DealParty.objects.bulk_create([
        DealParty(deal=deal, kind=p.kind, role=p.role, company=p.company, delegation=p.delegation, name=p.name,
                  name_az=p.name_az, name_ru=p.name_ru, country=p.country, order=order)
        for order, p in enumerate(parties)
    ])


# Writes ------------------------------------------------------------------------------------------

def deal_record(*, actor, event, kind: str, title_en: str, parties: list[PartyData], signed_at,
                title_az: str = "", title_ru: str = "", subject_en: str = "", subject_az: str = "",
                subject_ru: str = "", control: str = "none", value=None, currency: str = "",
                value_disclosed: bool = False, confidentiality: str = Deal.Confidentiality.ORGANISER,
                place_en: str = "", place_az: str = "", place_ru: str = "", show: Show | None = None,
                stand: Stand | None = None, categories=()) -> Deal:
    """Record a deal, not yet announced."""
    _require(can_record(actor), _("Only the organiser or an exhibitor may record deals."))
    parties, categories = list(parties), list(categories)
    deal = Deal(event=event, kind=kind, title_en=title_en, title_az=title_az, title_ru=title_ru,
                subject_en=subject_en, subject_az=subject_az, subject_ru=subject_ru, control=control, value=value,
                currency=currency, value_disclosed=value_disclosed, confidentiality=confidentiality,
                signed_at=signed_at, place_en=place_en, place_az=place_az, place_ru=place_ru, show=show, stand=stand,
                announcement=Deal.Announcement.DRAFT,
                recorded_by=actor if getattr(actor, "pk", None) else None, created_at=clock.now())
    _validated(actor, deal, parties, categories)
    with transaction.atomic():
        deal.save()
        _save_parties(deal, parties)
        deal.categories.set(categories)
        audit_record(actor=actor, action="deal.record", obj=deal, after=snapshot(deal, parties, categories))
    return deal


def deal_update(*, actor, deal: Deal, parties: list[PartyData] | None = None, **changes) -> Deal:
    """Change a deal's content; parties, when given, replace the stored ones. Not its announcement."""
    _require(can_edit(actor, deal), _("You may not change this deal."))
    unknown = sorted(set(changes) - set(FIELDS))
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})
    categories = changes.pop("categories", None)
    categories = list(categories) if categories is not None else None
    old_parties = _stored_parties(deal)
    before = snapshot(deal, old_parties, list(deal.categories.all()))
    for field, value in changes.items():
        setattr(deal, field, value)
    parties = list(parties) if parties is not None else None
    try:
        # The actor's company must stay a party, whether the parties change or not.
        _validated(actor, deal, parties if parties is not None else old_parties, categories)
    except ValidationError:
        deal.refresh_from_db()  # the caller's object goes back to what is stored
        raise
    with transaction.atomic():
        deal.save()
        if parties is not None:
            _save_parties(deal, parties)
        if categories is not None:
            deal.categories.set(categories)
        audit_record(actor=actor, action="deal.update", obj=deal, before=before,
                     after=snapshot(deal, parties if parties is not None else old_parties,
                                    categories if categories is not None else list(deal.categories.all())))
    return deal


def deal_announce(*, actor, deal: Deal, at: datetime.datetime | None = None) -> Deal:
    """Announce a public deal now, or plan its announcement for a later time (a press conference)."""
    _require(can_announce(actor), _("Only the organiser announces deals."))
    now = clock.now()
    with transaction.atomic():
        locked = Deal.objects.select_for_update().get(pk=deal.pk)
        if locked.confidentiality != Deal.Confidentiality.PUBLIC:
            raise ValidationError({"confidentiality": _("Only a public deal is announced; this one is %(level)s.")
                                   % {"level": locked.get_confidentiality_display()}})
        if locked.announcement == Deal.Announcement.ANNOUNCED:
            raise ValidationError({"announcement": _("The deal is already announced.")})
        if at is not None and timezone.is_naive(at):
            raise ValidationError({"announced_at": _("Give the time of the announcement with its UTC offset.")})
        planned = at is not None and at > now
        if planned:
            _check_planned(locked, at)
        before = {"announcement": locked.announcement, "announced_at": _iso(locked.announced_at)}
        locked.announcement = Deal.Announcement.PLANNED if planned else Deal.Announcement.ANNOUNCED
        locked.announced_at = at if planned else now
        locked.save(update_fields=["announcement", "announced_at", "updated_at"])
        audit_record(actor=actor, action="deal.announce", obj=locked, before=before,
                     after={"announcement": locked.announcement, "announced_at": _iso(locked.announced_at)})
    deal.announcement, deal.announced_at = locked.announcement, locked.announced_at
    return deal


def _check_planned(deal: Deal, at: datetime.datetime) -> None:
    """A planned announcement follows the signing and comes at the latest ANNOUNCEMENT_PERIOD after the
    event: a later time would keep the deal "planned", unseen, for ever."""
    zone = selectors.event_zone(deal.event)
    if at < deal.signed_at:
        raise ValidationError({"announced_at": _(
            "Plan the announcement after the signing (%(signed)s); to announce the deal ahead of its signing, "
            "announce it now.") % {"signed": deal.signed_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")}})
    after_event = datetime.datetime.combine(deal.event.end_date + datetime.timedelta(days=1), datetime.time(),
                                            tzinfo=zone)
    latest = after_event + ANNOUNCEMENT_PERIOD
    if at > latest:
        raise ValidationError({"announced_at": _(
            "Plan the announcement at the latest %(days)s days after the event, by %(latest)s.")
            % {"days": ANNOUNCEMENT_PERIOD.days, "latest": latest.strftime("%Y-%m-%d %H:%M")}})


def deal_withdraw(*, actor, deal: Deal, reason: str) -> Deal:
    """Take an announced (or planned) deal off the public record, with the reason."""
    _require(can_announce(actor), _("Only the organiser withdraws announcements."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the withdrawal.")})
    with transaction.atomic():
        locked = Deal.objects.select_for_update().get(pk=deal.pk)
        if locked.announcement not in (Deal.Announcement.ANNOUNCED, Deal.Announcement.PLANNED):
            raise ValidationError({"announcement": _("Only an announced or planned deal is withdrawn.")})
        before = {"announcement": locked.announcement, "announced_at": _iso(locked.announced_at)}
        locked.announcement = Deal.Announcement.WITHDRAWN
        locked.save(update_fields=["announcement", "updated_at"])
        audit_record(actor=actor, action="deal.withdraw", obj=locked, before=before,
                     after={"announcement": locked.announcement, "reason": reason[:500]})
    deal.announcement = locked.announcement
    return deal


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None
