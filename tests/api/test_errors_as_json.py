"""specs/api.md: every error under /api/v1/ is JSON `{"detail": ...}`: a wrong method (405) and a
path no endpoint has (404) too, not Django's pages."""

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "status"), [
    ("get", "/api/v1/scans", 405),
    ("delete", "/api/v1/events/adex-securex-2024/gates", 405),
    ("put", "/api/v1/scans/batch", 405),
    ("get", "/api/v1/no-such-thing", 404),
    ("post", "/api/v1/events/adex-securex-2024/nothing/here", 404),
    ("get", "/api/v1/", 404),
])
def test_a_wrong_method_or_an_unknown_path_answers_json(client, method, path, status):
    response = getattr(client, method)(path)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert isinstance(response.json()["detail"], str) and response.json()["detail"]
    if status == 405:
        assert response["Allow"]


@pytest.mark.django_db
def test_the_known_endpoints_still_answer(client):
    assert client.get("/api/v1/openapi.json").status_code == 200
    assert client.post("/api/v1/scans", {}, content_type="application/json").status_code == 401
