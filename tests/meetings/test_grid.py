import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from django.urls import reverse

from pavilion import meetings
from pavilion.meetings.models import Meeting, MeetingParticipant
from tests.meetings.schedule_factories import schedule_fixture  # noqa: F401


def _grid(text: str):
    """The grid's box, parsed (well-formed: every name escaped)."""
    box = re.search(r'<div class="meeting-grid-scroll".*?<ul class="mg-legend">.*?</ul>', text, re.S).group(0)
    return ElementTree.fromstring(f"<root>{box}</root>")


def _columns(element) -> tuple[int, int]:
    """The grid columns a cell covers (its `grid-area: row / column [/ row-end / column-end]`)."""
    area = [int(part) for part in re.search(r"grid-area: ([\d /]+)", element.get("style")).group(1).split("/")]
    return area[1], area[3] if len(area) == 4 else area[1] + 1


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
    root = _grid(text)
    meetings = root.findall(".//details[@data-meeting]")
    assert sorted(cell.get("data-state") for cell in meetings) == ["draft", "no-show", "scheduled"]
    two_slots = next(cell for cell in meetings if cell.get("data-meeting") == str(Meeting.objects.get(length=2).pk))
    one_slot = next(cell for cell in meetings if cell.get("data-state") == "draft")
    start, end = _columns(two_slots)
    assert end - start == 2 and _columns(one_slot)[1] - _columns(one_slot)[0] == 1
    grid_text = "".join(root.itertext())
    assert "Nigar" in grid_text and "T-01" in grid_text and "09:00" in grid_text and "10:30" in grid_text
    # Without the run only the published meetings are drawn; the query count does not grow with meetings.
    with django_assert_num_queries(12):
        response = client.get(url, {"day": "2024-09-24", "hall": str(schedule.hall.pk)})
    assert 'data-state="draft"' not in response.content.decode()
    assert client.get(url, {"day": "1999-01-01", "hall": "x"}).status_code == 200


def test_each_meeting_shows_its_participants_without_hovering_in_a_box_that_scrolls(client, schedule):
    """A phone cannot hover: each meeting is a <details> whose summary (a tap, a click, Enter) opens the list
    of its participants, written in the page; the grid is a focusable region (it scrolls on its own) whose
    locations' column and times' row stay in view (sticky, in meetings/grid.css)."""
    schedule.slots()
    schedule.tables(2)
    visitor = schedule.person(given="Leyla", family="Məmmədova", organisation="Xəzər <Trading>")
    staff = schedule.person("exhibitor-staff", given="Oleg", family="Ivanov", organisation="Caspian Optics")
    schedule.request(visitor, staff)
    schedule.publish(schedule.run())
    meeting = Meeting.objects.get()
    client.force_login(schedule.organiser)
    response = client.get(reverse("meetings:schedule_grid", args=[schedule.event.slug]),
                          {"day": "2024-09-24", "hall": str(schedule.hall.pk)})
    text = response.content.decode()
    assert "<svg" not in text and "Hover over" not in text
    root = _grid(text)
    region = root.find("div[@class='meeting-grid-scroll']")
    assert region.get("role") == "region" and region.get("tabindex") == "0" and region.get("aria-label")
    [cell] = root.findall(".//details[@data-meeting]")
    assert cell.get("data-meeting") == str(meeting.pk) and cell.get("data-state") == "scheduled"
    assert cell.find("summary") is not None
    shown = [" ".join("".join(item.itertext()).split()) for item in cell.findall(".//div[@class='mg-people']/ul/li")]
    assert sorted(shown) == ["Leyla Məmmədova (Xəzər <Trading>)", "Oleg Ivanov (Caspian Optics)"]
    assert "Xəzər &lt;Trading&gt;" in text
    places = [element.text for element in root.iter("div") if element.get("class") == "mg-place"]
    times = [element.text for element in root.iter("div") if element.get("class") == "mg-time"]
    assert places == ["T-01", "T-02"] and times[0] == "09:00"
    assert "meetings/grid.css" in text
    css = (Path(meetings.__file__).parent / "static" / "meetings" / "grid.css").read_text()
    assert re.search(r"\.mg-place \{[^}]*position: sticky; left: 0", css)
    assert re.search(r"\.mg-time \{[^}]*position: sticky; top: 0", css)
    assert re.search(r"\.meeting-grid-scroll \{[^}]*overflow: auto", css)


def test_a_run_that_is_not_a_plain_id_is_ignored(client, schedule):
    schedule.slots()
    schedule.tables(1)
    client.force_login(schedule.organiser)
    url = reverse("meetings:schedule_grid", args=[schedule.event.slug])
    for run in ("²", "١٢", "99999999999999999999999", "-1", "0"):
        response = client.get(url, {"day": "2024-09-24", "hall": str(schedule.hall.pk), "run": run})
        assert response.status_code == 200 and response.context["run"] is None
