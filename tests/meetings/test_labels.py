"""Meeting pages say the export-control decision and the schedule run's reasons in the page's
language; the API keeps the engine's message as written."""

import pytest
from django.utils import translation
from django_countries import countries

from pavilion.meetings import compliance_labels
from pavilion.meetings.models import MeetingRequest
from pavilion.meetings.schedule_reasons import reason_text
from tests.meetings.factories import make_world

LANGUAGES = ["en", "ru"]
NAMES = {"reg-1": "Ann Lee", "reg-2": "Bo Kim", "reg-3": "Cy Ode"}


def name(participant: str) -> str:
    return NAMES.get(participant, participant)


@pytest.fixture
def world(db, settings):
    return make_world(settings)


def url(world, tail: str = "") -> str:
    return f"/events/{world.event.slug}/meetings/{tail}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_blocked_request_is_explained_in_the_pages_language(world, client, language):
    client.force_login(world.liaison)
    response = client.post(url(world, f"requests/new/?as={world.belarus.pk}&exhibitor={world.arms.pk}"), {
        "as": world.belarus.pk, "counterpart": world.arms_staff.pk, "priority": "5", "length": "1",
        "products": [world.missile.pk]}, follow=True, headers={"accept-language": language})
    sent = MeetingRequest.objects.get()
    with translation.override(language):
        lead = str(compliance_labels.LEADS[MeetingRequest.Compliance.BLOCKED])
        outcome = str(MeetingRequest.Compliance.BLOCKED.label)
        belarus = str(countries.name("BY"))
    assert lead in response.content.decode()
    detail = client.get(url(world, f"requests/{sent.pk}/?as={world.belarus.pk}"),
                        headers={"accept-language": language}).content.decode()
    assert lead in detail and f"→ {outcome};" in detail  # the outcome's label ("blocked" in English)
    assert f" {belarus}" in detail.split(lead, 1)[1].split("</p>", 1)[0] and " BY" not in detail  # the country named
    assert "Blocked: lethal products" in sent.compliance_message  # stored (and in the API) as the engine wrote it
    assert "arms embargo on BY" in sent.compliance_message


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("reason", "english"), [
    ("participant reg-1 reached their maximum of 12 meetings", "participant Ann Lee reached their maximum of 12 meetings"),
    ("participants reg-1 and reg-2 have no common free slot", "participants Ann Lee and Bo Kim have no common free slot"),
    ("participants reg-1, reg-2 and reg-3 have no 2 consecutive slots free in common",
     "participants Ann Lee, Bo Kim and Cy Ode have no 2 consecutive slots free in common"),
    ("participant reg-2 is not available in any slot", "participant Bo Kim is not available in any slot"),
    ("there is no location of kind secure-room or stand", "there is no location of kind secure room or stand"),
    ("no table is free in any slot when all participants are", "no table is free in any slot when all participants are free"),
    ("every common free slot is taken: reg-1 has other meetings; location T01 is not free",
     "every common free slot is taken: Ann Lee: other meetings; location T01 is not free"),
    ("the counterpart's registration is not approved", "the counterpart's registration is not approved"),
    ("something new from the engine about reg-3", "something new from the engine about Cy Ode"),
])
def test_the_schedule_reasons_are_said_again_in_the_current_language(reason, english, language):
    with translation.override(language):
        said = reason_text(reason, name)
    assert "reg-" not in said
    if language == "en":
        assert said == english
    assert "secure-room" not in said
