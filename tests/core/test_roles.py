import pytest
from django.contrib.auth.models import AnonymousUser, Group

from pavilion.core import roles
from tests.factories import UserFactory


@pytest.mark.django_db
def test_ensure_roles_creates_each_role_of_design_once():
    first = roles.ensure_roles()
    second = roles.ensure_roles()
    assert set(first) == set(roles.ALL_ROLES)
    assert {name: group.pk for name, group in first.items()} == {name: group.pk for name, group in second.items()}
    assert Group.objects.filter(name__in=roles.ALL_ROLES).count() == len(roles.ALL_ROLES)


@pytest.mark.django_db
def test_ensure_roles_keeps_the_groups_that_exist_and_adds_the_missing_ones():
    kept = Group.objects.create(name=roles.MEDIA)
    groups = roles.ensure_roles()
    assert groups[roles.MEDIA].pk == kept.pk
    assert Group.objects.filter(name__in=roles.ALL_ROLES).count() == len(roles.ALL_ROLES)


@pytest.mark.django_db
def test_role_checks_follow_the_groups():
    officer = UserFactory(role=roles.SECURITY_OFFICER)
    organiser = UserFactory(role=roles.ORGANISER_STAFF)
    assert roles.is_security_officer(officer) and not roles.is_organiser(officer)
    assert roles.is_organiser(organiser) and not roles.is_security_officer(organiser)
    assert not roles.has_role(AnonymousUser(), roles.MEDIA)
    assert roles.has_role(UserFactory(is_superuser=True), roles.SECURITY_OFFICER)


@pytest.mark.django_db
def test_setting_up_the_event_is_for_the_organisers_administrators_whichever_page_calls_the_service():
    """Organiser staff run the show; the services themselves refuse them the set-up, and change nothing."""
    import datetime

    from django.core.exceptions import PermissionDenied

    from pavilion.events import services as events
    from pavilion.events.models import Event
    from pavilion.exhibitors import services as exhibitors
    from pavilion.registrations import services as registrations
    from pavilion.registrations.categories import ensure_categories
    from pavilion.registrations.models import CountryPolicy, RegistrationCategory
    from tests.factories import CompanyFactory, EventFactory, ShowFactory

    staff = UserFactory(role=roles.ORGANISER_STAFF)
    admin = UserFactory(role=roles.ORGANISER_ADMIN)
    event = EventFactory()
    show = ShowFactory(event=event)
    category = ensure_categories(event)[RegistrationCategory.Code.TRADE_VISITOR]
    new_event = dict(slug="adex-2026", name_en="ADEX 2026", name_az="", name_ru="", organiser=event.organiser,
                     venue=event.venue, start_date=datetime.date(2026, 9, 22), end_date=datetime.date(2026, 9, 24),
                     time_zone="Asia/Baku", is_public=False)
    refused = [
        lambda user: events.event_create(actor=user, **new_event),
        lambda user: events.event_update(actor=user, event=event, name_en="Renamed"),
        lambda user: events.show_create(actor=user, event=event, slug="new-show", name_en="New show"),
        lambda user: events.show_update(actor=user, show=show, name_en="Renamed"),
        lambda user: exhibitors.company_create(actor=user, name="Caspian Optics", country="AZ"),
        lambda user: exhibitors.exhibitor_create(actor=user, company=CompanyFactory(), show=show),
        lambda user: registrations.category_update(actor=user, category=category, min_age=21),
        lambda user: registrations.categories_create_defaults(actor=user, event=event),
        lambda user: registrations.country_policy_set(actor=user, event=event, country="IR", policy="suspended"),
    ]
    for call in refused:
        with pytest.raises(PermissionDenied):
            call(staff)
    event.refresh_from_db()
    show.refresh_from_db()
    category.refresh_from_db()
    assert event.name_en != "Renamed" and show.name_en != "Renamed" and category.min_age != 21
    assert not Event.objects.filter(slug="adex-2026").exists() and not CountryPolicy.objects.exists()

    policy = registrations.country_policy_set(actor=admin, event=event, country="IR", policy="suspended")
    with pytest.raises(PermissionDenied):
        registrations.country_policy_delete(actor=staff, policy=policy)
    assert CountryPolicy.objects.filter(pk=policy.pk).exists()
    registrations.country_policy_delete(actor=admin, policy=policy)
    assert not CountryPolicy.objects.exists()
    assert events.event_create(actor=admin, **new_event).slug == "adex-2026"
