"""The organiser's dashboard: its figures, its fixed number of queries and who may see it."""

import datetime

import pytest
from django.utils import timezone

from pavilion.accreditation import services as accreditation_services
from pavilion.reports import selectors
from pavilion.reports.models import EntryRollup, FigureSnapshot, RollupMark
from tests.reports.support import baku, deal, meeting, registration

pytestmark = pytest.mark.django_db


def url(world) -> str:
    return f"/events/{world.event.slug}/reports/"


def second_hall_token(world, gates) -> str:
    return accreditation_services.device_enrol(actor=world.organiser, gate=gates.hall_b, name="Second hall")[1]


def test_registration_figures_by_local_day_status_category_and_country(world, show_data):
    figures = selectors.registration_figures(world.event)
    assert figures.total == 8
    assert figures.by_status == {"approved": 5, "in-review": 2, "rejected": 1}
    days = {day.isoformat(): counts for day, counts in figures.by_day.items()}
    assert days == {"2024-09-02": {"approved": 5}, "2024-09-03": {"in-review": 1, "rejected": 1},
                    "2024-09-05": {"in-review": 1}}  # 02:00 in Baku is the day before in UTC
    assert [(category.code, counts) for category, counts in figures.by_category] == [
        ("trade-visitor", {"approved": 5, "in-review": 1}), ("media", {"rejected": 1, "in-review": 1})]
    assert figures.countries == [("AZ", 5), ("GB", 1), ("TR", 1)]  # active registrations only


def test_vetting_meeting_and_deal_figures(world, show_data):
    vetting = selectors.vetting_figures(world.event, in_review=2)
    assert vetting.open == 1 and vetting.alerts == {"open": 1, "match": 1}
    assert vetting.decided == 1 and vetting.median_hours == pytest.approx(6.0) and vetting.p90_hours == pytest.approx(6.0)
    meetings = selectors.meeting_figures(world.event)
    assert (meetings.requested, meetings.scheduled, meetings.held, meetings.no_show) == (3, 3, 1, 1)
    assert meetings.no_show_rate == pytest.approx(50.0)
    deals = selectors.deal_figures(world.event)
    assert deals.count == 3 and deals.by_kind == {"contract": 3}
    assert deals.by_country == [("AZ", 2), ("IL", 1), ("IT", 1), ("TR", 1)]
    assert [(currency, int(total), count) for currency, total, count in deals.by_currency] == [
        ("USD", 12_800_000, 2), ("EUR", 9, 1)]
    assert [(code, int(value)) for code, value in deals.value_by_country["USD"]] == [
        ("AZ", 12_500_000), ("TR", 12_500_000), ("IL", 300_000)]


def test_the_dashboard_shows_the_figures_and_charts(client, world, show_data, gates, badge_of, scan):
    scan(badge_of().token)
    scan(badge_of().token, gate=gates.hall_b, token=second_hall_token(world, gates))
    client.force_login(world.organiser)
    page = client.get(url(world)).content.decode()
    assert 'data-tile="registrations"><span class="figure">10<' in page  # 8 + the two badge holders
    assert 'data-tile="open-alerts"><span class="figure">1<' in page
    assert 'data-tile="inside"><span class="figure">2<' in page
    assert 'data-tile="meetings-held"><span class="figure">1<' in page
    assert 'data-tile="deals"><span class="figure">3<' in page
    for chart in ("registrations-per-day", "registrations-over-time", "registrations-by-category",
                  "registrations-by-country", "entries-per-hour", "occupancy-now", "meeting-funnel",
                  "deals-by-country", "deals-by-value"):
        assert f'class="chart {chart}"' in page, chart
    assert 'data-hour="12" data-count="2"' in page  # noon in Baku, through the hall's gates A and B
    assert "Secret radar memorandum" not in page  # figures only, never a deal's title
    assert 'data-median>6.0 h<' in page
    assert EntryRollup.objects.filter(event=world.event).count() == 1
    assert "Counted just now;" in page and "0\xa0minutes" not in page and "0 minutes" not in page


def test_the_day_picker_shows_another_day_and_a_bad_day_says_so(client, world, gates, badge_of, scan):
    scan(badge_of().token)
    client.force_login(world.organiser)
    other = client.get(url(world), {"day": "2024-09-25"}).content.decode()
    assert 'data-tile="entries"><span class="figure">0<' in other and 'data-hour="12" data-count="1"' not in other
    bad = client.get(url(world), {"day": "yesterday"})
    assert bad.status_code == 200 and "is not a date" in bad.content.decode()
    assert 'data-tile="entries"><span class="figure">1<' in bad.content.decode()


