"""Importing watch lists: each upload becomes a new version with its entries, and every active
registration of the events still to come is screened again against it."""

import hashlib
import re
import tempfile
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from pavilion.core import clock, roles
from pavilion.core.services import audit_record
from pavilion.engines.screening import InputError, read_watchlist
from pavilion.events.models import Event
from pavilion.registrations.models import Registration
from pavilion.vetting.entries import digest, entry_data
from pavilion.vetting.models import ScreeningRun, WatchList, WatchListEntry, WatchListVersion

FORMATS = {"un-xml": WatchList.Format.UN_XML, "ftm": WatchList.Format.FTM, "jsonl": WatchList.Format.FTM,
           "ftm-jsonl": WatchList.Format.FTM, "csv": WatchList.Format.CSV}


def can_import(user) -> bool:
    return roles.has_role(user, roles.ORGANISER_ADMIN, roles.SECURITY_OFFICER)


def _read(content: bytes, file_name: str):
    """The engine reads files; an upload is written to a temporary file for it."""
    suffix = Path(file_name).suffix[:10]
    with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
        handle.write(content)
        handle.flush()
        try:
            return read_watchlist(handle.name)
        except InputError as error:
            where, message = _input_error_text(error.where or "", error.message)
            raise ValidationError({"file": f"{file_name}: {where + ': ' if where else ''}{message}"}) from None


def _input_error_text(where: str, message: str) -> tuple[str, str]:
    """The engine's account of a bad file (English, it knows no Django) in the page's language, for the
    problems an officer meets most; any other stays as the engine wrote it."""
    if match := re.fullmatch(r"line (\d+), column (\d+)", where):
        where = _("line %(line)s, column %(column)s") % {"line": match[1], "column": match[2]}
    elif match := re.fullmatch(r"line (\d+)", where):
        where = _("line %(line)s") % {"line": match[1]}
    fixed = {
        "is not well-formed XML": _("is not well-formed XML"),
        "is not UTF-8 text": _("is not UTF-8 text"),
        "is not valid JSON": _("is not valid JSON"),
        "needs both an id and a name": _("needs both an id and a name"),
        "is not a UN Consolidated List (root must be CONSOLIDATED_LIST)":
            _("is not a UN Consolidated List (its root must be CONSOLIDATED_LIST)"),
    }
    if message in fixed:
        return where, fixed[message]
    if match := re.fullmatch(r"header lacks the column (.+)", message):
        return where, _("the header lacks the column %(columns)s") % {"columns": match[1]}
    if match := re.fullmatch(r"is empty: a header with (.+) is needed", message):
        return where, _("is empty: a header with %(columns)s is needed") % {"columns": match[1]}
    return where, message


def watch_list_get_or_create(*, name: str, source: str = "") -> WatchList:
    slug = slugify(name)[:50] or "list"
    watch_list, _created = WatchList.objects.get_or_create(slug=slug, defaults={"name": name, "source": source})
    return watch_list


def watch_list_import(*, actor, watch_list: WatchList, file_name: str, content: bytes, published: str = "",
                      rescreen: bool = True) -> WatchListVersion:
    """Store the file's entries as the list's next version, make it current, queue the re-screening."""
    if actor is not None and not can_import(actor):
        raise PermissionDenied(_("Only organiser admins and security officers import watch lists."))
    parsed = _read(content, file_name)
    if not parsed.entries:
        raise ValidationError({"file": _("%(file)s holds no entry to screen against.") % {"file": file_name}})
    ids = [entry.id for entry in parsed.entries]
    if len(set(ids)) != len(ids):
        duplicate = next(entry_id for entry_id in ids if ids.count(entry_id) > 1)
        raise ValidationError({"file": _("%(file)s: the id %(id)s appears twice.") % {"file": file_name, "id": duplicate}})
    with transaction.atomic():
        watch_list = WatchList.objects.select_for_update().get(pk=watch_list.pk)
        last = watch_list.versions.order_by("-number").first()
        watch_list.versions.filter(is_current=True).update(is_current=False)
        version = WatchListVersion.objects.create(
            watch_list=watch_list, number=(last.number + 1) if last else 1, format=FORMATS.get(parsed.format, "csv"),
            file_name=file_name[:200], sha256=hashlib.sha256(content).hexdigest(), published=published[:40],
            imported_by=actor if getattr(actor, "pk", None) else None, entry_count=len(parsed.entries),
            skipped_count=sum(parsed.skipped.values()), is_current=True,
        )
        WatchListEntry.objects.bulk_create(
            [WatchListEntry(version=version, entry_id=entry.id[:100], digest=digest(entry), schema=entry.schema[:20],
                            name=(entry.names[0] if entry.names else entry.id)[:300], data=entry_data(entry))
             for entry in parsed.entries],
            batch_size=500,
        )
        audit_record(actor=actor, action="watch_list.import", obj=version,
                     after={"list": watch_list.slug, "number": version.number, "entries": version.entry_count})
        if rescreen:
            runs = runs_for_list_update(version)
            transaction.on_commit(lambda: _enqueue_runs([run.pk for run in runs]))
    return version


def runs_for_list_update(version: WatchListVersion) -> list[ScreeningRun]:
    """One queued run per event that has not ended and has active registrations."""
    today = clock.now().date()
    events = Event.objects.filter(end_date__gte=today, pk__in=Registration.objects.active().values("event"))
    return [ScreeningRun.objects.create(event=event, trigger=f"list-version:{version.pk}") for event in events]


def _enqueue_runs(run_ids: list[int]) -> None:
    from pavilion.vetting.tasks import run_screening

    for run_id in run_ids:
        run_screening.enqueue(run_id)
