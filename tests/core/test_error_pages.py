import pytest
from django.urls import reverse

from tests.factories import EventFactory, UserFactory


@pytest.mark.django_db
def test_a_missing_page_has_the_site_layout_and_no_detail(client, settings):
    settings.DEBUG = False
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content and b"site-header" in response.content


@pytest.mark.django_db
def test_a_forbidden_page_says_so_in_the_site_layout(client, settings):
    settings.DEBUG = False
    event = EventFactory()
    client.force_login(UserFactory())
    response = client.get(reverse("accreditation:overview", kwargs={"event": event.slug}))
    assert response.status_code == 403
    assert b"Not allowed" in response.content and b"site-header" in response.content


@pytest.mark.django_db
def test_a_refusal_with_a_reason_says_the_reason_in_the_readers_language(client, settings):
    from pavilion.core import roles

    settings.DEBUG = False
    event = EventFactory()
    client.force_login(UserFactory(role=roles.ORGANISER_STAFF))
    response = client.post(reverse("events:organiser_event", kwargs={"event": event.slug}), {},
                           headers={"accept-language": "ru"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "Изменять мероприятия могут только администраторы организатора." in page
    assert "Your account may not open this page" not in page


def test_an_action_address_opened_by_a_link_gets_a_page_not_a_blank_405(client, db):
    from pavilion.core import roles
    from tests.factories import UserFactory

    admin = UserFactory(username="admin", role=roles.ORGANISER_ADMIN)
    client.force_login(admin)
    response = client.get(f"/organiser/accounts/{admin.pk}/close/", headers={"accept-language": "ru"})
    assert response.status_code == 405 and response["Allow"] == "POST"
    page = response.content.decode()
    assert 'lang="ru"' in page and "Ничего не изменено" in page and "<h1>" in page
    admin.refresh_from_db()
    assert admin.is_active


def test_a_form_with_a_stale_token_gets_the_site_s_page_and_saves_nothing(db):
    from django.test import Client

    from pavilion.core import roles

    admin = UserFactory(username="admin", role=roles.ORGANISER_ADMIN)
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)
    response = client.post("/accounts/language/", {"language": "ru"}, headers={"accept-language": "az"})
    page = response.content.decode()
    assert response.status_code == 403 and 'lang="az"' in page and "<h1>" in page and "CSRF verification" not in page
    from pavilion.core.models import AccountPreference

    assert not AccountPreference.objects.exists()


@pytest.mark.django_db
def test_the_language_switch_of_a_refused_forms_page_returns_to_the_forms_page(client):
    """A 400 answering a POST is drawn at the form's action address (the decide URL of an alert, say), which
    a GET cannot open: the switch goes back to the page the form was on."""
    from pavilion.core import roles

    event = EventFactory()
    client.force_login(UserFactory(role=roles.ORGANISER_ADMIN))
    form_page = f"http://testserver/events/{event.slug}/accreditation/zones/"
    response = client.post(form_page, {"code": "", "name_en": ""}, HTTP_REFERER=form_page + "?from=list")
    page = response.content.decode()
    assert response.status_code == 400
    assert f'<input name="next" type="hidden" value="{form_page}?from=list">' in page and " data-after-post>" in page
    assert " data-after-post>" not in client.get(form_page).content.decode()
