"""A revoked badge is final, yet the person may come in again: a replacement badge with a new serial
for an approved and cleared registration, while the revoked serial stays refused for ever (at the
gate, in the sync feed's revocations) and keeps its holder and its scans."""

import pytest
from django.core.exceptions import ValidationError

from pavilion.accreditation import issuing, selectors
from pavilion.accreditation.models import Badge, Scan
from pavilion.core.models import AuditEntry
from pavilion.events.models import Event
from pavilion.registrations import services as registration_services
from pavilion.registrations.models import Registration
from tests.accreditation.support import NOON


def url(world, tail=""):
    return f"/events/{world.event.slug}/accreditation/{tail}"


def test_a_badge_revoked_by_mistake_is_replaced_with_a_new_serial_and_the_old_stays_refused(
        badge_of, world, scan, gates):
    badge = badge_of()
    assert scan(badge.token)["result"] == "granted"
    issuing.badge_revoke(actor=world.officer, badge=badge, reason="wrong person")
    assert scan(badge.token)["reason"] == "revoked"

    replacement = issuing.badge_replace(actor=world.organiser, badge=badge, reason="revoked in error")

    badge.refresh_from_db()
    assert replacement.serial != badge.serial and replacement.generation == 1
    assert (badge.status, badge.current_for_id, badge.registration_id) == ("revoked", None, replacement.registration_id)
    assert Registration.objects.get(pk=badge.registration_id).badge == replacement
    assert scan(replacement.token)["result"] == "granted"
    refused = scan(badge.token)
    assert refused["reason"] == "revoked"
    assert refused["badge"]["name"] == badge.registration.person.full_name  # whose it was, from the row
    # Its scans keep pointing at it.
    assert Scan.objects.filter(badge=badge).count() == 3 and Scan.objects.filter(badge=replacement).count() == 1
    entry = AuditEntry.objects.filter(action="badge.replace").get()
    assert entry.before == {"serial": badge.serial} and entry.after["serial"] == replacement.serial
    assert entry.after["reason"] == "revoked in error"


def test_the_sync_feed_keeps_the_revoked_serial_and_gives_the_replacement(badge_of, world):
    badge = badge_of()
    issuing.badge_revoke(actor=world.officer, badge=badge, reason="by mistake")
    replacement = issuing.badge_replace(actor=world.organiser, badge=badge, reason="revoked in error")
    feed = selectors.sync_feed(Event.objects.get(pk=world.event.pk), since=0)  # its key row read anew
    assert badge.serial in feed["revocations"]["revoked"] and replacement.serial not in feed["revocations"]["revoked"]
    items = {item["serial"]: item for item in feed["badges"]}
    assert items[badge.serial]["status"] == "revoked" and items[replacement.serial]["status"] == "valid"
    assert items[badge.serial]["name"] == items[replacement.serial]["name"] != ""


def test_a_registration_rejected_and_approved_again_gets_a_replacement(badge_of, world, commit):
    badge = badge_of()
    registration = badge.registration
    commit(registration_services.registration_reject, actor=world.organiser, registration=registration,
           reason="documents")
    badge.refresh_from_db()
    assert (badge.status, badge.revoked_reason) == ("revoked", "registration rejected")
    # Taken back into review and approved (e.g. the documents came): the organiser's decision.
    Registration.objects.filter(pk=registration.pk).update(status="in-review")
    commit(registration_services.registration_approve, actor=world.organiser, registration=registration)
    # A batch never undoes a revocation: the replacement is issued badge by badge.
    assert issuing.badges_issue_for_event(actor=world.organiser, event=world.event) == []
    with pytest.raises(ValidationError, match="issue a replacement badge"):
        issuing.badge_issue(actor=world.organiser, registration=registration)
    replacement = issuing.badge_replace(actor=world.organiser, badge=badge, reason="revoked in error")
    assert replacement.status == "valid" and Badge.objects.filter(registration=registration).count() == 2


def test_a_replacement_needs_a_revoked_badge_of_a_cleared_registration_and_is_made_once(badge_of, world):
    badge = badge_of()
    with pytest.raises(ValidationError, match="Only a revoked badge is replaced"):
        issuing.badge_replace(actor=world.organiser, badge=badge, reason="revoked in error")
    issuing.badge_revoke(actor=world.officer, badge=badge, reason="by mistake")
    Registration.objects.filter(pk=badge.registration_id).update(status="in-review")  # held again
    with pytest.raises(ValidationError) as error:
        issuing.badge_replace(actor=world.organiser, badge=badge, reason="revoked in error")
    assert error.value.code == "not_cleared"
    assert Badge.objects.count() == 1 and Badge.objects.get().current_for_id == badge.registration_id
    Registration.objects.filter(pk=badge.registration_id).update(status="approved")
    replacement = issuing.badge_replace(actor=world.organiser, badge=badge, reason="revoked in error")
    with pytest.raises(ValidationError, match=f"already replaced by badge {replacement.serial}"):
        issuing.badge_replace(actor=world.organiser, badge=badge, reason="revoked in error")
    with pytest.raises(ValidationError, match="never reprinted"):
        issuing.badge_reprint(actor=world.organiser, badge=badge)
    assert Badge.objects.count() == 2


