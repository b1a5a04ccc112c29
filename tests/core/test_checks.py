"""Pavilion's own system checks."""

from pavilion.core.checks import site_url_set


def test_the_deploy_check_warns_while_the_site_address_is_the_laptop_default(settings):
    settings.PAVILION_SITE_URL = "http://127.0.0.1:8000/"
    assert [warning.id for warning in site_url_set(None)] == ["pavilion.W001"]
    settings.PAVILION_SITE_URL = "https://pavilion.example.org"
    assert site_url_set(None) == []
