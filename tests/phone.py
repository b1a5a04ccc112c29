"""Checks for the pages people use on their feet, on a phone 390 px wide: the page never scrolls sideways
(a wide table or plan may scroll in its own box), and what a thumb taps is big enough."""

PHONE = {"width": 390, "height": 844}

_OFFENDERS = """() => {
  const width = document.documentElement.clientWidth;
  const scrollsOnItsOwn = (element) => {
    for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
      if (["auto", "scroll"].includes(getComputedStyle(box).overflowX)) return true;
    }
    return false;
  };
  return [...document.body.querySelectorAll("*")]
    .filter((element) => !element.closest("details:not([open]) > :not(summary)"))
    .filter((element) => { const box = element.getBoundingClientRect(); return box.width > 0 && box.right > width + 1; })
    .filter((element) => !scrollsOnItsOwn(element) && getComputedStyle(element).clipPath === "none"
                         && !element.closest("[style*=clip-path], tr:first-child"))
    .map((element) => element.tagName.toLowerCase() + " " + (element.textContent || "").trim().slice(0, 30));
}"""


def assert_fits_the_screen(page) -> None:
    # A page a click has just started to load may have no document element yet: measure the loaded page.
    page.wait_for_load_state()
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], (page.url, widths, page.evaluate(_OFFENDERS)[:10])


def assert_tappable(page, selector: str, height: float = 36) -> None:
    """Every visible element that matches is at least `height` px tall and inside the screen."""
    boxes = [box for box in (item.bounding_box() for item in page.locator(selector).all()) if box]
    assert boxes, selector
    width = page.viewport_size["width"]
    for box in boxes:
        assert box["height"] >= height - 0.5 and box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, (selector, box)


def card_labels(page, row: str) -> list[str]:
    """The labels of a table row shown as a block on a phone (`cards-on-phone`), after checking that every
    cell of it lies inside the screen."""
    width = page.viewport_size["width"]
    for cell in page.locator(f"{row} td").all():
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, (cell.inner_text(), box)
    return page.locator(f"{row} td[data-label]").evaluate_all("cells => cells.map(cell => cell.dataset.label)")
