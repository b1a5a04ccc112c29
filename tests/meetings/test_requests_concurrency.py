"""Crossing requests and the quota under concurrency: on PostgreSQL, senders in parallel threads
(each with its own connection) are ordered by the row locks on the two participants, so A → B and
B → A sent at once leave one open request, and a quota is never exceeded."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from pavilion.meetings.models import MeetingRequest, MeetingSettings
from pavilion.meetings.services import requests as services
from tests.meetings.factories import make_world, participant


@pytest.fixture
def world(transactional_db, settings):
    return make_world(settings)


def in_parallel(calls) -> list[str]:
    barrier = threading.Barrier(len(calls))
    outcomes = [""] * len(calls)

    def run(index, kwargs):
        try:
            barrier.wait()
            services.request_send(actor=None, **kwargs)
            outcomes[index] = "sent"
        except ValidationError as error:
            outcomes[index] = " ".join(error.messages)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, kwargs)) for index, kwargs in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.postgres
def test_crossing_requests_sent_at_once_leave_one_open_request(on_postgres, world):
    outcomes = in_parallel([{"requester": world.arms_staff, "counterpart": world.media},
                            {"requester": world.media, "counterpart": world.arms_staff}] * 2)
    assert outcomes.count("sent") == 1
    assert all("already an open request" in outcome for outcome in outcomes if outcome != "sent")
    assert MeetingRequest.objects.filter(status="pending").count() == 1


@pytest.mark.postgres
def test_a_quota_holds_when_requests_are_sent_at_once(on_postgres, world):
    MeetingSettings.objects.update_or_create(event=world.event, defaults={"request_quota": 2})
    staff = [participant(world.event, "exhibitor-staff", exhibitor=world.rescue) for _number in range(5)]
    outcomes = in_parallel([{"requester": world.arms_staff, "counterpart": other} for other in staff])
    assert outcomes.count("sent") == 2
    assert MeetingRequest.objects.filter(requester=world.arms_staff).count() == 2
