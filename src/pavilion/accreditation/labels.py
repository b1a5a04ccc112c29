"""What a person reads for a scan's codes: the reasons of a denial (the API's list, see
docs/openapi.json, and the programme's admission reasons) and the alerts of a scan let through.
The codes stay in the database, the API and the exports; pages show these labels."""

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

SCAN_REASONS = {
    "invalid": _("not a valid badge: forged or damaged"),
    "unknown_key": _("signed with an unknown or retired key"),
    "wrong_event": _("a badge of another event"),
    # Its own context: "revoked" alone is also a device's state, and Russian words the badge's
    # differently (бейдж отозван, not отозвано).
    "revoked": pgettext_lazy("scan reason", "revoked badge"),
    "superseded": _("an old card: a newer one was printed"),
    "not_yet_valid": _("not valid yet"),
    "expired": _("no longer valid"),
    "zone_not_granted": _("this zone is not on the badge"),
    "passback": _("already inside (anti-passback)"),
    "not_cleared": _("registration not cleared"),
    "not_on_session_list": _("not on the session's list"),
    "session_full": _("the session is full"),
}

SCAN_ALERTS = {
    "passback": _("let in, already inside (anti-passback alert)"),
    "offline_let_in": _("let in offline, though the server would deny it"),
    "offline_turned_away": _("turned away offline, though the server had let it in (its answer came too late)"),
    "revoked_device": _("uploaded by a revoked device (taken before its revocation): review it"),
    "override": _("let in by a supervisor's override"),
}


def scan_reason(code: str) -> str:
    """The label of a denial reason; an unknown code as it is (never hidden)."""
    return SCAN_REASONS.get(code, code) if code else ""


def scan_alert(code: str) -> str:
    return SCAN_ALERTS.get(code, code) if code else ""


def scan_outcome(scan) -> str:
    """A scan's result and why, kept apart: "Denied — revoked badge", "Granted — let in, already
    inside (anti-passback alert)", or the result alone ("Granted")."""
    result = capfirst(str(scan.get_result_display()))
    why = "; ".join(str(text) for text in (scan_reason(scan.reason), scan_alert(scan.alert)) if text)
    if not why:
        return result
    return f"{result} — {why}"  # the dash reads the same in the three languages
