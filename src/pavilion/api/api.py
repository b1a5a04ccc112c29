"""The /api/v1 router: one NinjaAPI that mounts each app's endpoints."""

import functools

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.urls import URLPattern, re_path
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError


def _json_not_allowed(view):
    """Ninja answers a method a path does not take with a plain-text 405, and its root path raises
    Django's 404: JSON `{"detail"}` here, as every other error of the API (specs/api.md), keeping
    the 405's Allow header."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            return not_found(request)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith("application/json"):
            allowed = response.get("Allow", "")
            answer = JsonResponse({"detail": f"method {request.method} is not allowed here; allowed: {allowed}"},
                                  status=405)
            answer["Allow"] = allowed
            return answer
        return response

    return wrapped


def not_found(request, rest: str = ""):
    """Every path under /api/v1/ that no endpoint has: JSON, not Django's HTML page."""
    return JsonResponse({"detail": f"not found: no endpoint {request.path}"}, status=404)


not_found.csrf_exempt = True


class PavilionAPI(NinjaAPI):
    """Ninja with JSON answers for a wrong method (405) and an unknown path (404) under /api/v1/."""

    def _get_urls(self):
        patterns = super()._get_urls()
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = _json_not_allowed(pattern.callback)
        return [*patterns, re_path(r"^(?P<rest>.*)$", not_found, name="not-found")]


api = PavilionAPI(
    title="Pavilion API",
    version="1",
    description="Events, shows, venue, exhibitors, catalogue, registrations, accreditation and meetings.",
    urls_namespace="api",
)


def _field_messages(errors) -> list[dict]:
    items = []
    for error in errors:
        location = [str(part) for part in error.get("loc", []) if part not in ("body", "payload")]
        items.append({"field": ".".join(location), "message": error.get("msg", "invalid")})
    return items


@api.exception_handler(NinjaValidationError)
def on_validation_error(request, exc):
    messages = _field_messages(exc.errors)
    summary = "; ".join(f"{m['field']}: {m['message']}" if m["field"] else m["message"] for m in messages)
    return api.create_response(request, {"detail": summary or "invalid request", "errors": messages}, status=422)


@api.exception_handler(ValidationError)
def on_django_validation_error(request, exc):
    if hasattr(exc, "message_dict"):
        detail = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items())
    else:
        detail = " ".join(exc.messages)
    return api.create_response(request, {"detail": detail}, status=400)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc):
    return api.create_response(request, {"detail": str(exc) or "permission denied"}, status=403)


@api.exception_handler(AuthenticationError)
def on_authentication_error(request, exc):
    return api.create_response(request, {"detail": "authentication required"}, status=401)


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return api.create_response(request, {"detail": str(exc) or "not found"}, status=404)


def mount_routers() -> None:
    """Each app contributes `router` in its api.py; added here so the order is fixed."""
    from importlib import import_module

    for app in ["events", "exhibitors", "registrations", "accreditation", "meetings", "programme", "deals", "reports"]:
        module = import_module(f"pavilion.{app}.api")
        api.add_router("", module.router)


mount_routers()
