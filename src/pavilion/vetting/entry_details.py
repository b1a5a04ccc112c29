"""What an officer reads of a listed entry besides what the engine matches on: the listed person's
titles and designation, when and under which sanctions programme they were listed, their listed
documents and the list's comments ("Reportedly deceased in 1999"). They decide a case as often as a
birth date does, yet the engine has no use for them, so they are read here, from the same file the
engine has just read without fault, and stored beside the engine's data (outside its digest: a list
that only rewords a comment re-screens no one)."""

import csv
import io
import json
import xml.etree.ElementTree as ElementTree

UN_KINDS = (("INDIVIDUALS/INDIVIDUAL", "INDIVIDUAL"), ("ENTITIES/ENTITY", "ENTITY"))


def details_by_id(content: bytes, file_format: str) -> dict[str, dict]:
    """Each entry's details by its id, for a file in the engine's `file_format` (un-xml, ftm-jsonl, csv)."""
    text = content.decode("utf-8-sig")
    reader = {"un-xml": _un_xml, "ftm-jsonl": _ftm_jsonl, "csv": _csv}.get(file_format)
    return reader(text) if reader else {}


def _clean(value) -> str:
    return " ".join((value or "").split())


def _unique(values) -> list[str]:
    kept = []
    for value in map(_clean, values):
        if value and value not in kept:
            kept.append(value)
    return kept


def _without_empty(details: dict) -> dict:
    return {key: value for key, value in details.items() if value}


# --- UN Security Council Consolidated List ---------------------------------------------------

def _un_xml(text: str) -> dict[str, dict]:
    root = ElementTree.fromstring(text)
    found = {}
    for path, kind in UN_KINDS:
        for element in root.iterfind(path):
            reference = _clean(element.findtext("REFERENCE_NUMBER"))
            if reference:
                found[reference] = _un_details(element, kind)
    return found


def _un_details(element, kind: str) -> dict:
    return _without_empty({
        "titles": _unique(value.text for value in element.iterfind("TITLE/VALUE")),
        "designations": _unique(value.text for value in element.iterfind("DESIGNATION/VALUE")),
        "listed_on": _clean(element.findtext("LISTED_ON")),
        "programme": _clean(element.findtext("UN_LIST_TYPE")),
        "documents": [document for document in map(_un_document, element.iterfind(f"{kind}_DOCUMENT")) if document],
        "comments": _clean(element.findtext("COMMENTS1")),
    })


def _un_document(element) -> dict:
    document = _without_empty({
        "type": " · ".join(_unique([element.findtext("TYPE_OF_DOCUMENT"), element.findtext("TYPE_OF_DOCUMENT2")])),
        "number": _clean(element.findtext("NUMBER")),
        "country": _clean(element.findtext("ISSUING_COUNTRY") or element.findtext("COUNTRY_OF_ISSUE")),
        "issued": _clean(element.findtext("DATE_OF_ISSUE")),
        "note": _clean(element.findtext("NOTE")),
    })
    return document if document.get("number") or document.get("note") else {}


# --- FollowTheMoney JSON lines ---------------------------------------------------------------

def _ftm_jsonl(text: str) -> dict[str, dict]:
    found = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        entity = json.loads(line)
        properties = entity.get("properties")
        if isinstance(entity, dict) and isinstance(properties, dict):
            found[entity["id"]] = _ftm_details(properties)
    return found


def _strings(properties: dict, *names: str) -> list[str]:
    return _unique(value for name in names for value in properties.get(name, []) if isinstance(value, str))


def _ftm_details(properties: dict) -> dict:
    documents = [{"type": "Passport", "number": number} for number in _strings(properties, "passportNumber")]
    documents += [{"type": "ID", "number": number} for number in _strings(properties, "idNumber")]
    return _without_empty({
        "titles": _strings(properties, "title"),
        "designations": _strings(properties, "position"),
        "listed_on": "; ".join(_strings(properties, "listingDate")),
        "programme": "; ".join(_strings(properties, "program", "programId")),
        "documents": documents,
        "comments": " ".join(_strings(properties, "notes")),
    })


# --- plain CSV -------------------------------------------------------------------------------

def _csv(text: str) -> dict[str, dict]:
    reader = csv.reader(io.StringIO(text, newline=""))
    columns = [column.strip().lower() for column in next(reader, [])]
    found = {}
    for row in reader:
        values = dict(zip(columns, row, strict=False))
        identifier = (values.get("id") or "").strip()
        if identifier:
            found[identifier] = _csv_details(values)
    return found


def _split(value: str | None) -> list[str]:
    return _unique((value or "").split(";"))


def _csv_details(values: dict) -> dict:
    return _without_empty({
        "titles": _split(values.get("title")),
        "designations": _split(values.get("designation")),
        "listed_on": _clean(values.get("listed_on")),
        "programme": _clean(values.get("programme") or values.get("program")),
        "documents": [{"number": number} for number in _split(values.get("documents"))],
        "comments": _clean(values.get("comments") or values.get("remarks")),
    })
