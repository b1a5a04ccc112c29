from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pavilion.core.models import AuditEntry
from pavilion.events import services
from pavilion.events.geometry import rectangle
from pavilion.events.models import Stand, StandBooking
from pavilion.exhibitors.models import Exhibitor
from tests.events.conftest import make_stand
from tests.factories import EventFactory, ExhibitorFactory, HallFactory, ShowFactory, UserFactory


def test_create_computes_area_and_writes_the_audit_log(venue):
    stand = make_stand(venue, "A1", 0, 0, 6, 3)
    assert stand.area_m2 == Decimal("18.00")
    assert stand.state == Stand.State.AVAILABLE
    entry = AuditEntry.objects.get(action="stand.create", object_id=str(stand.pk))
    assert entry.actor == venue.organiser and entry.after["code"] == "A1"


def test_area_of_an_l_shaped_stand(venue):
    stand = services.stand_create(actor=venue.organiser, show=venue.show, hall=venue.hall, code="L1",
                                  polygon=[[0, 0], [6, 0], [6, 3], [3, 3], [3, 6], [0, 6]])
    assert stand.area_m2 == Decimal("27.00")


def test_overlap_is_refused_with_a_message_naming_the_other_stand(venue):
    make_stand(venue, "A1", 0, 0, 6, 3)
    with pytest.raises(ValidationError) as caught:
        make_stand(venue, "B7", 5, 1, 6, 3)
    assert "A1" in " ".join(caught.value.message_dict["polygon"])
    assert list(Stand.objects.values_list("code", flat=True)) == ["A1"]


def test_the_refusals_name_the_hall_in_the_pages_language(venue):
    """They named the hall by its English name on the Azerbaijani and Russian pages ("… (Hall 1)") and wrote
    its size as 40.00 m."""
    from django.utils import translation

    venue.hall.name_az, venue.hall.name_ru = "1 saylı zal", "Зал 1"
    venue.hall.save()
    make_stand(venue, "A1", 0, 0, 6, 3)
    for language, name in (("az", "1 saylı zal"), ("ru", "Зал 1")):
        with translation.override(language), pytest.raises(ValidationError) as caught:
            make_stand(venue, "A1", 5, 1, 60, 3)
        messages = " ".join(message for errors in caught.value.message_dict.values() for message in errors)
        assert name in messages and "Hall 1" not in messages and "40.00" not in messages and "40 " in messages


def test_a_stand_taken_meanwhile_is_named_with_its_hall_in_the_pages_language(venue):
    from django.utils import translation

    venue.hall.name_ru = "Зал 1"
    venue.hall.save()
    stand = make_stand(venue, "A1", 0, 0, 6, 3)
    services.stand_block(actor=venue.organiser, stand=stand)
    with translation.override("ru"), pytest.raises(ValidationError) as caught:
        services.booking_request(actor=venue.admin_a, exhibitor=venue.exhibitor_a, stand_ids=[stand.pk])
    assert "A1 (Зал 1)" in " ".join(caught.value.messages)


def test_stands_sharing_an_edge_do_not_overlap(venue):
    make_stand(venue, "A1", 0, 0, 6, 3)
    make_stand(venue, "A2", 6, 0, 6, 3)
    assert Stand.objects.count() == 2


def test_a_stand_of_another_event_at_the_same_hall_does_not_count_as_overlap(venue):
    make_stand(venue, "A1", 0, 0, 6, 3)
    next_year = ShowFactory(event=EventFactory(venue=venue.event.venue, slug="adex-next"))
    services.stand_create(actor=venue.organiser, show=next_year, hall=venue.hall, code="N1",
                          polygon=rectangle(0, 0, 6, 3))
    assert Stand.objects.count() == 2


