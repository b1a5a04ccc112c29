"""A delegation's programme is checked against the clock: a visit falls within the delegation's stay, within
the hours the venue is open to delegations on one day (the zones' windows of their category, else the
default 09:00–18:00), and not over another visit; a published meeting of a member at the same hour is
shown beside the visit. A visit's place names the exhibitor's stand, and the form's exhibitors are told
apart by show and stand."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from pavilion.accreditation.models import Grant, Zone
from pavilion.meetings.models import Meeting, MeetingLocation, MeetingRequest, MeetingSlot
from pavilion.registrations import services
from pavilion.registrations.brief import delegation_brief_pdf
from pavilion.registrations.forms import DelegationVisitForm
from pavilion.registrations.models import DelegationVisit, Registration
from tests import pdf_layout
from tests.factories import CompanyFactory, ExhibitorFactory, ShowFactory, StandFactory
from tests.pdf_layout import uncompressed_pdf_fixture  # noqa: F401
from tests.registrations.support import person

BAKU = datetime.timezone(datetime.timedelta(hours=4))


def baku(day, hour, minute=0):
    return datetime.datetime(2024, 9, day, hour, minute, tzinfo=BAKU)


@pytest.fixture
def delegation(world):
    return services.delegation_create(
        actor=world.organiser, event=world.event, country="TR", sending_body="Ministry of National Defence",
        liaison=world.liaison, arrival=baku(24, 10), departure=baku(26, 14))


def add(world, delegation, start, end, title="Stand visit", **fields):
    return services.delegation_visit_add(actor=world.liaison, delegation=delegation, title=title, starts_at=start,
                                         ends_at=end, **{"exhibitor": None, "place": "", **fields})


def refusal(world, delegation, start, end) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        add(world, delegation, start, end, title="Refused")
    assert not DelegationVisit.objects.filter(title="Refused").exists()
    return refused.value.messages


STAY = "A visit takes place during the delegation's stay, from 2024-09-24 10:00 to 2024-09-26 14:00."
HOURS = "On 2024-09-24 the venue is open to delegations 09:00–18:00: a visit takes place within those hours."


@pytest.mark.parametrize("start, end, message", [
    (baku(24, 9), baku(24, 9, 45), STAY),  # before the arrival
    (baku(26, 13), baku(26, 15), STAY),  # after the departure
    (baku(24, 21), baku(24, 22), HOURS),  # at night
    (baku(24, 17), baku(24, 19), HOURS),  # past the closing
    (baku(24, 11), baku(26, 11), "A visit starts and ends on the same day."),  # three days
])
def test_a_visit_outside_the_stay_or_the_hours_or_over_days_is_refused(world, delegation, start, end, message):
    assert message in refusal(world, delegation, start, end)


def test_a_visit_over_another_is_refused_and_one_that_follows_it_is_taken(world, delegation):
    add(world, delegation, baku(24, 11), baku(24, 11, 45), title="Aselsan stand")
    assert refusal(world, delegation, baku(24, 11, 30), baku(24, 12)) == [
        "This visit overlaps Aselsan stand (2024-09-24 11:00–11:45)."]
    assert refusal(world, delegation, baku(24, 10, 30), baku(24, 13)) == [
        "This visit overlaps Aselsan stand (2024-09-24 11:00–11:45)."]
    add(world, delegation, baku(24, 11, 45), baku(24, 12, 30), title="Roketsan stand")  # back to back
    assert delegation.programme.count() == 2


def test_a_stay_shortened_past_a_visit_is_refused_and_one_that_keeps_it_is_taken(world, delegation):
    add(world, delegation, baku(25, 15), baku(25, 16), title="Aselsan stand")
    with pytest.raises(ValidationError) as refused:
        services.delegation_update(actor=world.liaison, delegation=delegation, departure=baku(25, 12))
    assert refused.value.messages == [
        "1 visit of the programme falls outside this stay: move or delete it first."]
    delegation.refresh_from_db()
    assert delegation.departure == baku(26, 14)
    services.delegation_update(actor=world.liaison, delegation=delegation, departure=baku(25, 17))
    delegation.refresh_from_db()
    assert delegation.departure == baku(25, 17)


def test_the_zones_windows_of_the_delegation_category_are_the_hours(world, delegation):
    lounge = Zone.objects.create(event=world.event, number=1, code="delegation-lounge", name_en="Lounge",
                                 kind="delegation")
    hall = Zone.objects.create(event=world.event, number=2, code="hall-1", name_en="Hall 1", kind="hall")
    category = world.categories["delegation-member"]
    Grant.objects.create(category=category, zone=hall, opens_at=baku(24, 10), closes_at=baku(24, 17))
    Grant.objects.create(category=category, zone=lounge, opens_at=baku(24, 16), closes_at=baku(24, 20))
    add(world, delegation, baku(24, 16, 30), baku(24, 19, 30), title="Reception")  # hall, then lounge: one window
    assert refusal(world, delegation, baku(24, 19, 30), baku(24, 21)) == [
        "On 2024-09-24 the venue is open to delegations 10:00–20:00: a visit takes place within those hours."]
    assert refusal(world, delegation, baku(25, 11), baku(25, 12)) == [  # no window that day
        "A visit takes place during the event, from 2024-09-24 to 2024-09-26."]


def test_the_page_shows_the_refusal_and_keeps_the_programme(world, delegation, client):
    add(world, delegation, baku(24, 11), baku(24, 11, 45), title="Aselsan stand")
    client.force_login(world.liaison)
    response = client.post(f"/delegations/{delegation.pk}/", {
        "form": "visit", "title": "Roketsan stand", "starts_at": "2024-09-24T11:15", "ends_at": "2024-09-24T12:00"})
    assert response.status_code == 400
    assert response.context["visit_form"].non_field_errors() == [
        "This visit overlaps Aselsan stand (2024-09-24 11:00–11:45)."]
    assert list(delegation.programme.values_list("title", flat=True)) == ["Aselsan stand"]


def _published_meeting(world, commit, delegation, start, end, *, status="scheduled"):
    head = commit(services.registration_submit, actor=world.liaison, category=world.categories["delegation-member"],
                  delegation=delegation, details={"protocol_order": 1, "rank": "General", "position": "Minister"},
                  person=person(given_name="Orhan", family_name="Karaca", nationality="TR",
                                document_number="U11111111", document_country="TR"))
    staff = commit(services.registration_submit, actor=world.exhibitor_admin,
                   category=world.categories["exhibitor-staff"], exhibitor=world.exhibitor,
                   details={"position": "Sales"}, person=person(document_number="C55555555"))
    request = MeetingRequest.objects.create(event=world.event, requester=head, counterpart=staff, status="accepted",
                                            created_at=baku(20, 10))
    slot = MeetingSlot.objects.create(event=world.event, starts_at=start, ends_at=end)
    location = MeetingLocation.objects.create(event=world.event, code="T-01", name_en="Table 1")
    meeting = Meeting.objects.create(event=world.event, request=request, status=status, slot=slot,
                                     location=location, starts_at=start, ends_at=end)
    for registration in (head, staff):
        meeting.attendance.create(registration=registration)
    return head


def test_a_visit_over_a_members_published_meeting_is_marked_on_the_page(world, commit, delegation, client):
    _published_meeting(world, commit, delegation, baku(24, 11, 30), baku(24, 12))
    over = add(world, delegation, baku(24, 11), baku(24, 11, 45), title="Aselsan stand")
    clear = add(world, delegation, baku(24, 14), baku(24, 14, 45), title="Roketsan stand")
    client.force_login(world.liaison)
    page = client.get(f"/delegations/{delegation.pk}/").content.decode()
    row = page.split(f'data-visit="{over.pk}"')[1].split("</tr>")[0]
    assert "Overlaps a meeting of Orhan Karaca (2024-09-24 11:30–12:00)." in row
    assert "data-meeting-overlap" not in page.split(f'data-visit="{clear.pk}"')[1].split("</tr>")[0]


def test_a_draft_meeting_or_one_of_a_withdrawn_member_is_no_warning(world, commit, delegation, client):
    head = _published_meeting(world, commit, delegation, baku(24, 11, 30), baku(24, 12), status="draft")
    add(world, delegation, baku(24, 11), baku(24, 11, 45))
    client.force_login(world.liaison)
    assert "data-meeting-overlap" not in client.get(f"/delegations/{delegation.pk}/").content.decode()
    Meeting.objects.update(status="scheduled")
    assert "data-meeting-overlap" in client.get(f"/delegations/{delegation.pk}/").content.decode()
    Registration.objects.filter(pk=head.pk).update(status="cancelled")
    assert "data-meeting-overlap" not in client.get(f"/delegations/{delegation.pk}/").content.decode()


def test_the_exhibitors_are_told_apart_by_show_and_stand(world, delegation):
    company = CompanyFactory(name="Aselsan A.Ş.")
    securex = ShowFactory(event=world.event, name_en="Securex Caspian")
    adex = world.exhibitor.show
    at_adex = ExhibitorFactory(company=company, show=adex)
    at_securex = ExhibitorFactory(company=company, show=securex)
    stand = StandFactory(show=adex, exhibitor=at_adex, state="booked", code="A12")
    field = DelegationVisitForm(delegation=delegation).fields["exhibitor"]
    labels = {pk: label for pk, label in field.choices if pk}
    assert labels[at_adex.pk] == f"Aselsan A.Ş. ({adex.name}, stand {stand.hall.code}/A12)"
    assert labels[at_securex.pk] == "Aselsan A.Ş. (Securex Caspian)"


def test_the_place_of_a_visit_names_the_stand_on_the_page_and_in_the_brief(world, delegation, client,
                                                                           uncompressed_pdf):
    stand = world.exhibitor.stands.select_related("hall").get()
    add(world, delegation, baku(24, 11), baku(24, 11, 45), exhibitor=world.exhibitor)
    add(world, delegation, baku(24, 14), baku(24, 14, 45), title="Outdoor display", place="Static display",
        exhibitor=world.exhibitor)
    code = f"{stand.hall.code}/{stand.code}"
    client.force_login(world.liaison)
    page = client.get(f"/delegations/{delegation.pk}/").content.decode()
    assert f"{world.exhibitor.company.name}, stand {code}" in page
    assert f"Static display, stand {code}" in page
    printed = pdf_layout.text(delegation_brief_pdf(delegation))
    assert f"stand {code}" in printed and "Static display" in printed
