"""Accessibility basics (WCAG 2.1 AA) of the main pages in Chromium: a skip link, the page's language and one h1;
the header's menus, the floor plan's stands and the forms with the keyboard alone, the focus always visible;
error messages tied to their fields and announced; tables with header cells, every control named; text and
statuses readable (contrast at least 4.5:1); a search's count of results read out when htmx swaps it in."""

import re

import pytest

from pavilion.core import roles
from pavilion.events.geometry import rectangle
from pavilion.registrations.categories import ensure_categories
from tests.browser import sign_in
from tests.exhibitors.catalogue_data import build_catalogue
from tests.factories import StandFactory, UserFactory
from tests.programme.support import programme  # noqa: F401
from tests.registrations.support import _registration_settings, commit, world  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(autouse=True)
def _orm_beside_playwright(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def site(settings):
    """The test catalogue, its registration categories (open: before the event), a security officer and one
    more available stand."""
    settings.PAVILION_CLOCK = "2024-09-01T10:00:00+04:00"
    catalogue = build_catalogue()
    ensure_categories(catalogue.event)
    catalogue.officer = UserFactory(username="officer-test", role=roles.SECURITY_OFFICER)
    hall = catalogue.stands_a[0].hall
    catalogue.free = StandFactory(show=catalogue.adex, hall=hall, code="A3", polygon=rectangle(16, 0, 6, 4))
    return catalogue


def open_page(browser, base, user=None, language="en"):
    context = browser.new_context(viewport=DESKTOP, extra_http_headers={"Accept-Language": language})
    page = context.new_page()
    if user is not None:
        sign_in(page, base, user.username)
    return page


def focused(page) -> str:
    return page.evaluate("document.activeElement ? document.activeElement.outerHTML.slice(0, 120) : ''")


def tab_to(page, selector: str, limit: int = 40) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}; the focus is on {focused(page)}")


# Contrast as WCAG computes it; the background is the first opaque one behind the element.
CONTRAST = """
function luminance(rgb) {
  const [r, g, b] = rgb.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function parse(colour) { const m = colour.match(/[\\d.]+/g).map(Number); return { rgb: m.slice(0, 3), alpha: m.length > 3 ? m[3] : 1 }; }
function background(element) {
  for (let node = element; node && node.nodeType === 1; node = node.parentElement) {
    const colour = parse(getComputedStyle(node).backgroundColor);
    if (colour.alpha >= 0.99) return colour.rgb;
  }
  return [255, 255, 255];
}
function ratio(a, b) { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); }
"""


def with_contrast(function: str) -> str:
    """A page function that may call ratio(), parse() and background()."""
    return "(argument) => {" + CONTRAST + "return (" + function + ")(argument); }"


LOW_CONTRAST_TEXT = with_contrast("""
(root) => [...(root || document.body).querySelectorAll("*")]
  .filter((element) => !element.closest("svg, .visually-hidden, [hidden], script, style, option")
      && [...element.childNodes].some((node) => node.nodeType === 3 && node.textContent.trim()))
  .filter((element) => { const box = element.getBoundingClientRect(); return box.width > 0 && box.height > 0; })
  .map((element) => {
    const style = getComputedStyle(element);
    const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight, 10) >= 700;
    const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    let opacity = 1;
    for (let node = element; node && node.nodeType === 1; node = node.parentElement) opacity *= parseFloat(getComputedStyle(node).opacity);
    const value = opacity < 1 ? 1 : ratio(parse(style.color).rgb, background(element));
    return [element.tagName.toLowerCase() + "." + element.className + " " + element.textContent.trim().slice(0, 30), Math.round(value * 100) / 100, needed, opacity];
  })
  .filter(([, value, needed, opacity]) => opacity < 1 || value < needed)
""")


def assert_readable(page, root_selector: str | None = None) -> None:
    root = page.locator(root_selector).element_handle() if root_selector else None
    assert page.evaluate(LOW_CONTRAST_TEXT, root) == [], page.url


UNNAMED = """() => {
  const named = (element) => (element.getAttribute("aria-label") || "").trim()
    || (element.getAttribute("aria-labelledby") || "").split(" ").some((id) => document.getElementById(id)?.textContent.trim())
    || [...(element.labels || [])].some((label) => label.textContent.trim())
    || (["BUTTON", "SUMMARY", "A"].includes(element.tagName) && element.textContent.trim())
    || (element.tagName === "INPUT" && ["submit", "button"].includes(element.type) && element.value);
  return [...document.querySelectorAll("input:not([type=hidden]), select, textarea, button, summary, a[href]")]
    .filter((element) => !named(element)).map((element) => element.outerHTML.slice(0, 120));
}"""