@pytest.mark.parametrize(
    ("polygon", "words"),
    [
        (rectangle(38, 0, 6, 3), "outside Hall 1"),
        (rectangle(-1, 0, 6, 3), "outside Hall 1"),
        ([[0, 0], [4, 0]], "three corners"),
        ([[0, 0], [4, 4], [4, 0], [0, 4]], "sides cross each other"),
        ([[0, 0], [0, 0], [0, 0], [0, 0]], "has no area"),
        ([[0, 0], [4, 4], [8, 8]], "has no area"),
        ([[0, 0], ["x", 1], [3, 3]], "pair of numbers"),
        ([[0, 0], ["nan", 1], [3, 3]], "pair of numbers"),
        ("not a list", "three corners"),
    ],
)
def test_bad_shapes_are_refused_on_the_polygon_field(venue, polygon, words):
    with pytest.raises(ValidationError) as caught:
        services.stand_create(actor=venue.organiser, show=venue.show, hall=venue.hall, code="X1", polygon=polygon)
    assert words in " ".join(caught.value.message_dict["polygon"])
    assert not Stand.objects.exists() and not AuditEntry.objects.exists()


def test_a_shape_s_refusal_is_in_the_page_s_language_without_the_library_s_words(venue):
    from django.utils import translation

    with translation.override("ru"), pytest.raises(ValidationError) as caught:
        services.stand_create(actor=venue.organiser, show=venue.show, hall=venue.hall, code="X1",
                              polygon=[[0, 0], [4, 4], [4, 0], [0, 4]])
    message = " ".join(caught.value.message_dict["polygon"])
    assert "Self-intersection" not in message and "пересекаются" in message


def test_code_is_unique_in_the_hall_whatever_the_case(venue):
    make_stand(venue, "A1", 0, 0)
    with pytest.raises(ValidationError) as caught:
        make_stand(venue, "a1", 10, 10)
    assert "already used" in caught.value.message_dict["code"][0]
    make_stand(venue, "A1", 0, 0, hall=venue.second_hall)  # the same code in another hall is fine


def test_a_code_is_unique_in_its_hall_for_one_event_across_its_shows(venue):
    make_stand(venue, "A1", 0, 0)
    with pytest.raises(ValidationError) as caught:
        make_stand(venue, "A1", 10, 10, show=venue.other_show)  # the other show of the same event
    assert "already used" in caught.value.message_dict["code"][0]
    next_year = ShowFactory(event=EventFactory(venue=venue.event.venue, slug="adex-next"))
    again = services.stand_create(actor=venue.organiser, show=next_year, hall=venue.hall, code="A1",
                                  polygon=rectangle(10, 10, 6, 3))
    assert again.event == next_year.event  # next year's event at the same venue reuses the code


def test_the_database_refuses_a_duplicate_code_in_the_hall_of_one_event(venue):
    from django.db import IntegrityError, transaction

    first = make_stand(venue, "A1", 0, 0)
    assert first.event_id == venue.event.pk
    with pytest.raises(IntegrityError), transaction.atomic():
        Stand.objects.create(show=venue.other_show, hall=venue.hall, code="a1", polygon=rectangle(10, 10, 3, 3),
                             area_m2=9)
    other_event = ShowFactory(event=EventFactory(venue=venue.event.venue, slug="adex-later"))
    Stand.objects.create(show=other_event, hall=venue.hall, code="A1", polygon=rectangle(10, 10, 3, 3), area_m2=9)
    assert Stand.objects.filter(hall=venue.hall, code="A1").count() == 2


def test_a_hall_of_another_venue_is_refused(venue):
    elsewhere = HallFactory(code="Z", name_en="Elsewhere")
    with pytest.raises(ValidationError) as caught:
        make_stand(venue, "A1", 0, 0, hall=elsewhere)
    assert "not at the venue" in caught.value.message_dict["hall"][0]


def test_only_the_organiser_changes_stands(venue):
    with pytest.raises(PermissionDenied):
        services.stand_create(actor=venue.admin_a, show=venue.show, hall=venue.hall, code="A1",
                              polygon=rectangle(0, 0, 3, 3))
    stand = make_stand(venue, "A1", 0, 0)
    for change in (services.stand_block, services.stand_delete):
        with pytest.raises(PermissionDenied):
            change(actor=UserFactory(), stand=stand)


def test_moving_a_stand_onto_another_is_refused_and_changes_nothing(venue):
    make_stand(venue, "A1", 0, 0)
    moving = make_stand(venue, "A2", 10, 0)
    with pytest.raises(ValidationError) as caught:
        services.stand_update(actor=venue.organiser, stand=moving, polygon=rectangle(2, 1, 6, 3), code="A2b")
    assert "A1" in caught.value.message_dict["polygon"][0]
    moving.refresh_from_db()
    assert moving.code == "A2" and moving.polygon == rectangle(10, 0, 6, 3)


