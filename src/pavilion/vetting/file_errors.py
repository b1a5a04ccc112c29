"""The screening engine's account of a bad watch-list file, in the page's language.

The engine knows no Django and writes English (the command line's); each of its errors carries a
code and parameters (engines/screening/sources.py MESSAGES, fields.py FIELD_MESSAGES), which are
translated here. An error of no known code keeps the engine's English."""

from django.utils.translation import gettext as _

from pavilion.engines.screening import InputError


def _messages() -> dict[str, str]:
    return {
        "unreadable": _("cannot be read (%(reason)s)"),
        "not-utf8": _("is not UTF-8 text"),
        "csv-empty": _("is empty: a header with %(columns)s is needed"),
        "csv-missing-columns": _("the header lacks the column %(columns)s"),
        "csv-too-many-fields": _("has %(fields)s fields but the header has %(columns)s"),
        "csv-invalid": _("is not valid CSV (%(detail)s)"),
        "xml-invalid": _("is not well-formed XML"),
        "xml-not-un-list": _("is not a UN Consolidated List (its root must be CONSOLIDATED_LIST)"),
        "un-no-reference": _("has no REFERENCE_NUMBER"),
        "un-no-first-name": _("has no FIRST_NAME"),
        "json-invalid": _("is not valid JSON"),
        "ftm-not-entity": _('is not a FollowTheMoney entity (it needs "id", "schema" and "properties")'),
        "ftm-schema-properties": _('needs a "schema" string and a "properties" object'),
        "ftm-property-not-strings": _('the property "%(property)s" must be a list of strings'),
        "ftm-no-name": _('the entity %(id)s has no "name"'),
        "csv-id-and-name": _("needs both an id and a name"),
        "repeated-id": _("repeats the id %(id)s of line %(line)s"),
        "schema-unknown": _("schema must be one of %(schemata)s"),
        "field": _("%(field)s %(problem)s"),
    }


def _field_problems() -> dict[str, str]:
    return {
        "not-a-date": _("is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"),
        "year-out-of-range": _("has a year outside %(low)s–%(high)s"),
        "month-out-of-range": _("has a month outside 1–12"),
        "day-not-in-month": _("has a day that the month does not have"),
        "unknown-country": _("is not a known country (an ISO 3166-1 alpha-2 code or an English name)"),
    }


def _places() -> dict[str, str]:
    return {  # engines/screening/sources.py PLACES
        "line": _("line %(line)s"),
        "line-column": _("line %(line)s, column %(column)s"),
        "element": _("element <%(tag)s>"),
        "un-numbered": _("<%(element)s> number %(number)s (DATAID %(dataid)s)"),
    }


def _where(error: InputError) -> str:
    """Where in the file, from the place the engine names by kind and values; a place of no known
    kind in the engine's English."""
    place = error.place
    if place is None:
        return error.where
    template = _places().get(place.kind)
    return template % place.params if template else str(place)


def _message(error: InputError) -> str:
    template = _messages().get(error.code or "")
    if template is None:
        return error.message
    params = dict(error.params)
    if error.code == "field":
        problem = _field_problems().get(params.get("problem", ""))
        if problem is None:
            return error.message
        params["problem"] = problem % params
    try:
        return template % params
    except (KeyError, TypeError, ValueError):
        return error.message


def describe(error: InputError, file_name: str) -> str:
    """`file: where: what`, in the active language."""
    where = _where(error)
    return f"{file_name}: {where + ': ' if where else ''}{_message(error)}"
