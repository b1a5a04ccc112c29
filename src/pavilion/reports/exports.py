"""The report lists and their exports: what each list shows (columns read with values_list, so a
row costs no query), CSV streamed row by row, XLSX written by XlsxWriter in constant memory, and
the background export jobs for lists beyond PAVILION_EXPORT_BACKGROUND_ROWS rows. CSV cells go
through core.spreadsheets, which quotes typed text that would run as a formula.

Identity data (birth dates, document numbers) is never exported: it stays on the vetting screens,
where an officer's every view is audited. E-mail addresses are exported to organiser admins only.
"""

import datetime
import os
import zoneinfo
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from pavilion.accreditation.labels import SCAN_ALERTS, SCAN_REASONS
from pavilion.accreditation.models import Scan
from pavilion.accreditation.selectors import ALERT_REASONS
from pavilion.core import clock, roles, spreadsheets
from pavilion.core.countries import country_name
from pavilion.core.i18n import CONTENT_LANGUAGES, in_language
from pavilion.core.spreadsheets import csv_lines
from pavilion.deals.models import Deal, DealParty
from pavilion.exhibitors.export_control import NOT_CONTROLLED
from pavilion.meetings.models import Meeting, MeetingParticipant
from pavilion.registrations.models import Registration
from pavilion.reports.models import ExportJob

CHUNK = 2000
EVERY_ALERT = "all"  # the gate log's alert filter: every alert and every refusal the officers must see
PROGRESS_EVERY = 5000


def background_rows() -> int:
    return int(getattr(settings, "PAVILION_EXPORT_BACKGROUND_ROWS", 50_000))


def keep_hours() -> int:
    """How long a background export's file is kept after it was written."""
    value = os.environ.get("PAVILION_EXPORT_KEEP_HOURS") or getattr(settings, "PAVILION_EXPORT_KEEP_HOURS", 72)
    return max(1, int(value))


def export_root() -> Path:
    root = os.environ.get("PAVILION_EXPORT_ROOT") or getattr(settings, "PAVILION_EXPORT_ROOT", None)
    return Path(root) if root else Path(settings.MEDIA_ROOT).parent / "exports"


@dataclass
class ListSpec:
    kind: str
    title: object
    headers: list
    fields: list[str]
    queryset: Callable  # (event, filters) → QuerySet
    row: Callable | None = None  # (values tuple, context) → list, when values need shaping
    contact_headers: tuple = ()
    contact_fields: tuple = ()
    rows_hook: Callable | None = None  # (rows) → rows, for data read per chunk (deal parties)
    # The page (not the exports, which keep the codes) shows words for codes: `names` maps a code
    # field to the per-language name fields read in the same query ("category__code" →
    # "category__name", read as category__name_en, _az, _ru; "title_en" → "title" for a deal's
    # title); `labels` maps a column of the shaped row to {code: label}; `countries` lists the
    # columns of ISO country codes, shown as names; `page_rows_hook` is the page's rows_hook, where
    # the data read per chunk is shown in words too.
    names: dict = field(default_factory=dict)
    labels: dict = field(default_factory=dict)
    countries: tuple = ()
    page_rows_hook: Callable | None = None
    # The page links a column's value to its own page: {column: URL name}, the URL taking the
    # event's slug and the value (a badge's serial → the badge's page).
    links: dict = field(default_factory=dict)


def _day_range(event, day: str) -> tuple[datetime.datetime, datetime.datetime]:
    start = datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(0),
                                      tzinfo=zoneinfo.ZoneInfo(event.time_zone))
    return start, start + datetime.timedelta(days=1)


def registrations(event, filters: dict):
    queryset = Registration.objects.filter(event=event)
    if filters.get("status"):
        queryset = queryset.filter(status=filters["status"])
    if filters.get("category"):
        queryset = queryset.filter(category__code=filters["category"])
    if filters.get("country"):
        queryset = queryset.filter(person__nationality=filters["country"])
    if filters.get("submitted_from"):
        queryset = queryset.filter(submitted_at__gte=_day_range(event, filters["submitted_from"])[0])
    if filters.get("submitted_to"):
        queryset = queryset.filter(submitted_at__lt=_day_range(event, filters["submitted_to"])[1])
    return queryset.order_by("submitted_at", "id")