def test_update_recomputes_the_area(venue):
    stand = make_stand(venue, "A1", 0, 0)
    services.stand_update(actor=venue.organiser, stand=stand, polygon=rectangle(0, 0, 10, 5))
    stand.refresh_from_db()
    assert stand.area_m2 == Decimal("50.00")
    assert AuditEntry.objects.filter(action="stand.update").get().before["area_m2"] == "18.00"


def test_block_and_unblock(venue):
    stand = make_stand(venue, "A1", 0, 0)
    services.stand_block(actor=venue.organiser, stand=stand)
    assert Stand.objects.get(pk=stand.pk).state == Stand.State.BLOCKED
    with pytest.raises(ValidationError):
        services.stand_block(actor=venue.organiser, stand=stand)
    services.stand_unblock(actor=venue.organiser, stand=stand)
    assert Stand.objects.get(pk=stand.pk).state == Stand.State.AVAILABLE


def test_a_held_stand_can_be_neither_blocked_nor_deleted(venue):
    stand = make_stand(venue, "A1", 0, 0)
    services.booking_request(actor=venue.admin_a, exhibitor=venue.exhibitor_a, stand_ids=[stand.pk])
    with pytest.raises(ValidationError) as caught:
        services.stand_block(actor=venue.organiser, stand=stand)
    assert "Reserved" in caught.value.messages[0] or "reserved" in caught.value.messages[0]
    with pytest.raises(ValidationError):
        services.stand_delete(actor=venue.organiser, stand=Stand.objects.get(pk=stand.pk))
    assert Stand.objects.filter(pk=stand.pk, state=Stand.State.RESERVED).exists()


def test_request_confirm_the_whole_way(venue):
    stand = make_stand(venue, "A1", 0, 0)
    [booking] = services.booking_request(actor=venue.admin_a, exhibitor=venue.exhibitor_a, stand_ids=[stand.pk],
                                         note="corner please")
    stand.refresh_from_db()
    assert (stand.state, stand.exhibitor) == (Stand.State.RESERVED, venue.exhibitor_a)
    assert booking.status == StandBooking.Status.REQUESTED and booking.requested_by == venue.admin_a
    services.booking_confirm(actor=venue.organiser, booking=booking)
    stand.refresh_from_db()
    booking.refresh_from_db()
    assert stand.state == Stand.State.BOOKED and booking.status == StandBooking.Status.CONFIRMED
    assert booking.decided_by == venue.organiser and booking.decided_at is not None
    with pytest.raises(ValidationError) as caught:
        services.booking_confirm(actor=venue.organiser, booking=booking)
    assert "already" in caught.value.message_dict["status"][0]


def test_the_request_time_follows_the_pavilion_clock(venue, settings):
    settings.PAVILION_CLOCK = "2024-09-20T09:30:00+04:00"
    stand = make_stand(venue, "A1", 0, 0)
    [booking] = services.booking_request(actor=venue.admin_a, exhibitor=venue.exhibitor_a, stand_ids=[stand.pk])
    booking.refresh_from_db()
    assert booking.requested_at.isoformat() == "2024-09-20T05:30:00+00:00"


def test_decline_and_cancel_give_the_stand_back(venue):
    first, second = make_stand(venue, "A1", 0, 0), make_stand(venue, "A2", 10, 0)
    [declined] = services.booking_request(actor=venue.admin_a, exhibitor=venue.exhibitor_a, stand_ids=[first.pk])
    services.booking_decline(actor=venue.organiser, booking=declined)
    [cancelled] = services.booking_request(actor=venue.admin_a, exhibitor=venue.exhibitor_a, stand_ids=[second.pk])
    services.booking_confirm(actor=venue.organiser, booking=cancelled)
    services.booking_cancel(actor=venue.organiser, booking=cancelled)  # the organiser releases a confirmed stand
    for stand in (first, second):
        stand.refresh_from_db()
        assert (stand.state, stand.exhibitor) == (Stand.State.AVAILABLE, None)
    assert set(StandBooking.objects.values_list("status", flat=True)) == {"declined", "cancelled"}
    # a stand that was given back can be requested again (the partial unique index allows it)
    services.booking_request(actor=venue.admin_b, exhibitor=venue.exhibitor_b, stand_ids=[first.pk])


