"""The export-control decision on a meeting request in the reader's language. The matching engine
(plain Python) writes its message in English and the request keeps it (for the reviewers); pages and
the API say it again from the outcome and the rules applied, which the request also keeps, and say
a request in review to its requester in the requester's own words (the engine's lead sentence is the
officers' instruction)."""

from django.utils.translation import gettext_lazy as _

from pavilion.meetings.models import MeetingRequest
from pavilion.vetting.labels import embargo_note, embargo_target

Compliance = MeetingRequest.Compliance

LEADS = {
    Compliance.BLOCKED: _("Blocked: lethal products are never offered to a country under a full UN or EU arms embargo"),
    Compliance.REVIEW: _("Compliance review needed before the meeting: screen the end user and the items"),
    Compliance.WARNING: _("Warning: the meeting may go ahead, but an arms embargo concerns it"),
    Compliance.ALLOWED: _("Allowed: no arms embargo applies"),
}
SCOPE_NOTES = {
    "full": _("a full embargo covers all arms to the state"),
    "advisory": _("an advisory embargo is political or non-binding"),
}
PARTIAL_NOTE = _("a non-state or listed embargo does not block a government delegation")


# the scope of an embargo as an adjective ("an EU full arms embargo"); data/export-control/embargoes.yaml
SCOPE_WORDS = {
    "full": _("full"),
    "non-state": _("non-state"),
    "listed": _("listed"),
    "government-lifted": _("government-lifted"),
    "advisory": _("advisory"),
}


def _describe(rule: dict) -> str:
    text = _("%(authority)s %(scope)s arms embargo on %(target)s") % {
        "authority": rule.get("authority", ""), "scope": SCOPE_WORDS.get(rule.get("scope"), rule.get("scope", "")),
        "target": embargo_target(rule.get("target", ""))}  # a country by its name
    dates = [_("from %(day)s") % {"day": rule["valid_from"]} if rule.get("valid_from") else "",
             _("to %(day)s") % {"day": rule["valid_to"]} if rule.get("valid_to") else ""]
    if any(dates):
        text += " (" + " ".join(day for day in dates if day) + ")"
    if rule.get("note"):
        text += f": {embargo_note(rule['note'], rule.get('authority', ''))}"  # the reference data's note
    if rule.get("uncertain"):
        text += " [" + str(_("marked uncertain in the reference data")) + "]"
    return text


def compliance_text(compliance: str, rules: list[dict]) -> str:
    """As the engine's message: the lead sentence of the outcome with what the scopes of the deciding
    rules mean, those rules, the others, and the date of the reference data."""
    lead = LEADS.get(compliance)
    if lead is None:
        return ""
    rules = rules or []
    deciding = [rule for rule in rules if rule.get("outcome") == compliance]
    others = [rule for rule in rules if rule.get("outcome") != compliance]
    notes = dict.fromkeys(str(SCOPE_NOTES.get(rule.get("scope"), PARTIAL_NOTE)) for rule in deciding)
    text = f"{lead} ({'; '.join(notes)}). " + "; ".join(_describe(rule) for rule in deciding) if notes else str(lead)
    if others:
        text += ". " + str(_("Also:")) + " " + "; ".join(f"{_describe(rule)} ({outcome_label(rule.get('outcome', ''))})"
                                                          for rule in others)
    verified = next((rule.get("data_last_verified") or rule.get("last_verified") for rule in rules), None)
    if verified:
        text += ". " + str(_("Reference data last verified %(date)s") % {"date": verified})
    return text + "."


def request_compliance_text(request: MeetingRequest) -> str:
    return compliance_text(request.compliance, request.compliance_rules)


# What the requester reads of a request held for a compliance review (the request's page and the API).
REVIEW_WAITING = _("Your request is being checked by the organiser's export-control officers before it is sent. "
                   "You will get an e-mail with the decision.")
REVIEW_REFUSED = _("Your request was not sent: the export-control check refused it.")


def requester_compliance_text(request: MeetingRequest) -> str:
    """The decision as the request's page says it to the requester: for a request in review, that it is
    being checked or was refused ("" once cleared: it went out as any other); otherwise the decision."""
    if request.compliance != Compliance.REVIEW:
        return request_compliance_text(request)
    return {MeetingRequest.Review.WAITING: str(REVIEW_WAITING),
            MeetingRequest.Review.REFUSED: str(REVIEW_REFUSED)}.get(request.review, "")


def outcome_label(outcome: str) -> str:
    return str(dict(Compliance.choices).get(outcome, outcome))
