import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from pavilion.core.models import AuditEntry
from pavilion.meetings.models import (
    Meeting,
    MeetingLocation,
    MeetingOccupancy,
    MeetingParticipant,
    ScheduleRun,
)
from pavilion.meetings.services import scheduling
from pavilion.meetings.services.scheduling_problem import build_problem
from tests.factories import ProductFactory, StandFactory
from tests.meetings.schedule_factories import delegation_of, exhibitor_of, schedule_fixture  # noqa: F401


def small(schedule, pairs=3):
    schedule.slots()  # 09:00-11:00: four slots
    schedule.tables(2)
    people = [schedule.person() for _ in range(pairs * 2)]
    return [schedule.request(people[2 * index], people[2 * index + 1]) for index in range(pairs)]


def test_a_run_places_the_accepted_requests_as_drafts_and_publishing_shows_them(schedule):
    requests = small(schedule)
    run = schedule.run()
    assert run.status == ScheduleRun.Status.DONE and run.progress == 100
    assert run.scheduled == 3 and run.objective == 6 and run.upper_bound == 6 and run.solver_status == "optimal"
    drafts = Meeting.objects.filter(run=run)
    assert drafts.count() == 3 and set(drafts.values_list("status", flat=True)) == {"draft"}
    assert {meeting.request_id for meeting in drafts} == {request.pk for request in requests}
    assert MeetingParticipant.objects.filter(meeting__run=run).count() == 6
    assert MeetingOccupancy.objects.filter(run=run).count() == 3
    schedule.publish(run)
    run.refresh_from_db()
    assert run.status == ScheduleRun.Status.PUBLISHED
    assert set(Meeting.objects.values_list("status", flat=True)) == {"scheduled"}
    assert AuditEntry.objects.filter(action="schedule_run.publish").exists()


def test_a_rerun_keeps_published_meetings_and_fills_new_requests_around_them(schedule):
    small(schedule, pairs=2)
    first = schedule.run()
    schedule.publish(first)
    kept = {meeting.pk: (meeting.slot_id, meeting.location_id) for meeting in Meeting.objects.all()}
    # Four new requests from the same people: they must go around the published meetings.
    people = schedule.people
    for requester, counterpart in [(people[0], people[2]), (people[1], people[3]), (people[0], people[3]),
                                   (people[1], people[2])]:
        schedule.request(requester, counterpart, priority=3)
    second = schedule.run()
    assert second.status == "done" and second.scheduled == 6
    assert second.requests == 4  # only the new requests are placed
    drafts = list(Meeting.objects.filter(run=second))
    assert len(drafts) == 4
    schedule.publish(second)
    assert {meeting.pk: (meeting.slot_id, meeting.location_id)
            for meeting in Meeting.objects.filter(pk__in=kept)} == kept
    assert Meeting.objects.filter(status="scheduled").count() == 6
    # Every published meeting's occupancy now belongs to the published run: the constraint guards all of it.
    assert set(MeetingOccupancy.objects.values_list("run_id", flat=True)) == {second.pk}
    busy = {}
    for meeting in Meeting.objects.prefetch_related("attendance"):
        for row in meeting.attendance.all():
            assert (row.registration_id, meeting.slot_id) not in busy
            busy[(row.registration_id, meeting.slot_id)] = meeting.pk
    first.refresh_from_db()
    assert first.status == ScheduleRun.Status.SUPERSEDED


def test_a_run_that_collides_with_a_schedule_published_meanwhile_is_refused(schedule):
    small(schedule)
    first = schedule.run()
    older = ScheduleRun.objects.create(event=schedule.event, status="running", created_at=first.created_at)
    schedule.publish(first)
    # `older` was solving while `first` was published: it put the same people into the same slot.
    published = Meeting.objects.filter(status="scheduled").select_related("slot").first()
    other_table = MeetingLocation.objects.exclude(pk=published.location_id).first()
    clash = Meeting.objects.create(event=schedule.event, request=published.request, run=older, slot=published.slot,
                                   location=other_table, starts_at=published.starts_at, ends_at=published.ends_at)
    for row in published.attendance.all():
        MeetingParticipant.objects.create(meeting=clash, registration_id=row.registration_id)
    MeetingOccupancy.objects.create(meeting=clash, run=older, slot=published.slot, location=other_table)
    ScheduleRun.objects.filter(pk=older.pk).update(status="done")
    with pytest.raises(ValidationError, match="collide with published ones"):
        schedule.publish(older)
    MeetingParticipant.objects.filter(meeting=clash).delete()
    MeetingOccupancy.objects.filter(meeting=clash).update(location=published.location)
    with pytest.raises(ValidationError, match="no longer free"):
        schedule.publish(older)
    assert Meeting.objects.filter(status="scheduled").count() == 3
    first.refresh_from_db()
    assert first.status == "published"


