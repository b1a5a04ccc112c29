"""The export-control reference data as plain values: Munitions List categories with their policy
class, dual-use categories and groups, and arms embargoes with their dates.

The engine never opens a file of its own accord: the caller reads a directory with `load_rules`
(the app passes `pavilion/data/export-control/`) or builds `ExportControlRules` itself, so tests
and benchmarks can hand in exactly the data they mean.
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .model import InputError

NOT_CONTROLLED = "none"
FULL, NON_STATE, LISTED, GOVERNMENT_LIFTED, ADVISORY = "full", "non-state", "listed", "government-lifted", "advisory"
SCOPES = (FULL, NON_STATE, LISTED, GOVERNMENT_LIFTED, ADVISORY)
LETHAL = "lethal"
_LAST_VERIFIED = re.compile(r"last_verified:\s*([0-9]{4}-[0-9]{2}(?:-[0-9]{2})?)")


@dataclass(frozen=True)
class MunitionsCategory:
    code: str
    title: str
    policy: str


@dataclass(frozen=True)
class Embargo:
    authority: str
    target: str  # ISO 3166-1 alpha-2, or `group:<name>`
    scope: str
    last_verified: str
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None
    note: str = ""
    uncertain: bool = False

    def in_force(self, on: datetime.date) -> bool:
        """Both ends inclusive: an embargo valid to 31 May still holds on 31 May."""
        if self.valid_from is not None and on < self.valid_from:
            return False
        return self.valid_to is None or on <= self.valid_to


@dataclass(frozen=True)
class ExportControlRules:
    munitions: dict[str, MunitionsCategory]
    dual_use_categories: dict[str, str]
    dual_use_groups: dict[str, str]
    item_code_pattern: str
    embargoes: tuple[Embargo, ...]
    last_verified: str  # the oldest date of the files: the honest one when they differ

    def control_kind(self, code: str) -> str:
        """`munitions`, `dual-use`, `none`, or `unknown` for a class the data does not know."""
        if code == NOT_CONTROLLED:
            return "none"
        if code in self.munitions:
            return "munitions"
        if re.match(self.item_code_pattern, code) and code[0] in self.dual_use_categories \
                and code[1] in self.dual_use_groups:
            return "dual-use"
        return "unknown"

    def policy(self, code: str) -> str:
        """The platform's promotion class of a control class (`lethal`, `platform`, ..., `none`)."""
        kind = self.control_kind(code)
        return self.munitions[code].policy if kind == "munitions" else kind

    def embargoes_on(self, country: str, on: datetime.date) -> list[Embargo]:
        return [embargo for embargo in self.embargoes if embargo.target == country and embargo.in_force(on)]


@functools.lru_cache(maxsize=4096)  # a catalogue repeats a few dozen spellings
def normalise_control_class(value: str | None) -> str:
    """`ML6`, `5A002a.1` or `none`: the spelling the reference data uses."""
    text = (value or "").strip().replace(" ", "")
    if text == "" or text.lower() in {NOT_CONTROLLED, "not-controlled"}:
        return NOT_CONTROLLED
    if text[:2].lower() == "ml":
        return "ML" + text[2:]
    return text[:5].upper() + text[5:]


def _date(value, where: str) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise InputError(f"{where}: '{value}' is not a date (YYYY-MM-DD)") from None


def _embargo(entry, position: int, file_name: str) -> Embargo:
    where = f"{file_name} entry {position}"
    if not isinstance(entry, dict):
        raise InputError(f"{where} is not a mapping")
    for key in ("authority", "target", "scope"):
        if not isinstance(entry.get(key), str) or not entry[key]:
            raise InputError(f"{where}: '{key}' is missing")
    if entry["scope"] not in SCOPES:
        raise InputError(f"{where}: scope '{entry['scope']}' is not one of {', '.join(SCOPES)}")
    embargo = Embargo(
        authority=entry["authority"], target=entry["target"], scope=entry["scope"],
        last_verified=str(entry.get("last_verified") or ""),
        valid_from=_date(entry.get("valid_from"), where), valid_to=_date(entry.get("valid_to"), where),
        note=str(entry.get("note") or ""), uncertain=bool(entry.get("uncertain", False)),
    )
    if embargo.valid_from and embargo.valid_to and embargo.valid_from > embargo.valid_to:
        raise InputError(f"{where}: valid_from is after valid_to")
    return embargo


def _read(directory: Path, name: str) -> tuple[str, object]:
    path = directory / name
    try:
        text = path.read_text(encoding="utf-8")
        return text, yaml.safe_load(text)
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror}") from None
    except yaml.YAMLError as error:
        raise InputError(f"{path} is not valid YAML: {str(error).splitlines()[0]}") from None


def load_rules(directory: str | Path) -> ExportControlRules:
    """Read munitions-list.yaml, dual-use.yaml and embargoes.yaml from a directory."""
    directory = Path(directory)
    munitions_text, munitions = _read(directory, "munitions-list.yaml")
    dual_use_text, dual_use = _read(directory, "dual-use.yaml")
    embargoes_text, embargo_entries = _read(directory, "embargoes.yaml")
    if not isinstance(munitions, list) or not all(isinstance(e, dict) and "code" in e for e in munitions):
        raise InputError("munitions-list.yaml must be a list of {code, title, policy}")
    if not isinstance(dual_use, dict) or not {"categories", "groups", "item_code_pattern"} <= set(dual_use):
        raise InputError("dual-use.yaml must have categories, groups and item_code_pattern")
    if not isinstance(embargo_entries, list):
        raise InputError("embargoes.yaml must be a list of embargoes")
    embargoes = tuple(_embargo(entry, n, "embargoes.yaml") for n, entry in enumerate(embargo_entries, 1))
    dates = [match.group(1) for text in (munitions_text, dual_use_text, embargoes_text)
             for match in _LAST_VERIFIED.finditer(text)]
    dates += [embargo.last_verified for embargo in embargoes if embargo.last_verified]
    return ExportControlRules(
        munitions={str(e["code"]): MunitionsCategory(str(e["code"]), str(e.get("title", "")), str(e.get("policy", "")))
                   for e in munitions},
        dual_use_categories={str(e["code"]): str(e["title"]) for e in dual_use["categories"]},
        dual_use_groups={str(e["code"]): str(e["title"]) for e in dual_use["groups"]},
        item_code_pattern=str(dual_use["item_code_pattern"]),
        embargoes=embargoes,
        last_verified=min(dates) if dates else "",
    )
