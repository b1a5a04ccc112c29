"""What vetting needs from the export-control reference data: the lethal Munitions List classes
(the two-person rule) and the arms embargoes shown to officers with their verification date."""

import functools
from dataclasses import dataclass

import yaml

from pavilion.exhibitors.export_control import DATA_DIR, reference


def lethal_classes() -> list[str]:
    """Munitions List categories whose platform policy is `lethal` (ML1, ML2, ML3, ...)."""
    return [code for code, entry in reference().munitions.items() if entry.get("policy") == "lethal"]


@dataclass(frozen=True)
class Embargo:
    authority: str
    target: str
    scope: str
    note: str
    last_verified: str
    valid_from: str = ""
    valid_to: str = ""
    uncertain: bool = False

    @property
    def country(self) -> str:
        return "" if self.target.startswith("group:") else self.target

    @property
    def blocks_government(self) -> bool:
        # A non-state or listed embargo does not block a government delegation (see the data README).
        return self.scope == "full"


@functools.cache
def embargoes() -> tuple[Embargo, ...]:
    rows = yaml.safe_load((DATA_DIR / "embargoes.yaml").read_text(encoding="utf-8")) or []
    return tuple(
        Embargo(
            authority=str(row["authority"]), target=str(row["target"]), scope=str(row["scope"]),
            note=str(row.get("note", "")), last_verified=str(row.get("last_verified", "")),
            valid_from=str(row.get("valid_from", "") or ""), valid_to=str(row.get("valid_to", "") or ""),
            uncertain=bool(row.get("uncertain", False)),
        )
        for row in rows
    )


def embargoes_for(country_code: str) -> list[Embargo]:
    code = (country_code or "").upper()
    return [embargo for embargo in embargoes() if embargo.country == code]
