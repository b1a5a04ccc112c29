"""Badges: only for approved and cleared registrations, serials and generations, reprint and
revocation, per-person zones, and the event's keys stored encrypted and rotated."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError

from pavilion.accreditation import defaults, issuing, services
from pavilion.accreditation.models import Badge, BadgeKeyRing, Grant, Zone
from pavilion.core import crypto
from pavilion.engines.badges import KeyRing, Revocations, decode, verify
from pavilion.registrations import services as registration_services
from tests.accreditation.support import NOON, approved, baku
from tests.factories import HallFactory
from tests.registrations.support import person


def test_badges_go_only_to_approved_and_cleared_registrations(submit, world, gates):
    waiting = submit(person=person(email="w@example.test", document_number="W1234567"))
    waiting.refresh_from_db()
    assert waiting.status == "in-review"
    with pytest.raises(ValidationError) as error:
        issuing.badge_issue(actor=world.organiser, registration=waiting)
    assert error.value.code == "not_cleared" and "not_cleared" in error.value.messages[0]
    assert not Badge.objects.exists()


def test_a_badge_has_a_serial_the_categorys_zones_and_a_token_without_personal_data(badge_of, world):
    first, second = badge_of(), badge_of("delegation-member")
    assert (first.serial, second.serial) == (100001, 100002)
    _signed, _signature, claims = decode(first.token)
    assert (claims.event, claims.serial, claims.generation) == (world.event.pk, first.serial, 1)
    hall = Zone.objects.get(event=world.event, kind="hall")
    vip = Zone.objects.get(event=world.event, code="vip-lounge")
    assert hall.number in first.zones and vip.number not in first.zones and vip.number in second.zones
    assert first.not_before == baku(24, 9, 0) and first.not_after == baku(26, 18, 0)
    person_name = first.registration.person.family_name.upper()
    assert person_name not in first.token and len(first.token) <= 160


def test_a_second_badge_for_one_registration_is_refused(badge_of, world):
    badge = badge_of()
    with pytest.raises(ValidationError):
        issuing.badge_issue(actor=world.organiser, registration=badge.registration)


def test_reprint_raises_the_generation_and_a_revoked_badge_is_final(badge_of, world):
    badge = badge_of()
    reprinted = issuing.badge_reprint(actor=world.organiser, badge=badge)
    assert (reprinted.serial, reprinted.generation) == (badge.serial, 2)
    revoked = issuing.badge_revoke(actor=world.organiser, badge=reprinted, reason="lost")
    token = revoked.token
    with pytest.raises(ValidationError):
        issuing.badge_reprint(actor=world.organiser, badge=revoked)
    assert issuing.badge_revoke(actor=world.organiser, badge=revoked).token == token  # cancelling mints nothing


def test_withdrawing_revokes_and_never_issues_a_new_code(badge_of, world, commit):
    badge = badge_of()
    commit(registration_services.registration_withdraw, actor=None, registration=badge.registration)
    badge.refresh_from_db()
    assert badge.status == "revoked"
    assert Badge.objects.filter(registration=badge.registration).count() == 1
    assert issuing.badges_issue_for_event(actor=world.organiser, event=world.event) == []


def test_person_additions_and_removals_take_effect_at_reprint(badge_of, world):
    badge = badge_of()
    vip, hall = Zone.objects.get(event=world.event, code="vip-lounge"), Zone.objects.filter(
        event=world.event, kind="hall").first()
    services.person_grant_add(actor=world.organiser, registration=badge.registration, zone=vip, effect="add",
                              opens_at=baku(25, 10), closes_at=baku(25, 12))
    services.person_grant_add(actor=world.organiser, registration=badge.registration, zone=hall, effect="remove")
    with pytest.raises(ValidationError):
        services.person_grant_add(actor=world.organiser, registration=badge.registration, zone=vip, effect="add")
    badge = issuing.badge_reprint(actor=world.organiser, badge=badge)
    assert vip.number in badge.zones and hall.number not in badge.zones
    [(opens, closes)] = badge.windows[str(vip.number)]
    assert (datetime.datetime.fromisoformat(opens), datetime.datetime.fromisoformat(closes)) == (baku(25, 10), baku(25, 12))


def test_the_key_ring_is_stored_encrypted_and_rotates(badge_of, world):
    badge = badge_of()
    row = BadgeKeyRing.objects.get(event=world.event)
    seed = json.loads(crypto.decrypt(row.private_keys))["keys"][0]["private_key"]
    assert seed not in row.private_keys and seed not in json.dumps(row.public_keys)
    assert all("private_key" not in key for key in row.public_keys["keys"])
    services.keyring_rotate(actor=world.organiser, event=world.event)
    ring = KeyRing.from_json(BadgeKeyRing.objects.get(event=world.event).public_keys)
    assert {key.key_id: key.state for key in ring.keys.values()} == {1: "verifying", 2: "active"}
    result = verify(badge.token, ring, event=world.event.pk, now=NOON, zone=badge.zones[0], revocations=Revocations())
    assert result.granted
    with pytest.raises(ValidationError):
        services.keyring_retire(actor=world.organiser, event=world.event, key_id=2)  # the active key


def test_contractor_grants_are_on_build_up_and_tear_down_days_only(gates, world):
    contractor = world.categories["contractor"]
    days = sorted({grant.opens_at.astimezone(baku(24, 0).tzinfo).date().day
                   for grant in Grant.objects.filter(category=contractor)})
    assert days == [21, 22, 23, 27]
    assert defaults.create_grants(actor=world.organiser, event=world.event) == 0  # idempotent


def test_bad_zone_and_grant_input_names_the_field(gates, world):
    elsewhere = HallFactory()  # in another venue
    for kwargs, field in [({"kind": "moon"}, "kind"), ({"number": 300}, "number"), ({"code": "vip-lounge"}, "code"),
                          ({"passback": "sometimes"}, "passback"), ({"name_en": " "}, "name_en"),
                          ({"hall": elsewhere}, "hall")]:
        values = {"code": "new-zone", "name_en": "New", "kind": "press", **kwargs}
        with pytest.raises(ValidationError) as error:
            services.zone_create(actor=world.organiser, event=world.event, **values)
        assert field in error.value.message_dict
    assert not Zone.objects.filter(code="new-zone").exists()
    zone = Zone.objects.filter(event=world.event).first()
    with pytest.raises(ValidationError) as error:
        services.grant_create(actor=world.organiser, category=world.categories["media"], zone=zone,
                              opens_at=baku(24, 10), closes_at=baku(24, 9))
    assert "closes_at" in error.value.message_dict


def test_batch_issue_skips_registrations_that_are_not_cleared(commit, world, gates, submit):
    ready = approved(commit, world, number=501)
    submit(person=person(email="x@example.test", document_number="X7654321"))
    issued = issuing.badges_issue_for_event(actor=world.organiser, event=world.event)
    assert [badge.registration_id for badge in issued] == [ready.pk]


def test_a_category_without_zones_is_named_in_the_pages_language(commit, world):
    from django.utils import translation

    registration = approved(commit, world)  # no zones, no grants yet
    with translation.override("ru"), pytest.raises(ValidationError) as error:
        issuing.badge_issue(actor=world.organiser, registration=registration)
    assert "Торговый посетитель" in error.value.messages[0] and "Trade visitor" not in error.value.messages[0]
