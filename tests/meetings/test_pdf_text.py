"""The printed agenda read back from the PDF: in the participant's own language whoever prints it,
times in the event's time zone, long Azerbaijani and Russian names wrapped inside the table."""

import zoneinfo

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from reportlab.lib.units import mm

from pavilion.meetings.models import Meeting, MeetingLocation
from pavilion.registrations.models import Person
from tests import pdf_layout
from tests.meetings.schedule_factories import schedule_fixture  # noqa: F401
from tests.pdf_layout import uncompressed_pdf_fixture  # noqa: F401

ORGANISATION = "Государственная корпорация «Ростехнологии» — Научно-производственное объединение имени Щукина"


def test_an_organiser_prints_a_russian_speakers_agenda_in_russian_in_baku_time(client, schedule, uncompressed_pdf):
    schedule.slots()
    schedule.tables(1)
    gulnara = schedule.person(given="Gülnarə Şəfiqə qızı", family="Əliyeva-Hüseynzadə",
                              organisation="Azərbaycan Respublikası Müdafiə Sənayesi Nazirliyinin Elmi-Tədqiqat İnstitutu")
    Person.objects.filter(pk=gulnara.person_id).update(language="ru")
    for index in range(2):
        schedule.request(gulnara, schedule.person(given="Константин", family=f"Константинопольский-Щербаков{index}",
                                                  organisation=ORGANISATION))
    schedule.publish(schedule.run())
    MeetingLocation.objects.update(hall=None)  # a table outside any hall
    client.force_login(schedule.organiser)  # the organiser's pages are in English
    content = client.get(reverse("meetings:agenda_pdf", args=[schedule.event.slug, gulnara.pk])).content
    printed = pdf_layout.text(content)
    with translation.override("ru"):
        title = gettext("B2B meeting agenda")
    assert title != "B2B meeting agenda" and title in printed and "B2B meeting agenda" not in printed
    assert "24 сентября 2024" in printed
    zone = zoneinfo.ZoneInfo(schedule.event.time_zone)
    for meeting in Meeting.objects.filter(attendance__registration=gulnara):
        assert meeting.starts_at.astimezone(zone).strftime("%H:%M") in printed
    assert {run.font for run in pdf_layout.read(content)[0]} == {"DejaVuSans"}
    assert pdf_layout.overlapping(content) == [] and pdf_layout.off_the_page(content, margin=15 * mm) == []
