"""The badge print queue: to print (valid, not printed since its last generation), printed, handed
out; "Mark as printed" for the ticked badges or a company's or delegation's batch; a reprint (also
the postponement's) puts the card back to print; found by the holder's name or the serial; a
company that exhibits at both shows is one batch."""

import datetime
import re

import pytest

from pavilion.accreditation import issuing, selectors
from pavilion.accreditation.models import Badge
from pavilion.core.models import AuditEntry
from tests.accreditation.support import NOON
from tests.accreditation.test_pdf import qr_texts
from tests.factories import ExhibitorFactory, ShowFactory, StandFactory


def url(world, tail="") -> str:
    return f"/events/{world.event.slug}/accreditation/{tail}"


def listed(client, world, query: str) -> set[int]:
    html = client.get(url(world, f"badges/?{query}")).content.decode()
    return {int(serial) for serial in re.findall(r'<tr data-serial="(\d+)">', html)}


def test_new_badges_are_to_print_until_marked_printed_then_handed_out(client, world, badge_of, settings):
    first, second, third = badge_of(), badge_of(), badge_of()
    client.force_login(world.organiser)
    assert listed(client, world, "printing=to_print") == {first.serial, second.serial, third.serial}
    settings.PAVILION_CLOCK = (NOON + datetime.timedelta(minutes=3)).isoformat()
    response = client.post(url(world, "badges/printed/"), {"serial": [first.serial, second.serial],
                                                           "next": "?printing=to_print"})
    assert response.status_code == 302 and response["Location"].endswith("/badges/?printing=to_print")
    assert listed(client, world, "printing=to_print") == {third.serial}
    assert listed(client, world, "printing=printed") == {first.serial, second.serial}
    assert Badge.objects.get(pk=first.pk).printed_at == NOON + datetime.timedelta(minutes=3)
    assert AuditEntry.objects.get(action="badge.print").after == {"serials": [first.serial, second.serial]}
    assert client.post(url(world, f"badges/{first.serial}/handed-out/")).status_code == 302
    assert listed(client, world, "printing=handed_out") == {first.serial}
    assert listed(client, world, "printing=printed") == {second.serial}


def test_a_reprint_puts_the_card_back_to_print(client, world, badge_of):
    badge = badge_of()
    issuing.badges_mark_printed(actor=world.organiser, event=world.event, serials=[badge.serial])
    issuing.badge_hand_out(actor=world.organiser, badge=badge)
    issuing.badge_reprint(actor=world.organiser, badge=badge)
    badge.refresh_from_db()
    assert (badge.generation, badge.printed_at, badge.handed_out_at) == (2, None, None)
    assert list(selectors.badges(world.event, printing="to_print")) == [badge]


def test_the_postponement_re_signs_the_badges_and_puts_them_back_to_print(world, badge_of, settings):
    from pavilion.events import postponement

    badge = badge_of()
    issuing.badges_mark_printed(actor=world.organiser, event=world.event, serials=[badge.serial])
    assert not selectors.badges(world.event, printing="to_print").exists()
    settings.PAVILION_CLOCK = (NOON - datetime.timedelta(days=20)).isoformat()  # before the event began
    postponement.event_postpone(actor=world.organiser, event=world.event, days=34, reprint_badges=True)
    badge.refresh_from_db()
    assert badge.generation == 2 and badge.printed_at is None
    assert list(selectors.badges(world.event, printing="to_print")) == [badge]


