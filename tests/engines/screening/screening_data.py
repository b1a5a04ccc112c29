"""Paths and readers for the screening test data (copies in ./data, the package's UN list)."""

import csv
from pathlib import Path

import pavilion

DATA = Path(__file__).parent / "data"
UN_LIST = Path(pavilion.__file__).parent / "data" / "screening" / "un-consolidated-2026-02-27.xml"


def rows(name: str) -> list[dict]:
    with open(DATA / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))
