"""Two exhibitors booking the same stand at the same moment, in real concurrent PostgreSQL transactions."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from pavilion.events import services
from pavilion.events.models import Stand, StandBooking
from tests.events.conftest import make_stand

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def race(calls):
    """Run each call in its own thread and connection, released together; return (results, errors)."""
    barrier = threading.Barrier(len(calls))
    results, errors = [None] * len(calls), [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - the test inspects whatever each side got
            errors[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results, errors


def test_exactly_one_of_two_simultaneous_requests_wins(on_postgres, venue):
    stand = make_stand(venue, "A1", 0, 0)
    contenders = [(venue.admin_a, venue.exhibitor_a), (venue.admin_b, venue.exhibitor_b)] * 2
    calls = [
        (lambda actor=actor, exhibitor=exhibitor: services.booking_request(
            actor=actor, exhibitor=exhibitor, stand_ids=[stand.pk]))
        for actor, exhibitor in contenders
    ]
    results, errors = race(calls)
    assert sum(result is not None for result in results) == 1
    losers = [error for error in errors if error is not None]
    assert len(losers) == 3 and all(isinstance(error, ValidationError) for error in losers), losers
    # The rival's request hears the stand was taken; the winner's own second click that it asked already.
    assert all("Stand A1 (Hall 1) has just been taken" in error.message_dict["stands"][0]
               or "You asked for stand A1 (Hall 1) already" in error.message_dict["stands"][0] for error in losers)
    stand.refresh_from_db()
    winner = next(result for result in results if result)[0]
    assert stand.state == Stand.State.RESERVED and stand.exhibitor_id == winner.exhibitor_id
    assert StandBooking.objects.count() == 1


def test_requests_for_the_same_stands_in_opposite_order_never_deadlock(on_postgres, venue):
    first, second = make_stand(venue, "A1", 0, 0), make_stand(venue, "A2", 10, 0)
    results, errors = race([
        lambda: services.booking_request(actor=venue.admin_a, exhibitor=venue.exhibitor_a,
                                         stand_ids=[first.pk, second.pk]),
        lambda: services.booking_request(actor=venue.admin_b, exhibitor=venue.exhibitor_b,
                                         stand_ids=[second.pk, first.pk]),
    ])
    assert sum(result is not None for result in results) == 1
    [loser] = [error for error in errors if error is not None]
    assert isinstance(loser, ValidationError), loser  # a deadlock would surface as OperationalError
    holders = set(Stand.objects.values_list("exhibitor_id", flat=True))
    assert len(holders) == 1 and None not in holders


def test_confirm_and_cancel_at_the_same_moment_leave_a_consistent_stand(on_postgres, venue):
    stand = make_stand(venue, "A1", 0, 0)
    [booking] = services.booking_request(actor=venue.admin_a, exhibitor=venue.exhibitor_a, stand_ids=[stand.pk])
    results, errors = race([
        lambda: services.booking_confirm(actor=venue.organiser, booking=StandBooking.objects.get(pk=booking.pk)),
        lambda: services.booking_cancel(actor=venue.admin_a, booking=StandBooking.objects.get(pk=booking.pk)),
    ])
    booking.refresh_from_db()
    stand.refresh_from_db()
    assert all(error is None or isinstance(error, ValidationError) for error in errors), errors
    # Either order is fine; what matters is that stand and booking agree.
    expected = {"confirmed": (Stand.State.BOOKED, venue.exhibitor_a.pk), "cancelled": (Stand.State.AVAILABLE, None)}
    assert (stand.state, stand.exhibitor_id) == expected[booking.status]
