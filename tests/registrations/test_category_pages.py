"""The organiser's page for the registration categories: each category's rules (public form,
approval, age, photo, document, days, staff quota, badge colour) set without the back office,
by the organiser's administrators only; a colour the badge's white writing cannot be read on is
refused; bad input changes nothing; the change is audited and reaches the public form."""

import pytest
from django.core.exceptions import ValidationError

from pavilion.core.colours import contrast_with_white
from pavilion.core.models import AuditEntry
from pavilion.registrations import services
from pavilion.registrations.categories import DEFAULTS
from pavilion.registrations.models import RegistrationCategory
from tests.factories import EventFactory


def url(world, tail=""):
    return f"/events/{world.event.slug}/registration-categories/{tail}"


def form_values(category, **changes) -> dict:
    values = {"name_en": category.name_en, "name_az": category.name_az, "name_ru": category.name_ru,
              "min_age": category.min_age, "access": category.access, "staff_per_100_m2": category.staff_per_100_m2,
              "badge_colour": category.badge_colour, "order": category.order}
    for flag in ("self_service", "auto_approve", "requires_photo", "requires_document"):
        if getattr(category, flag):
            values[flag] = "on"
    values.update(changes)
    return {key: value for key, value in values.items() if value is not None}


def saved(category) -> dict:
    category.refresh_from_db()
    return {field: getattr(category, field) for field in services.CATEGORY_FIELDS}


def test_only_the_organisers_administrators_set_categories(client, world):
    media = world.categories["media"]
    for user in (world.organiser_staff, world.officer, world.exhibitor_admin, world.visitor):
        client.force_login(user)
        assert client.get(url(world)).status_code == 403
        assert client.post(url(world, f"{media.pk}/"), form_values(media, name_en="Press")).status_code == 403
    assert RegistrationCategory.objects.get(pk=media.pk).name_en == "Media"


def test_the_list_shows_every_category_and_links_from_the_registrations(client, world):
    client.force_login(world.organiser)
    page = client.get(url(world)).content.decode()
    assert page.count("data-category=") == RegistrationCategory.objects.filter(event=world.event).count()
    assert "Choose a category to edit it." in page
    assert url(world) in client.get(f"/events/{world.event.slug}/registrations/").content.decode()
    client.force_login(world.organiser_staff)
    assert url(world) not in client.get(f"/events/{world.event.slug}/registrations/").content.decode()


def test_closing_the_public_form_of_a_category_takes_it_off_the_registration_page(client, world):
    media = world.categories["media"]
    assert f"/register/{media.code}/" in client.get(f"/events/{world.event.slug}/register/").content.decode()
    client.force_login(world.organiser)
    response = client.post(url(world, f"{media.pk}/"), form_values(media, self_service=None, min_age=21,
                                                                   badge_colour="#4A148C", name_ru="Пресса"))
    assert response.status_code == 302
    after = saved(media)
    assert (after["self_service"], after["min_age"], after["badge_colour"], after["name_ru"]) == (
        False, 21, "#4a148c", "Пресса")
    entry = AuditEntry.objects.get(action="category.update", object_id=str(media.pk))
    assert (entry.before["self_service"], entry.after["self_service"]) == (True, False)
    client.logout()
    assert f"/register/{media.code}/" not in client.get(f"/events/{world.event.slug}/register/").content.decode()


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"badge_colour": "#ffff00"}, "badge_colour", "too light"),
    ({"badge_colour": "#ffffff"}, "badge_colour", "too light"),
    ({"badge_colour": "red"}, "badge_colour", "six hexadecimal digits"),
    ({"badge_colour": "#12345g"}, "badge_colour", "six hexadecimal digits"),
    ({"badge_colour": ""}, "badge_colour", "This field is required"),
    ({"min_age": "100"}, "min_age", "less than or equal to 99"),
    ({"min_age": "-1"}, "min_age", "greater than or equal to 0"),
    ({"min_age": "eighteen"}, "min_age", "Enter a whole number"),
    ({"staff_per_100_m2": "101"}, "staff_per_100_m2", "less than or equal to 100"),
    ({"access": "forever"}, "access", "Select a valid choice"),
    ({"name_en": "  "}, "name_en", "This field is required"),
    ({"order": "99999999"}, "order", "less than or equal to 999"),  # (SQLite would have stored it)
])
def test_bad_input_says_why_and_changes_nothing(client, world, changes, field, message):
    staff = world.categories["exhibitor-staff"]
    before = saved(staff)
    client.force_login(world.organiser)
    response = client.post(url(world, f"{staff.pk}/"), form_values(staff, **changes))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert saved(staff) == before
    assert not AuditEntry.objects.filter(action="category.update").exists()


