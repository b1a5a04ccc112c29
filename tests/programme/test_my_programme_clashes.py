"""The personal programme marks the sessions that overlap, however the overlap came about (booked so, or
a session the organiser moved afterwards), without a query per row."""

import re

from django.urls import reverse

from pavilion.programme import seats, selectors, services
from pavilion.programme.models import Session
from tests.programme.support import baku

NOTE = "Overlaps in time with:"


def _rows(page: str) -> dict[str, str]:
    """The personal programme's rows by session id."""
    return dict(re.findall(r'<article class="session-row[^"]*" data-session="(\d+)">(.*?)</article>', page, re.S))


def _marked(page: str) -> set[str]:
    return {pk for pk, row in _rows(page).items() if NOTE in row}


def test_a_session_moved_onto_another_is_marked_on_both_rows(client, programme, commit, django_assert_num_queries):
    user = programme.world.visitor
    registration = programme.person(commit, user=user)
    morning = programme.session(title_en="Morning panel")
    noon = programme.session(title_en="Noon briefing", room=programme.small_room, starts_at=baku(24, 12),
                             ends_at=baku(24, 13))
    evening = programme.session(title_en="Evening talk", starts_at=baku(24, 17), ends_at=baku(24, 18))
    for session in (morning, noon, evening):
        seats.bookmark_add(actor=user, session=session, registration=registration)
    client.force_login(user)
    url = reverse("programme:mine", args=[programme.world.event.slug])
    assert _marked(client.get(url).content.decode()) == set()
    services.session_update(actor=programme.world.organiser, session=noon, starts_at=baku(24, 10, 30),
                            ends_at=baku(24, 11, 30))
    with django_assert_num_queries(8):  # as many as without clashes (test_pages)
        page = client.get(url).content.decode()
    assert _marked(page) == {str(morning.pk), str(noon.pk)}
    rows = _rows(page)
    assert "Noon briefing" in rows[str(morning.pk)].split(NOTE)[1]
    assert "Morning panel" in rows[str(noon.pk)].split(NOTE)[1]
    assert 'class="session-row clash"' in page


def test_a_cancelled_session_clashes_with_nothing(programme, commit):
    registration = programme.person(commit)
    first = programme.session(title_en="First")
    second = programme.session(title_en="Second", room=programme.small_room, starts_at=baku(24, 10, 30),
                               ends_at=baku(24, 11, 30))
    third = programme.session(title_en="Third", starts_at=baku(24, 11), ends_at=baku(24, 12))
    for session in (first, second, third):
        seats.bookmark_add(actor=None, session=session, registration=registration)
    clashes = {bookmark.session.title_en: [other.title_en for other in bookmark.clashes]
               for bookmark in selectors.mark_clashes(list(selectors.personal_programme(registration)))}
    assert clashes == {"First": ["Second"], "Second": ["First", "Third"], "Third": ["Second"]}
    services.session_update(actor=programme.world.organiser, session=second, status=Session.Status.CANCELLED)
    clashes = {bookmark.session.title_en: bookmark.clashes
               for bookmark in selectors.mark_clashes(list(selectors.personal_programme(registration)))}
    assert clashes == {"First": [], "Second": [], "Third": []}  # back to back is no clash
