"""Reading files: the shared error, decoding with line numbers, and CSV rows with strict checks."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

# Every problem a file can have: its code (which an application translates by, see InputError.of)
# and the English message of the command line, formatted with the problem's parameters.
MESSAGES = {
    "unreadable": "cannot be read ({reason})",
    "not-utf8": "is not UTF-8 text",
    "csv-empty": "is empty: a header with {columns} is needed",
    "csv-missing-columns": "header lacks the column {columns}",
    "csv-too-many-fields": "has {fields} fields but the header has {columns}",
    "csv-invalid": "is not valid CSV ({detail})",
    "xml-invalid": "is not well-formed XML",
    "xml-not-un-list": "is not a UN Consolidated List (root must be CONSOLIDATED_LIST)",
    "un-no-reference": "has no REFERENCE_NUMBER",
    "un-no-first-name": "has no FIRST_NAME",
    "json-invalid": "is not valid JSON",
    "ftm-not-entity": 'is not a FollowTheMoney entity (needs "id", "schema", "properties")',
    "ftm-schema-properties": 'needs a "schema" string and a "properties" object',
    "ftm-property-not-strings": 'property "{property}" must be a list of strings',
    "ftm-no-name": 'entity {id} has no "name"',
    "csv-id-and-name": "needs both an id and a name",
    "repeated-id": "repeats the id {id} of line {line}",
    "schema-unknown": "schema must be one of {schemata}",
}


# Where in a file a problem is: its kind (which an application translates by, as the codes above) and
# the English of the command line.
PLACES = {
    "line": "line {line}",
    "line-column": "line {line}, column {column}",
    "element": "element <{tag}>",
    "un-numbered": "<{element}> number {number} (DATAID {dataid})",
    "un-reference": "<{element}> {reference}",
    "entry": "entry {id}",
}


@dataclass(frozen=True)
class Place:
    """A place in a file: `kind` one of PLACES, `params` its values; str() is the command line's English."""

    kind: str
    params: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return PLACES[self.kind].format(**self.params)


def at(kind: str, **params) -> Place:
    return Place(kind, params)


class InputError(Exception):
    """An unreadable or malformed file: one line naming the file and the line or element.
    `code` and `params` say which problem it is (None for a message of no fixed kind), so that an
    application can say it in its own words; `message` is the English of the command line."""

    def __init__(self, path: str | Path, where: Place | str, message: str, *, code: str | None = None,
                 params: dict | None = None):
        # `place` says where as a kind and values (None for the whole file); `where` is its English.
        self.place = where if isinstance(where, Place) else None
        where = str(where)
        self.path, self.where, self.message = str(path), where, message
        self.code, self.params = code, dict(params or {})
        location = f"{self.path}: {where}: " if where else f"{self.path}: "
        super().__init__(location + message)

    @classmethod
    def of(cls, path: str | Path, where: Place | str, code: str, **params) -> InputError:
        return cls(path, where, MESSAGES[code].format(**params), code=code, params=params)


def read_text(path: str | Path) -> str:
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise InputError.of(path, "", "unreadable", reason=error.strerror or str(error)) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError.of(path, at("line", line=line), "not-utf8") from None


def detect_format(text: str) -> str:
    """xml, jsonl or csv: from the first character that is not white space, and for a first line that
    opens with "[" (a CSV header may), whether that line is JSON."""
    stripped = text.lstrip()
    if stripped.startswith("<"):
        return "xml"
    if stripped.startswith("{"):
        return "jsonl"
    if stripped.startswith("["):
        try:
            json.loads(stripped.partition("\n")[0])
        except ValueError:
            return "csv"
        return "jsonl"
    return "csv"


def csv_rows(path: str | Path, text: str, required: tuple[str, ...]):
    """Yield (line number, row dict) for each data row; InputError for a missing column, a row
    with more fields than the header, or broken quoting."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise InputError.of(path, at("line", line=1), "csv-empty", columns=",".join(required))
        columns = [column.strip().lower() for column in header]
        missing = [column for column in required if column not in columns]
        if missing:
            raise InputError.of(path, at("line", line=1), "csv-missing-columns", columns=", ".join(missing))
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(columns):
                raise InputError.of(path, at("line", line=reader.line_num), "csv-too-many-fields", fields=len(row),
                                    columns=len(columns))
            yield reader.line_num, dict(zip(columns, (cell.strip() for cell in row), strict=False))
    except csv.Error as error:
        raise InputError.of(path, at("line", line=reader.line_num), "csv-invalid", detail=str(error)) from None
