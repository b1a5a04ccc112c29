"""In Chromium: the gate scanner grants a good badge and denies a revoked one, online and with the
network cut (signature checked in the browser, revocations from the last sync, scans queued in
IndexedDB and uploaded as a batch when the network is back)."""

import datetime

import pytest

from pavilion.accreditation import issuing
from pavilion.accreditation.models import Scan
from pavilion.engines.badges import KeyRing, issue_token
from tests.accreditation.support import NOON
from tests.accreditation.test_scanner_texts import russian_reasons  # noqa: F401  (fixture)
from tests.browser import sign_in
from tests.phone import PHONE, assert_fits_the_screen, assert_tappable, card_labels
from tests.programme.support import programme  # noqa: F401  (fixture, asked for by name below)


def wedge(page, text: str, expected: str) -> None:
    """Type like a keyboard-wedge scanner (the text, then Enter) and wait for the verdict."""
    page.evaluate("document.querySelector('#result').dataset.result = ''")
    page.fill("#wedge", text)
    page.press("#wedge", "Enter")
    page.wait_for_selector(f"#result[data-result={expected}]")


def open_scanner(browser, live_server, token: str, at=NOON, **context_options):
    """A fresh browser context (no stored scanner data) whose clock stands at `at`, on the scanner
    page enrolled with `token`, once the scanner has synced: (context, page)."""
    context = browser.new_context(**context_options)
    page = context.new_page()
    page.clock.set_fixed_time(at)
    page.goto(f"{live_server.url}/gates/scanner/#token={token}")
    page.wait_for_selector("body[data-ready=true]")
    return context, page