def entries(event, filters: dict):
    queryset = Scan.objects.filter(event=event)
    if filters.get("day"):
        start, end = _day_range(event, filters["day"])
        queryset = queryset.filter(scanned_at__gte=start, scanned_at__lt=end)
    for name in ("direction", "result"):
        if filters.get(name):
            queryset = queryset.filter(**{name: filters[name]})
    if filters.get("zone"):
        queryset = queryset.filter(zone__code=filters["zone"])
    if filters.get("alert") == EVERY_ALERT:  # the scans the occupancy page lists as alerts, every one
        queryset = queryset.filter(Q(alert__gt="") | Q(reason__in=ALERT_REASONS))
    elif filters.get("alert"):
        queryset = queryset.filter(alert=filters["alert"])
    return queryset.order_by("scanned_at", "id")


def _attendance(value: str):
    return MeetingParticipant.objects.filter(meeting=OuterRef("pk"), attendance=value)


def meetings(event, filters: dict):
    queryset = Meeting.objects.filter(event=event).annotate(
        held=Exists(_attendance(MeetingParticipant.Attendance.HELD)),
        absent=Exists(_attendance(MeetingParticipant.Attendance.NO_SHOW)))
    if filters.get("status"):
        queryset = queryset.filter(status=filters["status"])
    if filters.get("day"):
        start, end = _day_range(event, filters["day"])
        queryset = queryset.filter(starts_at__gte=start, starts_at__lt=end)
    attendance = filters.get("attendance")
    if attendance == MeetingParticipant.Attendance.HELD:
        queryset = queryset.filter(held=True)
    elif attendance == MeetingParticipant.Attendance.NO_SHOW:
        queryset = queryset.filter(absent=True, held=False)
    elif attendance == "unmarked":
        queryset = queryset.filter(absent=False, held=False)
    return queryset.order_by("starts_at", "id")


def deals(event, filters: dict):
    queryset = Deal.objects.filter(event=event)
    for name in ("kind", "confidentiality", "announcement", "currency"):
        if filters.get(name):
            queryset = queryset.filter(**{name: filters[name]})
    if filters.get("country"):
        queryset = queryset.filter(Exists(DealParty.objects.filter(deal=OuterRef("pk"), country=filters["country"])))
    return queryset.order_by("signed_at", "id")


def _name(given: str | None, family: str | None) -> str:
    return " ".join(part for part in (given, family) if part)


def _meeting_row(values: tuple) -> list:
    (starts, ends, location, status, r_given, r_family, r_org, c_given, c_family, c_org, held, absent) = values
    attendance = "held" if held else ("no-show" if absent else "")
    return [starts, ends, location, status, _name(r_given, r_family), r_org, _name(c_given, c_family), c_org,
            attendance]


def _deal_parties(rows: list[tuple], *, page: bool = False) -> list[list]:
    """One query per chunk: the parties of the chunk's deals, as 'name (country)' joined by '; '.
    The exports keep the codes ("Ministry of Defence (AZ)", "BY delegation (BY)"); the page names
    the countries in its language and a delegation as the deals pages do ("Belarus: Ministry of
    Defence (Belarus)")."""
    ids = [row[0] for row in rows]
    parties: dict[int, list[str]] = {}
    for deal_id, company, country, delegation_country, sending_body, name in (
            DealParty.objects.filter(deal_id__in=ids).order_by("deal_id", "order", "pk")
            .values_list("deal_id", "company__name", "country", "delegation__country", "delegation__sending_body",
                         "name")):
        if page:
            delegation = f"{country_name(delegation_country)}: {sending_body}" if delegation_country else ""
            label, country = company or name or delegation, country_name(country)
        else:
            label = company or name or (f"{delegation_country} delegation" if delegation_country else "")
        parties.setdefault(deal_id, []).append(f"{label} ({country})")
    return [[*row[1:], "; ".join(parties.get(row[0], []))] for row in rows]


def _entry_row(values: tuple) -> list:
    """A scan, then who acknowledged it as an alert (their name, else their user name) and when."""
    *scan, given, family, username, acknowledged_at = values
    return [*scan, _name(given, family) or username or "", acknowledged_at]


def _deal_parties_page(rows: list[tuple]) -> list[list]:
    return _deal_parties(rows, page=True)


