"""CSV and XLSX for spreadsheet programs: one writer of each for every export (reports, the press
list of deals, the organiser's registration list).

Text that people typed (names, organisations, titles) reaches the file as typed, except that a cell
starting like a formula (`=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading apostrophe:
a spreadsheet program opening the file would otherwise run it (CSV injection, e.g. a registrant
whose organisation is `=HYPERLINK(...)`). A cell that is a plain number ("-12.5") is left alone.
In XLSX, text is always written as a text cell (never a formula, a link or a number); numbers,
dates and times are written as such.
"""

import csv
import datetime
import decimal
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator

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


def xlsx_cell(value):
    """A value as an XLSX cell: nothing for None, yes/no, numbers, dates and text as they are, anything
    else (country codes, lazy translations) as its text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.datetime | datetime.date | int | float | decimal.Decimal | str):
        return value
    return str(value)


def write_xlsx(target, header: list[str], rows: Iterable[Iterable], *, title: str = "Export",
               widths: Iterable[float] = (), number_formats: dict[int, str] | None = None,
               progress: Callable[[int], None] | None = None, progress_every: int = 5000) -> int:
    """An XLSX workbook of one sheet in `target` (a path or a binary file), written row by row in
    constant memory: the header bold and frozen, then the rows, every cell through `xlsx_cell`.
    `widths` sets the first columns' widths, `number_formats` a column's number format (e.g. money);
    `progress(count)` is called every `progress_every` rows. Returns the number of rows written."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(target, {
        "constant_memory": True, "tmpdir": tempfile.gettempdir(), "default_date_format": "yyyy-mm-dd hh:mm:ss",
        "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False})
    sheet = workbook.add_worksheet(title[:31])
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width)
    formats = {column: workbook.add_format({"num_format": code}) for column, code in (number_formats or {}).items()}
    sheet.write_row(0, 0, [str(label) for label in header], workbook.add_format({"bold": True}))
    sheet.freeze_panes(1, 0)
    count = 0
    for count, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            cell = xlsx_cell(value)
            if column in formats and isinstance(cell, int | float | decimal.Decimal):  # yes/no are text by now
                sheet.write_number(count, column, cell, formats[column])
            else:
                sheet.write(count, column, cell)
        if progress and count % progress_every == 0:
            progress(count)
    workbook.close()
    return count
