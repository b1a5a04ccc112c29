"""A person asks for the links to their registrations again (the page "Send me my link again"): they give
their e-mail address on the event's page, and if registrations for the event are under it, their links go
to that address, never to the page (which answers the same either way, so that it tells nobody who is
registered). Requests are limited per address and per client, counted in the database like the sign-in
lockout's attempts (no state in one server's memory), under keyed hashes, never the address in clear."""

import datetime

from django.db import transaction

from pavilion.core import clock, crypto
from pavilion.registrations import selectors
from pavilion.registrations.models import LinkRequest
from pavilion.registrations.tasks import send_registration_links

# An address gets its links at most this many times an hour; a client may ask for this many addresses.
PER_ADDRESS = 3
PER_CLIENT = 10
WINDOW = datetime.timedelta(hours=1)


def _keys(email: str, client: str) -> tuple[str, str]:
    return crypto.fingerprint("link-request:e-mail", email), crypto.fingerprint("link-request:client", client)


def status_links_request(*, event, email: str, client: str) -> bool:
    """Record the request and send the address its links for `event` if it has any; False (and nothing
    sent) when the address or the client asked too often within the hour. The answer does not depend on
    whether registrations exist."""
    email = (email or "").strip()
    now = clock.now()
    email_key, client_key = _keys(email, client)
    with transaction.atomic():
        LinkRequest.objects.filter(requested_at__lt=now - WINDOW).delete()  # nothing kept past the window
        recent = LinkRequest.objects.filter(requested_at__gte=now - WINDOW)
        if (recent.filter(key=email_key).count() >= PER_ADDRESS
                or recent.filter(key=client_key).count() >= PER_CLIENT):
            return False
        LinkRequest.objects.bulk_create([LinkRequest(key=email_key, requested_at=now),
                                         LinkRequest(key=client_key, requested_at=now)])
        found = list(selectors.registrations_for_address(event, email).values_list("pk", flat=True))
        # Queued whether or not anything was found: the same work either way (registrations.tasks).
        transaction.on_commit(lambda: send_registration_links.enqueue(found))
    return True
