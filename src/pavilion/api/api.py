"""The /api/v1 router: one NinjaAPI that mounts each app's endpoints."""

import functools

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.urls import URLPattern, re_path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
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


# Pydantic words its errors in English: the common ones by their type, in the request's language (the
# English as pydantic says it, so that English answers stay as they were). `ctx` holds the numbers.
SIMPLE_ERRORS = {
    "missing": gettext_lazy("Field required"),
    "int_parsing": gettext_lazy("Input should be a valid integer"),
    "int_type": gettext_lazy("Input should be a valid integer"),
    "int_from_float": gettext_lazy("Input should be a valid integer, got a number with a fractional part"),
    "float_parsing": gettext_lazy("Input should be a valid number"),
    "float_type": gettext_lazy("Input should be a valid number"),
    "decimal_parsing": gettext_lazy("Input should be a valid decimal"),
    "decimal_type": gettext_lazy("Input should be a valid decimal"),
    "bool_parsing": gettext_lazy("Input should be a valid boolean"),
    "bool_type": gettext_lazy("Input should be a valid boolean"),
    "string_type": gettext_lazy("Input should be a valid string"),
    "datetime_parsing": gettext_lazy("Input should be a valid date and time, e.g. 2024-09-24T10:00:00+04:00"),
    "datetime_from_date_parsing": gettext_lazy("Input should be a valid date and time, e.g. 2024-09-24T10:00:00+04:00"),
    "datetime_type": gettext_lazy("Input should be a valid date and time, e.g. 2024-09-24T10:00:00+04:00"),
    "timezone_aware": gettext_lazy("Input should have a time zone offset, e.g. +04:00"),
    "date_parsing": gettext_lazy("Input should be a valid date, YYYY-MM-DD"),
    "date_from_datetime_parsing": gettext_lazy("Input should be a valid date, YYYY-MM-DD"),
    "date_type": gettext_lazy("Input should be a valid date, YYYY-MM-DD"),
    "list_type": gettext_lazy("Input should be a valid list"),
    "dict_type": gettext_lazy("Input should be a valid dictionary"),
    "model_attributes_type": gettext_lazy("Input should be a valid dictionary"),
    "model_type": gettext_lazy("Input should be a valid dictionary"),
    "extra_forbidden": gettext_lazy("Extra inputs are not permitted"),
    "uuid_parsing": gettext_lazy("Input should be a valid UUID"),
}
BOUND_ERRORS = {  # type: (the ctx key of the bound, the message)
    "greater_than": ("gt", gettext_lazy("Input should be greater than %(limit)s")),
    "greater_than_equal": ("ge", gettext_lazy("Input should be greater than or equal to %(limit)s")),
    "less_than": ("lt", gettext_lazy("Input should be less than %(limit)s")),
    "less_than_equal": ("le", gettext_lazy("Input should be less than or equal to %(limit)s")),
}
# The texts of our own validators (api/fields.py, the apps' schemas) that are not translated where raised.
VALUE_ERRORS = {
    "must be a whole number, not true or false": gettext_lazy("must be a whole number, not true or false"),
    "an ISO 8601 time with an offset, e.g. 2024-09-24T10:00:00+04:00": gettext_lazy(
        "an ISO 8601 time with an offset, e.g. 2024-09-24T10:00:00+04:00"),
}


def _counted(kind: str, ctx: dict) -> str | None:
    """The messages of a length: of a text (characters) or of a list (items)."""
    key = {"string_too_long": "max_length", "string_too_short": "min_length", "too_long": "max_length",
           "too_short": "min_length"}[kind]
    if not isinstance(ctx.get(key), int):
        return None
    count = ctx[key]
    words = {
        "string_too_long": ngettext("String should have at most %(count)d character",
                                    "String should have at most %(count)d characters", count),
        "string_too_short": ngettext("String should have at least %(count)d character",
                                     "String should have at least %(count)d characters", count),
        "too_long": ngettext("Should have at most %(count)d item", "Should have at most %(count)d items", count),
        "too_short": ngettext("Should have at least %(count)d item", "Should have at least %(count)d items", count),
    }[kind]
    return words % {"count": count}


def _translated(error: dict) -> str:
    """The error's message in the request's language; pydantic's English for a type not known here."""
    kind, ctx, english = error.get("type", ""), error.get("ctx") or {}, error.get("msg", "invalid")
    message = None
    if kind in SIMPLE_ERRORS:
        message = str(SIMPLE_ERRORS[kind])
    elif kind in BOUND_ERRORS and BOUND_ERRORS[kind][0] in ctx:
        key, words = BOUND_ERRORS[kind]
        message = str(words) % {"limit": ctx[key]}
    elif kind in ("string_too_long", "string_too_short", "too_long", "too_short"):
        message = _counted(kind, ctx)
    elif kind in ("enum", "literal_error") and "expected" in ctx:
        message = _("Input should be %(expected)s") % {"expected": ctx["expected"]}
    elif kind == "string_pattern_mismatch" and "pattern" in ctx:
        message = _("String should match pattern '%(pattern)s'") % {"pattern": ctx["pattern"]}
    elif kind in ("json_invalid", "json_type"):
        message = _("Invalid JSON")
    elif kind == "value_error" and "error" in ctx:
        text = str(ctx["error"])
        message = _("Value error, %(error)s") % {"error": str(VALUE_ERRORS.get(text, text))}
    return message or english


def _field_messages(errors) -> list[dict]:
    items = []
    for error in errors:
        whole = list(error.get("loc", []))
        location = [str(part) for part in whole if part not in ("body", "payload")]
        # The body itself missing (nothing sent, or not an object): named as such, not as a nameless field.
        field = ".".join(location) or ("body" if "body" in whole else "")
        items.append({"field": field, "message": _translated(error)})
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
