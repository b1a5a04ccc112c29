"""Reading files: the shared error, decoding with line numbers, and CSV rows with strict checks."""

from __future__ import annotations

import csv
import io
from pathlib import Path


class InputError(Exception):
    """An unreadable or malformed file: one line naming the file and the line or element."""

    def __init__(self, path: str | Path, where: str, message: str):
        self.path, self.where, self.message = str(path), where, message
        location = f"{self.path}: {where}: " if where else f"{self.path}: "
        super().__init__(location + message)


def read_text(path: str | Path) -> str:
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise InputError(path, "", f"cannot be read ({error.strerror or error})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(path, f"line {line}", "is not UTF-8 text") from None


def detect_format(text: str) -> str:
    """xml, jsonl or csv, from the first character that is not white space."""
    stripped = text.lstrip()
    if stripped.startswith("<"):
        return "xml"
    if stripped.startswith("{"):
        return "jsonl"
    return "csv"


def csv_rows(path: str | Path, text: str, required: tuple[str, ...]):
    """Yield (line number, row dict) for each data row; InputError for a missing column, a row
    with more fields than the header, or broken quoting."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise InputError(path, "line 1", "is empty: a header with " + ",".join(required) + " is needed")
        columns = [column.strip().lower() for column in header]
        missing = [column for column in required if column not in columns]
        if missing:
            raise InputError(path, "line 1", "header lacks the column " + ", ".join(missing))
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(columns):
                raise InputError(path, f"line {reader.line_num}",
                                 f"has {len(row)} fields but the header has {len(columns)}")
            yield reader.line_num, dict(zip(columns, (cell.strip() for cell in row), strict=False))
    except csv.Error as error:
        raise InputError(path, f"line {reader.line_num}", f"is not valid CSV ({error})") from None
