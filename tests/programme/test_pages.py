"""The public programme in three languages (never a draft), the personal programme and its
bookmarks' permissions, the organiser's pages, and fixed query counts of the list pages."""

import pytest
from django.urls import reverse
from django.utils import translation
from django_countries import countries

from pavilion.core import roles
from pavilion.programme.models import Bookmark, Session, Speaker
from tests.factories import UserFactory
from tests.programme.support import baku


def _agenda(programme, **params):
    return reverse("programme:agenda", args=[programme.world.event.slug]), {"day": "2024-09-24", **params}


@pytest.mark.parametrize("language, title, room", [
    ("en", "Air defence panel", "Conference room A"),
    ("az", "Hava hücumundan müdafiə paneli", "Konfrans zalı A"),
    ("ru", "Панель по ПВО", "Конференц-зал A"),
])
def test_the_agenda_and_session_page_speak_three_languages(client, programme, language, title, room):
    session = programme.session(speakers=[(programme.speakers[0], "chair")])
    client.cookies["django_language"] = language
    url, params = _agenda(programme)
    page = client.get(url, params).content.decode()
    assert title in page and room in page and "Elnur Qasımov" in page
    detail = client.get(reverse("programme:session", args=[programme.world.event.slug, session.pk])).content.decode()
    assert title in detail and room in detail


def test_the_public_never_sees_a_draft(client, programme):
    programme.session(title_en="Published talk")
    draft = programme.session(title_en="Secret draft", room=programme.small_room, status=Session.Status.DRAFT,
                              speakers=[(programme.speakers[2], "speaker")])
    slug = programme.world.event.slug
    url, params = _agenda(programme)
    assert "Secret draft" not in client.get(url, params).content.decode()
    assert client.get(reverse("programme:session", args=[slug, draft.pk])).status_code == 404
    assert client.get(reverse("programme:session_ics", args=[slug, draft.pk])).status_code == 404
    assert b"Secret draft" not in client.get(reverse("programme:ics", args=[slug])).content
    assert "Mehmet" not in client.get(reverse("programme:speakers", args=[slug])).content.decode()
    assert client.get(reverse("programme:speaker", args=[slug, programme.speakers[2].pk])).status_code == 404
    api = client.get(f"/api/v1/events/{slug}/sessions").json()
    assert [item["title"] for item in api["items"]] == ["Published talk"]
    assert client.get(f"/api/v1/events/{slug}/sessions/{draft.pk}").status_code == 404


def test_an_unpublished_events_programme_is_previewed_by_the_organiser_only(client, programme):
    session = programme.session(title_en="Preview talk", speakers=[(programme.speakers[0], "speaker")])
    event = programme.world.event
    event.is_public = False
    event.save(update_fields=["is_public"])
    url, params = _agenda(programme)
    pages = [reverse("programme:session", args=[event.slug, session.pk]), reverse("programme:speakers", args=[event.slug]),
             reverse("programme:speaker", args=[event.slug, programme.speakers[0].pk])]
    for page in pages:
        assert client.get(page).status_code == 404
    assert client.get(f"/api/v1/events/{event.slug}/sessions").status_code == 404
    assert client.get(reverse("programme:ics", args=[event.slug])).status_code == 404
    client.force_login(programme.world.organiser)
    agenda = client.get(url, params).content.decode()
    assert "Preview talk" in agenda and "data-preview" in agenda
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200 and "data-preview" in response.content.decode()
    assert client.get(f"/api/v1/events/{event.slug}/sessions").status_code == 404  # the API is the public's


def test_agenda_filters_and_the_speaker_page(client, programme):
    programme.session(title_en="English talk", languages="en")
    programme.session(title_en="Russian talk", languages="ru", interpretation="az", room=programme.small_room,
                      speakers=[(programme.speakers[1], "speaker")])
    url, params = _agenda(programme)
    page = client.get(url, {**params, "lang": "az"}).content.decode()
    assert "Russian talk" in page and "English talk" not in page
    page = client.get(url, {**params, "room": "room-a", "view": "list"}).content.decode()
    assert "English talk" in page and "Russian talk" not in page
    assert "English talk" not in client.get(url, {"day": "2024-09-25"}).content.decode()
    assert client.get(url, {"day": "not-a-day", "room": "nowhere", "lang": "xx"}).status_code == 200  # ignored
    speaker = client.get(reverse("programme:speaker", args=[programme.world.event.slug, programme.speakers[1].pk]))
    assert "Russian talk" in speaker.content.decode()


