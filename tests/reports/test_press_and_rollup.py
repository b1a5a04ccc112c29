"""The press summary (announced public deals only, counts only), the hourly scan rollup and the
chart drawing."""

import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pavilion.core import roles
from pavilion.deals.models import Deal
from pavilion.deals.selectors import public_deals
from pavilion.reports import charts, pdf, rollup, selectors
from pavilion.reports.models import EntryRollup, FigureSnapshot, RollupMark
from tests.accreditation.support import baku
from tests.factories import UserFactory
from tests.pdf_layout import text as pdf_text
from tests.reports.support import deal

pytestmark = pytest.mark.django_db


def test_the_press_summary_counts_people_and_shows_only_announced_public_deals(world, show_data):
    figures = selectors.press_figures(world.event, now=baku(24, 16))  # after its signing at 15:00
    assert [deal.title_en for deal in figures.deals] == ["Armoured vehicles for the Border Service"]
    assert figures.deals_to_come == []
    assert figures.visitors == 5 and figures.visitors_by_country == [("AZ", 5)]
    assert figures.meetings_held == 1


def test_the_press_pdf_prints_the_public_deal_and_no_other_deal_or_name(client, world, show_data, monkeypatch):
    monkeypatch.setattr(pdf, "unicode_font", lambda: "Helvetica")  # a standard font keeps the text readable
    client.force_login(world.organiser)
    response = client.get(f"/events/{world.event.slug}/reports/press-summary.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Armoured vehicles for the Border Service" in text and "12,500,000 USD" in text
    assert "Secret radar" not in text and "Patrol boats" not in text and "300,000" not in text
    assert "Given" not in text and "Family" not in text  # nobody is named
    assert "Visitors by category" in text and "Trade visitor" in text


def test_the_press_summary_has_the_public_pages_deals_with_a_planned_announcement_whose_time_came(world, settings):
    settings.PAVILION_CLOCK = baku(25, 10).isoformat()
    came = deal(world, "Radar announced at nine", announcement="planned")
    Deal.objects.filter(pk=came.pk).update(announced_at=baku(25, 9))
    later = deal(world, "Radar announced tonight", announcement="planned")
    Deal.objects.filter(pk=later.pk).update(announced_at=baku(25, 20))
    announced = deal(world, "Announced radar")
    figures = selectors.press_figures(world.event)
    assert [deal.pk for deal in figures.deals] == [came.pk, announced.pk]
    assert {deal.pk for deal in figures.deals} == {deal.pk for deal in public_deals(world.event)}
    world.event.is_public = False  # the public sees no deal of an event that is not public: nor does the press
    world.event.save()
    assert selectors.press_figures(world.event).deals == []


def test_the_press_summary_lists_apart_the_announced_deals_not_signed_yet(client, world, settings, monkeypatch):
    settings.PAVILION_CLOCK = baku(24, 10).isoformat()  # before the signing at 15:00, announced ahead of it
    deal(world, "Patrol boats signed this afternoon", value=Decimal("1500000"), currency="USD")
    monkeypatch.setattr(pdf, "unicode_font", lambda: "Helvetica")
    client.force_login(world.organiser)
    text = pdf_text(client.get(f"/events/{world.event.slug}/reports/press-summary.pdf").content)
    announced_part, to_come_part = text.split("Announced ahead of their signing: not signed yet.")
    assert "Patrol boats signed this afternoon" not in announced_part
    assert "No announced deal has been signed yet." in announced_part and "Signings to come" in announced_part
    assert "Patrol boats signed this afternoon" in to_come_part and "1,500,000 USD" in to_come_part
    settings.PAVILION_CLOCK = baku(24, 16).isoformat()  # signed now
    text = pdf_text(client.get(f"/events/{world.event.slug}/reports/press-summary.pdf").content)
    assert "Patrol boats signed this afternoon" in text and "Announced ahead of their signing" not in text


def test_the_press_pdf_prints_with_the_unicode_font_and_media_may_fetch_it(client, world, show_data):
    client.force_login(UserFactory(username="press", role=roles.MEDIA))
    response = client.get(f"/events/{world.event.slug}/reports/press-summary.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_the_undisclosed_value_of_a_public_deal_is_not_printed(client, world, monkeypatch):
    deal(world, "Night vision goggles", value=Decimal("777000"), currency="EUR", disclosed=False)
    monkeypatch.setattr(pdf, "unicode_font", lambda: "Helvetica")
    client.force_login(world.organiser)
    text = pdf_text(client.get(f"/events/{world.event.slug}/reports/press-summary.pdf").content)
    # The factories number their shows and companies ("Show 777" failed this once): those names are not figures.
    text = re.sub(r"\b(?:Show|Company) \d+\b", "", text)
    assert "Night vision goggles" in text and "777" not in text


def test_the_rollup_adds_only_new_scans_and_a_rebuild_recounts_the_same(world, gates, badge_of, scan, settings):
    first, second = badge_of(), badge_of()

    def scan_at(token, moment, **kwargs):  # an online scan is recorded at the server's time
        settings.PAVILION_CLOCK = moment.isoformat()
        scan(token, at=moment, **kwargs)

    scan_at(first.token, baku(24, 9, 15))
    scan_at(second.token, baku(24, 9, 40))
    assert rollup.entry_rollup_refresh(event_id=world.event.pk) == 2
    scan_at(first.token, baku(24, 9, 50), direction="out")
    scan_at(first.token, baku(24, 11, 5))
    assert rollup.entry_rollup_refresh(event_id=world.event.pk) == 2
    assert rollup.entry_rollup_refresh(event_id=world.event.pk) == 0
    counted = sorted(EntryRollup.objects.values_list("hour__hour", "entries", "exits"))
    assert counted == [(5, 2, 1), (7, 1, 0)]  # UTC hours of 09:00 and 11:00 in Baku
    rollup.entry_rollup_rebuild(event_id=world.event.pk)
    assert sorted(EntryRollup.objects.values_list("hour__hour", "entries", "exits")) == counted
    assert RollupMark.objects.get(event=world.event).last_scan_id > 0


def test_stacked_bars_reach_the_total_and_text_is_escaped():
    svg = charts.bar_chart(["a", "b"], [charts.Series("x <y>", [3, 1]), charts.Series("z", [5, 0])], title="t & u",
                           stacked=True)
    assert "t &amp; u" in svg and "x &lt;y&gt;" in svg and ">8</text>" in svg  # 3 + 5 rounds to 8
    heights = [float(value) for value in re.findall(r'<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)" '
                                                    r'fill="[^"]+" data-label="a"', svg)]
    assert sum(heights) == pytest.approx(184.0)  # the whole plot height: the bar is the scale's maximum
    line = charts.line_chart(["1", "2", "3"], [charts.Series("total", [1, 5, 9])], title="line")
    assert line.count("<circle") == 3 and "<polyline" in line
    bars = charts.horizontal_bars([("Azerbaijan", 18), ("Türkiye", 6)], title="countries")
    assert 'data-label="Türkiye" data-count="6"' in bars and ">18</text>" in bars
    assert "<svg" in charts.horizontal_bars([], title="empty")


@pytest.mark.parametrize("peak, maximum", [
    (0, 4), (1, 4), (4, 4), (5, 8), (9, 12), (13, 16), (41, 48), (49, 60), (61, 80), (99, 100), (100, 100),
    (101, 120), (121, 160), (201, 240), (1001, 1200), (123_456, 160_000),
])
def test_an_axis_ends_at_a_round_number_just_above_the_peak(peak, maximum):
    """100 registrations drew an axis to 200, the line stopping half-way up; the ticks (quarters) stay whole."""
    assert charts.round_up(peak) == maximum
    assert maximum % 4 == 0


def test_the_y_axis_of_a_line_chart_fits_its_peak_and_the_last_day_label_is_not_cut_off():
    line = charts.line_chart(["16.09", "17.09", "24.09"], [charts.Series("registered", [44, 44, 100])], title="t")
    ticks = re.findall(r'text-anchor="end" font-size="10">([^<]+)</text>', line)
    assert ticks == ["0", "25", "50", "75", "100"]
    last = re.search(r'<text x="([\d.]+)" y="[\d.]+" text-anchor="middle" font-size="10">24\.09</text>', line)
    width = float(re.search(r'viewBox="0 0 (\d+) ', line).group(1))
    assert float(last.group(1)) + 3.3 * len("24.09") <= width  # half of the label (about 6.6 px a character) fits


def test_the_refresh_command_recounts_and_refuses_an_unknown_event(world, gates, badge_of, scan):
    scan(badge_of().token)
    call_command("reports-refresh", world.event.slug, "--rebuild")
    assert EntryRollup.objects.get().entries == 1 and FigureSnapshot.objects.filter(event=world.event).exists()
    with pytest.raises(CommandError) as error:
        call_command("reports-refresh", "no-such-event")
    assert error.value.returncode == 2
