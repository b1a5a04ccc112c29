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
def test_role_checks_follow_the_groups():
    officer = UserFactory(role=roles.SECURITY_OFFICER)
    organiser = UserFactory(role=roles.ORGANISER_STAFF)
    assert roles.is_security_officer(officer) and not roles.is_organiser(officer)
    assert roles.is_organiser(organiser) and not roles.is_security_officer(organiser)
    assert not roles.has_role(AnonymousUser(), roles.MEDIA)
    assert roles.has_role(UserFactory(is_superuser=True), roles.SECURITY_OFFICER)
