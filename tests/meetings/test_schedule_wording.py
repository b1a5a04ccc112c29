"""The words of the schedule overview's counters and the language of a printed agenda."""

import re

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from pavilion.core import roles
from pavilion.meetings.models import Meeting
from pavilion.registrations.models import Person
from tests import pdf_layout
from tests.factories import UserFactory
from tests.meetings.schedule_factories import schedule_fixture  # noqa: F401
from tests.pdf_layout import uncompressed_pdf_fixture  # noqa: F401


def test_the_overview_counters_say_one_slot_and_one_meeting(client, schedule):
    schedule.slots(start=(9, 0), end=(9, 30))  # one slot
    schedule.tables(1)
    schedule.request(schedule.person(), schedule.person())
    schedule.publish(schedule.run())
    Meeting.objects.update(status="cancelled")
    client.force_login(schedule.organiser)
    page = client.get(reverse("meetings:schedule", args=[schedule.event.slug])).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))
    assert "1 slot " in text and "1 slots" not in text
    assert "1 location in use" in text and "1 cancelled meeting " in text and "0 published meetings" in text


def agenda_owner(schedule, language: str):
    schedule.slots()
    schedule.tables(1)
    user = UserFactory(username="gulnara", role=roles.TRADE_VISITOR)
    gulnara = schedule.person(user=user, given="Gülnarə")
    Person.objects.filter(pk=gulnara.person_id).update(language=language)
    schedule.request(gulnara, schedule.person(given="Ivan"))
    schedule.publish(schedule.run())
    return gulnara, user


def title_in(language: str) -> str:
    with translation.override(language):
        return gettext("B2B meeting agenda")


def test_a_participant_printing_from_the_page_gets_the_pages_language(client, schedule, uncompressed_pdf):
    gulnara, user = agenda_owner(schedule, "ru")
    client.force_login(user)
    agenda = client.get(reverse("meetings:agenda", args=[schedule.event.slug, gulnara.pk]),
                        HTTP_ACCEPT_LANGUAGE="az").content.decode()
    link = re.search(r'href="([^"]+)" id="pdf"', agenda).group(1).replace("&amp;", "&")
    assert link.endswith("?language=az")
    printed = pdf_layout.text(client.get(link).content)
    assert title_in("az") in printed and title_in("ru") not in printed


def test_someone_printing_for_the_participant_gets_the_participants_language(client, schedule, uncompressed_pdf):
    gulnara, _user = agenda_owner(schedule, "ru")
    client.force_login(schedule.organiser)
    url = reverse("meetings:agenda_pdf", args=[schedule.event.slug, gulnara.pk]) + "?language=en"
    printed = pdf_layout.text(client.get(url).content)
    assert title_in("ru") in printed and "B2B meeting agenda" not in printed
