"""Recording, changing, announcing and withdrawing deals: what is checked, who may, what is audited."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pavilion.core.models import AuditEntry
from pavilion.deals import services
from pavilion.deals.models import Deal, DealParty
from pavilion.deals.services import PartyData
from pavilion.registrations.services import delegation_create
from tests.deals.support import at
from tests.factories import EventFactory


def test_the_organiser_records_a_deal_with_its_parties_and_the_audit_log_has_it(world):
    deal = world.record(title_az="Patrul qayıqlarının tədarükü", title_ru="Поставка патрульных катеров",
                        value=Decimal("1500000"), currency="usd", value_disclosed=True, control=" ml9 ",
                        categories=[world.category], show=world.show,
                        parties=[world.ours(), PartyData(kind="delegation", delegation=world.delegation,
                                                         role="buyer")])
    deal.refresh_from_db()
    assert (deal.currency, deal.control, deal.announcement, deal.recorded_by) == ("USD", "ML9", "draft",
                                                                                  world.organiser)
    parties = list(deal.parties.all())
    assert [(p.kind, p.country.code, p.role) for p in parties] == [("company", "AZ", "supplier"),
                                                                   ("delegation", "TR", "buyer")]
    assert list(deal.categories.all()) == [world.category]
    entry = AuditEntry.objects.get(action="deal.record", object_id=str(deal.pk))
    assert entry.actor == world.organiser and entry.after["parties"][1]["delegation"] == world.delegation.pk


def _other_event_delegation(world):
    return delegation_create(actor=None, event=EventFactory(), country="GE", sending_body="Elsewhere")


BAD_INPUT = [
    ("no parties", {"parties": []}, "parties", "at least one party"),
    ("a contract of one", {"parties": "ours"}, "parties", "at least two parties"),
    ("a memorandum of one", {"kind": "mou", "parties": "ours"}, "parties", "at least two parties"),
    ("a value without currency", {"value": Decimal("100")}, "currency", "needs its currency"),
    ("an unknown currency", {"value": Decimal("100"), "currency": "XYZ"}, "currency", "ISO 4217"),
    ("gold as the currency", {"value": Decimal("100"), "currency": "XAU"}, "currency", "ISO 4217"),
    ("the testing code as the currency", {"value": Decimal("100"), "currency": "XTS"}, "currency", "ISO 4217"),
    ("a currency without value", {"currency": "USD"}, "value", "without a value"),
    ("a negative value", {"value": Decimal("-5"), "currency": "USD"}, "value", "positive"),
    ("a disclosed nothing", {"value_disclosed": True}, "value_disclosed", "no value"),
    ("a company not at the event", {"parties": "outsider"}, "parties", "exhibiting at this event"),
    ("a delegation of another event", {"parties": "elsewhere"}, "parties", "delegation of this event"),
    ("a body without country", {"parties": "nameless"}, "parties", "country"),
    ("a body without name", {"parties": "countryless"}, "parties", "name of the body"),
    ("the same party twice", {"parties": "twice"}, "parties", "twice"),
    ("an unknown control class", {"control": "ML99"}, "control", "Munitions List"),
    ("a bad dual-use code", {"control": "5Z999"}, "control", "dual-use"),
    ("signed a week early", {"signed_at": at(17)}, "signed_at", "between 2024-09-23 and 2024-09-27"),
    ("signed with no offset", {"signed_at": datetime.datetime(2024, 9, 25, 12)}, "signed_at", "offset"),
    ("no English title", {"title_en": "  "}, "title_en", "English"),
    ("an unknown kind", {"kind": "treaty"}, "kind", "kind"),
]


def _parties(world, name):
    body = world.body()
    return {
        "ours": [world.ours()],
        "outsider": [world.ours(), PartyData(kind="company", company=world.outsider_company)],
        "elsewhere": [world.ours(), PartyData(kind="delegation", delegation=_other_event_delegation(world))],
        "nameless": [world.ours(), PartyData(kind="government", name="Ministry", country="")],
        "countryless": [world.ours(), PartyData(kind="other", name=" ", country="AZ")],
        "twice": [world.ours(), body, world.body()],
    }[name]


@pytest.mark.parametrize("case, overrides, field, words", BAD_INPUT, ids=[case[0] for case in BAD_INPUT])
def test_bad_input_gets_a_message_on_its_field_and_records_nothing(world, case, overrides, field, words):
    if isinstance(overrides.get("parties"), str):
        overrides = {**overrides, "parties": _parties(world, overrides["parties"])}
    audit_before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as raised:
        world.record(**overrides)
    messages = raised.value.message_dict
    assert field in messages and words in " ".join(messages[field]), messages
    assert not Deal.objects.exists() and not DealParty.objects.exists()
    assert AuditEntry.objects.count() == audit_before


def test_a_letter_of_intent_may_be_unilateral_and_a_value_is_rounded_to_cents(world):
    deal = world.record(kind="loi", parties=[world.body()], value=Decimal("10.005"), currency="EUR")
    assert deal.parties.count() == 1 and deal.value == Decimal("10.01")


def test_signing_the_day_before_or_after_the_event_is_accepted(world):
    assert world.record(signed_at=at(23, 9)).pk and world.record(signed_at=at(27, 20)).pk


def test_an_exhibitor_records_deals_of_its_company_only_and_not_organiser_only(world):
    deal = world.record(actor=world.staff_member, confidentiality="parties")
    assert deal.recorded_by == world.staff_member
    with pytest.raises(ValidationError) as raised:
        world.record(actor=world.member, parties=[world.theirs(), world.body()])
    assert "your company" in " ".join(raised.value.message_dict["parties"])
    with pytest.raises(ValidationError) as raised:
        world.record(actor=world.member, confidentiality="organiser")
    assert "confidentiality" in raised.value.message_dict


@pytest.mark.parametrize("who", ["visitor", "media", "liaison"])
def test_people_who_act_for_no_company_may_not_record(world, who):
    with pytest.raises(PermissionDenied):
        world.record(actor=getattr(world, who))
    assert not Deal.objects.exists()


def test_only_the_organiser_announces_and_withdraws(world):
    deal = world.record()
    with pytest.raises(PermissionDenied):
        services.deal_announce(actor=world.member, deal=deal)
    services.deal_announce(actor=world.organiser, deal=deal)
    deal.refresh_from_db()
    assert deal.announcement == "announced" and deal.announced_at.isoformat() == "2024-09-25T08:00:00+00:00"
    with pytest.raises(ValidationError):
        services.deal_announce(actor=world.organiser, deal=deal)
    with pytest.raises(PermissionDenied):
        services.deal_withdraw(actor=world.member, deal=deal, reason="no")
    with pytest.raises(ValidationError) as raised:
        services.deal_withdraw(actor=world.organiser, deal=deal, reason="  ")
    assert "reason" in raised.value.message_dict
    services.deal_withdraw(actor=world.organiser, deal=deal, reason="the buyer asked")
    deal.refresh_from_db()
    assert deal.announcement == "withdrawn"
    assert AuditEntry.objects.get(action="deal.withdraw").after["reason"] == "the buyer asked"
    with pytest.raises(ValidationError):
        services.deal_withdraw(actor=world.organiser, deal=deal, reason="again")


def test_a_confidential_deal_is_not_announced(world):
    deal = world.record(confidentiality="parties")
    with pytest.raises(ValidationError) as raised:
        services.deal_announce(actor=world.organiser, deal=deal)
    assert "public" in " ".join(raised.value.message_dict["confidentiality"])
    deal.refresh_from_db()
    assert deal.announcement == "draft"


def test_an_announcement_planned_for_later(world):
    deal = world.record()
    services.deal_announce(actor=world.organiser, deal=deal, at=at(26, 17))
    deal.refresh_from_db()
    assert deal.announcement == "planned" and deal.announced_at == at(26, 17)
    assert not Deal.objects.announced(at(26, 16)).exists() and Deal.objects.announced(at(26, 17)).exists()


def test_an_exhibitor_changes_its_deal_until_it_is_announced(world):
    deal = world.record(actor=world.member)
    for outsider in (world.other_member, world.visitor, world.liaison):
        with pytest.raises(PermissionDenied):
            services.deal_update(actor=outsider, deal=deal, title_en="x")
    services.deal_update(actor=world.member, deal=deal, title_en="Supply of fast patrol boats",
                         parties=[world.ours(), world.theirs()])
    deal.refresh_from_db()
    assert deal.title_en == "Supply of fast patrol boats" and deal.parties.count() == 2
    # The other company is a party now: its people may change the deal too.
    services.deal_update(actor=world.other_member, deal=deal, place_en="Stand B4")
    services.deal_announce(actor=world.organiser, deal=deal)
    with pytest.raises(PermissionDenied):
        services.deal_update(actor=world.member, deal=deal, title_en="Changed after the announcement")


def test_an_exhibitor_cannot_drop_its_own_company_from_the_parties(world):
    deal = world.record(actor=world.member)
    with pytest.raises(ValidationError):
        services.deal_update(actor=world.member, deal=deal, parties=[world.theirs(), world.body()])
    deal.refresh_from_db()
    assert [p.company_id for p in deal.parties.all()] == [world.company.pk, None]


def test_an_announced_deal_stays_public_and_a_failed_update_changes_nothing(world):
    deal = world.record()
    services.deal_announce(actor=world.organiser, deal=deal)
    with pytest.raises(ValidationError) as raised:
        services.deal_update(actor=world.organiser, deal=deal, confidentiality="organiser", title_en="New")
    assert "withdraw" in " ".join(raised.value.message_dict["confidentiality"])
    assert (deal.confidentiality, deal.title_en) == ("public", "Supply of patrol boats")
    deal.refresh_from_db()
    assert (deal.confidentiality, deal.title_en) == ("public", "Supply of patrol boats")
    with pytest.raises(ValidationError) as raised:
        services.deal_update(actor=world.organiser, deal=deal, announcement="draft")
    assert "announcement" in raised.value.message_dict
