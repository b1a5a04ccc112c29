# ruff: noqa: F811 (the fixtures imported below are redefined as parameters, as pytest wants)
"""A postponement's badges are re-signed by a task queued after the commit, in batches: the move itself
only raises their generations (one statement), so the old cards are refused online from the commit on;
the task signs what is still unsigned, skipping what is signed already, so running it twice changes
nothing; the postponement page counts what is still to sign and to print."""

import pytest

from pavilion.accreditation import issuing, reprint_tasks
from pavilion.accreditation.models import Badge, Zone
from pavilion.accreditation.services import keyring_row, verifying_ring
from pavilion.core.models import AuditEntry
from pavilion.engines.badges import Revocations, decode, verify
from pavilion.events import postponement, tasks
from tests.accreditation.support import approved
from tests.events.test_postponement import _placed, later, local, on_clock
from tests.registrations.support import _registration_settings, commit, world  # noqa: F401


@pytest.fixture
def placed(world, commit):
    found = _placed(world, world.event, commit)
    extra = [approved(commit, world, "trade-visitor", number) for number in (3, 4)]
    found["badges"] = [found["badge"], *(issuing.badge_issue(actor=world.organiser, registration=registration)
                                         for registration in extra)]
    return found


def _postpone(world, days=7):
    return postponement.event_postpone(actor=world.organiser, event=world.event, days=days, reprint_badges=True)


def _online(badge_token: str, badge: Badge, world, moment) -> Revocations:
    """The engine's answer at a gate that reads the badge's row as it is now (the online check)."""
    zone = Zone.objects.get(event=world.event, number=badge.zones[0])
    return verify(badge_token, verifying_ring(keyring_row(world.event)), event=world.event.pk, now=moment,
                  zone=zone.number, revocations=Revocations(generations={badge.serial: badge.generation}))


def test_the_move_supersedes_at_once_and_the_task_signs_after_the_commit(world, placed,
                                                                        django_capture_on_commit_callbacks):
    old = {badge.pk: Badge.objects.get(pk=badge.pk) for badge in placed["badges"]}
    with django_capture_on_commit_callbacks(execute=False) as queued:
        done = _postpone(world)
    assert done.resigned == 3 and len(queued) == 1  # the task is queued, not run: the transaction is the move
    for pk, before in old.items():
        now = Badge.objects.get(pk=pk)
        assert now.generation == before.generation + 1 and now.key_id == reprint_tasks.UNSIGNED
        # Already refused online: the card's generation is older than the row's.
        answer = _online(before.token, now, world, local(world.event, 1, 12, month=10))
        assert not answer.granted and answer.reason == "superseded"
    assert reprint_tasks.unsigned(world.event).count() == 3

    queued[0]()  # the commit: the task runs (the test settings' backend runs tasks at once)
    for pk, before in old.items():
        now = Badge.objects.get(pk=pk)
        assert now.key_id != reprint_tasks.UNSIGNED and decode(now.token)[2].generation == now.generation
        assert on_clock(world.event, now.not_before) == later(on_clock(world.event, before.not_before), 7)
        assert _online(now.token, now, world, local(world.event, 1, 12, month=10)).granted
        assert now.printed_at is None  # its card is to print
    assert not reprint_tasks.unsigned(world.event).exists()
    assert AuditEntry.objects.get(action="badges.supersede").after == {"count": 3}


def test_running_the_task_again_changes_nothing(world, placed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        done = _postpone(world)
    signed = list(Badge.objects.order_by("pk").values_list("token", "generation", "seq"))
    entries = AuditEntry.objects.filter(action="badges.resign").count()
    assert tasks.resign_badges.enqueue(done.entry.pk).return_value == 0
    assert list(Badge.objects.order_by("pk").values_list("token", "generation", "seq")) == signed
    assert AuditEntry.objects.filter(action="badges.resign").count() == entries


def test_the_badges_are_signed_in_batches(world, placed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        _postpone(world)
    assert reprint_tasks.badges_resign(actor=world.organiser, event=world.event, batch=2) == (3, 0)
    batches = [entry.after["serials"] for entry in AuditEntry.objects.filter(action="badges.resign").order_by("pk")]
    assert batches == [sorted(badge.serial for badge in placed["badges"])[:2],
                       sorted(badge.serial for badge in placed["badges"])[2:]]


def test_the_move_supersedes_in_the_same_number_of_queries_whatever_the_badges(world, placed,
                                                                                django_assert_num_queries):
    keyring_row(world.event)
    # A savepoint, the key row read and locked, the badges counted, the sync number, one update of every
    # badge, the audit entry, the savepoint released: not one query per badge.
    with django_assert_num_queries(8):
        assert reprint_tasks.badges_supersede(actor=world.organiser, event=world.event) == 3


def test_a_badge_reprinted_or_revoked_meanwhile_is_left_as_it_is(world, placed, django_capture_on_commit_callbacks):
    first, second, third = placed["badges"]
    with django_capture_on_commit_callbacks(execute=False) as queued:
        _postpone(world)
    reprinted = issuing.badge_reprint(actor=world.organiser, badge=first)
    issuing.badge_revoke(actor=world.organiser, badge=second, reason="lost")
    queued[0]()
    assert Badge.objects.get(pk=first.pk).token == reprinted.token
    assert Badge.objects.get(pk=second.pk).key_id == reprint_tasks.UNSIGNED  # revoked: never signed again
    assert Badge.objects.get(pk=third.pk).key_id != reprint_tasks.UNSIGNED
    assert AuditEntry.objects.get(action="badges.resign").after == {"serials": [third.serial]}


def test_a_badge_no_longer_cleared_stays_unsigned_and_the_page_counts_it(client, world, placed,
                                                                          django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        done = _postpone(world)
    holder = placed["badges"][1].registration.person
    holder.is_blocked = True
    holder.save()
    queued[0]()
    assert reprint_tasks.unsigned(world.event).count() == 1
    client.force_login(world.organiser)
    response = client.get(f"/organiser/events/{world.event.slug}/postpone/", {"done": done.entry.pk})
    assert response.context["done"] == {"days": 7, "resigned": 3, "to_sign": 1, "to_print": 2,
                                        "at": done.entry.at}
    html = response.content.decode()
    assert 'data-count="to-sign"><td>Badges still to re-sign</td><td>1</td>' in html
    assert "stays unsigned: settle it, then reprint it" in html
    # Settled and reprinted by hand: nothing is left to sign.
    holder.is_blocked = False
    holder.save()
    issuing.badge_reprint(actor=world.organiser, badge=placed["badges"][1])
    assert client.get(f"/organiser/events/{world.event.slug}/postpone/", {"done": done.entry.pk}).context[
        "done"]["to_sign"] == 0


def test_a_move_refused_queues_nothing(world, placed, django_capture_on_commit_callbacks):
    from django.core.exceptions import ValidationError

    with django_capture_on_commit_callbacks(execute=True) as queued, pytest.raises(ValidationError):
        postponement.event_postpone(actor=world.organiser, event=world.event, days=7)  # the box not ticked
    assert queued == [] and not reprint_tasks.unsigned(world.event).exists()
