"""The client's address for the sign-in lockout (settings.AXES_CLIENT_IP_CALLABLE)."""

from django.conf import settings


def client_ip(request) -> str:
    """REMOTE_ADDR, or behind PAVILION_PROXY_COUNT reverse proxies of ours the address the first of them
    saw: each proxy appends to X-Forwarded-For, so entries before those are whatever the client sent and
    are not trusted."""
    count = settings.PAVILION_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if count > 0 and len(forwarded) >= count:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")