def test_a_cancellation_frees_the_slot_and_location_and_is_not_placed_again(schedule):
    small(schedule)
    schedule.publish(schedule.run())
    meeting = Meeting.objects.first()
    with pytest.raises(ValidationError):
        scheduling.meeting_cancel(actor=schedule.organiser, meeting=meeting, reason="  ")
    scheduling.meeting_cancel(actor=schedule.organiser, meeting=meeting, reason="the visitor fell ill")
    meeting.refresh_from_db()
    assert meeting.status == "cancelled" and meeting.cancel_reason == "the visitor fell ill"
    assert not MeetingOccupancy.objects.filter(meeting=meeting).exists()
    assert AuditEntry.objects.filter(action="meeting.cancel", object_id=str(meeting.pk)).exists()
    with pytest.raises(ValidationError, match="Only a scheduled meeting"):
        scheduling.meeting_cancel(actor=schedule.organiser, meeting=meeting, reason="again")
    with pytest.raises(ValidationError, match="nothing to schedule"):
        scheduling.schedule_run_start(actor=schedule.organiser, event=schedule.event, time_limit=5)


def test_secure_rooms_for_delegations_and_munitions_stands_for_exhibitors(schedule):
    schedule.slots()
    schedule.tables(1)
    room = schedule.secure_room()
    exhibitor = exhibitor_of(schedule)
    stand = StandFactory(show=schedule.show, hall=schedule.hall, exhibitor=exhibitor, state="booked")
    from pavilion.meetings.services.locations import locations_add_stands

    [stand_location] = locations_add_stands(actor=schedule.organiser, event=schedule.event)
    assert stand_location.stand == stand and stand_location.kind == "stand"
    visitor, staff = schedule.person(), schedule.person("exhibitor-staff", exhibitor=exhibitor)
    delegate = schedule.person("delegation-member", delegation=delegation_of(schedule))
    plain = schedule.request(visitor, staff)
    munitions = schedule.request(schedule.person(), schedule.person(),
                                 products=[ProductFactory(exhibitor=exhibitor, control="ML6")])
    official = schedule.request(delegate, staff, length=2)
    table = schedule.request(schedule.person(), schedule.person())
    spec = build_problem(schedule.event).spec
    by_id = {meeting["id"]: meeting for meeting in spec["meetings"]}
    assert by_id[f"q{plain.pk}"]["location"] == stand_location.code
    assert by_id[f"q{munitions.pk}"]["location_kinds"] == ["secure-room"]
    assert by_id[f"q{official.pk}"]["location_kinds"] == ["secure-room"] and by_id[f"q{official.pk}"]["length"] == 2
    assert by_id[f"q{table.pk}"]["location_kinds"] == ["table"]
    run = schedule.run()
    assert run.scheduled == 4
    official_meeting = Meeting.objects.get(request=official)
    assert official_meeting.location == room and official_meeting.length == 2
    assert MeetingOccupancy.objects.filter(meeting=official_meeting).count() == 2


def test_unscheduled_requests_come_with_reasons_and_requests_not_cleared_are_left_out(schedule):
    schedule.slots(end=(9, 30))  # one slot
    schedule.tables(1)
    a, b, c = schedule.person(), schedule.person(), schedule.person()
    schedule.request(a, b, priority=3)
    lost = schedule.request(a, c, priority=1)
    # Each on a pair of its own: one open request per pair is the rule.
    schedule.request(b, c, compliance="blocked")
    schedule.request(c, b, review="waiting")
    schedule.request(b, schedule.person(), status="pending")
    gone = schedule.request(c, schedule.person(status="cancelled"))
    run = schedule.run()
    assert run.requests == 3 and run.scheduled == 1
    reasons = {item["request"]: item["reason"] for item in run.unscheduled}
    assert set(reasons) == {lost.pk, gone.pk}
    assert "not approved" in reasons[gone.pk]
    from pavilion.meetings.selectors.schedule import unscheduled

    rows = {row.request_id: row for row in unscheduled(run)}
    assert "reg-" not in rows[lost.pk].reason and a.person.full_name in rows[lost.pk].reason


