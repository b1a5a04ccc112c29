"""A hall's stands imported from a CSV file, all or nothing: every row is checked as the single stand's
form checks it (services.stand_validate: shape, inside the hall, no overlap with the stands drawn, code
free in the hall), and against the file's other rows; nothing is stored unless every row is good."""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pavilion.core.services import audit_record
from pavilion.events import geometry, services
from pavilion.events.forms import parse_corners
from pavilion.events.models import Event, Hall, Show, Stand
from pavilion.events.permissions import require_organiser

COLUMNS = ("code", "show", "x", "y", "width", "depth", "corners", "kind", "price_per_m2", "blocked")
NUMBERS = ("x", "y", "width", "depth", "price_per_m2")
REQUIRED = ("code", "show")
MAX_BYTES = 1_000_000  # some 20,000 rows: more than the largest halls hold
MAX_ROWS = 5000
MAX_ERRORS = 20  # the first ones, with their lines: a file wrong throughout is fixed at its source
YES = {"yes", "y", "true", "1", "x", "blocked"}
NO = {"", "no", "n", "false", "0"}
TEMPLATE = (
    "code,show,x,y,width,depth,corners,kind,price_per_m2,blocked\r\n"
    "A1,{show},0,0,6,3,,shell,220,no\r\n"
    "A2,{show},6,0,6,3,,shell,220,no\r\n"
    "B1,{show},,,,,\"0,6;9,6;9,12;4.5,12;4.5,9;0,9\",space,,no\r\n"
)


@dataclass
class Row:
    line: int
    code: str
    show: Show
    polygon: list
    kind: str
    price_per_m2: Decimal | None
    blocked: bool


class ImportRefused(ValidationError):
    """The file's problems, each with its line, the first MAX_ERRORS of `total`."""

    def __init__(self, messages: list[str], total: int):
        super().__init__(messages)
        self.total = total


def template_csv(event: Event) -> str:
    show = Show.objects.filter(event=event).order_by("name_en").values_list("slug", flat=True).first()
    return TEMPLATE.format(show=show or "show-address")


def _text(upload) -> str:
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ImportRefused([_("The file is larger than 1 MB: split it by hall or by row of stands.")], 1)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused([_("The file is not UTF-8 text: save it from the spreadsheet as “CSV UTF-8”.")],
                            1) from None


# No size or price of a stand comes near this; a larger number (1e30, forty nines) is a mistake, and would
# overflow the decimal context when rounded to cents.
LARGEST = Decimal("1e9")


def _decimal(value: str, *, line: int, column: str, problems: list) -> Decimal | None:
    try:
        number = Decimal(value.replace(" ", "").replace("\u00a0", ""))  # "1 000": a thousands separator
        if not number.is_finite() or not 0 <= number < LARGEST or number != number.quantize(Decimal("0.01")):
            number = None
    except InvalidOperation:
        number = None
    if number is None:
        problems.append(_("Line %(line)d: %(column)s “%(value)s” is not a number of at least 0 with at most two "
                          "decimals.") % {"line": line, "column": column, "value": value[:20]})
        return None
    return number


def _row(record: dict, *, line: int, shows: dict, problems: list) -> Row | None:
    found = len(problems)
    values = {column: (record.get(column) or "").strip() for column in COLUMNS}
    for column in REQUIRED:
        if not values[column]:
            problems.append(_("Line %(line)d: the %(column)s is missing.") % {"line": line, "column": column})
    if len(values["code"]) > 20:
        problems.append(_("Line %(line)d: a stand's code is at most 20 characters.") % {"line": line})
    if any(not character.isprintable() for character in values["code"]):  # as the stand form refuses them
        problems.append(_("Line %(line)d: a stand's code holds a control character.") % {"line": line})
    show = shows.get(values["show"].lower())
    if values["show"] and show is None:
        problems.append(_("Line %(line)d: %(show)s is not the address of a show of this event.")
                        % {"line": line, "show": values["show"][:50]})
    polygon = None
    if values["corners"]:
        try:
            polygon = parse_corners(values["corners"])
        except ValidationError as error:
            problems.append(_("Line %(line)d: %(problem)s") % {"line": line, "problem": " ".join(error.messages)})
    elif all(values[name] for name in ("x", "y", "width", "depth")):
        box = [_decimal(values[name], line=line, column=name, problems=problems) for name in ("x", "y", "width", "depth")]
        if None not in box:
            polygon = geometry.rectangle(*map(float, box))
    else:
        problems.append(_("Line %(line)d: give x, y, width and depth in metres, or the corners.") % {"line": line})
    kind = values["kind"].lower() or Stand.Kind.SHELL_SCHEME
    if kind not in Stand.Kind.values:
        problems.append(_("Line %(line)d: the kind is shell, space or outdoor, not “%(kind)s”.")
                        % {"line": line, "kind": values["kind"][:20]})
    price = None
    if values["price_per_m2"]:
        price = _decimal(values["price_per_m2"], line=line, column="price_per_m2", problems=problems)
        if price is not None and price >= Decimal("1000000"):
            problems.append(_("Line %(line)d: the price per m² must be below 1,000,000.") % {"line": line})
    blocked = values["blocked"].lower()
    if blocked not in YES | NO:
        problems.append(_("Line %(line)d: blocked is yes or no, not “%(value)s”.")
                        % {"line": line, "value": values["blocked"][:20]})
    if len(problems) > found:
        return None
    return Row(line=line, code=values["code"], show=show, polygon=polygon, kind=kind, price_per_m2=price,
               blocked=blocked in YES)