def test_the_dashboard_costs_a_fixed_number_of_queries(client, world, show_data, gates, badge_of, scan,
                                                       django_assert_num_queries):
    scan(badge_of().token)
    client.force_login(world.organiser)
    client.get(url(world))  # refreshes the rollup
    with django_assert_num_queries(20):
        assert client.get(url(world)).status_code == 200
    for index in range(6):
        first = registration(world, nationality=["FR", "DE", "PK"][index % 3], submitted=baku(10 + index, 12))
        second = registration(world, category="media", status="in-review")
        meeting(world, first, second, attendance=("held", "no-show"))
        deal(world, f"Deal {index}", value=index * 1000, currency=["USD", "AZN"][index % 2], countries=("FR", "DE"))
    scan(badge_of().token, gate=gates.hall_b, token=second_hall_token(world, gates))
    RollupMark.objects.filter(event=world.event).update(refreshed_at=timezone.now())  # fresh: no refresh now
    with django_assert_num_queries(20):
        assert client.get(url(world)).status_code == 200


def test_stale_figures_are_counted_again(client, world, show_data):
    client.force_login(world.organiser)
    assert 'data-tile="registrations"><span class="figure">8<' in client.get(url(world)).content.decode()
    registration(world, nationality="FR")
    fresh = client.get(url(world)).content.decode()
    assert 'data-tile="registrations"><span class="figure">8<' in fresh  # the snapshot is less than a minute old
    FigureSnapshot.objects.update(computed_at=timezone.now() - datetime.timedelta(minutes=2))
    assert 'data-tile="registrations"><span class="figure">9<' in client.get(url(world)).content.decode()


def test_the_security_officer_sees_the_vetting_queue_only(client, world, show_data):
    client.force_login(world.officer)
    response = client.get(url(world))
    page = response.content.decode()
    assert response.status_code == 200 and 'id="vetting"' in page
    assert 'id="registrations"' not in page and 'id="deals"' not in page and 'id="gates"' not in page


@pytest.mark.parametrize("who", ["exhibitor_admin", "visitor", "liaison"])
def test_other_roles_may_not_see_reports(client, world, who):
    client.force_login(getattr(world, who))
    for path in ("", "registrations/", "entries/", "meetings/", "deals/", "press-summary.pdf",
                 "registrations/export.csv"):
        assert client.get(url(world) + path).status_code == 403, path


def test_anonymous_people_are_sent_to_sign_in(client, world):
    response = client.get(url(world))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2030-01-01", "2024-09-20", "2024-09-28"])
def test_a_day_out_of_the_event_says_so_and_shows_today(client, world, gates, badge_of, scan, day):
    """The gate figures cover the event's days with its build-up and tear-down days (three and one by default:
    21 to 27 September): another day is refused with a message and today shown instead, selected in the day
    picker, its date with its year."""
    scan(badge_of().token)
    client.force_login(world.organiser)
    response = client.get(url(world), {"day": day})
    page = response.content.decode()
    assert response.status_code == 200
    assert f"The day {day} is not a day of the event (2024-09-21 to 2024-09-27): showing 2024-09-24." in page
    assert 'data-tile="entries"><span class="figure">1<' in page and "hall entries on 24.09.2024" in page
    assert '<option value="2024-09-24" selected>' in page and day not in page.split('name="day"')[1].split("</select>")[0]
    assert 'data-hour="12" data-count="1"' in page


def test_the_event_s_last_build_up_and_breakdown_days_are_shown_without_a_message(client, world, gates):
    client.force_login(world.organiser)
    for day in ("2024-09-21", "2024-09-27"):
        page = client.get(url(world), {"day": day}).content.decode()
        assert "is not a day of the event" not in page and f'<option value="{day}" selected>' in page


@pytest.mark.parametrize("today", ["2024-09-01T10:00:00+04:00", "2024-10-15T10:00:00+04:00"])
def test_before_or_after_the_event_the_gate_figures_show_its_first_day(client, world, gates, badge_of, scan, settings,
                                                                      today):
    scan(badge_of().token)  # at noon on 24 September, the first day
    settings.PAVILION_CLOCK = today
    client.force_login(world.organiser)
    page = client.get(url(world)).content.decode()
    assert '<option value="2024-09-24" selected>' in page and 'data-tile="entries"><span class="figure">1<' in page
    assert "is not a day of the event" not in page and "is not a date" not in page
    bad = client.get(url(world), {"day": "soon"}).content.decode()
    assert "The day soon is not a date (YYYY-MM-DD): showing 2024-09-24." in bad
    assert '<option value="2024-09-24" selected>' in bad


def test_the_dashboard_counts_the_leads_per_company_and_names_nobody(client, world, show_data, gates, badge_of):
    from pavilion.exhibitors import leads
    from tests.factories import ExhibitorFactory, MemberFactory

    other = ExhibitorFactory(show=world.event.shows.first())
    staff = MemberFactory(company=other.company).user
    for badge in (badge_of(), badge_of()):
        leads.lead_capture(actor=staff, event=world.event, company=other.company, qr=badge.token)
    client.force_login(world.organiser)
    page = client.get(url(world)).content.decode()
    panel = page[page.index('id="leads"'):]
    assert 'data-leads>2<' in panel and other.company.name in panel and "by 1 exhibiting company" in panel
    assert "Person" not in panel.split("</section>")[0]  # counts only, never who was scanned