SPECS = {
    "registrations": ListSpec(
        "registrations", _("Registrations"),
        [_("ID"), _("Submitted"), _("Status"), _("Category"), _("Given name"), _("Family name"), _("Nationality"),
         _("Organisation"), _("Position"), _("Delegation"), _("Exhibitor"), _("Decided")],
        ["id", "submitted_at", "status", "category__code", "person__given_name", "person__family_name",
         "person__nationality", "organisation", "position", "delegation__country", "exhibitor__company__name",
         "decided_at"],
        registrations, contact_headers=(_("E-mail"),), contact_fields=("person__email",),
        names={"category__code": "category__name"}, labels={2: Registration.Status}, countries=(6, 9)),
    "entries": ListSpec(
        "entries", _("Gate entries and exits"),
        [_("Time"), _("Gate"), _("Zone"), _("Direction"), _("Result"), _("Reason"), _("Alert"), _("Badge"),
         _("Category"), _("Offline"), _("Acknowledged by"), _("Acknowledged at")],
        ["scanned_at", "gate__name_en", "zone__code", "direction", "result", "reason", "alert", "badge__serial",
         "badge__registration__category__code", "offline", "acknowledgement__acknowledged_by__first_name",
         "acknowledgement__acknowledged_by__last_name", "acknowledgement__acknowledged_by__username",
         "acknowledgement__acknowledged_at"],
        entries, row=_entry_row, names={"gate__name_en": "gate__name", "zone__code": "zone__name", "badge__registration__category__code": "badge__registration__category__name"},
        labels={3: Scan.Direction, 4: Scan.Result, 5: SCAN_REASONS, 6: SCAN_ALERTS}, links={7: "accreditation:badge"}),
    "meetings": ListSpec(
        "meetings", _("Meetings"),
        [_("Start"), _("End"), _("Location"), _("Status"), _("Requester"), _("Requester's organisation"),
         _("Counterpart"), _("Counterpart's organisation"), _("Attendance")],
        ["starts_at", "ends_at", "location__name_en", "status", "request__requester__person__given_name",
         "request__requester__person__family_name", "request__requester__organisation",
         "request__counterpart__person__given_name", "request__counterpart__person__family_name",
         "request__counterpart__organisation", "held", "absent"],
        meetings, row=_meeting_row, names={"location__name_en": "location__name"},
        labels={3: Meeting.Status, 8: MeetingParticipant.Attendance}),
    "deals": ListSpec(
        "deals", _("Deals"),
        [_("Signed"), _("Kind"), _("Title"), _("Confidentiality"), _("Announcement"), _("Value"), _("Currency"),
         _("Export control"), _("Parties")],
        ["id", "signed_at", "kind", "title_en", "confidentiality", "announcement", "value", "currency", "control"],
        deals, rows_hook=_deal_parties, page_rows_hook=_deal_parties_page, names={"title_en": "title"},
        labels={1: Deal.Kind, 3: Deal.Confidentiality, 4: Deal.Announcement, 7: {NOT_CONTROLLED: _("Not controlled")}}),
}


def with_contacts(user) -> bool:
    return roles.has_role(user, roles.ORGANISER_ADMIN)


def headers(spec: ListSpec, *, contacts: bool) -> list[str]:
    return [str(header) for header in (*spec.headers, *(spec.contact_headers if contacts else ()))]


def _local(value, tz):
    if isinstance(value, datetime.datetime):
        return value.astimezone(tz).replace(tzinfo=None, microsecond=0)
    return value


def _shape(spec: ListSpec, chunk: list[tuple], tz, *, page: bool = False) -> list[list]:
    hook = (spec.page_rows_hook or spec.rows_hook) if page else spec.rows_hook
    rows = hook(chunk) if hook else chunk
    shaped = (spec.row(row) if spec.row else row for row in rows)
    return [[_local(value, tz) for value in row] for row in shaped]


def rows(spec: ListSpec, queryset, event, *, contacts: bool, chunk_size: int = CHUNK) -> Iterator[list]:
    """The list's rows in event-local time, read in chunks from a server-side cursor."""
    tz = zoneinfo.ZoneInfo(event.time_zone)
    fields = [*spec.fields, *(spec.contact_fields if contacts else ())]
    chunk: list[tuple] = []
    for values in queryset.values_list(*fields).iterator(chunk_size=chunk_size):
        chunk.append(values)
        if len(chunk) == chunk_size:
            yield from _shape(spec, chunk, tz)
            chunk = []
    if chunk:
        yield from _shape(spec, chunk, tz)


