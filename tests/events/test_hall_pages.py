"""The halls of the event's venue on Pavilion's own pages: the list with this event's stands in each,
a new hall and a hall's edit form; the code stays, sizes are positive and sensible, a hall never
shrinks past a stand of any event at the venue, codes are unique in the venue; bad input is a form
error that changes nothing; organiser staff see, only the organiser's administrators change; every
change is audited."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pavilion.core import roles
from pavilion.core.models import AuditEntry
from pavilion.events import services
from pavilion.events.models import Event, Hall
from tests.events.conftest import make_stand
from tests.factories import ShowFactory, UserFactory


def halls_url(venue) -> str:
    return f"/organiser/events/{venue.event.slug}/halls/"


def edit_url(venue, code: str) -> str:
    return f"/organiser/events/{venue.event.slug}/halls/{code}/edit/"


def new_hall(**changes) -> dict:
    return {"code": "OUT-A", "name_en": "Outdoor display A", "name_az": "Açıq sərgi A", "name_ru": "Открытая площадка А",
            "kind": "outdoor", "width_m": "120", "depth_m": "80.5", "order": "3", **changes}


def edited(hall: Hall, **changes) -> dict:
    return {"name_en": hall.name_en, "name_az": hall.name_az, "name_ru": hall.name_ru, "kind": hall.kind,
            "width_m": str(hall.width_m), "depth_m": str(hall.depth_m), "order": str(hall.order), **changes}


def test_the_page_lists_the_venue_s_halls_with_this_event_s_stands(client, venue):
    make_stand(venue, "A1", 0, 0)
    make_stand(venue, "A2", 6, 0)
    client.force_login(venue.organiser)
    page = client.get(halls_url(venue)).content.decode()
    assert 'data-hall="H1"' in page and 'data-hall="H2"' in page
    row = page.split('data-hall="H1"')[1].split("</tr>")[0]
    assert "Hall 1" in row and "40\u00a0m&nbsp;×&nbsp;20\u00a0m" in row and ">2<" in row
    russian = client.get(halls_url(venue), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "40\u00a0м&nbsp;×&nbsp;20\u00a0м" in russian.split('data-hall="H1"')[1].split("</tr>")[0]
    assert f'href="{edit_url(venue, "H1")}#hall-form"' in page and "Add the hall" in page
    # The hall's plan page and the set-up overview lead here.
    plan = client.get(f"/organiser/events/{venue.event.slug}/halls/H1/").content.decode()
    assert f'href="{halls_url(venue)}"' in plan
    setup = client.get(f"/events/{venue.event.slug}/set-up/").content.decode()
    assert f'href="{halls_url(venue)}"' in setup and "/admin/events/hall/add/" not in setup


def test_the_organiser_adds_a_hall_and_draws_on_its_plan(client, venue):
    client.force_login(venue.organiser)
    response = client.post(halls_url(venue), new_hall())
    assert response.status_code == 302 and response["Location"] == halls_url(venue)
    hall = Hall.objects.get(venue=venue.event.venue, code="OUT-A")
    assert (hall.name_az, hall.name_ru, hall.kind, hall.width_m, hall.depth_m, hall.order) == (
        "Açıq sərgi A", "Открытая площадка А", "outdoor", Decimal("120.00"), Decimal("80.50"), 3)
    entry = AuditEntry.objects.get(action="hall.create", object_id=str(hall.pk))
    assert entry.after["code"] == "OUT-A" and entry.after["width_m"] == "120.00"
    assert client.get(f"/organiser/events/{venue.event.slug}/halls/OUT-A/").status_code == 200


def test_a_hall_is_edited_and_its_code_stays(client, venue):
    client.force_login(venue.organiser)
    page = client.get(edit_url(venue, "H2")).content.decode()
    assert 'value="Hall 2"' in page and 'value="30"' in page and 'name="code"' not in page
    data = edited(venue.second_hall, name_en="Hall 2 (east)", name_ru="Зал 2", width_m="45", order="5", code="X9")
    assert client.post(edit_url(venue, "H2"), data).status_code == 302
    venue.second_hall.refresh_from_db()
    assert (venue.second_hall.code, venue.second_hall.name_en, venue.second_hall.name_ru, venue.second_hall.width_m,
            venue.second_hall.order) == ("H2", "Hall 2 (east)", "Зал 2", Decimal("45.00"), 5)
    entry = AuditEntry.objects.get(action="hall.update", object_id=str(venue.second_hall.pk))
    assert (entry.before["width_m"], entry.after["width_m"]) == ("30.00", "45.00")
    with pytest.raises(ValidationError) as error:
        services.hall_update(actor=venue.organiser, hall=venue.second_hall, code="H9")
    assert "cannot be changed" in error.value.message_dict["code"][0]


@pytest.mark.parametrize("changes, field, message", [
    ({"code": "H1"}, "code", "already has a hall H1"),
    ({"code": "h1"}, "code", "already has a hall h1"),
    ({"code": "Hall 3"}, "code", "letters, digits and hyphens"),
    ({"code": "H/3"}, "code", "letters, digits and hyphens"),
    ({"code": ""}, "code", "This field is required."),
    ({"name_en": "  "}, "name_en", ""),
    ({"kind": "roof"}, "kind", "Select a valid choice."),
    ({"width_m": "0"}, "width_m", "Give a size above 0 m."),
    ({"depth_m": "-5"}, "depth_m", "Give a size above 0 m."),
    ({"width_m": "1000.01"}, "width_m", "at most 1000 m across"),
    ({"depth_m": "abc"}, "depth_m", "Enter a number."),
    ({"order": "-1"}, "order", ""),
])
def test_a_bad_new_hall_is_a_form_error_and_creates_nothing(client, venue, changes, field, message):
    client.force_login(venue.organiser)
    before = Hall.objects.count()
    response = client.post(halls_url(venue), new_hall(**changes))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert Hall.objects.count() == before and not AuditEntry.objects.filter(action="hall.create").exists()


@pytest.mark.parametrize("fields, field, message", [
    ({"code": "H-3", "width_m": Decimal("0")}, "width_m", "Give a size above 0 m."),
    ({"code": "H-3", "depth_m": Decimal("2000")}, "depth_m", "at most 1000 m across"),
    ({"code": "H-3", "width_m": Decimal("10.005")}, "width_m", "to the centimetre"),
    ({"code": "H 3"}, "code", "letters, digits and hyphens"),
    ({"code": "H2"}, "code", "already has a hall H2"),
    ({"code": "H-3", "kind": "roof"}, "kind", "indoor hall or outdoor"),
    ({"code": "H-3", "order": 40000}, "order", "from 0 to 32767"),
    ({"code": "H-3", "name_en": ""}, "name_en", "Give the name in English."),
])
def test_the_service_names_the_field_of_a_bad_hall(venue, fields, field, message):
    values = {"code": "H3", "name_en": "Hall 3", "name_az": "", "name_ru": "", "kind": "indoor",
              "width_m": Decimal("50"), "depth_m": Decimal("40"), "order": 3, **fields}
    with pytest.raises(ValidationError) as error:
        services.hall_create(actor=venue.organiser, venue=venue.event.venue, **values)
    assert message in " ".join(error.value.message_dict[field])
    assert not Hall.objects.filter(code__in=("H3", "H-3", "H 3")).exists()


def test_a_hall_does_not_shrink_past_a_stand_of_any_event_at_the_venue(client, venue):
    make_stand(venue, "A1", 30, 0, 6, 3)  # reaches 36 m across this event's plan
    later = Event.objects.create(slug="adex-later", name_en="ADEX Later", organiser=venue.event.organiser,
                                 venue=venue.event.venue, start_date="2026-09-22", end_date="2026-09-24")
    make_stand(venue, "Z9", 0, 14, 4, 4, show=ShowFactory(event=later, slug="later-show"))  # 18 m deep
    client.force_login(venue.organiser)
    response = client.post(edit_url(venue, "H1"), edited(venue.hall, width_m="35", depth_m="17"))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "Stand A1 of" in errors["width_m"][0] and venue.event.name_en in errors["width_m"][0]
    assert "36 m across" in errors["width_m"][0]
    assert "Stand Z9 of ADEX Later reaches 18 m deep" in errors["depth_m"][0]
    venue.hall.refresh_from_db()
    assert (venue.hall.width_m, venue.hall.depth_m) == (Decimal("40.00"), Decimal("20.00"))
    assert not AuditEntry.objects.filter(action="hall.update").exists()
    # Down to the stands' edges is fine; growing is always fine.
    assert client.post(edit_url(venue, "H1"), edited(venue.hall, width_m="36", depth_m="18")).status_code == 302
    venue.hall.refresh_from_db()
    assert (venue.hall.width_m, venue.hall.depth_m) == (Decimal("36.00"), Decimal("18.00"))
    assert client.post(edit_url(venue, "H1"), edited(venue.hall, width_m="300")).status_code == 302


def test_staff_see_the_halls_and_only_administrators_change_them(client, venue):
    staff = UserFactory(username="orgstaff", role=roles.ORGANISER_STAFF)
    client.force_login(staff)
    page = client.get(halls_url(venue)).content.decode()
    assert 'data-hall="H1"' in page and "Add the hall" not in page and "/edit/" not in page
    assert client.post(halls_url(venue), new_hall()).status_code == 403
    assert client.post(edit_url(venue, "H1"), edited(venue.hall, name_en="Renamed")).status_code == 403
    with pytest.raises(PermissionDenied):
        services.hall_create(actor=staff, venue=venue.event.venue,
                             **new_hall(width_m=Decimal("10"), depth_m=Decimal("10"), order=1))
    with pytest.raises(PermissionDenied):
        services.hall_update(actor=staff, hall=venue.hall, name_en="Renamed")
    client.force_login(venue.admin_a)
    assert client.get(halls_url(venue)).status_code == 403
    assert client.post(halls_url(venue), new_hall()).status_code == 403
    client.logout()
    assert client.get(halls_url(venue)).status_code == 302  # to the sign-in page
    venue.hall.refresh_from_db()
    assert venue.hall.name_en == "Hall 1" and not Hall.objects.filter(code="OUT-A").exists()
    assert not AuditEntry.objects.filter(action__startswith="hall.").exists()


def test_a_hall_of_another_venue_is_not_found(client, venue):
    from tests.factories import HallFactory

    other = HallFactory(code="FAR")
    client.force_login(venue.organiser)
    assert client.get(edit_url(venue, other.code)).status_code == 404
    assert client.post(edit_url(venue, other.code), edited(other, name_en="Taken")).status_code == 404
