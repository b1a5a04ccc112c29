import re

import pytest
from django.urls import reverse

from pavilion.events import selectors, services
from pavilion.events.floorplan import GLYPH_WIDTH, fit_label, hall_svg
from tests.events.conftest import make_stand


@pytest.fixture
def plan(venue):
    booked = make_stand(venue, "A1", 0, 0, 8, 4)
    reserved = make_stand(venue, "A2", 10, 0, 6, 3)
    blocked = make_stand(venue, "B1", 0, 10, 4, 4)
    free = make_stand(venue, "S1", 20, 10, 5, 5, show=venue.other_show)
    [booking] = services.booking_request(actor=venue.admin_a, exhibitor=venue.exhibitor_a, stand_ids=[booked.pk])
    services.booking_confirm(actor=venue.organiser, booking=booking)
    services.booking_request(actor=venue.admin_b, exhibitor=venue.exhibitor_b, stand_ids=[reserved.pk])
    services.stand_block(actor=venue.organiser, stand=blocked)
    return {"booked": booked, "reserved": reserved, "blocked": blocked, "free": free}


def stand_group(svg: str, stand) -> str:
    match = re.search(rf'<g id="stand-{stand.pk}".*?</g>', svg, re.S)
    assert match, f"stand {stand.code} is not drawn"
    return match.group(0)


def test_plan_draws_every_stand_with_its_state_and_an_accessible_title(venue, plan):
    svg = str(hall_svg(venue.hall, event=venue.event))
    assert svg.startswith("<svg") and 'viewBox="' in svg and "<title" in svg
    for stand in plan.values():
        group = stand_group(svg, stand)
        assert f'data-state="{stand.__class__.objects.get(pk=stand.pk).state}"' in group
        assert f"Stand {stand.code}" in group
    assert 'fill="#dcdcdc"' in stand_group(svg, plan["blocked"])  # blocked is grey
    assert 'class="legend"' in svg and ">blocked</text>" in svg and ">highlighted</text>" in svg


def test_held_stands_show_the_exhibitor_name_and_link_to_the_exhibitor_page(venue, plan):
    svg = str(hall_svg(venue.hall, event=venue.event))
    assert "Caspian Optics" in stand_group(svg, plan["booked"])
    assert "Absheron" in stand_group(svg, plan["reserved"])
    link = reverse("exhibitors:exhibitor", kwargs={"event": venue.event.slug, "exhibitor": venue.exhibitor_a.pk})
    assert f'<a href="{link}" class="stand-link"' in svg
    assert svg.count('class="stand-link"') == 2  # free and blocked stands have nobody to link to
    assert 'class="stand-link"' not in str(hall_svg(venue.hall, event=venue.event, link_stands=False))


def test_states_differ_by_more_than_colour(venue, plan):
    """Reserved stands have a dashed outline and blocked ones hatching, on the plan and in its legend, in
    either colouring, so that the plan reads in black and white and without telling colours apart."""
    for colour_by in ("state", "show"):
        svg = str(hall_svg(venue.hall, event=venue.event, colour_by=colour_by))
        hatch = re.search(r'<pattern id="([^"]+)"', svg).group(1)
        assert "stroke-dasharray" in stand_group(svg, plan["reserved"])
        assert f'fill="url(#{hatch})"' in stand_group(svg, plan["blocked"])
        for state in ("booked", "free"):
            group = stand_group(svg, plan[state])
            assert "stroke-dasharray" not in group and "url(#" not in group
        legend = svg[svg.index('class="legend"'):]
        assert "stroke-dasharray" in legend and f'fill="url(#{hatch})"' in legend
    # A stand of another show is drawn plain grey, whatever its state.
    only_other = str(hall_svg(venue.hall, show=venue.other_show))
    assert "stroke-dasharray" not in stand_group(only_other, plan["reserved"])


def test_a_stand_link_is_named_by_what_it_shows_first(venue, plan):
    svg = str(hall_svg(venue.hall, event=venue.event))
    name = re.search(r'class="stand-link" aria-label="([^"]+)"', svg.split(f'id="stand-{plan["booked"].pk}"')[0]
                     .rsplit("<a ", 1)[1]).group(1)
    assert name.startswith(f"Caspian Optics {plan['booked'].code} · ")  # the company and the code, as drawn
    assert "booked" in name


def test_the_highlighted_stand_stands_out(venue, plan):
    svg = str(hall_svg(venue.hall, event=venue.event, highlight=frozenset([plan["reserved"].pk])))
    assert "highlight" in stand_group(svg, plan["reserved"]) and "highlight-ring" in stand_group(svg, plan["reserved"])
    assert "highlight" not in stand_group(svg, plan["booked"])
    assert 'opacity="0.35"' in stand_group(svg, plan["booked"])  # the others fade
    assert 'opacity="0.35"' not in stand_group(svg, plan["reserved"])
    assert 'opacity="0.35"' not in str(hall_svg(venue.hall, event=venue.event))


