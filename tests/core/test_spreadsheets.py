"""core.spreadsheets: typed text that a spreadsheet program would run as a formula is quoted
(tests/reports/test_csv_injection.py checks the exports that use it)."""

import csv
import datetime
import decimal
import io
import zipfile

import openpyxl
import pytest

from pavilion.core.spreadsheets import csv_cell, csv_lines, text_cell, write_xlsx


@pytest.mark.parametrize("typed", ['=HYPERLINK("http://evil.example","x")', "+cmd|' /C calc'!A0", "-2+3+cmd|x",
                                   "@SUM(1,1)", "\t=1+1", "\r=1+1"])
def test_text_that_starts_like_a_formula_is_quoted(typed):
    assert text_cell(typed) == "'" + typed


@pytest.mark.parametrize("typed", ["Baku Expo Center", "-12.5", "+3", "42", "", "a=b", "Ltd. (=)"])
def test_ordinary_text_and_plain_numbers_are_left_alone(typed):
    assert text_cell(typed) == typed


def test_cells_of_other_types():
    moment = datetime.datetime(2024, 9, 24, 10, 0, tzinfo=datetime.UTC)
    assert [csv_cell(value) for value in (None, True, False, moment, datetime.date(2024, 9, 24), -3, 1.5)] == [
        "", "yes", "no", "2024-09-24 10:00:00+00:00", "2024-09-24", "-3", "1.5"]


def test_lines_start_with_the_byte_order_mark_and_header_and_read_back():
    text = "".join(csv_lines(["Name", "Organisation"], [["Leyla", "=cmd"], ["Ali", "Azersun, LLC"]]))
    assert text.startswith("\ufeffName,Organisation\r\n")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows == [["Name", "Organisation"], ["Leyla", "'=cmd"], ["Ali", "Azersun, LLC"]]


def test_a_header_less_list_still_starts_with_the_mark_alone():
    lines = list(csv_lines(None, [["a"]]))
    assert lines == ["\ufeff", "a\r\n"]


def test_the_workbook_keeps_typed_text_as_text_and_numbers_and_dates_as_such():
    target = io.BytesIO()
    seen = []
    rows = [['=HYPERLINK("http://evil.example","x")', decimal.Decimal("1234567.5"), 3, None, True,
             datetime.datetime(2024, 9, 24, 10, 30), "https://example.test", "007"]] * 5
    written = write_xlsx(target, ["Text", "Value", "Count", "Empty", "Flag", "When", "Link", "Code"], rows,
                         title="A title longer than thirty-one characters", number_formats={1: "#,##0.00"},
                         widths=[30, 14], progress=seen.append, progress_every=2)
    assert written == 5 and seen == [2, 4]
    book = openpyxl.load_workbook(io.BytesIO(target.getvalue()))
    sheet = book.active
    assert sheet.title == "A title longer than thirty-one " and sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold and [cell.value for cell in sheet[1]][:2] == ["Text", "Value"]
    text, value, count, empty, flag, when, link, code = sheet[2]
    assert text.data_type == "s" and text.value.startswith("=HYPERLINK")  # text, not a formula
    assert value.data_type == "n" and value.value == 1234567.5 and value.number_format == "#,##0.00"
    assert count.value == 3 and empty.value is None and flag.value == "yes"
    assert when.value == datetime.datetime(2024, 9, 24, 10, 30)
    assert link.value == "https://example.test" and link.hyperlink is None
    assert code.value == "007" and code.data_type == "s"
    with zipfile.ZipFile(io.BytesIO(target.getvalue())) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()
