"""Export-control classes of products, checked against the shipped reference data.

A class is a Munitions List category (ML1–ML22), a dual-use item code of Regulation (EU) 2021/821
Annex I (e.g. 5A002, checked against the file's pattern and its categories and groups) or `none`.
The reference data lives in `pavilion/data/export-control/` (see its README for sources); it is
read once per process, since it only changes with a release.
"""

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from pavilion.engines.matching.rules import NOT_CONTROLLED, normalise_control_class

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "export-control"


@dataclass(frozen=True)
class ControlClass:
    code: str
    kind: str  # "munitions", "dual-use", "none" or "unknown"
    title: str
    policy: str


@dataclass(frozen=True)
class Reference:
    munitions: dict[str, dict]
    dual_use_categories: dict[str, dict]
    dual_use_groups: dict[str, dict]
    item_code_pattern: re.Pattern
    last_verified: str


def _last_verified(text: str) -> str:
    match = re.search(r"last_verified:\s*([0-9-]+)", text)
    return match.group(1) if match else ""


@functools.cache
def reference() -> Reference:
    munitions_text = (DATA_DIR / "munitions-list.yaml").read_text(encoding="utf-8")
    dual_use_text = (DATA_DIR / "dual-use.yaml").read_text(encoding="utf-8")
    dual_use = yaml.safe_load(dual_use_text)
    dates = [date for date in (_last_verified(munitions_text), _last_verified(dual_use_text)) if date]
    return Reference(
        munitions={entry["code"]: entry for entry in yaml.safe_load(munitions_text)},
        dual_use_categories={str(entry["code"]): entry for entry in dual_use["categories"]},
        dual_use_groups={str(entry["code"]): entry for entry in dual_use["groups"]},
        item_code_pattern=re.compile(dual_use["item_code_pattern"]),
        # The oldest date is the honest one when the two files were checked at different times.
        last_verified=min(dates) if dates else "",
    )


def title(entry: dict, language: str | None = None) -> str:
    """An entry's title in the current language (`title_az`, `title_ru`: translated by the project),
    else the English one."""
    language = (language or get_language() or "en").split("-")[0]
    return entry.get(f"title_{language}") or entry["title"]


def last_verified() -> str:
    return reference().last_verified


def normalise(value: str | None) -> str:
    """Canonical spelling: `ML6`, `5A002a.1`, `none`; whitespace and case forgiven where unambiguous."""
    # One spelling rule for the catalogue and the matching engine, which must agree on class codes.
    return normalise_control_class(value)


def validate(value: str | None) -> str:
    """The normalised class, or ValidationError saying what is wrong with it."""
    code = normalise(value)
    if code == NOT_CONTROLLED:
        return code
    data = reference()
    if code.startswith("ML"):
        if code not in data.munitions:
            raise ValidationError(
                _("%(code)s is not a Munitions List category (ML1 to ML22).") % {"code": code}
            )
        return code
    if not data.item_code_pattern.match(code):
        raise ValidationError(
            _("%(code)s is not a dual-use code: one category digit, one group letter A–E, "
              "three digits, e.g. 5A002.") % {"code": code}
        )
    if code[0] not in data.dual_use_categories or code[1] not in data.dual_use_groups:
        raise ValidationError(_("%(code)s names an unknown dual-use category or group.") % {"code": code})
    return code


def describe(value: str | None) -> ControlClass:
    """The class with its title and policy; a stored value that no longer validates says so."""
    code = normalise(value)
    data = reference()
    if code == NOT_CONTROLLED:
        return ControlClass(code, "none", _("Not controlled"), "none")
    if code in data.munitions:
        entry = data.munitions[code]
        return ControlClass(code, "munitions", title(entry), entry["policy"])
    category = data.dual_use_categories.get(code[:1])
    group = data.dual_use_groups.get(code[1:2])
    if data.item_code_pattern.match(code) and category and group:
        return ControlClass(code, "dual-use", f"{title(category)} — {title(group)}", "dual-use")
    return ControlClass(code, "unknown", _("Unrecognised export-control class"), "unknown")


def choices() -> list[tuple[str, str]]:
    """Filter choices: not controlled, any Munitions List category, any dual-use code, each ML."""
    items = [(NOT_CONTROLLED, _("Not controlled")), ("ML", _("Munitions List (any)")),
             ("dual-use", _("Dual-use (any)"))]
    items += [(code, f"{code} · {title(entry)}") for code, entry in reference().munitions.items()]
    return items
