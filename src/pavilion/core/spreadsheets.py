"""CSV for spreadsheet programs: one writer for every export (reports, the press list of deals,
the organiser's registration list).

Text that people typed (names, organisations, titles) reaches the file as typed, except that a cell
starting like a formula (`=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading apostrophe:
a spreadsheet program opening the file would otherwise run it (CSV injection, e.g. a registrant
whose organisation is `=HYPERLINK(...)`). A cell that is a plain number ("-12.5") is left alone.
"""

import csv
import datetime
import re
from collections.abc import Iterable, Iterator

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
BYTE_ORDER_MARK = "\ufeff"  # so that spreadsheet programs read Azerbaijani and Russian letters as UTF-8


def text_cell(value: str) -> str:
    """Typed text, quoted when a spreadsheet program would take it for a formula."""
    if value.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_cell(value) -> str:
    """A value as CSV text: nothing for None, ISO dates, yes/no, typed text made safe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date | int | float):
        return str(value)
    return text_cell(str(value))


class _Echo:
    """A file-like object that hands back what csv.writer writes, so lines can be streamed."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: list[str] | None, rows: Iterable[Iterable]) -> Iterator[str]:
    """CSV text line by line (for a StreamingHttpResponse or a file): the byte-order mark with the
    header (when given) first, then one line per row, every cell through `csv_cell`."""
    writer = csv.writer(_Echo())
    yield BYTE_ORDER_MARK + ("" if header is None else writer.writerow([csv_cell(value) for value in header]))
    for row in rows:
        yield writer.writerow([csv_cell(value) for value in row])
