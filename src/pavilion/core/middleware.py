"""Requests refused before anything reads them."""

import json
import re

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _


def plain_length(value: str) -> bool:
    """A Content-Length as HTTP writes it: the digits 0-9 only (str.isdigit alone takes "١٢" and "²")."""
    return value.isascii() and value.isdigit()


class ContentLengthMiddleware:
    """A Content-Length that is not a plain number of ASCII digits gets a 400 with a plain message,
    before anything reads the body.

    Django reads the header with int(), which takes other scripts' digits ("١٢" is 12), signs and
    underscores, and raises ValueError for "²" (a digit to str.isdigit, not to int) when the body
    is read: a 500. HTTP allows 0-9 only. An empty value counts as no header, as Django reads it.
    Nothing of the request is logged here (the body is never read, the header never repeated).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = request.META.get("CONTENT_LENGTH")
        if length and not plain_length(length):
            return HttpResponseBadRequest(_("Bad request: the Content-Length header must be a number of bytes "
                                            "written with the digits 0-9."),
                                          content_type="text/plain; charset=utf-8")
        return self.get_response(request)


NUL = "\x00"
PATH = "\x00path"  # NullCharacterMiddleware.null_field's name for the address itself


def null_character_field(data, name: str = "", skip: re.Pattern | None = None) -> str | None:
    """The dotted name of the first field of decoded JSON whose key or text holds a NUL (U+0000),
    "" for the top level itself, else None; text fields whose whole name `skip` matches are let through."""
    if isinstance(data, str):
        return name if NUL in data and not (skip is not None and skip.fullmatch(name)) else None
    if isinstance(data, dict):
        items = data.items()
    elif isinstance(data, list):
        items = ((str(number), value) for number, value in enumerate(data))
    else:
        return None
    for key, value in items:
        field = f"{name}.{key}" if name else key
        if NUL in key:
            return field
        found = null_character_field(value, field, skip)
        if found is not None:
            return found
    return None


def _json_body(request):
    """The decoded JSON body of a request that is not a form, else None (a form's fields are the
    form's to check: Django's form fields refuse a NUL with a message next to the field)."""
    content_type = request.META.get("CONTENT_TYPE", "")
    if content_type.startswith(("multipart/", "application/x-www-form-urlencoded")):
        return None
    if not request.META.get("CONTENT_LENGTH"):
        return None
    body = request.body
    if b"\\u0000" not in body:  # JSON writes a NUL in a string as \u0000 only
        return None
    try:
        return json.loads(body)
    except ValueError:  # not JSON: the view's parser answers it
        return None


class NullCharacterMiddleware:
    """A NUL character (U+0000) in the address, a query parameter or a JSON body gets a 400 that
    names where it is, before a view runs.

    No text holds a NUL, and PostgreSQL refuses one in any text value, stored or compared: a lookup
    such as `?q=%00` or `/api/v1/events/%00/shows` raised a DataError there, a 500 (SQLite took it
    and stored it). Form fields are left to the forms, which refuse a NUL next to the field.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        field = self.null_field(request)
        if field is None:
            return self.get_response(request)
        # The field as the request names it (a NUL shown as \0); the address and a bare body by words.
        label = {PATH: _("the address"), "": _("the request body")}.get(field, field.replace(NUL, "\\0"))
        message = _("%(field)s contains a NUL character (U+0000), which no text may contain.") % {"field": label}
        if request.path_info.startswith("/api/"):
            name = {PATH: "path", "": "body"}.get(field, label)
            return JsonResponse({"detail": f"{name}: {message}", "errors": [{"field": name, "message": message}]},
                                status=400)
        return HttpResponseBadRequest(_("Bad request: %(problem)s") % {"problem": message},
                                      content_type="text/plain; charset=utf-8")

    @staticmethod
    def null_field(request) -> str | None:
        return null_field_in(request.path_info, request.GET, _json_body(request))


# Fields that are only ever decoded, never stored nor compared in SQL, where a NUL is an answer of the
# view's own: a gate scan's QR text, which a camera may read from a damaged or foreign code, is a
# damaged read (denied "invalid", badge-token.md), so that a scanner's queue is never refused for it.
DECODED_ONLY = {"/api/v1/scans": re.compile(r"qr"), "/api/v1/scans/batch": re.compile(r"scans\.\d+\.qr")}


def null_field_in(path: str, query, data) -> str | None:
    """Where a request holds a NUL: PATH for the address, a query parameter's name, or the dotted
    name of a field of its decoded JSON `data` ("" for the whole body); None when nowhere. Also the
    gate scans' fast path (accreditation/scan_wsgi.py), which hands such a scan to Django."""
    if NUL in path:
        return PATH
    for name, values in query.lists():
        if NUL in name or any(NUL in value for value in values):
            return name
    return null_character_field(data, skip=DECODED_ONLY.get(path))


class AccountLanguageMiddleware:
    """After a sign-in, the language cookie carries the account's language (`accounts.restore_language`),
    so the page the sign-in leads to and every later one are in it, as after the language switch."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        language = getattr(request, "account_language", None)
        if language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE)
        return response


class MethodNotAllowedPageMiddleware:
    """A page address opened with the wrong method (a link to a confirm or delete address, a reload
    after a sign-in) got Django's empty 405, a blank white page: it gets a page that says what
    happened, in the page's language, with the same status and Allow header. The API's answers
    (JSON) are left as they are."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or response.content or request.path.startswith("/api/"):
            return response
        page = HttpResponse(render_to_string("405.html", request=request), status=405)
        if response.has_header("Allow"):
            page["Allow"] = response["Allow"]
        return page