def test_a_blocked_stand_cannot_be_requested(venue):
    stand = make_stand(venue, "A1", 0, 0)
    services.stand_block(actor=venue.organiser, stand=stand)
    with pytest.raises(ValidationError) as caught:
        services.booking_request(actor=venue.admin_a, exhibitor=venue.exhibitor_a, stand_ids=[stand.pk])
    assert "A1" in caught.value.message_dict["stands"][0] and "blocked" in caught.value.message_dict["stands"][0]
    assert not StandBooking.objects.exists()


def test_a_request_is_all_or_nothing(venue):
    free, taken = make_stand(venue, "A1", 0, 0), make_stand(venue, "A2", 10, 0)
    services.booking_request(actor=venue.admin_b, exhibitor=venue.exhibitor_b, stand_ids=[taken.pk])
    with pytest.raises(ValidationError) as caught:
        services.booking_request(actor=venue.admin_a, exhibitor=venue.exhibitor_a, stand_ids=[free.pk, taken.pk])
    assert "A2" in caught.value.message_dict["stands"][0] and "taken" in caught.value.message_dict["stands"][0]
    free.refresh_from_db()
    assert free.state == Stand.State.AVAILABLE and free.exhibitor is None
    assert StandBooking.objects.count() == 1


def test_requests_are_checked_for_show_and_existence(venue):
    securex_stand = make_stand(venue, "S1", 0, 10, show=venue.other_show)
    with pytest.raises(ValidationError) as caught:
        services.booking_request(actor=venue.admin_a, exhibitor=venue.exhibitor_a, stand_ids=[securex_stand.pk])
    assert "not part of ADEX" in caught.value.message_dict["stands"][0]
    with pytest.raises(ValidationError) as caught:
        services.booking_request(actor=venue.admin_a, exhibitor=venue.exhibitor_a, stand_ids=[999999])
    assert "999999" in caught.value.message_dict["stands"][0]
    with pytest.raises(ValidationError) as caught:
        services.booking_request(actor=venue.admin_a, exhibitor=venue.exhibitor_a, stand_ids=[])
    assert "stands" in caught.value.message_dict


def test_exhibitor_a_can_neither_book_for_nor_cancel_for_exhibitor_b(venue):
    stand = make_stand(venue, "A1", 0, 0)
    with pytest.raises(PermissionDenied):
        services.booking_request(actor=venue.admin_a, exhibitor=venue.exhibitor_b, stand_ids=[stand.pk])
    [booking] = services.booking_request(actor=venue.admin_b, exhibitor=venue.exhibitor_b, stand_ids=[stand.pk])
    with pytest.raises(PermissionDenied):
        services.booking_cancel(actor=venue.admin_a, booking=booking)
    with pytest.raises(PermissionDenied):
        services.booking_confirm(actor=venue.admin_b, booking=booking)
    booking.refresh_from_db()
    assert booking.status == StandBooking.Status.REQUESTED


def test_a_withdrawn_exhibitor_cannot_book(venue):
    stand = make_stand(venue, "A1", 0, 0)
    withdrawn = ExhibitorFactory(company=venue.exhibitor_a.company, show=venue.other_show, status="withdrawn")
    with pytest.raises(ValidationError) as caught:
        services.booking_request(actor=venue.admin_a, exhibitor=withdrawn, stand_ids=[stand.pk])
    assert "exhibitor" in caught.value.message_dict


def test_a_request_racing_a_withdrawal_reserves_nothing(venue):
    """The page loaded the exhibitor while it was approved; the organiser withdrew it before the request
    reached the stands: the status is read again under the exhibitor's lock."""
    stand = make_stand(venue, "A1", 0, 0)
    loaded = Exhibitor.objects.get(pk=venue.exhibitor_a.pk)
    Exhibitor.objects.filter(pk=loaded.pk).update(status="withdrawn")
    with pytest.raises(ValidationError) as caught:
        services.booking_request(actor=venue.admin_a, exhibitor=loaded, stand_ids=[stand.pk])
    assert "exhibitor" in caught.value.message_dict
    stand.refresh_from_db()
    assert stand.state == "available" and not StandBooking.objects.exists()


