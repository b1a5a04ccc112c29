"""Authentication for the JSON API: `Authorization: Token <token>` for people."""

from django.core.exceptions import PermissionDenied
from ninja.security import APIKeyHeader
from ninja.utils import check_csrf

from pavilion.core.services import api_token_user

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


class PersonToken(APIKeyHeader):
    """Accepts `Authorization: Token <raw>`; the raw token is looked up by its hash."""

    param_name = "Authorization"
    openapi_description = "`Token <api token>`, from `pavilion api-token USERNAME`"

    def authenticate(self, request, key):
        if not key or not key.startswith("Token "):
            return None
        user = api_token_user(key.removeprefix("Token ").strip())
        if user is not None:
            request.user = user
        return user


class SessionOrToken(PersonToken):
    """A signed-in browser session also counts (the portal's htmx calls, which send the CSRF token).
    A write on the strength of the session cookie alone must carry that token: else a page elsewhere
    could make a signed-in organiser's browser revoke badges or confirm bookings."""

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return super().__call__(request)
        if request.method in SAFE_METHODS or check_csrf(request) is None:
            return user
        by_token = super().__call__(request)  # a header no other site's page can send: no CSRF
        if by_token is None:
            raise PermissionDenied("CSRF check failed: a signed-in browser sends the X-CSRFToken header")
        return by_token


person_token = SessionOrToken()
