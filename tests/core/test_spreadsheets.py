"""core.spreadsheets: typed text that a spreadsheet program would run as a formula is quoted
(tests/reports/test_csv_injection.py checks the exports that use it)."""

import csv
import datetime
import io

import pytest

from pavilion.core.spreadsheets import csv_cell, csv_lines, text_cell


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
