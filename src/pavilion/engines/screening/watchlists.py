"""Readers for watch lists: the UN Consolidated List XML, FollowTheMoney JSON lines, plain CSV.

`read_watchlist(path)` recognises the format by content and returns a `Watchlist` of plain
`WatchlistEntry` values. A malformed file raises `InputError` naming the line or element.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path

from pavilion.engines.screening.fields import (
    FieldError,
    country_code,
    parse_birth_date,
    parse_gender,
    year_span,
)
from pavilion.engines.screening.model import ORGANIZATION, PERSON, BirthDate, WatchlistEntry
from pavilion.engines.screening.sources import InputError, Place, at, csv_rows, detect_format, read_text

SCREENED_SCHEMATA = frozenset({"Person", "Organization", "Company", "LegalEntity"})
UN_WEAK_QUALITY = "low"
LOOSE_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


@dataclass
class Watchlist:
    path: str
    format: str
    entries: list[WatchlistEntry]
    skipped: dict[str, int] = field(default_factory=dict)  # schema -> count, for FtM


def read_watchlist(path: str | Path) -> Watchlist:
    text = read_text(path)
    kind = detect_format(text)
    reader = {"xml": read_un_xml, "jsonl": read_ftm_jsonl, "csv": read_csv_watchlist}[kind]
    return reader(path, text)


def _unique(values) -> tuple[str, ...]:
    seen, out = set(), []
    for value in values:
        value = " ".join((value or "").split())
        if value and value.lower() not in seen:
            seen.add(value.lower())
            out.append(value)
    return tuple(out)


def _lenient_date(text: str) -> BirthDate | None:
    """A listed date as far as it can be read: lists carry partial and odd dates."""
    match = LOOSE_DATE.match(text or "")
    if not match:
        return None
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) and 1 <= int(match.group(2)) <= 12 else None
    day = int(match.group(3)) if month and match.group(3) and 1 <= int(match.group(3)) <= 31 else None
    return BirthDate(year, year, month, day)


def _lenient_countries(values) -> tuple[str, ...]:
    codes = []
    for value in values:
        try:
            code = country_code(value or "")
        except FieldError:
            continue  # A list's unknown country ("former Soviet Union") is no reason to drop the entry.
        if code and code not in codes:
            codes.append(code)
    return tuple(codes)


# --- UN Security Council Consolidated List -------------------------------------------------

def read_un_xml(path: str | Path, text: str) -> Watchlist:
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as error:
        line, column = error.position
        raise InputError.of(path, at("line-column", line=line, column=column), "xml-invalid") from None
    if root.tag != "CONSOLIDATED_LIST":
        raise InputError.of(path, at("element", tag=root.tag), "xml-not-un-list")
    entries = []
    for number, element in enumerate(root.iterfind("INDIVIDUALS/INDIVIDUAL"), start=1):
        entries.append(_un_entry(path, element, number, PERSON, "INDIVIDUAL"))
    for number, element in enumerate(root.iterfind("ENTITIES/ENTITY"), start=1):
        entries.append(_un_entry(path, element, number, ORGANIZATION, "ENTITY"))
    return Watchlist(str(path), "un-xml", entries)


def _text(element, tag: str) -> str:
    found = element.find(tag)
    return (found.text or "").strip() if found is not None and found.text else ""


def _un_entry(path, element, number: int, schema: str, kind: str) -> WatchlistEntry:
    reference = _text(element, "REFERENCE_NUMBER")
    if not reference:
        raise InputError.of(path, at("un-numbered", element=kind, number=number,
                                     dataid=_text(element, "DATAID") or "?"), "un-no-reference")
    main = " ".join(_text(element, tag) for tag in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"))
    if not main.strip():
        raise InputError.of(path, at("un-reference", element=kind, reference=reference), "un-no-first-name")
    strong, weak = [main], []
    for alias in element.iterfind(f"{kind}_ALIAS"):
        name = _text(alias, "ALIAS_NAME")
        (weak if _text(alias, "QUALITY").lower() == UN_WEAK_QUALITY else strong).append(name)
    strong.append(_text(element, "NAME_ORIGINAL_SCRIPT"))
    return WatchlistEntry(
        id=reference,
        schema=schema,
        names=_unique(strong),
        weak_aliases=tuple(name for name in _unique(weak) if name.lower() not in {s.lower() for s in strong}),
        birth_dates=tuple(_un_birth_dates(element)),
        nationalities=_lenient_countries(value.text for value in element.iterfind("NATIONALITY/VALUE")),
        gender=parse_gender(_text(element, "GENDER")),
        source="UN",
    )


def _un_birth_dates(element):
    for birth in element.iterfind("INDIVIDUAL_DATE_OF_BIRTH"):
        approximate = _text(birth, "TYPE_OF_DATE").upper() == "APPROXIMATELY"
        low, high = _text(birth, "FROM_YEAR"), _text(birth, "TO_YEAR")
        if low.isdigit() and high.isdigit():
            yield year_span(int(low), int(high), approximate)
            continue
        listed = _lenient_date(_text(birth, "DATE") or _text(birth, "YEAR"))
        if listed:
            yield BirthDate(listed.year_from, listed.year_to, listed.month, listed.day, approximate)


# --- FollowTheMoney JSON lines ---------------------------------------------------------------

def read_ftm_jsonl(path: str | Path, text: str) -> Watchlist:
    entries, skipped = [], {}
    for line_number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entity = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError.of(path, at("line-column", line=line_number, column=error.colno), "json-invalid") from None
        where = at("line", line=line_number)
        if not isinstance(entity, dict) or not isinstance(entity.get("id"), str) or not entity["id"]:
            raise InputError.of(path, where, "ftm-not-entity")
        schema = entity.get("schema")
        properties = entity.get("properties", {})
        if not isinstance(schema, str) or not isinstance(properties, dict):
            raise InputError.of(path, where, "ftm-schema-properties")
        if schema not in SCREENED_SCHEMATA:
            skipped[schema] = skipped.get(schema, 0) + 1
            continue
        entries.append(_ftm_entry(path, where, entity["id"], schema, properties))
    return Watchlist(str(path), "ftm-jsonl", entries, skipped)


def _values(path, where: Place, properties: dict, name: str) -> list[str]:
    values = properties.get(name, [])
    if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
        raise InputError.of(path, where, "ftm-property-not-strings", property=name)
    return values


def _ftm_entry(path, where: Place, identifier: str, schema: str, properties: dict) -> WatchlistEntry:
    names = _unique(_values(path, where, properties, "name") + _values(path, where, properties, "alias")
                    + _values(path, where, properties, "previousName"))
    if not names:
        raise InputError.of(path, where, "ftm-no-name", id=identifier)
    dates = (_lenient_date(value) for value in _values(path, where, properties, "birthDate"))
    countries = _values(path, where, properties, "nationality") + _values(path, where, properties, "citizenship")
    genders = [parse_gender(value) for value in _values(path, where, properties, "gender")]
    return WatchlistEntry(
        id=identifier,
        schema=schema,
        names=names,
        weak_aliases=tuple(alias for alias in _unique(_values(path, where, properties, "weakAlias"))
                           if alias not in names),
        birth_dates=tuple(date for date in dates if date),
        nationalities=_lenient_countries(countries),
        gender=next((gender for gender in genders if gender), None),
        source="FtM",
    )


# --- plain CSV -----------------------------------------------------------------------------

def read_csv_watchlist(path: str | Path, text: str) -> Watchlist:
    entries, seen = [], {}
    for line, row in csv_rows(path, text, ("id", "name")):
        where = at("line", line=line)
        identifier, name = row.get("id", ""), row.get("name", "")
        if not identifier or not name:
            raise InputError.of(path, where, "csv-id-and-name")
        if identifier in seen:
            raise InputError.of(path, where, "repeated-id", id=identifier, line=seen[identifier])
        seen[identifier] = line
        entries.append(_csv_entry(path, where, identifier, name, row))
    return Watchlist(str(path), "csv", entries)


def _field_error(path, where: Place, field: str, error: FieldError) -> InputError:
    """A field's problem (birth_date, nationality) as the file's: code "field", the problem's code and parameters."""
    return InputError(path, where, f"{field} {error}", code="field",
                      params={"field": field, "problem": error.code, **error.params})


def _csv_entry(path, where: Place, identifier: str, name: str, row: dict) -> WatchlistEntry:
    schema = row.get("schema") or PERSON
    if schema not in SCREENED_SCHEMATA:
        raise InputError.of(path, where, "schema-unknown", schemata=", ".join(sorted(SCREENED_SCHEMATA)))
    dates = []
    for value in filter(None, (part.strip() for part in row.get("birth_date", "").split(";"))):
        try:
            dates.append(parse_birth_date(value))
        except FieldError as error:
            raise _field_error(path, where, "birth_date", error) from None
    countries = []
    for value in filter(None, (part.strip() for part in row.get("nationality", "").split(";"))):
        try:
            countries.append(country_code(value))
        except FieldError as error:
            raise _field_error(path, where, "nationality", error) from None
    return WatchlistEntry(
        id=identifier,
        schema=schema,
        names=_unique([name] + row.get("aliases", "").split(";")),
        birth_dates=tuple(dates),
        nationalities=tuple(code for code in countries if code),
        gender=parse_gender(row.get("gender", "")),
        source="CSV",
    )