def test_the_agenda_query_count_does_not_grow_with_sessions(client, programme, django_assert_num_queries, commit):
    user = programme.world.visitor
    programme.person(commit, user=user)
    client.force_login(user)
    programme.session(speakers=[(programme.speakers[0], "chair")])
    url, params = _agenda(programme)
    client.get(url, params)
    with django_assert_num_queries(11):
        client.get(url, params)
    for hour in (11, 12, 13, 14):
        programme.session(title_en=f"Talk at {hour}", starts_at=baku(24, hour), ends_at=baku(24, hour, 45),
                          speakers=[(programme.speakers[0], "chair"), (programme.speakers[1], "speaker")])
    with django_assert_num_queries(11):
        response = client.get(url, params)
    assert "Talk at 14" in response.content.decode()


def _toggle(client, programme, session, htmx=True):
    url = reverse("programme:bookmark", args=[programme.world.event.slug, session.pk])
    return client.post(url, headers={"HX-Request": "true"} if htmx else {})


def test_bookmarks_need_a_signed_in_person_with_an_approved_registration(client, programme, commit):
    session = programme.session()
    response = _toggle(client, programme, session)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(programme.world.liaison)  # signed in, but no registration of their own
    assert _toggle(client, programme, session).status_code == 403
    assert client.get(reverse("programme:mine_ics", args=[programme.world.event.slug])).status_code == 403
    assert not Bookmark.objects.exists()


def test_bookmark_toggle_and_my_programme(client, programme, commit):
    user = programme.world.visitor
    registration = programme.person(commit, user=user)
    session = programme.session()
    draft = programme.session(title_en="Draft", room=programme.small_room, status=Session.Status.DRAFT)
    client.force_login(user)
    response = _toggle(client, programme, session)
    assert response.status_code == 200 and 'aria-pressed="true"' in response.content.decode()
    assert Bookmark.objects.get().registration == registration
    assert _toggle(client, programme, draft).status_code == 404
    mine = client.get(reverse("programme:mine", args=[programme.world.event.slug])).content.decode()
    assert "Air defence panel" in mine and "Draft" not in mine
    response = _toggle(client, programme, session, htmx=False)
    assert response.status_code == 302 and not Bookmark.objects.exists()


def test_a_double_click_on_the_bookmark_button_keeps_the_seat(client, programme, commit):
    """Both clicks of a double click say "add": the second must not take the session out again."""
    user = programme.world.visitor
    programme.person(commit, user=user)
    session = programme.session()
    client.force_login(user)
    url = reverse("programme:bookmark", args=[programme.world.event.slug, session.pk])
    for _click in range(2):
        response = client.post(url, {"want": "on"}, headers={"HX-Request": "true"})
        assert response.status_code == 200 and 'aria-pressed="true"' in response.content.decode()
    assert Bookmark.objects.count() == 1
    for _click in range(2):
        client.post(url, {"want": "off"}, headers={"HX-Request": "true"})
    assert not Bookmark.objects.exists()


@pytest.mark.parametrize("target", ["-1", "abc", "99999999999999999999", "/x\x00y", "/x\ny", "//evil.example/",
                                    "https://evil.example/"])
