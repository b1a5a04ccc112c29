"""A decision the form refuses comes back on the alert's page, each error on its field and what the
officer typed still there; a superseded alert says so instead of "already decided"."""

from pavilion.vetting import decisions
from pavilion.vetting.models import Alert
from tests.registrations.support import listed_person


def test_an_empty_reason_is_said_on_the_reason_field_and_the_verdict_is_kept(world, un_list, submit, client):
    alert = submit(person=listed_person()).alerts.get()
    client.force_login(world.officer)
    response = client.post(f"/vetting/alerts/{alert.pk}/decide/", {"verdict": "false-positive", "reason": ""})
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["reason"]
    page = response.content.decode()
    assert 'id="id_reason_error"' in page and 'data-field="reason"' in page
    assert 'value="false-positive" id="id_verdict_1" required checked' in page
    alert.refresh_from_db()
    assert alert.status == Alert.Status.OPEN and not alert.decisions.exists()


def test_a_reason_too_long_is_refused_on_its_field_and_the_typed_text_is_kept(world, un_list, submit, client):
    alert = submit(person=listed_person()).alerts.get()
    client.force_login(world.officer)
    reason = "The photo differs. " * 32  # 608 characters
    response = client.post(f"/vetting/alerts/{alert.pk}/decide/", {"verdict": "match", "reason": reason})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == ["reason"] and "at most 500 characters" in errors["reason"][0]
    assert f">\n{reason}</textarea>" in response.content.decode()
    alert.refresh_from_db()
    assert alert.status == Alert.Status.OPEN


def test_no_verdict_is_said_on_the_verdict(world, un_list, submit, client):
    alert = submit(person=listed_person()).alerts.get()
    client.force_login(world.officer)
    response = client.post(f"/vetting/alerts/{alert.pk}/decide/", {"reason": "Namesake"})
    assert response.status_code == 400 and list(response.context["form"].errors) == ["verdict"]
    assert ">\nNamesake</textarea>" in response.content.decode()


def test_an_alert_decided_meanwhile_says_so_on_the_page(world, un_list, submit, client, commit):
    alert = submit(person=listed_person()).alerts.get()
    commit(decisions.alert_decide, actor=world.officer2, alert=alert, verdict="false-positive", reason="Namesake")
    client.force_login(world.officer)
    response = client.post(f"/vetting/alerts/{alert.pk}/decide/", {"verdict": "match", "reason": "Same person"})
    assert response.status_code == 400
    assert "This alert has already been decided." in response.content.decode()
    alert.refresh_from_db()
    assert alert.status == Alert.Status.CLEARED


def test_a_superseded_alert_says_it_was_superseded(world, un_list, submit, client):
    alert = submit(person=listed_person()).alerts.get()
    Alert.objects.filter(pk=alert.pk).update(status=Alert.Status.SUPERSEDED)
    said = "This alert was superseded by a newer list version: nothing to decide."
    client.force_login(world.officer)
    page = client.get(f"/vetting/alerts/{alert.pk}/").content.decode()
    assert said in page and f"/vetting/alerts/{alert.pk}/decide/" not in page
    response = client.post(f"/vetting/alerts/{alert.pk}/decide/", {"verdict": "match", "reason": "Same person"})
    assert response.status_code == 400 and said in response.content.decode()
    assert "already been decided" not in response.content.decode()
    alert.refresh_from_db()
    assert alert.status == Alert.Status.SUPERSEDED and not alert.decisions.exists()