TABLES_WITHOUT_HEADERS = """() => [...document.querySelectorAll("table")].flatMap((table) => {
  const headers = [...table.querySelectorAll("th")];
  if (!headers.length) return ["no header cell: " + table.outerHTML.slice(0, 80)];
  return headers.filter((cell) => !cell.textContent.trim()).map((cell) => "empty header: " + table.outerHTML.slice(0, 80));
})"""


@pytest.mark.parametrize("language", ["en", "az", "ru"])
def test_a_skip_link_the_page_language_and_one_h1(browser, live_server, site, language):
    """The first Tab reaches "Skip to content", shown while focused; Enter puts the keyboard at the page's content,
    past the header's links; <html lang> follows the page's language; each page has one h1 and no heading level
    skipped after it."""
    page = open_page(browser, live_server.url, site.organiser, language)
    event = site.event.slug
    for path in (f"/events/{event}/", f"/events/{event}/products/", f"/events/{event}/floorplan/",
                 f"/events/{event}/register/trade-visitor/", f"/events/{event}/registrations/", "/portal/"):
        page.goto(live_server.url + path)
        assert page.get_attribute("html", "lang") == language, path
        levels = page.evaluate("[...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map((h) => +h.tagName[1])")
        assert levels.count(1) == 1 and levels[0] == 1, (path, levels)
        assert all(after - before <= 1 for before, after in zip(levels, levels[1:], strict=False)), (path, levels)
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.matches('a.skip-link')"), (path, focused(page))
        box = page.locator("a.skip-link").bounding_box()
        assert box and box["y"] >= 0 and box["height"] > 10, box  # on the screen while it has the focus
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "content"
        if page.locator("main a[href], main input:not([type=hidden]), main select, main button").count():
            page.keyboard.press("Tab")  # past the header's links
            assert page.evaluate("document.querySelector('main').contains(document.activeElement)"), focused(page)
    page.context.close()


def test_the_header_menus_work_with_the_keyboard(browser, live_server, site):
    """A role menu (details/summary) opens with Enter, its links follow with Tab, Escape closes it and gives the
    focus back to its button; tabbing out of an open menu closes it, so it does not cover the page."""
    page = open_page(browser, live_server.url, site.organiser)
    page.goto(f"{live_server.url}/events/{site.event.slug}/registrations/")
    tab_to(page, ".main-nav details.role-menu > summary")
    menu = page.locator("details.role-menu:has(summary:focus)")
    page.keyboard.press("Enter")
    assert menu.get_attribute("open") is not None
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('details.role-menu[open] .role-menu-links a')"), focused(page)
    page.keyboard.press("Escape")
    assert menu.get_attribute("open") is None
    assert page.evaluate("document.activeElement.matches('details.role-menu > summary')"), focused(page)
    page.keyboard.press("Enter")
    links = menu.locator(".role-menu-links a, .role-menu-links button").count()
    for _ in range(links + 1):
        page.keyboard.press("Tab")
    assert menu.get_attribute("open") is None, focused(page)  # the focus left the menu: it closed
    page.context.close()


def test_the_focus_is_visible_on_the_page_and_in_the_header(browser, live_server, site):
    """A link, a field, a button and a menu's button show a solid outline at least 2 px wide when reached with
    the keyboard, of at least 3:1 against what is behind it (white on the blue header)."""
    page = open_page(browser, live_server.url, site.organiser)
    page.goto(f"{live_server.url}/events/{site.event.slug}/products/")
    outline = with_contrast("""() => {
      const element = document.activeElement, style = getComputedStyle(element);
      return [style.outlineStyle, parseFloat(style.outlineWidth),
              ratio(parse(style.outlineColor).rgb, background(element.parentElement))];
    }""")
    for selector in (".main-nav details.role-menu > summary", ".language-switch button", "main input[name=q]",
                     "main select", "main button.secondary"):
        page.evaluate("document.activeElement && document.activeElement.blur()")
        tab_to(page, selector)
        style, width, contrast = page.evaluate(outline)
        assert style == "solid" and width >= 2 and contrast >= 3, (selector, style, width, contrast)
    page.context.close()