def test_a_declined_stand_keeps_its_history_and_cannot_be_deleted(venue):
    stand = make_stand(venue, "A1", 0, 0)
    [booking] = services.booking_request(actor=venue.admin_a, exhibitor=venue.exhibitor_a, stand_ids=[stand.pk])
    services.booking_decline(actor=venue.organiser, booking=booking, note="Reserved for a pavilion")
    with pytest.raises(ValidationError) as caught:
        services.stand_delete(actor=venue.organiser, stand=Stand.objects.get(pk=stand.pk))
    assert "block the stand instead" in caught.value.messages[0]
    assert StandBooking.objects.filter(pk=booking.pk).exists()
    services.stand_delete(actor=venue.organiser, stand=make_stand(venue, "A2", 10, 0))  # no history: it goes


def test_a_decline_reason_longer_than_the_booking_keeps_is_refused_not_cut(venue):
    stand = make_stand(venue, "A1", 0, 0)
    [booking] = services.booking_request(actor=venue.admin_a, exhibitor=venue.exhibitor_a, stand_ids=[stand.pk])
    with pytest.raises(ValidationError) as caught:
        services.booking_decline(actor=venue.organiser, booking=booking, note="x" * 501)
    assert "500" in caught.value.message_dict["note"][0]
    booking.refresh_from_db()
    assert booking.status == StandBooking.Status.REQUESTED and booking.note == ""


def test_an_exhibitor_takes_back_a_request_but_not_a_confirmed_stand(venue):
    """A confirmed stand is in the organiser's plans and the catalogue: dropping it in one click, during
    the show even, is the organiser's call; the exhibitor writes to them."""
    requested, confirmed = make_stand(venue, "A1", 0, 0), make_stand(venue, "A2", 10, 0)
    [request] = services.booking_request(actor=venue.admin_a, exhibitor=venue.exhibitor_a, stand_ids=[requested.pk])
    [booking] = services.booking_request(actor=venue.admin_a, exhibitor=venue.exhibitor_a, stand_ids=[confirmed.pk])
    services.booking_confirm(actor=venue.organiser, booking=booking)
    audited = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.booking_cancel(actor=venue.admin_a, booking=booking)
    assert caught.value.message_dict["status"] == [
        "A confirmed stand can only be given back by the organiser: write to them."]
    booking.refresh_from_db()
    confirmed.refresh_from_db()
    assert (booking.status, confirmed.state, confirmed.exhibitor_id) == ("confirmed", "booked", venue.exhibitor_a.pk)
    assert AuditEntry.objects.count() == audited
    services.booking_cancel(actor=venue.admin_a, booking=request)
    request.refresh_from_db()
    assert request.status == "cancelled"
    services.booking_cancel(actor=venue.organiser, booking=booking)
    booking.refresh_from_db()
    assert booking.status == "cancelled"


@pytest.mark.parametrize("polygon", [
    [[50, 0], [50.001, 0], [50, 0.001]],  # the reviewer's sliver: 0 m², a rent of 0
    [[0, 0], [0.9, 0], [0.9, 1], [0, 1]],  # 0.9 m²
])
def test_a_stand_covers_at_least_one_square_metre(venue, polygon):
    hall = HallFactory(venue=venue.event.venue, code="H9", name_en="Hall 9", width_m=100, depth_m=100)
    with pytest.raises(ValidationError) as caught:
        services.stand_create(actor=venue.organiser, show=venue.show, hall=hall, code="X1", polygon=polygon)
    assert caught.value.message_dict["polygon"] == ["A stand covers at least 1 m²."]
    assert not Stand.objects.exists() and not AuditEntry.objects.exists()
    stand = services.stand_create(actor=venue.organiser, show=venue.show, hall=hall, code="X1",
                                  polygon=[[0, 0], [1, 0], [1, 1], [0, 1]])
    assert stand.area_m2 == Decimal("1.00")
    with pytest.raises(ValidationError):  # nor may an edit shrink one below it
        services.stand_update(actor=venue.organiser, stand=stand, polygon=polygon)
    stand.refresh_from_db()
    assert stand.area_m2 == Decimal("1.00")
