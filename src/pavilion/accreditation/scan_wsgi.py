"""The online scan, `POST /api/v1/scans`, answered in front of Django's request stack on PostgreSQL.

A gate scan is the one request that comes hundreds of times a second, and on two shared cores
the stack around it (URL resolution, nine middleware, ninja's operation machinery) cost as much
CPU as the scan itself. `OnlineScans` wraps Pavilion's WSGI application and answers exactly this
method and path itself, with the same parts the ninja endpoint uses: the device token's header
(`api.digest_of_authorization`; the device itself is read with the scan, revoked ones never), the
request schema (`api.ScanIn`), the scan (`scanning.scan_at_gate`, the same decisions and
statements as `scanning.scan_record`), the response schema (`api.ScanOut`),
ninja's renderer and exception handlers, and the `process_request` / `process_response` of the
middleware that act on an API answer (security headers, language, host check, frame options).
It sends Django's request signals, so database connections are kept and closed as usual.

Anything it does not answer alike by construction goes to Django before anything is written:
another path or method, SQLite, a body that is not a small JSON object of the right shape, a
missing or unknown device token, a gate other than the device's own, a host or scheme that a
middleware refuses or redirects, a project whose middleware or URLs are not the ones this was
written for. tests/accreditation/test_scan_wsgi.py sends every kind of scan through both paths
and compares status, headers, body and stored rows.
"""

import io
import json
import logging

from django.conf import settings
from django.core import signals
from django.core.exceptions import DisallowedHost, PermissionDenied
from django.core.handlers.exception import response_for_exception
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest, get_script_name
from django.db import connection
from django.http import QueryDict
from django.urls import resolve, set_script_prefix, set_urlconf
from django.utils.log import log_response
from django.utils.module_loading import import_string

from pavilion.core.middleware import null_field_in, plain_length

PATH = "/api/v1/scans"
# A good scan's JSON is under 1 KB; a damaged read may be any length (denied `invalid`, over 512
# characters without decoding). Bodies over 16 KB go to Django, which gives the same answer.
LARGEST_BODY = 16 * 1024
# Middleware whose request and response halves act on an API answer, in no particular order
# (settings.MIDDLEWARE gives the order); the others are known to do nothing for a device's POST
# to a ninja view (no session, no user, no CSRF cookie, no messages, not a static file).
ACTING = {
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
}
INERT = {
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "pavilion.core.middleware.ContentLengthMiddleware",  # refuses lengths not in 0-9, which go to Django
    "pavilion.core.middleware.NullCharacterMiddleware",  # refuses a NUL in the query or the body: to Django
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Acts only on a request its authentication backend marked locked out: a device's token is not a
    # sign-in through Django's authenticate, so never on a scan.
    "axes.middleware.AxesMiddleware",
    # Sets the language cookie only after a sign-in through the pages (request.account_language): a
    # device's scan signs nobody in.
    "pavilion.core.middleware.AccountLanguageMiddleware",
    # Acts only on an empty 405 outside /api/: never on a scan.
    "pavilion.core.middleware.MethodNotAllowedPageMiddleware",
}

logger = logging.getLogger(__name__)


class _ToDjango(Exception):
    """This request is Django's to answer (nothing has been written)."""


class OnlineScans:
    """WSGI application: `POST /api/v1/scans` on PostgreSQL answered here, the rest by `django_app`."""

    def __init__(self, django_app: WSGIHandler):
        self.django_app = django_app
        self._ready: bool | None = None  # decided at the first scan: the URLconf imports models
        self.middleware: list = []

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") != "POST" or environ.get("PATH_INFO") != PATH or not self.ready():
            return self.django_app(environ, start_response)
        length = environ.get("CONTENT_LENGTH") or ""
        if not plain_length(length) or int(length) > LARGEST_BODY:  # Django refuses the others
            return self.django_app(environ, start_response)
        body = environ["wsgi.input"].read(int(length))
        environ["wsgi.input"] = io.BytesIO(body)  # Django reads it again if the request goes there
        try:
            return self.answer(environ, body, start_response)
        except _ToDjango:
            environ["wsgi.input"].seek(0)
            return self.django_app(environ, start_response)

    def ready(self) -> bool:
        if self._ready is None:
            self._ready = self._check()
        return self._ready

    def _check(self) -> bool:
        """Whether this project is the one the fast path was written for; if not, Django answers."""
        names = list(settings.MIDDLEWARE)
        if (connection.vendor != "postgresql" or not set(names) <= ACTING | INERT
                or settings.DATABASES["default"].get("ATOMIC_REQUESTS") or settings.SECURE_SSL_REDIRECT):
            return False
        if resolve(PATH).view_name != "api:scan":
            logger.warning("online scans: %s is not the ninja scan endpoint; Django answers it", PATH)
            return False
        self.middleware = [import_string(name)(self._unused) for name in names if name in ACTING]
        return True

    @staticmethod
    def _unused(request):
        raise AssertionError("the fast path calls the middleware's request and response halves only")

    def answer(self, environ, body: bytes, start_response):
        from pavilion.accreditation import api, scanning
        from pavilion.api.api import api as ninja

        try:
            data = json.loads(body)
            payload = api.ScanIn.model_validate(data)
        except ValueError:  # not JSON, or not a scan: ninja's error answer
            raise _ToDjango from None
        if null_field_in(PATH, QueryDict(environ.get("QUERY_STRING", "")), data) is not None:
            raise _ToDjango  # NullCharacterMiddleware's 400
        set_script_prefix(get_script_name(environ))  # as Django's handler: relative MEDIA_URLs (photos) use it
        set_urlconf(settings.ROOT_URLCONF)
        request = WSGIRequest(environ)
        for middleware in self.middleware:
            try:
                refused = hasattr(middleware, "process_request") and middleware.process_request(request)
            except (DisallowedHost, PermissionDenied):  # a bad host, a refused user agent: Django's 400, 403
                raise _ToDjango from None
            if refused:  # a redirect: Django gives it
                raise _ToDjango
        digest = api.digest_of_authorization(environ.get("HTTP_AUTHORIZATION"))
        if digest is None:  # 401
            raise _ToDjango
        signals.request_started.send(sender=WSGIHandler, environ=environ)
        try:
            answer = scanning.scan_at_gate(digest=digest, scan=api.scan_input(payload))
            response = None if answer is None else ninja.create_response(
                request, api.ScanOut.model_validate(answer.as_json()).model_dump(exclude_unset=True), status=200)
        except Exception as error:  # what ninja's handlers, then Django's, make of it
            try:
                response = ninja.on_exception(request, error)
            except Exception as unhandled:
                response = response_for_exception(request, unhandled)
        if response is None:  # an unknown or revoked device's 401, another gate's 400: nothing written
            raise _ToDjango
        for middleware in reversed(self.middleware):
            if hasattr(middleware, "process_response"):
                response = middleware.process_response(request, response)
        response._resource_closers.append(request.close)
        if response.status_code >= 400:
            log_response("%s: %s", response.reason_phrase, request.path, response=response, request=request)
        response._handler_class = WSGIHandler  # closing it sends request_finished, as Django's does
        status = f"{response.status_code} {response.reason_phrase}"
        headers = [*response.items(), *(("Set-Cookie", cookie.output(header="")) for cookie in response.cookies.values())]
        start_response(status, headers)
        return response
