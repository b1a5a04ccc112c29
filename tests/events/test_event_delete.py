"""An event created by mistake is deleted from its page; one that anything belongs to is refused with
everything counted, and only administrators delete."""

import pytest

from pavilion.core import roles
from pavilion.core.models import AuditEntry
from pavilion.events.models import Event
from tests.factories import EventFactory, ExhibitorFactory, ShowFactory, StandFactory, UserFactory


@pytest.fixture
def setting(db):
    event = EventFactory(slug="adex-2062", name_en="ADEX 2062", start_date="2026-09-22", end_date="2026-09-24")
    return event, UserFactory(username="organiser", role=roles.ORGANISER_ADMIN)


def url(event) -> str:
    return f"/organiser/events/{event.slug}/delete/"


def test_an_empty_event_is_deleted_and_audited(client, setting):
    event, organiser = setting
    client.force_login(organiser)
    assert f'action="{url(event)}"' in client.get(f"/organiser/events/{event.slug}/").content.decode()
    response = client.post(url(event), follow=True)
    assert response.redirect_chain[-1][0] == "/organiser/events/"
    assert "Deleted the event ADEX 2062." in response.content.decode()
    assert not Event.objects.filter(pk=event.pk).exists()
    entry = AuditEntry.objects.get(action="event.delete", object_id=str(event.pk))
    assert entry.before["slug"] == "adex-2062" and entry.actor == organiser


def test_an_event_in_use_is_refused_with_everything_counted(client, setting):
    from pavilion.deals.models import Deal
    from pavilion.registrations.categories import ensure_categories

    event, organiser = setting
    show = ShowFactory(event=event, name_en="ADEX")
    ShowFactory(event=event, name_en="Securex")
    ExhibitorFactory(show=show)
    StandFactory(show=show)
    categories = len(ensure_categories(event))
    Deal.objects.create(event=event, kind="contract", title_en="Radars", signed_at="2026-09-23T12:00Z",
                        created_at="2026-09-23T12:00Z")
    client.force_login(organiser)
    response = client.post(url(event), follow=True)
    assert response.redirect_chain[-1][0] == f"/organiser/events/{event.slug}/"
    errors = [str(message) for message in response.context["messages"] if message.level_tag == "error"]
    assert errors == ["2 shows belong to ADEX 2062.", "1 exhibitor is admitted to its shows.",
                      "1 stand is drawn on its hall plans.",
                      f"{categories} registration categories are set up.", "1 deal is recorded."]
    assert Event.objects.filter(pk=event.pk).exists() and not AuditEntry.objects.filter(action="event.delete").exists()


def test_only_administrators_delete_events(client, setting):
    event, _organiser = setting
    client.force_login(UserFactory(username="orgstaff", role=roles.ORGANISER_STAFF))
    assert client.post(url(event)).status_code == 403
    client.force_login(setting[1])
    assert client.get(url(event)).status_code == 405
    assert client.post("/organiser/events/no-such-event/delete/").status_code == 404
    assert Event.objects.filter(pk=event.pk).exists()


def test_the_organisers_work_on_meetings_screening_and_exports_is_counted(client, setting):
    """Request rules, schedule runs, screening runs and exports are the organiser's work: the event is not
    deleted with them unnoticed."""
    from pavilion.meetings.models import RequestRule, ScheduleRun
    from pavilion.reports.models import ExportJob
    from pavilion.vetting.models import ScreeningRun

    event, organiser = setting
    RequestRule.objects.create(event=event, requester_category="visitor", counterpart_category="exhibitor")
    RequestRule.objects.create(event=event, requester_category="delegation", counterpart_category="exhibitor")
    ScheduleRun.objects.create(event=event, created_at="2026-09-01T10:00Z")
    ScreeningRun.objects.create(event=event, trigger="manual")
    ExportJob.objects.create(event=event, kind="registrations", format="csv", created_at="2026-09-01T10:00Z")
    client.force_login(organiser)
    response = client.post(url(event), follow=True)
    errors = [str(message) for message in response.context["messages"] if message.level_tag == "error"]
    assert errors == ["2 meeting request rules are set.", "1 meeting schedule run is recorded.",
                      "1 screening run is recorded.", "1 export is kept."]
    assert Event.objects.filter(pk=event.pk).exists() and not AuditEntry.objects.filter(action="event.delete").exists()
    for model in (RequestRule, ScheduleRun, ScreeningRun, ExportJob):
        model.objects.filter(event=event).delete()
    client.post(url(event))
    assert not Event.objects.filter(pk=event.pk).exists()