def test_colour_by_show_uses_the_show_colours_and_greys_out_other_shows(venue, plan):
    svg = str(hall_svg(venue.hall, event=venue.event, colour_by="show"))
    assert 'fill="#1f4e79"' in stand_group(svg, plan["booked"]) and 'fill="#8a1c1c"' in stand_group(svg, plan["free"])
    assert "ADEX" in svg and "Securex" in svg  # legend
    only_adex = str(hall_svg(venue.hall, show=venue.show, colour_by="show"))
    assert 'fill="#f1f1f1"' in stand_group(only_adex, plan["free"])


def test_names_are_escaped(venue, plan):
    company = venue.exhibitor_a.company
    company.name = "<script>alert(1)</script> & Co"
    company.save()
    svg = str(hall_svg(venue.hall, event=venue.event))
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_one_query_draws_a_hall_however_many_stands(venue, plan, django_assert_num_queries):
    for index in range(12):
        make_stand(venue, f"C{index}", index * 3, 15, 2.5, 4)
    with django_assert_num_queries(1):
        hall_svg(venue.hall, event=venue.event)
    stands = selectors.stands_for_plan(venue.hall, event=venue.event)
    with django_assert_num_queries(1):
        hall_svg(venue.hall, event=venue.event, stands=stands, colour_by="show")


def test_labels_fit_their_stand():
    for width, depth in [(8, 4), (20, 2), (4, 4), (3, 9)]:
        label = fit_label("Absheron Armour Works", width, depth, 0.3)
        assert all(len(line) * 0.6 * label.size <= width for line in label.lines)
        assert len(label.lines) * label.size * 1.15 <= depth
    assert fit_label("Caspian Optics", 20, 2, 0.3).lines == ("Caspian Optics",)  # wide and low: one line
    assert fit_label("Caspian Optics", 4, 4, 0.3).lines == ("Caspian", "Optics")  # square: two lines
    shortened = fit_label("An Extraordinarily Long Company Name Incorporated", 2, 0.6, 0.3)
    assert shortened.lines[0].endswith("…") and shortened.size == 0.3
    assert fit_label("Anything", 0.4, 0.4, 0.3) is None


def test_a_label_is_marked_shortened_only_when_it_is_cut():
    # Held down by the height alone, the whole text fits at the smallest size: no "…".
    assert fit_label("1A01", 3, 0.5, 0.3).lines == ("1A01",)
    assert fit_label("Caspian Optics Company", 2, 0.6, 0.3).lines[0].endswith("…")


def test_stand_codes_are_never_cut_but_drawn_smaller():
    for width, height in [(1.35, 0.9), (0.6, 0.6), (3, 0.2)]:
        label = fit_label("1F31", width, height, 0.8, shorten=False)
        assert label.lines == ("1F31",) and label.size < 0.8
        assert 4 * GLYPH_WIDTH * label.size <= width


def test_the_plan_of_small_stands_shows_their_whole_codes(venue):
    venue.hall.width_m, venue.hall.depth_m = 180, 90  # a large hall: 9 m² stands are small on its plan
    venue.hall.save()
    stands = [make_stand(venue, f"1A0{number}", number * 3, 0, 3, 3) for number in (1, 2, 3)]
    [booking] = services.booking_request(actor=venue.admin_b, exhibitor=venue.exhibitor_b, stand_ids=[stands[0].pk])
    services.booking_confirm(actor=venue.organiser, booking=booking)
    svg = str(hall_svg(venue.hall, event=venue.event))
    codes = re.findall(r'<text class="code"[^>]*>(.*?)</text>', svg)
    assert sorted(re.sub("<[^>]+>", "", code) for code in codes) == ["1A01", "1A02", "1A03"]


def test_an_l_shaped_stand_is_drawn_with_all_its_corners_and_its_label_inside(venue):
    corners = [[0, 0], [12, 0], [12, 6], [6, 6], [6, 12], [0, 12]]
    stand = services.stand_create(actor=venue.organiser, show=venue.show, hall=venue.hall, code="L1", polygon=corners)
    services.booking_request(actor=venue.admin_a, exhibitor=venue.exhibitor_a, stand_ids=[stand.pk])
    group = stand_group(str(hall_svg(venue.hall, event=venue.event)), stand)
    assert 'points="0,0 12,0 12,6 6,6 6,12 0,12"' in group
    x, y = (float(value) for value in re.search(r'<tspan x="([\d.]+)" y="([\d.]+)"', group).groups())
    assert (x < 6 or y < 6) and 0 < x < 12 and 0 < y < 12  # inside the L, not in its missing corner
