"""Schemathesis runs the OpenAPI document against the WSGI app (no server): no request gets a 5xx.

Path parameters named `event` are pinned to a real event so that the generated requests reach the
code behind the lookups; requests carry an exhibitor admin's token so owner writes run too.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from tests.exhibitors.catalogue_data import build_catalogue

application = get_wsgi_application()
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def keep_test_connection():
    """The WSGI handler closes the database connection after each request, which would end the test's
    transaction on PostgreSQL; Django's own test client unhooks the same signal handlers."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_world(db, keep_test_connection):
    catalogue = build_catalogue()
    return {"event": catalogue.event.slug, "token": catalogue.token(catalogue.admin_a)}


@schema.parametrize()
@settings(max_examples=6, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_no_request_gets_a_server_error(case, api_world):
    if case.path_parameters and "event" in case.path_parameters:
        case.path_parameters["event"] = api_world["event"]
    response = case.call(headers={"Authorization": f"Token {api_world['token']}"})
    assert response.status_code < 500, f"{case.method} {case.formatted_path} -> {response.status_code}"
