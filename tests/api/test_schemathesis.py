"""Schemathesis runs the OpenAPI document against the WSGI app (no server): no request gets a 5xx.

Path parameters named `event` are pinned to a real event so that the generated requests reach the
code behind the lookups; requests carry an exhibitor admin's token so owner writes run too.
"""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

from tests.exhibitors.catalogue_data import build_catalogue, fast_password_hashing

application = get_wsgi_application()
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def api_world(db, settings):
    fast_password_hashing(settings)
    catalogue = build_catalogue()
    return {"event": catalogue.event.slug, "token": catalogue.token(catalogue.admin_a)}


@schema.parametrize()
@settings(max_examples=10, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_no_request_gets_a_server_error(case, api_world):
    if case.path_parameters and "event" in case.path_parameters:
        case.path_parameters["event"] = api_world["event"]
    response = case.call(headers={"Authorization": f"Token {api_world['token']}"})
    assert response.status_code < 500, f"{case.method} {case.formatted_path} -> {response.status_code}"
