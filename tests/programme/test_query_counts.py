"""The other list pages of the programme: the number of queries does not grow with the rows."""

import pytest
from django.urls import reverse

from pavilion.programme import seats, services
from pavilion.programme.models import Session
from tests.programme.support import baku


def _grow(programme, commit, hours):
    for hour in hours:
        session = programme.session(title_en=f"Talk {hour}", starts_at=baku(25, hour), ends_at=baku(25, hour, 30),
                                    admission=Session.Admission.REGISTERED,
                                    speakers=[(programme.speakers[0], "chair"), (programme.speakers[1], "speaker")])
        services.speaker_create(actor=None, event=programme.world.event, name=f"Speaker {hour}")
        seats.bookmark_add(actor=None, session=programme.first, registration=programme.person(commit))
        services.room_create(actor=None, event=programme.world.event, code=f"room-{hour}", name_en=f"Room {hour}",
                             capacity=10, zone=programme.room.zone)
        assert session


PAGES = [
    ("speakers", False, 3, lambda p: []),
    ("speaker", False, 5, lambda p: [p.speakers[0].pk]),
    ("organiser_rooms", True, 8, lambda p: []),
    ("organiser_speakers", True, 5, lambda p: []),
    ("organiser_attendance", True, 7, lambda p: [p.first.pk]),
]


@pytest.mark.parametrize("name, organiser, queries, args", PAGES, ids=[page[0] for page in PAGES])
def test_list_pages_have_fixed_queries(client, programme, commit, django_assert_num_queries, name, organiser, queries,
                                       args):
    programme.first = programme.session(admission=Session.Admission.REGISTERED,
                                        speakers=[(programme.speakers[0], "chair")])
    seats.bookmark_add(actor=None, session=programme.first, registration=programme.person(commit))
    if organiser:
        client.force_login(programme.world.organiser)
    url = reverse(f"programme:{name}", args=[programme.world.event.slug, *args(programme)])
    assert client.get(url).status_code == 200
    with django_assert_num_queries(queries):
        client.get(url)
    _grow(programme, commit, (11, 12, 13))
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