def test_availability_and_the_meeting_limit_come_from_the_profile(schedule):
    import datetime

    from pavilion.meetings.models import Availability, MeetingProfile

    schedule.slots()
    schedule.tables(2)
    a, b = schedule.person(), schedule.person()
    profile = MeetingProfile.objects.create(registration=a, max_meetings=1)
    Availability.objects.create(profile=profile, day=datetime.date(2024, 9, 24), start=datetime.time(10),
                                end=datetime.time(11))
    schedule.request(a, b)
    spec = build_problem(schedule.event).spec
    people = {item["id"]: item for item in spec["participants"]}
    assert people[f"reg-{a.pk}"]["available"] == ["2024-09-24 10:00", "2024-09-24 10:30"]
    assert people[f"reg-{a.pk}"]["max_meetings"] == 1
    assert "available" not in people[f"reg-{b.pk}"] and people[f"reg-{b.pk}"]["max_meetings"] == 12
    schedule.publish(schedule.run())
    assert Meeting.objects.get().starts_at.hour in (6, 7)  # 10:00 or 10:30 in Baku is 06:xx UTC


def test_only_one_run_at_a_time_and_a_bad_time_limit_is_refused(schedule):
    small(schedule)
    scheduling.schedule_run_start(actor=schedule.organiser, event=schedule.event, time_limit=5)
    with pytest.raises(ValidationError, match="already in progress"):
        scheduling.schedule_run_start(actor=schedule.organiser, event=schedule.event, time_limit=5)
    with pytest.raises(ValidationError):
        scheduling.schedule_run_start(actor=schedule.organiser, event=schedule.event, time_limit=0)
    assert ScheduleRun.objects.count() == 1


def test_the_pages_run_and_publish_through_the_task(client, schedule, django_capture_on_commit_callbacks,
                                                    django_assert_num_queries):
    small(schedule)
    client.force_login(schedule.organiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("meetings:schedule_run_start", args=[schedule.event.slug]), {"time_limit": "5"})
    run = ScheduleRun.objects.get()
    assert response.url == reverse("meetings:schedule_run", args=[schedule.event.slug, run.pk])
    page = client.get(response.url).content.decode()
    assert "Objective" in page and 'id="publish"' in page
    progress = client.get(reverse("meetings:schedule_run_progress", args=[schedule.event.slug, run.pk]),
                          HTTP_HX_REQUEST="true")
    assert progress["HX-Refresh"] == "true"
    client.post(reverse("meetings:schedule_run_publish", args=[schedule.event.slug, run.pk]))
    assert Meeting.objects.filter(status="scheduled").count() == 3
    for _ in range(3):
        ScheduleRun.objects.create(event=schedule.event, status="failed", created_at=run.created_at)
    with django_assert_num_queries(12):
        assert client.get(reverse("meetings:schedule", args=[schedule.event.slug])).status_code == 200
    with django_assert_num_queries(6):
        assert client.get(reverse("meetings:schedule_run", args=[schedule.event.slug, run.pk])).status_code == 200
    with django_assert_num_queries(8):
        assert client.get(reverse("meetings:schedule_locations", args=[schedule.event.slug])).status_code == 200


@pytest.mark.parametrize(("language", "word"), [("en", "optimal"), ("az", "optimal"), ("ru", "оптимально")])
def test_the_list_of_runs_names_the_solver_status_in_the_reader_language(client, schedule, language, word):
    small(schedule)
    schedule.run()
    client.force_login(schedule.organiser)
    page = client.get(reverse("meetings:schedule", args=[schedule.event.slug]), HTTP_ACCEPT_LANGUAGE=language)
    runs = page.content.decode().split('id="runs"')[1].split("</table>")[0]
    assert f"6 / 6 · {word}" in runs


def test_schedule_pages_are_for_the_organiser_only(client, schedule):
    small(schedule)
    run = schedule.run()
    client.force_login(schedule.people[0].person.user or _user(schedule.people[0]))
    for name, args in [("schedule", []), ("schedule_run", [run.pk]), ("schedule_grid", []),
                       ("schedule_locations", [])]:
        assert client.get(reverse(f"meetings:{name}", args=[schedule.event.slug, *args])).status_code == 403
    assert client.post(reverse("meetings:schedule_run_publish", args=[schedule.event.slug, run.pk])).status_code == 403


def _user(registration):
    from tests.factories import UserFactory

    user = UserFactory()
    registration.person.user = user
    registration.person.save(update_fields=["user"])
    return user


