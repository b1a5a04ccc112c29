import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pavilion.events import services
from pavilion.events.models import Stand, StandBooking
from tests.events.conftest import make_stand
from tests.factories import CompanyFactory, ExhibitorFactory, UserFactory


@pytest.fixture
def booked(venue):
    stand = make_stand(venue, "A1", 0, 0, 8, 4)
    [booking] = services.booking_request(actor=venue.admin_a, exhibitor=venue.exhibitor_a, stand_ids=[stand.pk])
    services.booking_confirm(actor=venue.organiser, booking=booking)
    return stand


def floorplan_url(venue, **params):
    from urllib.parse import urlencode

    url = reverse("events:floorplan", kwargs={"event": venue.event.slug})
    return f"{url}?{urlencode(params)}" if params else url


# --- public map ----------------------------------------------------------------------------------


def test_floorplan_page_lists_halls_as_tabs_and_draws_the_first_hall_with_stands(client, venue, booked):
    response = client.get(floorplan_url(venue))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hall 1" in html and "Hall 2" in html and 'data-hall="H1"' in html and "Caspian Optics" in html


def test_exhibitor_search_highlights_the_stand_and_switches_to_its_hall(client, venue, booked):
    make_stand(venue, "Z9", 0, 0, hall=venue.second_hall)
    other = ExhibitorFactory(company=CompanyFactory(name="Ganja Drones"), show=venue.show)
    elsewhere = make_stand(venue, "D4", 10, 10, hall=venue.second_hall)
    services.booking_request(actor=venue.organiser, exhibitor=other, stand_ids=[elsewhere.pk])
    html = client.get(floorplan_url(venue, q="ganja")).content.decode()
    assert 'data-hall="H2"' in html and f'id="stand-{elsewhere.pk}" class="stand state-reserved highlight"' in html
    assert "1 stand matches" in html
    partial = client.get(floorplan_url(venue, q="caspian"), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and 'id="plan-area"' in partial
    assert f'id="stand-{booked.pk}" class="stand state-booked highlight"' in partial


def test_stand_parameter_highlights_one_stand(client, venue, booked):
    html = client.get(floorplan_url(venue, stand=booked.pk, colour="show")).content.decode()
    assert f'id="stand-{booked.pk}" class="stand state-booked highlight"' in html and "colour-by-show" in html
    assert client.get(floorplan_url(venue, stand="not-a-number", hall="nowhere")).status_code == 200


def test_the_highlighted_stand_names_its_hall_in_the_page_language(client, venue, booked):
    venue.hall.name_ru = "Зал 1"
    venue.hall.save()
    html = client.get(floorplan_url(venue, stand=booked.pk), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    message = next(line for line in re.findall(r'<p class="muted">(.*?)</p>', html) if booked.code in line)
    assert "Зал 1" in message and "Hall 1" not in message


def test_floorplan_page_query_count_does_not_grow_with_stands(client, venue, booked, django_assert_num_queries):
    with django_assert_num_queries(5):  # event, its shows, halls, the hall's stands, the search
        client.get(floorplan_url(venue, q="caspian"))
    for index in range(10):
        make_stand(venue, f"N{index}", index * 3.5, 12, 3, 3)
    with django_assert_num_queries(5):
        client.get(floorplan_url(venue, q="caspian"))


def test_unknown_event_is_404(client, db):
    assert client.get("/events/no-such-event/floorplan/").status_code == 404


# --- organiser pages -----------------------------------------------------------------------------


def hall_url(venue, hall=None):
    return reverse("events:organiser_hall", kwargs={"event": venue.event.slug, "hall": (hall or venue.hall).code})


def test_organiser_pages_are_for_organisers_only(client, venue, booked):
    urls = [hall_url(venue), reverse("events:booking_queue", kwargs={"event": venue.event.slug})]
    for url in urls:
        assert client.get(url).status_code == 302  # to the sign-in page
    client.force_login(venue.admin_a)
    for url in urls:
        assert client.get(url).status_code == 403
    assert client.post(hall_url(venue), {"code": "X1"}).status_code == 403
    client.force_login(venue.organiser)
    for url in urls:
        assert client.get(url).status_code == 200


def stand_post(venue, **overrides):
    data = {"code": "B2", "show": venue.show.pk, "hall": venue.hall.pk, "kind": "shell",
            "x": "20", "y": "0", "width": "6", "depth": "3", "corners": "", "pavilion": "", "price_per_m2": ""}
    data.update(overrides)
    return data


def test_creating_a_stand_with_htmx_redraws_the_plan(client, venue, booked):
    client.force_login(venue.organiser)
    response = client.post(hall_url(venue), stand_post(venue), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    stand = Stand.objects.get(code="B2")
    assert response.status_code == 200 and "<html" not in html
    assert f'id="stand-{stand.pk}"' in html and "Stand B2 created" in html and stand.area_m2 == 18


def test_an_overlapping_stand_is_refused_naming_the_other_stand(client, venue, booked):
    client.force_login(venue.organiser)
    response = client.post(hall_url(venue), stand_post(venue, x="4", y="2"), HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert "overlaps stand A1" in response.content.decode()
    assert not Stand.objects.filter(code="B2").exists()
    corners = client.post(hall_url(venue), stand_post(venue, corners="0,0; 9,0; 9,9", x="", y="", width="", depth=""))
    assert corners.status_code == 400 and "overlaps stand A1" in corners.content.decode()
    garbage = client.post(hall_url(venue), stand_post(venue, corners="0,0; nonsense", x=""))
    assert garbage.status_code == 400 and "is not a corner" in garbage.content.decode()


def test_editing_and_blocking_a_stand(client, venue, booked):
    free = make_stand(venue, "C1", 20, 10)
    client.force_login(venue.organiser)
    edit_url = reverse("events:organiser_stand", kwargs={"event": venue.event.slug, "hall": "H1", "stand": free.pk})
    assert 'value="C1"' in client.get(edit_url, HTTP_HX_REQUEST="true").content.decode()
    response = client.post(edit_url, stand_post(venue, code="C1", x="30", y="10", width="10", depth="5"))
    assert response.status_code == 302
    free.refresh_from_db()
    assert free.area_m2 == 50 and free.polygon[0] == [30.0, 10.0]
    block_url = reverse("events:organiser_stand_block", kwargs={"event": venue.event.slug, "hall": "H1",
                                                                 "stand": free.pk})
    client.post(block_url, HTTP_HX_REQUEST="true")
    assert Stand.objects.get(pk=free.pk).state == Stand.State.BLOCKED
    held_block = client.post(block_url.replace(str(free.pk), str(booked.pk)), HTTP_HX_REQUEST="true")
    assert held_block.status_code == 400 and Stand.objects.get(pk=booked.pk).state == Stand.State.BOOKED


def test_booking_queue_confirms_and_declines_with_a_fixed_query_count(client, venue, django_assert_num_queries):
    stands = [make_stand(venue, f"Q{index}", index * 7, 0) for index in range(4)]
    for stand, (admin, exhibitor) in zip(stands, [(venue.admin_a, venue.exhibitor_a),
                                                  (venue.admin_b, venue.exhibitor_b)] * 2, strict=True):
        services.booking_request(actor=admin, exhibitor=exhibitor, stand_ids=[stand.pk])
    client.force_login(venue.organiser)
    url = reverse("events:booking_queue", kwargs={"event": venue.event.slug})
    client.get(url)  # warm the session
    with django_assert_num_queries(7):  # session, user, the user's roles (once), event, queue, recent, halls
        page = client.get(url)
    assert page.content.decode().count("Confirm</button>") == 4
    first, second = StandBooking.objects.order_by("id")[:2]
    client.post(reverse("events:booking_confirm", kwargs={"event": venue.event.slug, "booking": first.pk}))
    client.post(reverse("events:booking_decline", kwargs={"event": venue.event.slug, "booking": second.pk}))
    assert Stand.objects.get(pk=first.stand_id).state == Stand.State.BOOKED
    assert Stand.objects.get(pk=second.stand_id).state == Stand.State.AVAILABLE
    with django_assert_num_queries(7):
        client.get(url)


def test_a_decline_carries_the_organiser_s_reason_and_a_long_one_changes_nothing(
        client, venue, django_capture_on_commit_callbacks):
    from django.core import mail

    stand = make_stand(venue, "Q1", 0, 0)
    [booking] = services.booking_request(actor=venue.admin_a, exhibitor=venue.exhibitor_a, stand_ids=[stand.pk])
    client.force_login(venue.organiser)
    url = reverse("events:booking_decline", kwargs={"event": venue.event.slug, "booking": booking.pk})
    queue = client.get(reverse("events:booking_queue", kwargs={"event": venue.event.slug})).content.decode()
    assert 'name="reason"' in queue
    client.post(url, {"reason": "x" * 501})
    booking.refresh_from_db()
    assert booking.status == StandBooking.Status.REQUESTED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"reason": "  Reserved for the\nnational pavilion. "})
    booking.refresh_from_db()
    assert booking.status == StandBooking.Status.DECLINED and booking.note == "Reserved for the national pavilion."
    assert "Reserved for the national pavilion." in mail.outbox[0].body


def test_recent_decisions_are_listed_latest_decision_first(client, venue, settings):
    stands = [make_stand(venue, f"Q{index}", index * 7, 0) for index in range(2)]
    older, newer = [services.booking_request(actor=venue.admin_a, exhibitor=venue.exhibitor_a, stand_ids=[stand.pk])[0]
                    for stand in stands]
    settings.PAVILION_CLOCK = "2024-08-01T10:00:00+04:00"
    services.booking_confirm(actor=venue.organiser, booking=newer)  # the later request decided first
    settings.PAVILION_CLOCK = "2024-08-02T10:00:00+04:00"
    services.booking_decline(actor=venue.organiser, booking=older)
    client.force_login(venue.organiser)
    page = client.get(reverse("events:booking_queue", kwargs={"event": venue.event.slug})).content.decode()
    recent = page.split("Recent decisions")[1]
    assert recent.index("Q0") < recent.index("Q1")


# --- the exhibitor's booking page ----------------------------------------------------------------


def booking_url(venue):
    return reverse("events:stand_booking", kwargs={"event": venue.event.slug})


def test_booking_page_is_for_exhibitor_admins_of_the_event(client, venue):
    assert client.get(booking_url(venue)).status_code == 302
    client.force_login(UserFactory())
    assert client.get(booking_url(venue)).status_code == 403
    client.force_login(venue.admin_a)
    assert client.get(booking_url(venue)).status_code == 200


def test_an_exhibitor_requests_a_stand_and_sees_the_booking(client, venue):
    stand = make_stand(venue, "A1", 0, 0)
    client.force_login(venue.admin_a)
    response = client.post(booking_url(venue), {"exhibitor": venue.exhibitor_a.pk, "stands": [stand.pk]}, follow=True)
    html = response.content.decode()
    assert "Requested stand A1" in html and "Cancel the request</button>" in html
    assert Stand.objects.get(pk=stand.pk).exhibitor == venue.exhibitor_a


def test_a_stand_s_price_is_shown_in_the_event_s_currency_and_the_page_s_language(client, venue):
    """18 m² at 320.50 per m²: 5,769.00; the event's currency after each amount, the units in the page's language."""
    stand = make_stand(venue, "A1", 0, 0, price_per_m2=Decimal("320.50"))
    assert stand.price == Decimal("5769.00") and make_stand(venue, "A2", 10, 0).price is None
    venue.event.stand_currency = "EUR"
    venue.event.save()
    client.force_login(venue.admin_a)
    html = client.get(booking_url(venue)).content.decode()
    assert "A1 · Hall 1 · 18\u00a0m² · shell scheme · 5,769\u00a0EUR (320.50\u00a0EUR per m²)" in re.sub(r"[ \n]+", " ", html)
    russian = re.sub(r"[ \n]+", " ", client.get(booking_url(venue), HTTP_ACCEPT_LANGUAGE="ru").content.decode())
    assert "18\u00a0м²" in russian and "5\u00a0769\u00a0EUR (320,50\u00a0EUR за м²)" in russian
    client.force_login(venue.organiser)
    services.booking_request(actor=venue.admin_a, exhibitor=venue.exhibitor_a, stand_ids=[stand.pk])
    bookings = client.get(reverse("events:booking_queue", kwargs={"event": venue.event.slug})).content.decode()
    assert "18\u00a0m² · 5,769\u00a0EUR" in bookings


def test_a_taken_or_blocked_stand_gets_a_clear_message(client, venue):
    taken, blocked = make_stand(venue, "A1", 0, 0), make_stand(venue, "A2", 10, 0)
    services.booking_request(actor=venue.admin_b, exhibitor=venue.exhibitor_b, stand_ids=[taken.pk])
    services.stand_block(actor=venue.organiser, stand=blocked)
    client.force_login(venue.admin_a)
    for stand, words in [(taken, "has just been taken"), (blocked, "is blocked")]:
        response = client.post(booking_url(venue), {"exhibitor": venue.exhibitor_a.pk, "stands": [stand.pk]})
        assert response.status_code == 400 and words in response.content.decode()
    assert StandBooking.objects.count() == 1


def test_exhibitor_a_cannot_book_for_or_cancel_exhibitor_b(client, venue):
    stand = make_stand(venue, "A1", 0, 0)
    client.force_login(venue.admin_a)
    response = client.post(booking_url(venue), {"exhibitor": venue.exhibitor_b.pk, "stands": [stand.pk]})
    assert response.status_code == 403 and not StandBooking.objects.exists()
    [booking] = services.booking_request(actor=venue.admin_b, exhibitor=venue.exhibitor_b, stand_ids=[stand.pk])
    cancel = reverse("events:stand_booking_cancel", kwargs={"event": venue.event.slug, "booking": booking.pk})
    assert client.post(cancel).status_code == 403
    assert StandBooking.objects.get(pk=booking.pk).status == StandBooking.Status.REQUESTED
    assert cancel not in client.get(booking_url(venue)).content.decode()  # B's bookings are not listed to A
    client.force_login(venue.admin_b)
    client.post(cancel)
    assert StandBooking.objects.get(pk=booking.pk).status == StandBooking.Status.CANCELLED


def test_hall_page_and_booking_page_query_counts_do_not_grow_with_stands(client, venue, booked,
                                                                          django_assert_num_queries):
    pages = [(venue.organiser, hall_url(venue)), (venue.admin_a, booking_url(venue))]
    counts = {}
    for user, url in pages:
        client.force_login(user)
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts[url] = len(captured)
    for index in range(10):
        make_stand(venue, f"N{index}", index * 3.5, 12, 3, 3)
    services.booking_request(actor=venue.admin_a, exhibitor=venue.exhibitor_a,
                             stand_ids=[Stand.objects.get(code="N1").pk])
    for user, url in pages:
        client.force_login(user)
        client.get(url)
        with django_assert_num_queries(counts[url]):
            client.get(url)
    assert counts == {hall_url(venue): 11, booking_url(venue): 9}


def test_the_event_page_leads_from_each_show_to_its_exhibitors_and_plan(client, venue):
    """The show cards were a dead end: a name and a description, nothing to follow."""
    page = client.get(reverse("events:event", args=[venue.event.slug])).content.decode()
    for show in (venue.show, venue.other_show):
        assert f'{reverse("exhibitors:directory", args=[venue.event.slug])}?show={show.slug}"' in page
        assert f'{reverse("events:floorplan", args=[venue.event.slug])}?show={show.slug}"' in page


@pytest.mark.parametrize("language, last_day, dates", [
    ("en", 26, "24–26 September 2024"), ("ru", 26, "24–26 сентября 2024"), ("az", 26, "24–26 sentyabr 2024"),
    ("en", 24, "24 September 2024"), ("en", 32, "24 September 2024 – 2 October 2024"),
])
def test_each_show_card_gives_its_dates(client, venue, language, last_day, dates):
    """A show runs on its event's days: each card says which, in the page's language."""
    event = venue.event
    event.start_date = datetime.date(2024, 9, 24)
    event.end_date = event.start_date + datetime.timedelta(days=last_day - 24)
    event.save(update_fields=["start_date", "end_date"])
    client.cookies["django_language"] = language
    page = client.get(reverse("events:event", args=[event.slug])).content.decode()
    cards = re.findall(r'<article class="card">(.*?)</article>', page, re.S)
    assert len(cards) == 2
    for card in cards:
        shown = re.search(r"<p[^>]*data-show-dates[^>]*>(.*?)</p>", card, re.S)
        assert shown and re.sub(r"<[^>]+>", "", shown.group(1)) == dates


def test_asking_again_for_one_s_own_stand_says_so_not_that_someone_took_it(client, venue):
    stand = make_stand(venue, "Q1", 0, 0)
    services.booking_request(actor=venue.admin_a, exhibitor=venue.exhibitor_a, stand_ids=[stand.pk])
    client.force_login(venue.admin_a)
    response = client.post(booking_url(venue), {"exhibitor": venue.exhibitor_a.pk, "stands": [stand.pk]})
    page = response.content.decode()
    assert "You asked for stand" in page and "has just been taken" not in page
    assert StandBooking.objects.count() == 1


def test_the_booking_page_asks_before_a_request_is_cancelled_and_offers_no_cancel_of_a_confirmed_stand(
        client, venue, booked):
    """Asked in a disclosure (no script needed); a confirmed stand shows whom to ask instead."""
    waiting = make_stand(venue, "A2", 10, 0)
    [request] = services.booking_request(actor=venue.admin_a, exhibitor=venue.exhibitor_a, stand_ids=[waiting.pk])
    confirmed = StandBooking.objects.get(stand=booked)
    client.force_login(venue.admin_a)
    page = client.get(booking_url(venue)).content.decode()

    def cancel(booking):
        return reverse("events:stand_booking_cancel", kwargs={"event": venue.event.slug, "booking": booking.pk})

    question = re.search(r"<details[^>]*>\s*<summary>Cancel</summary>\s*<form method=\"post\" action=\"([^\"]+)\">"
                         r".*?<p>(.*?)</p>\s*<button type=\"submit\"[^>]*>Cancel the request</button>", page, re.S)
    assert question is not None and question.groups() == (cancel(request), "Cancel your request for stand A2?")
    assert cancel(confirmed) not in page
    assert "A confirmed stand can only be given back by the organiser: write to them." in page
    refused = client.post(cancel(confirmed), follow=True)
    assert "A confirmed stand can only be given back by the organiser: write to them." in refused.content.decode()
    assert StandBooking.objects.get(pk=confirmed.pk).status == StandBooking.Status.CONFIRMED
    client.post(cancel(request))
    assert StandBooking.objects.get(pk=request.pk).status == StandBooking.Status.CANCELLED
