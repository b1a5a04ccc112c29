"""Every CSV export quotes typed text that a spreadsheet program would run as a formula: the
reports' lists and the organiser's registration list (the press list: tests/deals)."""

import pytest

from pavilion.registrations.models import Registration
from tests.reports.support import registration

pytestmark = pytest.mark.django_db


def test_a_registrants_formula_is_quoted_in_the_reports_export(client, world):
    typed = registration(world, given="=1+1")
    Registration.objects.filter(pk=typed.pk).update(organisation='=HYPERLINK("http://evil.example","x")')
    client.force_login(world.organiser)
    response = client.get(f"/events/{world.event.slug}/reports/registrations/export.csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK" in body and ",=HYPERLINK" not in body and ",=1+1" not in body


def test_a_registrants_formula_is_quoted_in_the_organisers_registration_export(client, world):
    typed = registration(world, family="@SUM(A1:A9)")
    client.force_login(world.organiser)
    response = client.get(f"/events/{world.event.slug}/registrations/export.csv")
    body = response.content.decode("utf-8-sig")
    assert response.status_code == 200 and typed.person.given_name in body
    assert ",'@SUM(A1:A9)," in body and ",@SUM" not in body
