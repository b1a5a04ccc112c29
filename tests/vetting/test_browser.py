"""In Chromium: a visitor registers in Azerbaijani, is held by a UN-list alert, and a security
officer clears it."""

import pytest

from pavilion.registrations.models import Registration
from pavilion.vetting.models import Alert
from tests.browser import sign_in
from tests.phone import PHONE, assert_fits_the_screen, assert_tappable
from tests.registrations.support import photo_bytes


@pytest.mark.browser
def test_a_visitor_registers_in_azerbaijani_and_an_officer_clears_the_alert(world, un_list, live_server, browser,
                                                                            monkeypatch):
    # Playwright's sync API keeps an event loop running in this thread; the ORM reads here are plain
    # blocking reads of the test's own data.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    visitor = browser.new_page()
    visitor.goto(f"{live_server.url}/events/{world.event.slug}/register/")
    visitor.click("button[data-language=az]")
    visitor.wait_for_selector("html[lang=az]")
    visitor.click("a[data-category=trade-visitor]")
    assert visitor.locator("html").get_attribute("lang") == "az"
    for name, value in {"given_name": "Abdulhai", "family_name": "Salek", "email": "salek@example.test",
                        "birth_date": "1965-03-01", "document_number": "P7654321", "organisation": "Kabul Trading",
                        "position": "Director"}.items():
        visitor.fill(f"[name={name}]", value)
    visitor.select_option("[name=nationality]", "AF")
    visitor.select_option("[name=document_country]", "AF")
    visitor.select_option("[name=document_type]", "passport")
    visitor.select_option("[name=sector]", "industry")
    assert visitor.input_value("select[name=language]") == "az"
    visitor.set_input_files("[name=photo]", files=[{"name": "photo.jpg", "mimeType": "image/jpeg",
                                                   "buffer": photo_bytes()}])
    visitor.click("button[type=submit].primary")
    visitor.wait_for_selector("[data-status]")
    assert visitor.get_attribute("[data-status]", "data-status") == "in-review"
    registration = Registration.objects.get()
    assert registration.person.language == "az"
    alert = registration.alerts.get()
    assert alert.status == Alert.Status.OPEN

    officer = browser.new_context().new_page()
    sign_in(officer, live_server.url, world.officer.username)
    officer.goto(f"{live_server.url}/vetting/")
    officer.set_viewport_size(PHONE)  # at a phone's width every column of the queue is on the screen
    assert_fits_the_screen(officer)
    status = officer.locator(f"tr[data-alert='{alert.pk}'] td").last.bounding_box()
    assert status["x"] >= 0 and status["x"] + status["width"] <= PHONE["width"]
    assert_tappable(officer, f"tr[data-alert='{alert.pk}'] a", height=30)
    with officer.expect_navigation():
        officer.click(f"tr[data-alert='{alert.pk}'] a")
    assert_fits_the_screen(officer)
    officer.wait_for_selector(f"[data-alert-status='{Alert.Status.OPEN}']")
    assert "P7654321" in officer.content()
    officer.check("input[name=verdict][value=false-positive]")
    officer.fill("[name=reason]", "Different person: birthplace and photo do not match")
    officer.click("form[action$='/decide/'] button[type=submit]")
    officer.wait_for_url("**/vetting/")
    alert.refresh_from_db()
    assert alert.status == Alert.Status.CLEARED
    assert not Alert.objects.open().exists()