def test_the_floor_plan_stands_work_with_the_keyboard(browser, live_server, site):
    """On the booking page an available stand is a named button: Enter ticks it in the list, Space unticks it,
    its state is announced (aria-pressed) and its border thickens under the focus. On the public plan a booked
    stand is a link that Enter follows; in the organiser's hall editor Enter on a stand opens its form, the
    keyboard going on there."""
    event = site.event.slug
    page = open_page(browser, live_server.url, site.admin_a)
    page.goto(f"{live_server.url}/events/{event}/stands/book/?hall=H1")
    stand = page.locator(f"#stand-{site.free.pk}")
    assert stand.get_attribute("role") == "button" and stand.get_attribute("tabindex") == "0"
    assert stand.get_attribute("aria-label").startswith("Stand A3")
    tab_to(page, f"#stand-{site.free.pk}")
    border = "getComputedStyle(document.activeElement.querySelector('polygon')).strokeWidth"
    assert float(page.evaluate(border).removesuffix("px")) >= 3
    box = f"input[name=stands][data-stand='{site.free.pk}']"
    page.keyboard.press("Enter")
    assert page.is_checked(box) and stand.get_attribute("aria-pressed") == "true"
    page.keyboard.press(" ")
    assert not page.is_checked(box) and stand.get_attribute("aria-pressed") == "false"
    page.context.close()

    page = open_page(browser, live_server.url)
    page.goto(f"{live_server.url}/events/{event}/floorplan/?hall=H1")
    booked = site.stands_a[0]
    tab_to(page, f"a.stand-link:has(#stand-{booked.pk})")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/exhibitors/{site.exhibitor_a.pk}/")
    page.context.close()

    page = open_page(browser, live_server.url, site.organiser)
    page.goto(f"{live_server.url}/organiser/events/{event}/halls/H1/")
    tab_to(page, f"#stand-{site.free.pk}")
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.closest('#stand-form')")
    assert page.input_value("#stand-form input[name=code]") == "A3"
    page.context.close()


@pytest.mark.parametrize("language", ["en", "ru"])
def test_form_errors_are_tied_to_their_fields_and_announced(browser, live_server, site, language):
    """The registration form sent empty: each refused field is aria-invalid, its aria-describedby names its
    message (and its help); one summary at the top is the only alert (not one per field), has the focus and
    links to each field to correct. A refused sign-in: its message, tied to no field, is an alert and has the
    focus."""
    page = open_page(browser, live_server.url, language=language)
    page.goto(f"{live_server.url}/events/{site.event.slug}/register/trade-visitor/")
    with page.expect_navigation():
        page.click("form.form button[type=submit]")
    described = page.evaluate("""() => [...document.querySelectorAll("[aria-invalid=true]")].map((field) => {
      const ids = (field.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      const found = ids.map((id) => document.getElementById(id));
      return [field.name, ids.length, found.every(Boolean),
              found.some((element) => element && element.textContent.trim())];
    })""")
    assert len(described) >= 3
    assert [row for row in described if row[1:] != [row[1], True, True] or not row[1]] == [], described
    assert page.evaluate("document.querySelectorAll('[role=alert]').length") == 1
    assert page.evaluate("document.activeElement.closest('[role=alert]') !== null"), focused(page)
    linked = page.evaluate("""() => [...document.querySelectorAll("[role=alert] a[href^='#']")].map(
      (link) => document.getElementById(link.getAttribute("href").slice(1))?.getAttribute("aria-invalid"))""")
    assert len(linked) == len(described) and set(linked) == {"true"}, linked
    broken = page.evaluate("""() => [...document.querySelectorAll("[aria-describedby]")].flatMap((element) =>
      element.getAttribute("aria-describedby").split(" ").filter((id) => !document.getElementById(id)))""")
    assert broken == []

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "nobody")
    page.fill("input[name=password]", "wrong")
    page.press("input[name=password]", "Enter")
    page.wait_for_selector(".errorlist")
    assert page.evaluate("document.activeElement.closest('[role=alert]') !== null"), focused(page)
    page.context.close()


def test_tables_have_header_cells_and_every_control_is_named(browser, live_server, site):
    """On the organiser's, the exhibitor's, the security officer's and the public pages: every table has header
    cells and none is empty (a column of buttons is named for a screen reader); every field, button and link
    has a name (a label, an aria-label or its text)."""
    event = site.event.slug
    pages = {
        site.organiser: [f"/events/{event}/registrations/", f"/events/{event}/accreditation/badges/",
                         f"/organiser/events/{event}/halls/H1/"],
        site.admin_a: ["/portal/", f"/portal/exhibitors/{site.exhibitor_a.pk}/products/",
                       f"/events/{event}/stands/book/"],
        site.officer: ["/vetting/", "/gates/scanner/"],
        None: [f"/events/{event}/products/", f"/events/{event}/floorplan/", f"/events/{event}/programme/",
               f"/events/{event}/register/trade-visitor/"],
    }
    problems = []
    for user, paths in pages.items():
        page = open_page(browser, live_server.url, user)
        for path in paths:
            page.goto(live_server.url + path)
            page.evaluate("document.querySelectorAll('details').forEach((details) => details.open = true)")
            problems += [(path, problem) for problem in page.evaluate(TABLES_WITHOUT_HEADERS)]
            problems += [(path, control) for control in page.evaluate(UNNAMED)]
        page.context.close()
    assert problems == []