def test_a_finished_run_shows_its_status_once_and_offers_no_publishing_of_nothing(client, schedule):
    small(schedule)
    first = schedule.run()
    schedule.publish(first)
    # A later run that placed none of its requests (all left out): nothing new to publish.
    again = ScheduleRun.objects.create(event=schedule.event, status="done", stage="done", progress=100,
                                       created_at=first.created_at, requests=1, scheduled=3, objective=6,
                                       upper_bound=8, solver_status="optimal", unscheduled=[])
    client.force_login(schedule.organiser)
    page = client.get(reverse("meetings:schedule_run", args=[schedule.event.slug, again.pk])).content.decode()
    progress = page.split('id="run-progress"')[1].split("</div>")[0].split(">", 1)[1]  # after the tag's attributes
    assert "<progress" not in progress and "100%" not in progress and progress.count("done") == 1
    assert 'id="publish"' not in page and 'id="nothing-to-publish"' in page
    with pytest.raises(ValidationError, match="Nothing to publish"):
        schedule.publish(again)
    response = client.post(reverse("meetings:schedule_run_publish", args=[schedule.event.slug, again.pk]))
    assert response.status_code == 302
    again.refresh_from_db()
    first.refresh_from_db()
    assert (again.status, first.status) == (ScheduleRun.Status.DONE, ScheduleRun.Status.PUBLISHED)


def test_a_run_at_work_shows_its_stage_and_progress(client, schedule):
    small(schedule)
    run = ScheduleRun.objects.create(event=schedule.event, status="running", stage="solving", progress=40,
                                     created_at=timezone.now())
    client.force_login(schedule.organiser)
    page = client.get(reverse("meetings:schedule_run", args=[schedule.event.slug, run.pk])).content.decode()
    assert "searching for the best schedule" in page and '<progress max="100" value="40">' in page


def test_a_run_places_no_new_meeting_for_a_withdrawn_exhibitor_and_keeps_its_published_ones(schedule):
    schedule.slots()
    schedule.tables(2)
    exhibitor = exhibitor_of(schedule)
    staff = schedule.person("exhibitor-staff", exhibitor=exhibitor)
    visitor, other = schedule.person(), schedule.person()
    schedule.request(visitor, staff)
    first = schedule.run()
    schedule.publish(first)
    published = Meeting.objects.get(status="scheduled")
    exhibitor.status = "withdrawn"
    exhibitor.save(update_fields=["status"])
    late = schedule.request(staff, other)
    fine = schedule.request(visitor, other)
    second = schedule.run()
    assert second.status == ScheduleRun.Status.DONE
    assert {meeting.request_id for meeting in Meeting.objects.filter(run=second, status="draft")} == {fine.pk}
    reasons = {item["request"]: item["reason"] for item in second.unscheduled}
    assert set(reasons) == {late.pk}
    from pavilion.meetings.selectors.schedule import unscheduled

    said = {row.request_id: row.reason for row in unscheduled(second)}[late.pk]
    assert said == "the requester's company is withdrawn from the show or not yet approved as an exhibitor"
    schedule.publish(second)
    published.refresh_from_db()
    assert published.status == "scheduled"  # the organiser decides on the meetings already published


def test_a_delegation_member_meets_only_within_the_delegations_stay(schedule):
    """A delegation that arrives at 10:00 has no meeting before; one that left the day before meets nobody."""
    from tests.meetings.schedule_factories import baku

    schedule.slots()  # 24 September, 09:00-11:00: four slots
    schedule.tables(2)
    schedule.secure_room()  # where an official delegation meets
    late = delegation_of(schedule)
    late.arrival = baku(24, 10)
    late.save(update_fields=["arrival"])
    gone = delegation_of(schedule)
    gone.departure = baku(23, 18)
    gone.save(update_fields=["departure"])
    arriving = schedule.request(schedule.person("delegation-member", delegation=late), schedule.person())
    departed = schedule.request(schedule.person("delegation-member", delegation=gone), schedule.person())
    spec = build_problem(schedule.event).spec
    available = {participant["id"]: participant.get("available") for participant in spec["participants"]}
    assert len(available[f"reg-{arriving.requester_id}"]) == 2  # 10:00 and 10:30
    assert available[f"reg-{departed.requester_id}"] == []
    run = schedule.run()
    meeting = Meeting.objects.get(request=arriving)
    assert meeting.starts_at >= baku(24, 10)
    assert not Meeting.objects.filter(request=departed).exists()
    assert any(item["request"] == departed.pk for item in run.unscheduled)