def test_the_badge_page_offers_the_replacement_to_the_organiser_only(client, world, badge_of):
    badge = badge_of()
    page_url = url(world, f"badges/{badge.serial}/")
    client.force_login(world.officer)
    valid_page = client.get(page_url).content.decode()
    assert "A lost or damaged card is reprinted, not revoked" in valid_page
    assert "Issue a replacement badge" not in valid_page
    client.post(url(world, f"badges/{badge.serial}/revoke/"), {"reason": "by mistake"})
    assert "Issue a replacement badge" not in client.get(page_url).content.decode()
    assert client.post(url(world, f"badges/{badge.serial}/replace/")).status_code == 403

    client.force_login(world.organiser)
    assert "Issue a replacement badge" in client.get(page_url).content.decode()
    response = client.post(url(world, f"badges/{badge.serial}/replace/"), {"reason": "wrong person revoked"},
                           follow=True)
    replacement = Badge.objects.get(current_for=badge.registration)
    assert response.redirect_chain[-1][0] == url(world, f"badges/{replacement.serial}/")
    assert f"Badge {replacement.serial} issued in place of badge {badge.serial}" in response.content.decode()

    old_page = client.get(page_url).content.decode()
    assert f'data-replaced-by="{replacement.serial}"' in old_page and "Issue a replacement badge" not in old_page
    assert badge.registration.person.full_name in old_page  # whose it was
    again = client.post(url(world, f"badges/{badge.serial}/replace/"), {"reason": "again"},
                        follow=True).content.decode()
    assert "already replaced" in again and Badge.objects.count() == 2


def test_my_badges_and_the_badge_lists_after_a_replacement(client, world, badge_of):
    badge = badge_of()
    holder = badge.registration.person
    holder.user = world.visitor
    holder.save()
    issuing.badge_revoke(actor=world.officer, badge=badge, reason="by mistake")
    replacement = issuing.badge_replace(actor=world.organiser, badge=badge, reason="revoked in error")
    client.force_login(world.visitor)
    page = client.get("/my/badges/").content.decode()
    assert f'data-serial="{replacement.serial}"' in page and f'data-serial="{badge.serial}"' not in page
    client.force_login(world.organiser)
    listing = client.get(url(world, "badges/")).content.decode()
    assert str(badge.serial) in listing and str(replacement.serial) in listing
    assert client.get(url(world, "")).context["waiting"] == 0


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_replacement_without_a_reason_is_refused_and_changes_nothing(badge_of, world, reason):
    badge = badge_of()
    issuing.badge_revoke(actor=world.officer, badge=badge, reason="lent to another person")
    with pytest.raises(ValidationError, match="Give the reason for the replacement") as error:
        issuing.badge_replace(actor=world.organiser, badge=badge, reason=reason)
    assert error.value.code == "reason"
    badge.refresh_from_db()
    assert (badge.status, badge.current_for_id) == ("revoked", badge.registration_id)
    assert Badge.objects.count() == 1 and not AuditEntry.objects.filter(action="badge.replace").exists()


def test_the_replacement_form_asks_for_the_reason_and_keeps_it_in_the_audit(client, world, badge_of):
    badge = badge_of()
    issuing.badge_revoke(actor=world.officer, badge=badge, reason="lent to another person")
    client.force_login(world.organiser)
    page_url = url(world, f"badges/{badge.serial}/")
    page = client.get(page_url).content.decode()
    assert 'name="reason"' in page and "Reason for the replacement" in page

    refused = client.post(url(world, f"badges/{badge.serial}/replace/"), {"reason": "  "})
    assert refused.status_code == 400
    content = refused.content.decode()
    assert "Give the reason for the replacement." in content and 'id="id_replace_reason"' in content
    assert Badge.objects.count() == 1 and not AuditEntry.objects.filter(action="badge.replace").exists()
    too_long = client.post(url(world, f"badges/{badge.serial}/replace/"), {"reason": "x" * 201})
    assert too_long.status_code == 400 and 'value="' + "x" * 201 + '"' in too_long.content.decode()
    assert Badge.objects.count() == 1

    client.post(url(world, f"badges/{badge.serial}/replace/"), {"reason": "revoked in error: a namesake"})
    replacement = Badge.objects.get(current_for=badge.registration)
    entry = AuditEntry.objects.get(action="badge.replace")
    assert entry.after["reason"] == "revoked in error: a namesake" and entry.after["serial"] == replacement.serial


def test_the_holder_inside_with_the_revoked_card_is_counted_once_with_the_replacement(badge_of, world, scan, gates):
    """Where the holder is passes to the replacement: before, the revoked card stayed inside the hall
    and the replacement's entry counted the same person a second time (and named them twice in the
    roll call of an evacuation)."""
    badge = badge_of()
    assert scan(badge.token)["result"] == "granted"  # into the hall
    issuing.badge_revoke(actor=world.officer, badge=badge, reason="wrong person")
    replacement = issuing.badge_replace(actor=world.organiser, badge=badge, reason="revoked in error")

    def inside() -> tuple[int, list[int]]:
        counts = {row["zone"]: row["inside"] for row in selectors.occupancy(world.event, now=NOON)}
        roll = [presence.badge.serial for presence in selectors.people_inside(gates.hall.zone, now=NOON)]
        return counts[gates.hall.zone.code], roll

    assert inside() == (1, [replacement.serial])
    assert scan(replacement.token)["result"] == "granted"  # in again with the new card: one person, once
    assert inside() == (1, [replacement.serial])
    assert scan(replacement.token, direction="out")["result"] == "granted"
    assert inside() == (0, [])
