"""Authentication for the JSON API: `Authorization: Token <token>` for people."""

from ninja.security import APIKeyHeader

from pavilion.core.services import api_token_user


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
    """A signed-in browser session also counts (the portal's htmx calls)."""

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return user
        return super().__call__(request)


person_token = SessionOrToken()
