"""Whoever acts for a participant on the request pages (their company's members for exhibitor staff,
the delegation's liaison for its head) sees when and where the meetings they accepted take place:
the agenda, its PDF and calendar, and the time and place on the accepted request's page."""

import pytest
from django.urls import reverse
from icalendar import Calendar

from pavilion.core import roles
from pavilion.exhibitors.models import CompanyMember
from pavilion.meetings.models import Meeting, MeetingRequest
from pavilion.registrations.models import Registration
from tests.factories import UserFactory
from tests.meetings.schedule_factories import delegation_of, exhibitor_of, schedule_fixture  # noqa: F401


@pytest.fixture
def placed(schedule):
    """A visitor's accepted requests to an exhibitor's staff member and to a delegation's head, placed
    by a published schedule; the company's admin and the delegation's liaison accepted them."""
    schedule.slots()
    schedule.tables(2)
    schedule.secure_room()  # where a delegation meets
    exhibitor = exhibitor_of(schedule)
    admin = UserFactory(username="exhibitoradmin", role=roles.EXHIBITOR_ADMIN)
    CompanyMember.objects.create(company=exhibitor.company, user=admin, role=CompanyMember.Role.ADMIN)
    staff = schedule.person("exhibitor-staff", given="Rauf", family="Staff", exhibitor=exhibitor)
    delegation = delegation_of(schedule)
    liaison = UserFactory(username="liaison", role=roles.DELEGATION_LIAISON)
    delegation.liaison = liaison
    delegation.save()
    head = schedule.person("delegation-member", given="Jan", family="Head", delegation=delegation)
    Registration.objects.filter(pk=head.pk).update(protocol_order=1)
    visitor = schedule.person(given="Leyla", family="Visitor", user=UserFactory(username="leyla"))
    to_staff = schedule.request(visitor, staff)
    to_head = schedule.request(visitor, head)
    schedule.publish(schedule.run())
    assert Meeting.objects.filter(status="scheduled").count() == 2
    return {"admin": admin, "staff": staff, "liaison": liaison, "head": head, "visitor": visitor,
            "to_staff": to_staff, "to_head": to_head}


def pages(schedule, registration) -> list[str]:
    slug = schedule.event.slug
    return [reverse("meetings:agenda", args=[slug, registration.pk]),
            reverse("meetings:agenda_pdf", args=[slug, registration.pk]),
            reverse("api:agenda_ics", kwargs={"event": slug, "participant": registration.pk})]


def test_the_company_admin_sees_the_agenda_pdf_and_calendar_of_its_staff(client, schedule, placed):
    client.force_login(placed["admin"])
    agenda, pdf, ics = pages(schedule, placed["staff"])
    page = client.get(agenda)
    assert page.status_code == 200 and "Leyla Visitor" in page.content.decode()
    meeting = Meeting.objects.get(request=placed["to_staff"])
    assert f'data-meeting="{meeting.pk}"' in page.content.decode()
    assert client.get(pdf).content.startswith(b"%PDF")
    calendar = client.get(ics)
    assert calendar.status_code == 200 and len(Calendar.from_ical(calendar.content).walk("VEVENT")) == 1
    # Not the agendas of people it does not act for.
    for url in pages(schedule, placed["head"])[:2] + pages(schedule, placed["visitor"])[:2]:
        assert client.get(url).status_code == 404, url
    assert client.get(pages(schedule, placed["visitor"])[2]).status_code == 403


def test_the_liaison_sees_the_agenda_of_the_delegation_it_acts_for(client, schedule, placed):
    client.force_login(placed["liaison"])
    agenda, pdf, ics = pages(schedule, placed["head"])
    assert client.get(agenda).status_code == 200
    assert client.get(pdf).status_code == 200
    assert len(Calendar.from_ical(client.get(ics).content).walk("VEVENT")) == 1
    assert client.get(pages(schedule, placed["staff"])[0]).status_code == 404


def test_another_company_or_a_stranger_still_sees_nothing(client, schedule, placed):
    other = exhibitor_of(schedule)
    outsider = UserFactory(username="otheradmin", role=roles.EXHIBITOR_ADMIN)
    CompanyMember.objects.create(company=other.company, user=outsider, role=CompanyMember.Role.ADMIN)
    for user in (outsider, UserFactory(username="stranger")):
        client.force_login(user)
        agenda, pdf, ics = pages(schedule, placed["staff"])
        assert client.get(agenda).status_code == 404 and client.get(pdf).status_code == 404
        assert client.get(ics).status_code == 403


def test_my_agenda_offers_the_participants_one_acts_for(client, schedule, placed):
    client.force_login(placed["admin"])
    response = client.get(reverse("meetings:agenda_mine", args=[schedule.event.slug]))
    assert response.status_code == 302  # one participant: straight to that agenda
    assert response.url == pages(schedule, placed["staff"])[0]
    second = schedule.person("exhibitor-staff", given="Second", family="Staff", exhibitor=placed["staff"].exhibitor)
    page = client.get(reverse("meetings:agenda_mine", args=[schedule.event.slug])).content.decode()
    assert "no approved registration" not in page
    for registration in (placed["staff"], second):
        assert f'href="{pages(schedule, registration)[0]}"' in page


def test_the_request_pages_link_to_the_agenda(client, schedule, placed):
    client.force_login(placed["admin"])
    listing = client.get(reverse("meetings:request_list", args=[schedule.event.slug]),
                         {"as": placed["staff"].pk}).content.decode()
    assert f'href="{pages(schedule, placed["staff"])[0]}"' in listing


def test_an_accepted_request_shows_when_and_where_once_placed(client, schedule, placed):
    meeting = Meeting.objects.select_related("location").get(request=placed["to_staff"])
    detail = reverse("meetings:request_detail", args=[schedule.event.slug, placed["to_staff"].pk])
    for user in (placed["admin"], placed["visitor"].person.user):
        client.force_login(user)
        page = client.get(detail).content.decode()
        assert 'data-testid="meeting-time"' in page and "09:00–09:30" in page
        assert meeting.location.name in page and "Tuesday 24 September 2024" in page
    # Not placed (yet): no time or place.
    unplaced = schedule.request(placed["visitor"], schedule.person("exhibitor-staff",
                                                                   exhibitor=placed["staff"].exhibitor))
    page = client.get(reverse("meetings:request_detail", args=[schedule.event.slug, unplaced.pk])).content.decode()
    assert 'data-testid="meeting-time"' not in page
    assert unplaced.status == MeetingRequest.Status.ACCEPTED


def test_the_acting_user_does_not_get_attendance_buttons_it_may_not_use(client, schedule, placed, settings):
    settings.PAVILION_CLOCK = "2024-09-24T12:00:00+04:00"  # after the meetings
    client.force_login(placed["admin"])
    response = client.get(pages(schedule, placed["staff"])[0])
    assert response.status_code == 200 and 'value="held"' not in response.content.decode()
    client.force_login(placed["visitor"].person.user)
    assert 'value="held"' in client.get(pages(schedule, placed["visitor"])[0]).content.decode()


def test_the_agenda_of_an_acting_user_costs_a_fixed_number_of_queries(client, schedule, placed,
                                                                       django_assert_num_queries):
    client.force_login(placed["admin"])
    url = pages(schedule, placed["staff"])[0]
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200
    schedule.request(placed["head"], placed["staff"])
    schedule.publish(schedule.run())
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200
