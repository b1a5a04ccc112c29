"""A screening run is started for an event by list imports and the officers' pages: the back office
only shows runs (its add form answered 500: a run needs its event)."""

import pytest

from pavilion.vetting.models import ScreeningRun

pytestmark = pytest.mark.django_db


def test_screening_runs_are_not_added_in_the_admin(admin_client):
    assert admin_client.get("/admin/vetting/screeningrun/add/").status_code == 403
    assert admin_client.post("/admin/vetting/screeningrun/add/", {"trigger": "manual"}).status_code == 403
    assert ScreeningRun.objects.count() == 0
    assert admin_client.get("/admin/vetting/screeningrun/").status_code == 200