@pytest.mark.browser
def test_the_scanner_grants_and_denies_online_and_offline(world, gates, badge_of, live_server, browser, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    good, revoked = badge_of(), badge_of()
    issuing.badge_revoke(actor=world.organiser, badge=revoked, reason="reported lost")
    # The show's noon, as the server's PAVILION_CLOCK.
    context, page = open_scanner(browser, live_server, gates.token)
    assert "token=" not in page.url  # the device token leaves the address bar
    page.set_viewport_size(PHONE)  # entry, exit and the camera are thumb-sized on a phone
    assert_fits_the_screen(page)
    assert_tappable(page, ".scanner .direction label, #camera-button", height=44)
    assert "2 badges" in page.text_content("#sync-state")

    wedge(page, good.token, "granted")
    assert page.text_content("#holder-name") == good.registration.person.full_name
    assert page.text_content("#holder-category") == "Trade visitor"
    assert page.text_content("#mode") == "online"
    wedge(page, revoked.token + "\n", "denied")
    assert page.get_attribute("#reason", "data-reason") == "revoked"
    assert page.text_content("#reason") == "revoked badge"
    assert Scan.objects.filter(offline=False).count() == 2

    context.set_offline(True)
    wedge(page, good.token.lower(), "granted")
    assert page.text_content("#mode") == "offline decision, queued"
    wedge(page, revoked.token, "denied")
    assert page.text_content("#reason") == "revoked badge"
    forger = KeyRing.generate(world.event.pk)
    forged = issue_token(forger, serial=good.serial, generation=1, zones=good.zones, not_before=good.not_before,
                         not_after=good.not_after)
    wedge(page, forged, "denied")
    assert page.get_attribute("#reason", "data-reason") == "invalid"
    assert page.text_content("#reason") == "not a valid badge: forged or damaged"
    assert page.text_content("#queue-count") == "3"
    assert Scan.objects.count() == 2  # nothing reached the server

    context.set_offline(False)
    page.wait_for_selector("#queue-count:text-is('0')")
    offline = Scan.objects.filter(offline=True).order_by("scanned_at")
    assert [(scan.result, scan.reason) for scan in offline] == [("granted", ""), ("denied", "revoked"),
                                                               ("denied", "invalid")]
    context.close()


@pytest.mark.browser
def test_a_phone_with_a_wrong_clock_decides_and_records_by_the_servers(world, gates, badge_of, live_server, browser,
                                                                       monkeypatch):
    """A gate phone whose clock is two years ahead (or a rehearsal under PAVILION_CLOCK): the sync tells it
    the server's time, so it still grants a valid badge offline, and every scan is recorded at the
    server's time, not the phone's."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    good = badge_of()
    context, page = open_scanner(browser, live_server, gates.token, at=NOON + datetime.timedelta(days=730))
    wedge(page, good.token, "granted")
    context.set_offline(True)
    wedge(page, good.token, "granted")  # by the phone's own clock the badge would have expired
    assert page.text_content("#mode") == "offline decision, queued"
    context.set_offline(False)
    page.wait_for_selector("#queue-count:text-is('0')")
    assert [(scan.offline, scan.scanned_at) for scan in Scan.objects.order_by("offline")] == [(False, NOON),
                                                                                             (True, NOON)]
    context.close()


@pytest.mark.browser
def test_the_scanner_speaks_the_page_language(world, gates, badge_of, live_server, browser, monkeypatch,
                                              russian_reasons):  # noqa: F811
    """The scanner's own texts come from gettext in the page's language (here Russian, with
    translations put into the catalogue for the test: the .po files are translated in one pass);
    the gate's and the badge category's names too, also when it decides offline (from the feed)."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    good, revoked = badge_of(), badge_of()
    issuing.badge_revoke(actor=world.organiser, badge=revoked, reason="reported lost")
    context, page = open_scanner(browser, live_server, gates.token, locale="ru-RU")
    assert page.text_content("#sync-state").startswith("синхронизировано: 2 пропусков, seq ")
    assert page.text_content("#gate-name") == f"{gates.hall.name_ru} ({gates.hall.code})"
    category = good.registration.category
    assert category.name_ru and category.name_ru != category.name_en
    wedge(page, good.token, "granted")
    assert (page.text_content("#verdict"), page.text_content("#mode")) == ("ПРОХОД", "онлайн")
    assert page.text_content("#holder-category") == category.name_ru
    wedge(page, revoked.token, "denied")
    assert (page.text_content("#verdict"), page.text_content("#reason")) == ("ОТКАЗ", "бейдж отозван")
    context.set_offline(True)
    wedge(page, revoked.token, "denied")
    assert (page.text_content("#reason"), page.text_content("#mode")) == ("бейдж отозван", "офлайн-решение, в очереди")
    wedge(page, good.token, "granted")
    assert (page.text_content("#mode"), page.text_content("#holder-category")) == ("офлайн-решение, в очереди",
                                                                                   category.name_ru)
    context.close()


@pytest.mark.browser
def test_the_badge_list_is_one_block_per_badge_on_a_phone(world, gates, badge_of, live_server, browser, monkeypatch):
    """At 390 px the officer's and the organiser's badge lists show each badge as a block of labelled cells on
    the screen, its links (the badge, its PDF) thumb-sized, instead of columns scrolling in the table's box."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    badge = badge_of()
    for user, links in ((world.officer, 1), (world.organiser, 2)):
        page = browser.new_context(viewport=PHONE).new_page()
        sign_in(page, live_server.url, user.username)
        page.goto(f"{live_server.url}/events/{world.event.slug}/accreditation/badges/")
        assert_fits_the_screen(page)
        row = f"tr[data-serial='{badge.serial}']"
        assert card_labels(page, row) == ["Serial", "Holder", "Category", "Generation", "Status", "Card"]
        assert page.locator(f"{row} a").count() == links
        assert_tappable(page, f"{row} a")
        page.context.close()


@pytest.mark.browser
def test_the_person_s_own_menu_sits_with_the_language_switch(world, gates, live_server, browser, monkeypatch):
    """The signed-in person's menu is among the header's tools: in Russian at 1440 px the organiser's
    header stays one row (with it in the navigation it took a second row of its own), and on a phone it
    opens over the page without pushing the language switch or widening the page."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    for viewport, one_row in (({"width": 1440, "height": 600}, True), (PHONE, False)):
        page = browser.new_context(viewport=viewport, extra_http_headers={"Accept-Language": "ru"}).new_page()
        sign_in(page, live_server.url, world.organiser.username)
        page.goto(f"{live_server.url}/events/{world.event.slug}/accreditation/")
        assert page.locator(".header-tools .role-menu[data-menu=mine]").count() == 1
        assert page.locator(".main-nav .role-menu[data-menu=mine]").count() == 0
        if one_row:
            assert page.locator(".site-header").bounding_box()["height"] < 60
        switch = page.locator(".language-switch").bounding_box()
        page.click(".role-menu[data-menu=mine] > summary")
        assert page.locator(".role-menu[data-menu=mine] .role-menu-links").is_visible()
        assert page.locator(".language-switch").bounding_box() == switch
        assert_fits_the_screen(page)
        page.context.close()


def _direction(page, direction: str) -> None:
    page.check(f"input[name=direction][value={direction}]")


STORED = """async () => {
  const handle = await new Promise((resolve) => { const r = indexedDB.open("pavilion-scanner", 1);
    r.onupgradeneeded = () => r.result.createObjectStore("data"); r.onsuccess = () => resolve(r.result); });
  return await new Promise((resolve) => { const r = handle.transaction("data").objectStore("data").getAllKeys();
    r.onsuccess = () => resolve(r.result); });
}"""


@pytest.mark.browser
def test_offline_the_scanner_lets_out_and_keeps_the_zone_windows(world, gates, badge_of, live_server, browser,
                                                                 monkeypatch):
    """Offline as online: an exit of a revoked badge is let out; a contractor's build-up-only window
    in a hall is applied on a show day (the token's own window spans the whole event); the server
    agrees with every offline decision when the batch arrives."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    contractor, leaving = badge_of("contractor"), badge_of()
    issuing.badge_revoke(actor=world.organiser, badge=leaving, reason="reported lost")
    # A show day: the contractors' windows are build-up and tear-down days.
    context, page = open_scanner(browser, live_server, gates.token)
    context.set_offline(True)
    wedge(page, contractor.token, "denied")
    assert page.get_attribute("#reason", "data-reason") == "expired"
    wedge(page, leaving.token, "denied")
    assert page.get_attribute("#reason", "data-reason") == "revoked"
    _direction(page, "out")
    wedge(page, leaving.token, "granted")
    assert page.text_content("#holder-name") == leaving.registration.person.full_name
    wedge(page, contractor.token, "granted")  # not granted in, but always let out
    context.set_offline(False)
    page.wait_for_selector("#queue-count:text-is('0')")
    offline = Scan.objects.filter(offline=True).order_by("scanned_at", "id")
    assert [(scan.direction, scan.result, scan.reason) for scan in offline] == [
        ("in", "denied", "expired"), ("in", "denied", "revoked"), ("out", "granted", ""), ("out", "granted", "")]
    context.close()


@pytest.mark.browser
def test_a_revoked_device_wipes_its_data_and_decides_nothing(world, gates, badge_of, live_server, browser,
                                                             monkeypatch):
    """A 401 (from the scan, the upload or the sync) is not a network failure: the scanner forgets its
    token, keys, holders and queue, and refuses to decide, online or offline, until a new token."""
    from pavilion.accreditation import services

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    good = badge_of()
    context, page = open_scanner(browser, live_server, gates.token)
    wedge(page, good.token, "granted")
    assert "state" in page.evaluate(STORED)
    context.set_offline(True)
    wedge(page, good.token, "granted")  # no answer at all: decided offline, as before
    assert page.text_content("#queue-count") == "1"
    services.device_revoke(actor=world.organiser, device=gates.device)
    context.set_offline(False)  # the upload: taken at the moment of the revocation, refused (not recorded)
    page.wait_for_selector("#queue-count:text-is('0')")
    page.wait_for_function("!localStorage.getItem('pavilion-device-token')")
    assert page.evaluate(STORED) == []
    assert "revoked" in page.text_content("#sync-state")
    assert Scan.objects.filter(offline=True).count() == 0
    page.fill("#wedge", good.token)
    page.press("#wedge", "Enter")
    page.wait_for_selector("#result[data-result=refused]")
    assert page.text_content("#verdict") == "NOT DECIDING" and page.text_content("#holder-name") == ""
    context.set_offline(True)
    wedge(page, good.token, "refused")
    context.close()

    # a scan answered 401 online
    _device, token = services.device_enrol(actor=world.organiser, gate=gates.hall, name="Hall scanner 2")
    context, page = open_scanner(browser, live_server, token)
    services.device_revoke(actor=world.organiser, device=_device)
    wedge(page, good.token, "refused")
    assert page.evaluate(STORED) == [] and page.evaluate("localStorage.length") == 0
    assert page.text_content("#queue-count") == "0"
    context.close()


@pytest.mark.browser
def test_the_scanner_names_a_session_doors_own_reason(world, gates, badge_of, live_server, browser, monkeypatch,
                                                      request):
    """The API answers `zone_not_granted` with `detail`; the operator reads the detailed label."""
    from pavilion.accreditation import services
    from pavilion.programme.models import Session
    from tests.programme.support import baku

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    door = request.getfixturevalue("programme")  # the ORM beside Playwright: once the variable is set
    _device, token = services.device_enrol(actor=world.organiser, gate=door.door, name="Room A door")
    door.session(admission=Session.Admission.REGISTERED, starts_at=baku(24, 11, 45), ends_at=baku(24, 13))
    stranger = badge_of()
    context, page = open_scanner(browser, live_server, token)
    wedge(page, stranger.token, "denied")
    assert page.get_attribute("#reason", "data-reason") == "zone_not_granted"
    assert page.get_attribute("#reason", "data-detail") == "not_on_session_list"
    assert page.text_content("#reason") == "not on the session's list"
    context.close()


@pytest.mark.browser
def test_without_media_devices_the_scanner_says_there_is_no_camera(world, gates, live_server, browser, monkeypatch):
    """A page served over plain http on a LAN address gets no navigator.mediaDevices: the camera
    button says to use the wedge scanner instead of failing silently."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    context = browser.new_context()
    context.add_init_script("Object.defineProperty(Navigator.prototype, 'mediaDevices', { get: () => undefined })")
    page = context.new_page()
    page.clock.set_fixed_time(NOON)
    page.goto(f"{live_server.url}/gates/scanner/#token={gates.token}")
    page.wait_for_selector("body[data-ready=true]")
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    page.click("#camera-button")
    page.wait_for_selector("#sync-state:text-is('no camera: use the keyboard-wedge scanner')")
    assert errors == [] and page.is_hidden("#camera")
    context.close()
