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


def client_str(username, ip_address, user_agent, path_info, request) -> str:
    """How django-axes names a failed sign-in in the log (settings.AXES_CLIENT_STR_CALLABLE): never the
    user name or the address, which are personal data; the attempts table has them for the officer."""
    path = path_info[0] if isinstance(path_info, (tuple, list)) else path_info
    return f"a sign-in at {path or '?'}"