def test_a_bookmark_with_a_next_that_is_no_local_address_goes_back_to_the_session(client, programme, commit, target):
    """redirect() took `-1` or `abc` for a URL pattern's name: a 500 after the bookmark was stored."""
    user = programme.world.visitor
    programme.person(commit, user=user)
    session = programme.session()
    client.force_login(user)
    url = reverse("programme:bookmark", args=[programme.world.event.slug, session.pk])
    response = client.post(url, {"next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("programme:session", args=[programme.world.event.slug, session.pk])
    assert Bookmark.objects.count() == 1
    back = client.post(url, {"next": "/my/badges/?from=programme"})
    assert back.status_code == 302 and back["Location"] == "/my/badges/?from=programme"


def test_my_programme_query_count_is_fixed(client, programme, commit, django_assert_num_queries):
    user = programme.world.visitor
    registration = programme.person(commit, user=user)
    client.force_login(user)
    url = reverse("programme:mine", args=[programme.world.event.slug])
    from pavilion.programme import seats

    seats.bookmark_add(actor=user, session=programme.session(), registration=registration)
    client.get(url)
    with django_assert_num_queries(8):
        client.get(url)
    for hour in (12, 13, 14):
        seats.bookmark_add(actor=user, registration=registration, session=programme.session(
            title_en=f"Talk {hour}", starts_at=baku(25, hour), ends_at=baku(25, hour, 30),
            speakers=[(programme.speakers[0], "speaker")]))
    with django_assert_num_queries(8):
        assert "Talk 14" in client.get(url).content.decode()


def test_a_registered_session_fills_then_waitlists_then_promotes(programme, commit):
    from pavilion.programme import seats

    session = programme.session(room=programme.small_room, admission=Session.Admission.REGISTERED)  # 2 seats
    people = [programme.person(commit) for _ in range(3)]
    states = [seats.bookmark_add(actor=None, session=session, registration=p).status for p in people]
    assert states == ["confirmed", "confirmed", "waitlisted"]
    promoted = seats.bookmark_remove(actor=None, session=session, registration=people[0])
    assert promoted.registration == people[2] and promoted.status == "confirmed"


def test_organiser_pages_need_the_organiser(client, programme):
    slug = programme.world.event.slug
    client.force_login(programme.world.visitor)
    assert client.get(reverse("programme:organiser_sessions", args=[slug])).status_code == 403
    client.force_login(programme.world.organiser)
    for name in ("organiser_sessions", "organiser_session_new", "organiser_rooms", "organiser_speakers"):
        assert client.get(reverse(f"programme:{name}", args=[slug])).status_code == 200, name


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_organisers_speaker_list_names_the_country(client, programme, language):
    Speaker.objects.filter(pk=programme.speakers[0].pk).update(country="TR")
    client.force_login(programme.world.organiser)
    page = client.get(reverse("programme:organiser_speakers", args=[programme.world.event.slug]),
                      headers={"accept-language": language}).content.decode()
    with translation.override(language):
        assert f"<td>{countries.name('TR')}</td>" in page and "<td>TR</td>" not in page


def test_organiser_sessions_list_has_fixed_queries(client, programme, django_assert_num_queries):
    client.force_login(programme.world.organiser)
    url = reverse("programme:organiser_sessions", args=[programme.world.event.slug])
    programme.session()
    client.get(url)
    with django_assert_num_queries(5):
        client.get(url)
    for hour in (12, 13, 14):
        programme.session(title_en=f"Talk {hour}", starts_at=baku(24, hour), ends_at=baku(24, hour, 30))
    with django_assert_num_queries(5):
        assert "Talk 14" in client.get(url).content.decode()


def _form(programme, **overrides) -> dict:
    data = {"title_en": "Cyber panel", "kind": "panel", "status": "published", "room": programme.room.pk,
            "starts_at": "2024-09-24T10:30", "ends_at": "2024-09-24T11:30", "admission": "badge",
            "languages": ["en"], "interpretation": ["ru"], "chair": programme.speakers[0].pk,
            "speakers": [programme.speakers[1].pk]}
    data.update(overrides)
    return data


def test_the_session_form_reads_baku_time_and_refuses_a_clash(client, programme):
    programme.session(title_en="Opening", starts_at=baku(24, 10), ends_at=baku(24, 11))
    client.force_login(programme.world.organiser)
    url = reverse("programme:organiser_session_new", args=[programme.world.event.slug])
    response = client.post(url, _form(programme))
    assert response.status_code == 400
    assert "Conference room A is taken at that time by “Opening”" in response.content.decode()
    assert Session.objects.count() == 1
    response = client.post(url, _form(programme, starts_at="2024-09-24T11:00", ends_at="2024-09-24T12:00"))
    assert response.status_code == 302
    created = Session.objects.get(title_en="Cyber panel")
    assert created.starts_at == baku(24, 11) and created.interpretation == "ru"
    assert [a.role for a in created.appearances.all()] == ["chair", "speaker"]
    edit = reverse("programme:organiser_session", args=[programme.world.event.slug, created.pk])
    assert client.get(edit).status_code == 200
    response = client.post(edit, _form(programme, starts_at="2024-09-24T10:30", ends_at="2024-09-24T11:30"))
    assert response.status_code == 400
    created.refresh_from_db()
    assert created.starts_at == baku(24, 11)


@pytest.mark.parametrize("field", ["starts_at", "ends_at"])
@pytest.mark.parametrize("value", ["0001-01-01T00:00", "9999-12-31T23:59"])
def test_a_session_time_out_of_the_calendar_is_a_form_error(client, programme, field, value):
    """0001-01-01 00:00 in Baku is in year 0 in UTC: the clash check raised OverflowError, a 500."""
    client.force_login(programme.world.organiser)
    url = reverse("programme:organiser_session_new", args=[programme.world.event.slug])
    response = client.post(url, _form(programme, **{field: value}))
    assert response.status_code in (200, 400)
    assert "is not between 1900-01-01 and 2999-12-31" in response.content.decode()
    assert not Session.objects.exists()


def test_the_attendance_page_invites_and_lists(client, programme, commit):
    session = programme.session(admission=Session.Admission.INVITATION)
    guest = programme.person(commit)
    organiser = UserFactory(username="staff2", role=roles.ORGANISER_STAFF)
    client.force_login(organiser)
    url = reverse("programme:organiser_attendance", args=[programme.world.event.slug, session.pk])
    assert client.post(url, {"registration": 999999}).status_code == 400
    assert client.post(url, {"registration": guest.pk}).status_code == 302
    assert Bookmark.objects.get(session=session, registration=guest).invited
    assert guest.person.full_name in client.get(url).content.decode()


@pytest.mark.parametrize("ends_at", ["2024-09-25T11:30", "2024-09-26T00:00"])
def test_a_session_across_a_night_is_refused(client, programme, ends_at):
    client.force_login(programme.world.organiser)
    url = reverse("programme:organiser_session_new", args=[programme.world.event.slug])
    response = client.post(url, _form(programme, ends_at=ends_at))
    assert response.status_code == 400 and "A session starts and ends on the same day." in response.content.decode()
    assert not Session.objects.exists()
    assert client.post(url, _form(programme, starts_at="2024-09-24T22:00", ends_at="2024-09-25T00:00")).status_code == 302


def test_the_speaker_form_names_a_person_and_their_position(client, programme):
    client.force_login(programme.world.organiser)
    url = reverse("programme:organiser_speakers", args=[programme.world.event.slug])
    page = client.get(url, headers={"accept-language": "ru"}).content.decode()
    assert "ФИО" in page and "Должность (Английский)" in page and "Название" not in page


def test_the_session_form_refuses_an_end_before_the_start_and_audits_the_real_before(client, programme):
    from pavilion.core.models import AuditEntry

    client.force_login(programme.world.organiser)
    url = reverse("programme:organiser_session_new", args=[programme.world.event.slug])
    response = client.post(url, _form(programme, ends_at="2024-09-24T10:00"))
    assert response.status_code == 400 and "A session must end after it starts." in response.content.decode()
    assert not Session.objects.exists()
    assert client.post(url, _form(programme)).status_code == 302
    session = Session.objects.get()
    edit = reverse("programme:organiser_session", args=[programme.world.event.slug, session.pk])
    assert client.post(edit, _form(programme, title_en="Renamed")).status_code == 302
    entry = AuditEntry.objects.get(action="session.update")
    assert (entry.before["title_en"], entry.after["title_en"]) == ("Cyber panel", "Renamed")


def test_a_bookmark_that_overlaps_another_says_so(client, programme, commit):
    user = programme.world.visitor
    programme.person(commit, user=user)
    first = programme.session(title_en="First talk")
    second = programme.session(title_en="Second talk", room=programme.small_room, starts_at=baku(24, 10, 30),
                               ends_at=baku(24, 11, 30))
    client.force_login(user)
    assert "overlaps" not in _toggle(client, programme, first).content.decode()
    assert "It overlaps with “First talk” in your programme." in _toggle(client, programme, second).content.decode()


@pytest.mark.parametrize("speakers", ["99999999999999999999", str(2**63), "²", "1e3"])
def test_a_speaker_id_that_is_no_id_is_a_form_error(client, programme, speakers):
    client.force_login(programme.world.organiser)
    url = reverse("programme:organiser_session_new", args=[programme.world.event.slug])
    response = client.post(url, _form(programme, speakers=[programme.speakers[1].pk, speakers]))
    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()
    assert not Session.objects.exists()


def test_a_cancelled_session_can_be_taken_out_of_my_programme(client, programme, commit):
    from pavilion.programme import seats, services

    user = programme.world.visitor
    registration = programme.person(commit, user=user)
    session = programme.session(title_en="Called off")
    seats.bookmark_add(actor=user, session=session, registration=registration)
    services.session_update(actor=None, session=session, status=Session.Status.CANCELLED)
    client.force_login(user)
    page = client.get(reverse("programme:mine", args=[programme.world.event.slug])).content.decode()
    assert f'id="bookmark-button-{session.pk}"' in page and "Called off" in page
    url = reverse("programme:bookmark", args=[programme.world.event.slug, session.pk])
    answer = client.post(url, {"want": "off"}, headers={"HX-Request": "true"}).content.decode()
    assert "Removed “Called off” from your programme." in answer
    assert not Bookmark.objects.filter(session=session).exists()
    assert f'id="bookmark-button-{session.pk}"' not in answer  # nothing to add back
    assert client.post(url, {"want": "on"}).status_code == 302 and not Bookmark.objects.exists()