def test_a_category_of_another_event_is_not_found(client, world):
    other = EventFactory(slug="another-show")
    foreign = RegistrationCategory.objects.create(event=other, code="media", name_en="Media")
    client.force_login(world.organiser)
    assert client.get(url(world, f"{foreign.pk}/")).status_code == 404
    assert client.post(url(world, f"{foreign.pk}/"), form_values(foreign, name_en="Taken")).status_code == 404
    assert RegistrationCategory.objects.get(pk=foreign.pk).name_en == "Media"


def test_every_default_colour_is_dark_enough_for_the_badges_white_writing():
    for code, (_en, _az, _ru, options) in DEFAULTS.items():
        colour = options.get("badge_colour", RegistrationCategory._meta.get_field("badge_colour").default)
        assert contrast_with_white(colour) >= services.LEAST_BADGE_CONTRAST, code


def test_the_contrast_is_wcags():
    assert contrast_with_white("#000000") == pytest.approx(21.0)
    assert contrast_with_white("#ffffff") == pytest.approx(1.0)
    assert contrast_with_white("#767676") == pytest.approx(4.54, abs=0.01)  # the known 4.5:1 grey


def test_the_service_itself_refuses_out_of_range_settings(world):
    media = world.categories["media"]
    for changes in ({"min_age": 150}, {"staff_per_100_m2": 500}, {"order": 5000}, {"access": "never"},
                    {"badge_colour": "#fff"}, {"name_en": ""}):
        with pytest.raises(ValidationError):
            services.category_update(actor=world.organiser, category=media, **changes)
    with pytest.raises(ValueError):
        services.category_update(actor=world.organiser, category=media, code="vip")
    assert saved(media)["min_age"] == 18


def test_a_new_event_gets_the_standard_categories_from_its_categories_page(client, world):
    new = EventFactory(slug="adex-next")
    client.force_login(world.organiser)
    page = client.get(f"/events/{new.slug}/registration-categories/").content.decode()
    assert "nobody can register" in page and "Choose a category to edit it." not in page
    assert f"/events/{new.slug}/registration-categories/defaults/" in page
    response = client.post(f"/events/{new.slug}/registration-categories/defaults/", follow=True)
    assert set(RegistrationCategory.objects.filter(event=new).values_list("code", flat=True)) == set(DEFAULTS)
    shown = " ".join(str(message) for message in response.context["messages"])
    assert f"Created {len(DEFAULTS)} categories." in shown and "Trade visitor" in shown  # its public form is open
    assert AuditEntry.objects.filter(action="category.create").count() == len(DEFAULTS)
    assert f"/register/{RegistrationCategory.Code.TRADE_VISITOR}/" in client.get(f"/events/{new.slug}/register/").content.decode()
    # Again: nothing more is created, and the other event's categories are untouched.
    client.post(f"/events/{new.slug}/registration-categories/defaults/")
    assert RegistrationCategory.objects.filter(event=new).count() == len(DEFAULTS)
    assert RegistrationCategory.objects.filter(event=world.event).count() == len(DEFAULTS)


def test_only_the_organisers_administrators_create_the_standard_categories(client, world):
    new = EventFactory(slug="adex-next")
    for user in (world.organiser_staff, world.officer, world.exhibitor_admin, world.visitor):
        client.force_login(user)
        assert client.post(f"/events/{new.slug}/registration-categories/defaults/").status_code == 403
    client.force_login(world.organiser)
    assert client.get(f"/events/{new.slug}/registration-categories/defaults/").status_code == 405
    assert not RegistrationCategory.objects.filter(event=new).exists()


@pytest.mark.django_db
def test_the_standard_categories_keep_one_the_organiser_made_and_come_in_their_order():
    from pavilion.registrations.categories import ensure_categories

    event = EventFactory(slug="adex-next")
    media = RegistrationCategory.objects.create(event=event, code=RegistrationCategory.Code.MEDIA, name_en="Press",
                                                order=40)
    categories = ensure_categories(event)
    assert list(categories) == list(DEFAULTS)
    assert categories[RegistrationCategory.Code.MEDIA].pk == media.pk
    assert categories[RegistrationCategory.Code.MEDIA].name_en == "Press"  # not overwritten
    assert categories[RegistrationCategory.Code.VIP].name_ru == "VIP" and categories[RegistrationCategory.Code.VIP].pk
    assert ensure_categories(event) == categories
    assert RegistrationCategory.objects.filter(event=event).count() == len(DEFAULTS)
