import re
import xml.etree.ElementTree as ElementTree

from django.urls import reverse

from pavilion.meetings.models import Meeting, MeetingParticipant
from tests.meetings.schedule_factories import schedule_fixture  # noqa: F401


def test_the_grid_is_a_picture_of_slots_by_locations_coloured_by_state(client, schedule, settings,
                                                                      django_assert_num_queries):
    schedule.slots()
    schedule.tables(3)
    people = [schedule.person(given="Nigar", organisation=f"Org {index}") for index in range(6)]
    schedule.request(people[0], people[1])
    schedule.request(people[2], people[3], length=2)
    schedule.publish(schedule.run())
    schedule.request(people[4], people[5])
    draft_run = schedule.run()
    held = Meeting.objects.filter(status="scheduled", length=1).first()
    MeetingParticipant.objects.filter(meeting=held).update(attendance="no-show")
    client.force_login(schedule.organiser)
    url = reverse("meetings:schedule_grid", args=[schedule.event.slug])
    with django_assert_num_queries(13):
        response = client.get(url, {"day": "2024-09-24", "hall": str(schedule.hall.pk), "run": draft_run.pk})
    text = response.content.decode()
    svg = re.search(r"<svg.*?</svg>", text, re.S).group(0)
    root = ElementTree.fromstring(svg)  # well-formed
    rects = root.findall("{http://www.w3.org/2000/svg}rect")
    states = sorted(rect.get("data-state") for rect in rects if rect.get("data-meeting"))
    assert states == ["draft", "no-show", "scheduled"]
    two_slots = next(rect for rect in rects if rect.get("data-meeting") == str(Meeting.objects.get(length=2).pk))
    one_slot = next(rect for rect in rects if rect.get("data-state") == "draft")
    assert float(two_slots.get("width")) > 1.9 * float(one_slot.get("width"))
    assert "Nigar" in svg and "T-01" in svg and "09:00" in svg and "10:30" in svg
    # Without the run only the published meetings are drawn; the query count does not grow with meetings.
    with django_assert_num_queries(12):
        response = client.get(url, {"day": "2024-09-24", "hall": str(schedule.hall.pk)})
    assert 'data-state="draft"' not in response.content.decode()
    assert client.get(url, {"day": "1999-01-01", "hall": "x"}).status_code == 200


def test_a_run_that_is_not_a_plain_id_is_ignored(client, schedule):
    schedule.slots()
    schedule.tables(1)
    client.force_login(schedule.organiser)
    url = reverse("meetings:schedule_grid", args=[schedule.event.slug])
    for run in ("²", "١٢", "99999999999999999999999", "-1", "0"):
        response = client.get(url, {"day": "2024-09-24", "hall": str(schedule.hall.pk), "run": run})
        assert response.status_code == 200 and response.context["run"] is None
