"""Export-control decisions on meeting requests.

A request is judged once for each side as the receiving party: the products it would hear about
are those on the table that are not its own company's. What those products involve (`lethal` if
any has the lethal policy class, `controlled` if any is on the Munitions List or dual-use, else
`none`) meets every embargo in force on that side's country on the given day:

| scope                                   | lethal   | controlled | none    |
| full, UN or EU                          | blocked  | review     | warning |
| full, another authority                 | review   | review     | warning |
| non-state, listed, government-lifted    | review   | review     | -       |
| advisory                                | warning  | warning    | -       |

A non-state or listed embargo never blocks: it asks for the end user to be screened, and a
government delegation is a legitimate end user. The decision is the most severe outcome of all
rules that applied, and it keeps each of them with the data's `last_verified` date.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from .model import (
    ALLOWED,
    BLOCKED,
    OUTCOMES,
    REVIEW,
    WARNING,
    AppliedRule,
    Decision,
    InputError,
    Participant,
    Product,
    check_date,
    validate_participant,
)
from .rules import ADVISORY, FULL, LETHAL, ExportControlRules, normalise_control_class

BINDING_AUTHORITIES = ("UN", "EU")
_TABLE = {
    "full-binding": {"lethal": BLOCKED, "controlled": REVIEW, "none": WARNING},
    "full-other": {"lethal": REVIEW, "controlled": REVIEW, "none": WARNING},
    "partial": {"lethal": REVIEW, "controlled": REVIEW, "none": None},
    "advisory": {"lethal": WARNING, "controlled": WARNING, "none": None},
}


def severity(outcome: str) -> int:
    return OUTCOMES.index(outcome)


def involvement(products: Iterable[Product], rules: ExportControlRules) -> str:
    """`lethal`, `controlled` or `none`: the most sensitive policy among the products."""
    result = "none"
    for product in products:
        code = normalise_control_class(product.control_class)
        kind = rules.control_kind(code)
        if kind == "unknown":
            raise InputError(f"product '{product.id}': control class '{product.control_class}' is unknown "
                             "(expected ML1 to ML22, a dual-use code such as 5A002, or none)")
        if kind == "munitions" and rules.munitions[code].policy == LETHAL:
            return "lethal"
        if kind != "none":
            result = "controlled"
    return result


def rule_outcome(authority: str, scope: str, involved: str) -> str | None:
    if scope == FULL:
        row = "full-binding" if authority in BINDING_AUTHORITIES else "full-other"
    else:
        row = "advisory" if scope == ADVISORY else "partial"
    return _TABLE[row][involved]


def side_rules(participant: Participant, involved: str, rules: ExportControlRules,
               on: datetime.date) -> list[AppliedRule]:
    """The embargoes on this participant's country that apply to what it would receive."""
    applied = []
    for embargo in rules.embargoes_on(participant.country, on):
        outcome = rule_outcome(embargo.authority, embargo.scope, involved)
        if outcome is None:
            continue
        applied.append(AppliedRule(
            authority=embargo.authority, target=embargo.target, scope=embargo.scope, note=embargo.note,
            valid_from=embargo.valid_from.isoformat() if embargo.valid_from else None,
            valid_to=embargo.valid_to.isoformat() if embargo.valid_to else None,
            last_verified=embargo.last_verified, uncertain=embargo.uncertain, outcome=outcome,
            participant_id=participant.id,
        ))
    return applied


def receiving(participant: Participant, products: Iterable[Product]) -> list[Product]:
    """The products this side would be offered: everything on the table except its own company's."""
    own = participant.exhibitor_id
    return [product for product in products if own is None or product.exhibitor_id != own]


def check_request(requester: Participant, counterpart: Participant, products: Iterable[Product],
                  rules: ExportControlRules, *, on: datetime.date) -> Decision:
    """Judge a meeting request about `products` (pass the exhibitor's whole catalogue when the
    request names none: unknown must not mean harmless)."""
    check_date(on)
    for side in (requester, counterpart):
        validate_participant(side)
    if requester.id == counterpart.id:
        raise InputError(f"participant '{requester.id}' cannot request a meeting with themselves")
    products = list(products)
    applied: list[AppliedRule] = []
    for side in (requester, counterpart):
        applied += side_rules(side, involvement(receiving(side, products), rules), rules, on)
    outcome = max((rule.outcome for rule in applied), key=severity, default=ALLOWED)
    return Decision(outcome=outcome, rules=tuple(applied), message=message(outcome, applied, rules, on),
                    data_last_verified=rules.last_verified)


def _describe(rule: AppliedRule) -> str:
    text = f"{rule.authority} {rule.scope} arms embargo on {rule.target}"
    dates = [f"from {rule.valid_from}" if rule.valid_from else "", f"to {rule.valid_to}" if rule.valid_to else ""]
    if any(dates):
        text += " (" + " ".join(d for d in dates if d) + ")"
    if rule.note:
        text += f": {rule.note}"
    if rule.uncertain:
        text += " [marked uncertain in the reference data]"
    return text


_LEADS = {
    BLOCKED: "Blocked: lethal products are never offered to a country under a full UN or EU arms embargo",
    REVIEW: "Compliance review needed before the meeting: screen the end user and the items",
    WARNING: "Warning: the meeting may go ahead, but an arms embargo concerns it",
}
_SCOPE_NOTES = {
    FULL: "a full embargo covers all arms to the state",
    ADVISORY: "an advisory embargo is political or non-binding",
}
PARTIAL_NOTE = "a non-state or listed embargo does not block a government delegation"


def message(outcome: str, applied: list[AppliedRule], rules: ExportControlRules, on: datetime.date) -> str:
    """One paragraph for the requester and the compliance officer; names countries, never people."""
    dated = f"on {on.isoformat()}; reference data last verified {rules.last_verified}"
    if outcome == ALLOWED:
        return f"Allowed: no arms embargo applies {dated}."
    worst = [rule for rule in applied if rule.outcome == outcome]
    others = [rule for rule in applied if rule.outcome != outcome]
    notes = dict.fromkeys(_SCOPE_NOTES.get(rule.scope, PARTIAL_NOTE) for rule in worst)
    text = f"{_LEADS[outcome]} ({'; '.join(notes)}). " + "; ".join(_describe(rule) for rule in worst)
    if others:
        text += ". Also: " + "; ".join(f"{_describe(rule)} ({rule.outcome})" for rule in others)
    return f"{text}. Rules {dated}."
