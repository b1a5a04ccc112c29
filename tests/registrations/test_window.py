"""The registration window: the public forms take registrations while the event is public, from its
opening time (if any) until its closing time (by default the end of its last day, in its time zone);
the organiser and security officers register people at any time."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from pavilion.registrations.models import Registration
from pavilion.registrations.selectors import registration_window
from tests.registrations.support import person

BAKU = zoneinfo.ZoneInfo("Asia/Baku")


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2024, 9, day, hour, minute, tzinfo=BAKU)


def test_by_default_open_until_the_end_of_the_last_day_in_the_event_s_time_zone(world):
    window = registration_window(world.event, now=at(26, 23, 59))
    assert window.state == "open" and window.closes == at(27, 0)
    assert registration_window(world.event, now=at(27, 0)).state == "closed"
    world.event.time_zone = "Europe/London"  # three hours behind Baku in September
    assert registration_window(world.event, now=at(27, 2, 59)).state == "open"


def test_the_organiser_s_times_and_a_hidden_event(world):
    world.event.registration_opens_at, world.event.registration_closes_at = at(1, 9), at(20, 18)
    world.event.save()
    assert registration_window(world.event, now=at(1, 8, 59)).state == "not-yet"
    assert registration_window(world.event, now=at(1, 9)).state == "open"
    assert registration_window(world.event, now=at(20, 18)).state == "closed"
    world.event.is_public = False
    assert registration_window(world.event, now=at(10, 12)).state == "hidden"


@pytest.mark.parametrize("setting, message", [
    ({"registration_closes_at": at(1, 9)}, "Registration for ADEX Test closed on 1 September 2024, 09:00 (Baku time)."),
    ({"registration_opens_at": at(2, 9)}, "Registration for ADEX Test opens on 2 September 2024, 09:00 (Baku time)."),
    ({"is_public": False}, "ADEX Test does not take registrations."),
])
def test_outside_the_window_a_registration_is_refused_and_nothing_saved(world, submit, setting, message):
    for field, value in setting.items():  # the tests' clock is 2024-09-01 10:00 in Baku
        setattr(world.event, field, value)
    world.event.save()
    for actor in (None, world.visitor, world.exhibitor_admin, world.liaison):
        with pytest.raises(ValidationError) as refused:
            submit(actor=actor)
        assert refused.value.messages == [message]
    assert not Registration.objects.exists()


def test_the_organiser_and_officers_register_people_at_any_time(world, submit):
    world.event.registration_closes_at = at(1, 9)
    world.event.save()
    submit(actor=world.organiser)
    submit(actor=world.officer, person=person(given_name="Rauf", email="rauf@example.test",
                                              document_number="C07654321"))
    assert Registration.objects.count() == 2


def test_the_public_forms_say_when_registration_closed_and_take_nothing(client, world):
    world.event.registration_closes_at = at(1, 9)
    world.event.save()
    closed = "Registration for ADEX Test closed on 1 September 2024, 09:00 (Baku time)."
    page = client.get("/events/adex-test/register/").content.decode()
    assert closed in page and 'data-category="trade-visitor"' not in page
    page = client.get("/events/adex-test/register/trade-visitor/")
    assert closed in page.content.decode() and "<form" not in page.content.decode().split("<main", 1)[1]
    response = client.post("/events/adex-test/register/trade-visitor/", {"given_name": "Leyla"})
    assert response.status_code == 400 and closed in response.content.decode()
    assert not Registration.objects.exists()
    # The organiser still registers people, with the window's message above the form.
    client.force_login(world.organiser)
    page = client.get("/events/adex-test/register/trade-visitor/").content.decode()
    assert closed in page and "As the organiser or a security officer" in page and 'name="given_name"' in page


def test_an_event_that_is_not_public_has_no_public_forms(client, world):
    world.event.is_public = False
    world.event.save()
    assert client.get("/events/adex-test/register/").status_code == 404
    assert client.get("/events/adex-test/register/trade-visitor/").status_code == 404
    client.force_login(world.officer)
    assert client.get("/events/adex-test/register/").status_code == 200


def test_a_category_that_closes_earlier_refuses_its_own_registrations_only(client, world, submit):
    """Media accreditation closes on 20 September for vetting; trade visitors still register. The
    category's message names it; its form and the list of forms say so; the organiser still registers."""
    media = world.categories["media"]
    media.closes_at = at(1, 9)  # the tests' clock is 2024-09-01 10:00 in Baku
    media.save()
    closed = "Registration as Media for ADEX Test closed on 1 September 2024, 09:00 (Baku time)."
    with pytest.raises(ValidationError) as refused:
        submit(category="media", actor=world.visitor)
    assert refused.value.messages == [closed]
    submit(category="trade-visitor", actor=world.visitor)
    assert list(Registration.objects.values_list("category__code", flat=True)) == ["trade-visitor"]
    assert registration_window(world.event, category=media).state == "closed"
    assert registration_window(world.event, category=world.categories["trade-visitor"]).state == "open"
    # A category closing after the event's closes with the event.
    media.closes_at = at(30, 9)
    assert registration_window(world.event, now=at(27, 0), category=media).closes == at(27, 0)
    media.closes_at = at(1, 9)

    page = client.get("/events/adex-test/register/").content.decode()
    assert 'href="/events/adex-test/register/trade-visitor/"' in page
    assert 'href="/events/adex-test/register/media/"' not in page and closed in page
    response = client.post("/events/adex-test/register/media/", {"given_name": "Leyla"})
    assert response.status_code == 400 and closed in response.content.decode()
    assert Registration.objects.count() == 1
    assert 'href="/events/adex-test/register/">See the other ways to register' in client.get(
        "/events/adex-test/register/media/").content.decode()
    client.force_login(world.organiser)
    assert 'href="/events/adex-test/register/media/"' in client.get("/events/adex-test/register/").content.decode()
    submit(category="media", actor=world.organiser, person=person(given_name="Rauf", email="rauf@example.test",
                                                                   document_number="C07654321"))
    assert Registration.objects.count() == 2