def test_the_scanner_names_its_controls_and_announces_its_verdict(browser, live_server, site):
    """At the gate: the entry/exit choice is a named group, the device token's field is named, and the verdict
    (granted or denied, why, who) sits in a polite live region read out whole; white on the granted green and
    the denied red is at least 4.5:1."""
    page = open_page(browser, live_server.url, site.officer)
    page.goto(f"{live_server.url}/gates/scanner/")
    assert page.get_attribute(".scanner [role=radiogroup]", "aria-label") == "Direction"
    assert page.locator("[role=radiogroup] input[type=radio]").count() == 2
    assert page.get_attribute("#device-token", "aria-label") == "Device token"
    result = page.locator("#result")
    assert result.get_attribute("aria-live") == "polite" and result.get_attribute("aria-atomic") == "true"
    for verdict in ("granted", "denied"):
        page.evaluate("""(verdict) => { const panel = document.querySelector('#result');
          panel.className = 'result ' + verdict; panel.querySelector('#verdict').textContent = verdict.toUpperCase();
          panel.querySelector('#reason').textContent = 'reason'; panel.querySelector('#holder-name').textContent = 'Name'; }""",
                      verdict)
        assert_readable(page, "#result")
    page.context.close()


def test_statuses_and_messages_are_readable(browser, live_server, site):
    """The pages' text, and each kind of message and status pill the site shows, reach 4.5:1 against their
    background (the warning's orange on cream was 3.9:1); a cancelled session is said in words, not only struck
    through."""
    page = open_page(browser, live_server.url, site.organiser)
    page.goto(f"{live_server.url}/events/{site.event.slug}/products/")
    assert_readable(page)
    page.evaluate("""() => {
      const sample = document.createElement('div');
      sample.id = 'samples';
      sample.innerHTML = ['info', 'success', 'warning', 'error'].map((kind) => `<p class="message ${kind}">${kind}</p>`).join('')
        + ['control-ml', 'control-dual', 'control-none', 'control-unknown', 'state-available', 'state-reserved',
           'state-booked', 'state-blocked'].map((kind) => `<span class="badge ${kind}">${kind}</span>`).join(' ')
        + '<p class="muted">muted</p><p class="errorlist">refused</p>';
      document.querySelector('main').append(sample);
    }""")
    assert_readable(page, "#samples")
    page.context.close()


def test_a_search_announces_its_count_of_results(browser, live_server, site):
    """Typing in the catalogue's search swaps the results in with htmx; their count reaches the page's live
    region, which a screen reader reads out (a region swapped in with the results is not read)."""
    page = open_page(browser, live_server.url, language="ru")
    page.goto(f"{live_server.url}/events/{site.event.slug}/products/")
    region = page.locator("#announcer")
    assert region.get_attribute("aria-live") == "polite"
    page.fill("input[name=q]", "бронетранс")
    page.wait_for_function("document.querySelector('#announcer').textContent.includes('1 продукт')")
    assert re.search(r"1 продукт", region.text_content())
    page.context.close()


def test_a_bookmark_keeps_the_keyboard_and_reads_out_its_note(browser, live_server, programme, commit):  # noqa: F811
    """Enter on "Add to my programme": htmx swaps the bookmark in anew; the keyboard stays on its button (it fell
    to the page's top) and the note ("Added … to your programme.") is read out through the live region."""
    user = programme.world.visitor
    programme.person(commit, user=user)
    session = programme.session(speakers=[(programme.speakers[0], "chair")])
    page = open_page(browser, live_server.url, user)
    page.goto(f"{live_server.url}/events/{programme.world.event.slug}/programme/?view=list")
    page.focus(f'button[data-bookmark="{session.pk}"]')
    page.keyboard.press("Enter")
    page.wait_for_selector(f'button[data-bookmark="{session.pk}"][aria-pressed="true"]')
    page.wait_for_function("document.querySelector('#announcer').textContent.includes('to your programme')")
    assert page.evaluate(f"document.activeElement.matches('button[data-bookmark=\"{session.pk}\"]')"), focused(page)
    page.context.close()