def _checked(row: Row, *, hall: Hall, problems: list) -> None:
    """The single stand's checks, each message with the row's line."""
    try:
        services.stand_validate(show=row.show, hall=hall, code=row.code, polygon=row.polygon)
    except ValidationError as error:
        for message in error.messages:
            problems.append(_("Line %(line)d: %(problem)s") % {"line": row.line, "problem": message})


def _clashes(rows: list[Row], *, problems: list) -> None:
    """A code given twice, or two rows sharing floor: checked between the file's rows."""
    seen: dict[str, Row] = {}
    shapes = []
    for row in rows:
        first = seen.setdefault(row.code.lower(), row)
        if first is not row:
            problems.append(_("Line %(line)d: stand code %(code)s is already on line %(first)d.")
                            % {"line": row.line, "code": row.code, "first": first.line})
        try:
            shape = geometry.polygon_from_points(row.polygon)
        except geometry.ShapeError:
            continue
        for other, other_shape in shapes:
            if shape.intersection(other_shape).area > geometry.OVERLAP_TOLERANCE_M2:
                problems.append(_("Line %(line)d: stand %(code)s overlaps stand %(other)s of line %(first)d.")
                                % {"line": row.line, "code": row.code, "other": other.code, "first": other.line})
                break
        shapes.append((row, shape))


def read_stands(upload, *, event: Event, hall: Hall) -> list[Row]:
    """The file's rows, every one checked; ImportRefused with the first problems otherwise."""
    text = _text(upload)
    if not text.strip():
        raise ImportRefused([_("The file holds no stands: fill in one line per stand under the header.")], 1)
    # Excel saves "CSV" with ; between the values, and a decimal comma, where the comma is the decimal
    # mark (in Azerbaijani and Russian): a header with ; and no comma is such a file. Its corners stay
    # "x,y;x,y" in quotes, as Excel writes a value holding the separator.
    first_line = text.lstrip().splitlines()[0]
    semicolons = ";" in first_line and "," not in first_line
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=";" if semicolons else ",")
    header = [str(name or "").strip().lower() for name in (reader.fieldnames or [])]
    missing = [column for column in (*REQUIRED, "kind") if column not in header]
    unknown = [name for name in header if name and name not in COLUMNS]
    if missing or unknown:
        problems = []
        if missing:
            problems.append(_("Line 1: the columns %(columns)s are missing.") % {"columns": ", ".join(missing)})
        if unknown:
            problems.append(_("Line 1: the columns %(columns)s are not known; the columns are %(known)s.")
                            % {"columns": ", ".join(unknown)[:200], "known": ", ".join(COLUMNS)})
        raise ImportRefused(problems, len(problems))
    reader.fieldnames = header
    shows = {show.slug.lower(): show for show in Show.objects.filter(event=event).select_related("event")}
    problems: list[str] = []
    rows: list[Row] = []
    try:
        for record in reader:
            line = reader.line_num
            if not any((value or "").strip() for value in record.values() if isinstance(value, str)):
                continue  # a blank line a spreadsheet leaves at the end
            if len(rows) >= MAX_ROWS:
                raise ImportRefused([_("The file has more than %(count)d stands: split it.") % {"count": MAX_ROWS}], 1)
            if None in record:
                problems.append(_("Line %(line)d has more values than the header has columns: put corners in "
                                  "quotes.") % {"line": line})
                continue
            if semicolons:
                record.update({column: record[column].replace(",", ".") for column in NUMBERS
                               if isinstance(record.get(column), str)})
            row = _row(record, line=line, shows=shows, problems=problems)
            if row is not None:
                _checked(row, hall=hall, problems=problems)
                rows.append(row)
    except csv.Error:
        problems.append(_("Line %(line)d: the file is not valid CSV.") % {"line": reader.line_num})
    if not rows and not problems:
        problems.append(_("The file holds no stands: fill in one line per stand under the header."))
    _clashes(rows, problems=problems)
    if problems:  # each row's own problems in the file's order, then those between rows
        raise ImportRefused(problems[:MAX_ERRORS], len(problems))
    return rows


def stands_import(*, actor, event: Event, hall: Hall, upload) -> list[Stand]:
    """Store every row of the file as a stand of `hall`, or none; one audit entry with the count."""
    require_organiser(actor)
    rows = read_stands(upload, event=event, hall=hall)
    with transaction.atomic():
        # Under the hall's lock: two imports into one hall wait for each other, and the second is
        # checked against the stands the first stored.
        Hall.objects.select_for_update().get(pk=hall.pk)
        problems: list[str] = []
        for row in rows:
            _checked(row, hall=hall, problems=problems)
        if problems:
            raise ImportRefused(problems[:MAX_ERRORS], len(problems))
        stands = []
        for row in rows:
            polygon = [[round(float(x), 3), round(float(y), 3)] for x, y in row.polygon]
            stands.append(Stand.objects.create(  # under the hall's lock, which stand_create takes too
                show=row.show, hall=hall, code=row.code, polygon=polygon,
                area_m2=Decimal(str(geometry.area_m2(polygon))).quantize(Decimal("0.01")), kind=row.kind,
                price_per_m2=row.price_per_m2, state=Stand.State.BLOCKED if row.blocked else Stand.State.AVAILABLE))
        audit_record(actor=actor, action="stand.import", obj=hall, after={
            "event": event.slug, "count": len(stands), "codes": [stand.code for stand in stands]})
    return stands


def imported_message(count: int, hall: Hall) -> str:
    return ngettext("Imported %(count)d stand into %(hall)s.", "Imported %(count)d stands into %(hall)s.",
                    count) % {"count": count, "hall": hall.name}