def test_the_organiser_sets_a_category_s_closing_on_the_event_s_clock(client, world):
    client.force_login(world.organiser)
    media = world.categories["media"]
    url = f"/events/adex-test/registration-categories/{media.pk}/"
    page = client.get(url)
    assert page.status_code == 200 and 'name="closes_at"' in page.content.decode()
    data = {field: value for field, value in {
        "name_en": media.name_en, "name_az": media.name_az, "name_ru": media.name_ru, "self_service": "on",
        "min_age": media.min_age, "access": media.access, "staff_per_100_m2": media.staff_per_100_m2,
        "badge_colour": media.badge_colour, "order": media.order, "closes_at": "2024-09-20T18:00"}.items()}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    media.refresh_from_db()
    assert media.closes_at == at(20, 18)
    assert "closes 2024-09-20 18:00" in client.get("/events/adex-test/registration-categories/").content.decode()


@pytest.mark.parametrize(("closes", "message"), [
    ("0001-01-01T00:00", "is not between 1900-01-01 and 2999-12-31"),  # year 1 overflowed into a 500
    ("2024-08-01T08:00", "registration opens (2024-08-02 09:00)"),
    ("someday", "Enter a valid date/time"),
    # After the event's end: the help text says "if earlier than the event's closing".
    ("2024-09-27T00:01", "Registration closes by the end of the event&#x27;s last day, 2024-09-26."),
    ("2031-09-20T18:00", "Registration closes by the end of the event&#x27;s last day, 2024-09-26."),
])
def test_a_bad_category_closing_is_a_form_error_and_changes_nothing(client, world, closes, message):
    world.event.registration_opens_at = at(1, 9) - datetime.timedelta(days=30)  # 2024-08-02 09:00
    world.event.save()
    client.force_login(world.organiser)
    media = world.categories["media"]
    response = client.post(f"/events/adex-test/registration-categories/{media.pk}/", {
        "name_en": media.name_en, "self_service": "on", "min_age": media.min_age, "access": media.access,
        "staff_per_100_m2": 0, "badge_colour": media.badge_colour, "order": media.order, "closes_at": closes})
    assert response.status_code == 400 and message in response.content.decode()
    media.refresh_from_db()
    assert media.closes_at is None


def test_the_closed_message_reads_as_people_write_a_date_in_russian_too(client, world):
    """"2024-09-01 09:00 (Asia/Baku)" was the server's way of writing it, in every language."""
    world.event.registration_closes_at = at(1, 9)
    world.event.save()
    client.cookies["django_language"] = "ru"
    page = client.get("/events/adex-test/register/").content.decode()
    assert "закрылась 1 сентября 2024, 09:00 (" in page
    assert "Asia/Baku" not in page and "2024-09-01 09:00" not in page


def test_a_category_may_close_at_the_end_of_the_event_s_last_day_but_not_after(world):
    from pavilion.registrations import services

    media = world.categories["media"]
    services.category_update(actor=world.organiser, category=media, closes_at=at(27, 0))
    media.refresh_from_db()
    assert media.closes_at == at(27, 0)
    with pytest.raises(ValidationError) as error:
        services.category_update(actor=world.organiser, category=media, closes_at=at(27, 0, 1))
    assert error.value.message_dict == {"closes_at": [
        "Registration closes by the end of the event's last day, 2024-09-26."]}
    media.refresh_from_db()
    assert media.closes_at == at(27, 0)
