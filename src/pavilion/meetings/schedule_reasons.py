"""Why a request was left out of a schedule run, in the reader's language.

The scheduling engine (plain Python, no Django) writes its reasons in English from a fixed set of
phrases (engines/scheduling/reasons.py), and the run keeps them as written, with participant ids
(`reg-<registration id>`) that the page replaces by names. Here each phrase is recognised and said
again through gettext; a reason that matches none is shown as written, ids replaced."""

import re
from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pavilion.meetings.models import MeetingLocation

PARTICIPANT_ID = re.compile(r"\breg-(\d+)\b")
_WHO = r"(?P<who>.+?)"
_KINDS = r"(?P<kinds>[\w-]+(?: or [\w-]+)*)"

# the engine's phrases, without what it puts before them (see _place and _parts)
_PLACE = [
    (re.compile(r"^location (?P<location>\S+) is not free$"),
     gettext_lazy("location %(location)s is not free")),
    (re.compile(rf"^no {_KINDS} is free$"), gettext_lazy("no %(kinds)s is free")),
]
_PART_HALLS = "a participant would change halls without a free slot between"
_PHRASES = [
    (re.compile(rf"^there is no location of kind {_KINDS}$"), gettext_lazy("there is no location of kind %(kinds)s")),
    (re.compile(rf"^participant {_WHO} is not available in the meeting's slots$"),
     gettext_lazy("participant %(who)s is not available in the meeting's slots")),
    (re.compile(rf"^participant {_WHO} is not available in any slot$"),
     gettext_lazy("participant %(who)s is not available in any slot")),
    (re.compile(rf"^participants {_WHO} have no (?P<count>\d+) consecutive slots free in common$"),
     gettext_lazy("participants %(who)s have no %(count)s consecutive slots free in common")),
    (re.compile(rf"^participants {_WHO} have no common free slot$"),
     gettext_lazy("participants %(who)s have no common free slot")),
    (re.compile(rf"^participant {_WHO} reached their maximum of (?P<count>\d+) meetings$"),
     gettext_lazy("participant %(who)s reached their maximum of %(count)s meetings")),
    (re.compile(rf"^participants? {_WHO} ha(?:s|ve) other meetings in every slot the meeting could take$"),
     gettext_lazy("%(who)s: other meetings in every slot the meeting could take")),
    (re.compile(r"^every common free slot would make a participant change halls without a free slot between$"),
     gettext_lazy("every common free slot would make a participant change halls without a free slot between")),
    (re.compile(r"^the request was cancelled or is no longer accepted$"),
     gettext_lazy("the request was cancelled or is no longer accepted")),
    (re.compile(r"^the meeting's location was taken out of use$"),
     gettext_lazy("the meeting's location was taken out of use")),
    (re.compile(r"^the (?P<role>requester|counterpart)'s registration is not approved$"), None),
    (re.compile(r"^the (?P<role>requester|counterpart)'s exhibitor is not approved at the show$"), "exhibitor"),
]
_ROLES = {"requester": gettext_lazy("the requester's registration is not approved"),
          "counterpart": gettext_lazy("the counterpart's registration is not approved")}
_EXHIBITOR_ROLES = {
    "requester": gettext_lazy("the requester's company is withdrawn from the show or not yet approved as an "
                              "exhibitor"),
    "counterpart": gettext_lazy("the counterpart's company is withdrawn from the show or not yet approved as an "
                                "exhibitor")}


def _people(text: str, name: Callable[[str], str]) -> str:
    """"reg-1, reg-2 and reg-3" → "A, B and C" in the current language."""
    ids = PARTICIPANT_ID.findall(text)
    if not ids or PARTICIPANT_ID.sub("", text).replace(",", "").replace(" and ", "").strip():
        return PARTICIPANT_ID.sub(lambda match: name(match.group(0)), text)
    names = [name(f"reg-{number}") for number in ids]
    if len(names) == 1:
        return names[0]
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def _kinds(text: str) -> str:
    labels = dict(MeetingLocation.Kind.choices)
    return _(" or ").join(str(labels.get(kind, kind)) for kind in text.split(" or "))


def _fill(pattern, template, text: str, name) -> str | None:
    match = pattern.match(text)
    if match is None:
        return None
    values = match.groupdict()
    if template is None or template == "exhibitor":
        return str((_ROLES if template is None else _EXHIBITOR_ROLES)[values["role"]])
    if "who" in values:
        values["who"] = _people(values["who"], name)
    if "kinds" in values:
        values["kinds"] = _kinds(values["kinds"])
    return str(template) % values


def _place(text: str, name) -> str | None:
    return next((said for pattern, template in _PLACE if (said := _fill(pattern, template, text, name))), None)


def _part(text: str, name) -> str:
    if text == _PART_HALLS:
        return _("a participant would change halls without a free slot between")
    match = re.match(r"^(?P<who>.+?) ha(?:s|ve) other meetings$", text)
    if match:
        return _("%(who)s: other meetings") % {"who": _people(match.group("who"), name)}
    return _place(text, name) or PARTICIPANT_ID.sub(lambda found: name(found.group(0)), text)


def reason_text(reason: str, name: Callable[[str], str]) -> str:
    """The engine's (or the adapter's) reason in the current language; `name` turns a participant
    id into the person's name."""
    for pattern, template in _PHRASES:
        said = _fill(pattern, template, reason, name)
        if said is not None:
            return said
    if reason.endswith(" in any slot when all participants are"):
        place = _place(reason.removesuffix(" in any slot when all participants are"), name)
        if place:
            return _("%(place)s in any slot when all participants are free") % {"place": place}
    if reason.startswith("every common free slot is taken: "):
        parts = reason.removeprefix("every common free slot is taken: ").split("; ")
        return _("every common free slot is taken: %(parts)s") % {"parts": "; ".join(_part(part, name) for part in parts)}
    return PARTICIPANT_ID.sub(lambda match: name(match.group(0)), reason)
