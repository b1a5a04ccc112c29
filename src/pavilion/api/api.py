"""The /api/v1 router: one NinjaAPI that mounts each app's endpoints."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError

api = NinjaAPI(
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
