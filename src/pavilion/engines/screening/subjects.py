"""Reading subjects (registrants) from CSV.

A malformed file raises `InputError`. A bad row is reported and skipped (no name, no id, a
repeated id); a bad optional field (an absurd date, an unknown country, an unknown schema) is
reported and ignored, and the subject is screened on the rest: leaving a person unscreened
because of a typo in the country column would be the worse failure. Reports never repeat the
value itself, which is personal data.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pavilion.engines.screening.fields import FieldError, country_code, parse_birth_date, parse_gender
from pavilion.engines.screening.model import ORGANISATION_SCHEMATA, PERSON, Subject
from pavilion.engines.screening.sources import csv_rows, read_text

SUBJECT_SCHEMATA = frozenset({PERSON}) | ORGANISATION_SCHEMATA


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    line: int
    subject_id: str
    message: str

    def __str__(self) -> str:
        who = f" (subject {self.subject_id})" if self.subject_id else ""
        return f"{self.path}: line {self.line}{who}: {self.message}"


def read_subjects(path: str | Path) -> tuple[list[Subject], list[Problem]]:
    text = read_text(path)
    subjects, problems, seen = [], [], {}
    for line, row in csv_rows(path, text, ("id", "name")):
        identifier = row.get("id", "")
        report = _reporter(str(path), line, identifier, problems)
        if not identifier:
            report("has no id; skipped")
            continue
        if identifier in seen:
            report(f"repeats the id of line {seen[identifier]}; skipped")
            continue
        seen[identifier] = line
        if not " ".join(row.get("name", "").split()):
            report("has an empty name; skipped")
            continue
        subjects.append(_subject(identifier, row, report))
    return subjects, problems


def _reporter(path: str, line: int, identifier: str, problems: list[Problem]):
    def report(message: str) -> None:
        problems.append(Problem(path, line, identifier, message))

    return report


def _subject(identifier: str, row: dict, report) -> Subject:
    birth_date = nationality = None
    if row.get("birth_date"):
        try:
            birth_date = parse_birth_date(row["birth_date"])
        except FieldError as error:
            report(f"birth_date {error}; ignored")
    if row.get("nationality"):
        try:
            nationality = country_code(row["nationality"])
        except FieldError as error:
            report(f"nationality {error}; ignored")
    schema = row.get("schema") or PERSON
    if schema not in SUBJECT_SCHEMATA:
        report(f"schema is not Person or Organization; screened as {PERSON}")
        schema = PERSON
    return Subject(
        id=identifier,
        name=" ".join(row["name"].split()),
        birth_date=birth_date,
        nationality=nationality,
        gender=parse_gender(row.get("gender", "")),
        schema=schema,
    )