def _label_map(labels) -> dict:
    """{code: label} from a model's choices class or a dict."""
    return dict(labels.choices) if hasattr(labels, "choices") else dict(labels)


def page_rows(spec: ListSpec, queryset, event, *, contacts: bool) -> list[list]:
    """The rows of one page (a sliced queryset) as a person reads them: names and labels in the
    current language instead of codes. One query, or two for deals: the names come in the same
    query, the labels from the choices and the country names from django-countries."""
    fields = [*spec.fields, *(spec.contact_fields if contacts else ())]
    named = [fields.index(code) for code in spec.names]
    extra = [f"{base}_{language}" for base in spec.names.values() for language in CONTENT_LANGUAGES]
    values = []
    for row in queryset.values_list(*fields, *extra):
        shown, names = list(row[:len(fields)]), row[len(fields):]
        for number, index in enumerate(named):
            per_language = dict(zip(CONTENT_LANGUAGES, names[number * len(CONTENT_LANGUAGES):], strict=False))
            shown[index] = in_language(per_language) or shown[index]
        values.append(tuple(shown))
    shaped = _shape(spec, values, zoneinfo.ZoneInfo(event.time_zone), page=True)
    maps = {index: _label_map(labels) for index, labels in spec.labels.items()}
    return [[_in_words(maps, spec.countries, index, value) for index, value in enumerate(row)] for row in shaped]


def _in_words(maps: dict, countries: tuple, index: int, value):
    if not value:
        return value
    if index in maps:
        return maps[index].get(value, value)
    return country_name(value) if index in countries else value


def write_xlsx(target, header: list[str], data: Iterable[list], *, title: str = "Export",
               progress: Callable[[int], None] | None = None) -> int:
    """A report list as an XLSX workbook in `target` (a path or a binary file), in constant memory."""
    return spreadsheets.write_xlsx(target, header, data, title=title, progress=progress,
                                   progress_every=PROGRESS_EVERY)


def export_job_run(*, job_id: int) -> int:
    """Write the job's file, committing its progress every few thousand rows."""
    job = ExportJob.objects.select_related("event", "created_by").filter(pk=job_id).first()
    if job is None or job.status == ExportJob.Status.DONE:
        return 0
    spec = SPECS[job.kind]
    queryset = spec.queryset(job.event, job.filters)
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING, total=queryset.count(), done=0)
    contacts = with_contacts(job.created_by)
    relative = Path(job.event.slug) / f"{job.pk}-{job.kind}.{job.format}"
    path = export_root() / relative
    path.parent.mkdir(parents=True, exist_ok=True)

    def progress(done: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(done=done)

    try:
        data = rows(spec, queryset, job.event, contacts=contacts)
        header = headers(spec, contacts=contacts)
        if job.format == ExportJob.Format.XLSX:
            written = write_xlsx(str(path), header, data, title=str(spec.title), progress=progress)
        else:
            written = -1
            with path.open("w", encoding="utf-8", newline="") as handle:
                for written, line in enumerate(csv_lines(header, data)):
                    handle.write(line)
                    if written and written % PROGRESS_EVERY == 0:
                        progress(written)
    except Exception as error:
        ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.FAILED, error=type(error).__name__,
                                                   finished_at=clock.now())
        raise
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.DONE, done=written, file_name=str(relative),
                                               finished_at=clock.now())
    return written


def job_path(job: ExportJob) -> Path | None:
    """Where the job's file is, when it has one inside the export root."""
    if not job.file_name:
        return None
    path = (export_root() / job.file_name).resolve()
    return path if path.is_relative_to(export_root().resolve()) else None


def job_file(job: ExportJob) -> Path | None:
    """The job's file to download, while it is kept (see keep_hours): past that it is as good as
    deleted."""
    if job.status != ExportJob.Status.DONE:
        return None
    if job.finished_at and job.finished_at < clock.now() - datetime.timedelta(hours=keep_hours()):
        return None
    path = job_path(job)
    return path if path is not None and path.exists() else None
