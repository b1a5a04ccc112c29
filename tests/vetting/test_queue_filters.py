"""The officers' queue filtered by status (open, waiting for a second officer, waiting for me), band
and category, a history of decided alerts with who decided and when, bad filters refused with a
message, and the way back to the same filtered page after a decision (never to another site)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pavilion.registrations import services
from pavilion.vetting import decisions
from pavilion.vetting.models import Alert
from tests.registrations.support import listed_person

BADEGE = {"given_name": "Eric", "family_name": "Badege", "nationality": "CD", "document_number": "P1111111",
          "birth_date": datetime.date(1971, 1, 1), "email": "badege@example.test"}


@pytest.fixture
def alerts(world, un_list, submit, commit):
    """A trade visitor's open alert, a media alert cleared (decided), and a delegation member's
    clearance by the first officer waiting for a second."""
    visitor = submit(person=listed_person()).alerts.get()
    media = submit("media", person=listed_person(**BADEGE)).alerts.get()
    commit(decisions.alert_decide, actor=world.officer2, alert=media, verdict="false-positive",
           reason="Different birth date and photo")
    delegation = services.delegation_create(actor=world.organiser, event=world.event, country="AF",
                                            sending_body="Ministry of Defence")
    member = submit("delegation-member", actor=world.organiser, delegation=delegation,
                    person=listed_person(email="member@example.test", document_number="P2222222")).alerts.get()
    commit(decisions.alert_decide, actor=world.officer, alert=member, verdict="false-positive", reason="Namesake")
    return {"visitor": visitor, "media": media, "member": member}


def _shown(client, query: str = "", status: int = 200) -> set[int]:
    response = client.get(f"/vetting/{query}")
    assert response.status_code == status
    return {alert.pk for alert in response.context["page"]}


def test_the_queue_filters_by_status(world, alerts, client):
    client.force_login(world.officer)
    visitor, media, member = alerts["visitor"].pk, alerts["media"].pk, alerts["member"].pk
    assert _shown(client) == {visitor, member}
    assert _shown(client, "?status=open") == {visitor}
    assert _shown(client, "?status=awaiting") == {member}
    assert _shown(client, "?status=mine") == set()  # the clearance waiting is this officer's own
    client.force_login(world.officer2)
    assert _shown(client, "?status=mine") == {member}
    assert _shown(client, "?status=decided") == {media}


def test_the_queue_filters_by_band_and_category(world, alerts, client):
    client.force_login(world.officer)
    assert _shown(client, "?category=delegation-member") == {alerts["member"].pk}
    assert _shown(client, "?category=trade-visitor&status=open") == {alerts["visitor"].pk}
    assert _shown(client, "?category=media") == set()  # decided: only in the history
    band = alerts["visitor"].band
    other = "review" if band == "hold" else "hold"
    assert alerts["visitor"].pk in _shown(client, f"?band={band}")
    assert alerts["visitor"].pk not in _shown(client, f"?band={other}")


def test_the_history_says_who_decided_and_when(world, alerts, client, commit):
    commit(decisions.alert_confirm, actor=world.officer2, alert=alerts["member"])
    client.force_login(world.officer)
    response = client.get("/vetting/?status=decided")
    assert {alert.pk for alert in response.context["page"]} == {alerts["media"].pk, alerts["member"].pk}
    page = response.content.decode()
    assert page.count('data-testid="decided-by"') == 2
    assert "sec2" in page and "confirmed by" in page and "2024-09-01" in page


@pytest.mark.parametrize("query", ["?status=everything", "?band=red", "?category=spy"])
def test_a_bad_filter_shows_a_message_and_no_alert(world, alerts, client, query):
    client.force_login(world.officer)
    response = client.get(f"/vetting/{query}")
    assert response.status_code == 400
    assert list(response.context["page"]) == []
    page = response.content.decode()
    assert 'data-testid="bad-filters"' in page and "not one of the available choices" in page


def test_the_filtered_queue_and_the_history_keep_their_number_of_queries(world, un_list, submit, commit, client):
    def listed(number: int):
        return listed_person(email=f"p{number}@example.test", document_number=f"P{number:07d}")

    submit(person=listed(1))
    commit(decisions.alert_decide, actor=world.officer2, alert=submit(person=listed(2)).alerts.get(),
           verdict="false-positive", reason="No")
    client.force_login(world.officer)
    filtered = "/vetting/?status=open&category=trade-visitor"
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(filtered).context["page"]) == 1
    with CaptureQueriesContext(connection) as few_decided:
        assert len(client.get("/vetting/?status=decided").context["page"]) == 1
    for number in (3, 4):
        submit(person=listed(number))
    for number in (5, 6):
        commit(decisions.alert_decide, actor=world.officer2, alert=submit(person=listed(number)).alerts.get(),
               verdict="false-positive", reason="No")
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(filtered).context["page"]) == 3
    with CaptureQueriesContext(connection) as many_decided:
        assert len(client.get("/vetting/?status=decided").context["page"]) == 3
    assert len(few) == len(many) and len(few_decided) == len(many_decided)


def test_after_a_decision_the_officer_is_back_on_the_same_filtered_page(world, alerts, client):
    client.force_login(world.officer)
    back = "/vetting/?status=open&page=1"
    page = client.get(back).content.decode()
    assert f"/vetting/alerts/{alerts['visitor'].pk}/?next=%2Fvetting%2F%3Fstatus%3Dopen%26page%3D1" in page
    alert_page = client.get(f"/vetting/alerts/{alerts['visitor'].pk}/", {"next": back}).content.decode()
    assert 'name="next" value="/vetting/?status=open&amp;page=1"' in alert_page
    response = client.post(f"/vetting/alerts/{alerts['visitor'].pk}/decide/",
                           {"verdict": "false-positive", "reason": "Namesake", "next": back})
    assert response.status_code == 302 and response["Location"] == back


@pytest.mark.parametrize("next_url", ["https://evil.example/vetting/", "//evil.example/vetting/", "/accounts/logout/",
                                      "/vetting/\\\\evil.example", "/vetting/alerts/1/", "javascript:alert(1)"])
def test_the_way_back_never_leaves_the_queue(world, alerts, client, next_url):
    client.force_login(world.officer2)
    response = client.post(f"/vetting/alerts/{alerts['member'].pk}/confirm/", {"next": next_url})
    assert response.status_code == 302 and response["Location"] == "/vetting/"
    alerts["member"].refresh_from_db()
    assert alerts["member"].status == Alert.Status.CLEARED
