"""The committed OpenAPI document (docs/openapi.json) is the one the API serves."""

import io
import json
from pathlib import Path

from django.core.management import call_command

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
HOW_TO_FIX = "the API changed: run `make openapi` (pavilion export-openapi > docs/openapi.json) and commit it"


def test_committed_document_matches_the_served_one(client):
    served = client.get("/api/v1/openapi.json").json()
    assert served == json.loads(DOCUMENT.read_text(encoding="utf-8")), HOW_TO_FIX


def test_export_command_prints_the_committed_text():
    output = io.StringIO()
    call_command("export-openapi", stdout=output)
    assert output.getvalue() == DOCUMENT.read_text(encoding="utf-8"), HOW_TO_FIX


def test_the_catalogue_endpoints_of_the_spec_are_documented():
    paths = json.loads(DOCUMENT.read_text(encoding="utf-8"))["paths"]
    exhibitors = {p["name"] for p in paths["/api/v1/events/{event}/exhibitors"]["get"]["parameters"]}
    products = {p["name"] for p in paths["/api/v1/events/{event}/products"]["get"]["parameters"]}
    assert {"show", "country", "category", "q", "limit", "offset"} <= exhibitors
    assert {"q", "category", "control", "lang", "limit", "offset"} <= products


def test_the_docs_page_loads_swagger_ui_from_our_own_static_files(client):
    """No internet at run time: the interactive docs work on an offline show network."""
    from django.contrib.staticfiles import finders

    page = client.get("/api/v1/docs").content.decode()
    assert "cdn." not in page and "https://" not in page.replace("https://swagger.io", "")
    assert "/static/ninja/swagger-ui-bundle.js" in page and "/static/ninja/swagger-ui.css" in page
    assert finders.find("ninja/swagger-ui-bundle.js") and finders.find("ninja/swagger-ui-init.js")