def test_marking_what_is_not_to_print_is_refused_and_changes_nothing(client, world, badge_of):
    printed, revoked = badge_of(), badge_of()
    issuing.badges_mark_printed(actor=world.organiser, event=world.event, serials=[printed.serial])
    issuing.badge_revoke(actor=world.organiser, badge=revoked, reason="lost")
    client.force_login(world.organiser)
    before = Badge.objects.get(pk=printed.pk).printed_at
    response = client.post(url(world, "badges/printed/"), {"serial": [printed.serial, revoked.serial, "x", "-3"]},
                           follow=True)
    assert "None of these badges is waiting to be printed." in response.content.decode()
    assert Badge.objects.get(pk=printed.pk).printed_at == before
    assert Badge.objects.get(pk=revoked.pk).printed_at is None
    # a card not printed yet is not handed out
    fresh = badge_of()
    response = client.post(url(world, f"badges/{fresh.serial}/handed-out/"), follow=True)
    assert "print it first" in response.content.decode()
    assert Badge.objects.get(pk=fresh.pk).handed_out_at is None


def test_only_the_organiser_marks_printed(client, world, badge_of):
    badge = badge_of()
    client.force_login(world.officer)
    assert client.post(url(world, "badges/printed/"), {"serial": [badge.serial]}).status_code == 403
    assert client.post(url(world, f"badges/{badge.serial}/handed-out/")).status_code == 403
    assert Badge.objects.get(pk=badge.pk).printed_at is None


def test_badges_are_found_by_name_or_serial(client, world, badge_of):
    badges = [badge_of() for _number in range(3)]
    client.force_login(world.officer)
    target = badges[1]
    assert listed(client, world, f"q={target.serial}") == {target.serial}
    given = target.registration.person.given_name
    same = {badge.serial for badge in badges if given.lower() in badge.registration.person.given_name.lower()}
    assert target.serial in same and listed(client, world, f"q={given.lower()}") == same
    assert listed(client, world, f"q={given}+{target.registration.person.family_name}") == same
    assert listed(client, world, f"q={given}+Nobody") == set()  # every word must be in the name
    assert listed(client, world, "q=Nobody") == set()
    assert listed(client, world, "q=99999999999999") == set()


@pytest.fixture
def company_at_both_shows(world, badge_of):
    """world.exhibitor's company exhibits at a second show of the event too, with staff at each."""
    second = ExhibitorFactory(show=ShowFactory(event=world.event), company=world.exhibitor.company)
    StandFactory(show=second.show, exhibitor=second, state="booked")
    here = badge_of("exhibitor-staff", exhibitor=world.exhibitor)
    there = badge_of("exhibitor-staff", exhibitor=second)
    return here, there


def test_a_company_at_both_shows_is_one_batch_of_all_its_staff(client, world, company_at_both_shows):
    here, there = company_at_both_shows
    company = world.exhibitor.company
    client.force_login(world.organiser)
    html = client.get(url(world, "badges/")).content.decode()
    assert html.count(f'<tr data-company="{company.pk}">') == 1
    assert html.count(f">{company.name}</a>") == 1
    response = client.get(url(world, f"print/company/{company.pk}.pdf"))
    assert response.status_code == 200
    assert sorted(qr_texts(response.content)) == sorted([here.token, there.token])
    # its batch marked as printed at once
    client.post(url(world, "badges/printed/"), {"company": company.pk})
    assert Badge.objects.filter(pk__in=[here.pk, there.pk], printed_at__isnull=False).count() == 2
    # a company of another event is not printed here
    assert client.get(url(world, f"print/company/{world.other_exhibitor.company.pk + 1000}.pdf")).status_code == 404


def test_the_batch_lists_count_what_is_to_print(world, company_at_both_shows):
    here, _there = company_at_both_shows
    issuing.badges_mark_printed(actor=world.organiser, event=world.event, serials=[here.serial])
    rows = {company.pk: company.to_print for company in selectors.print_companies(world.event)}
    assert rows == {world.exhibitor.company.pk: 1}


def test_the_badge_list_costs_the_same_queries_for_few_or_many(client, world, badge_of):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    badge_of()
    client.force_login(world.organiser)
    with CaptureQueriesContext(connection) as one:
        client.get(url(world, "badges/?printing=to_print&q=Person"))
    for _number in range(4):
        badge_of()
    with CaptureQueriesContext(connection) as five:
        client.get(url(world, "badges/?printing=to_print&q=Person"))
    assert len(five) == len(one)
