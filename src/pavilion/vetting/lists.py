"""Importing watch lists: each upload becomes a new version with its entries, and every active
registration of the events still to come is screened again against it."""

import hashlib
import tempfile
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from pavilion.core import clock, roles
from pavilion.core.services import audit_record
from pavilion.engines.screening import InputError, read_watchlist
from pavilion.events.models import Event
from pavilion.registrations.models import Registration
from pavilion.vetting import entry_details, file_errors
from pavilion.vetting.entries import digest, entry_data
from pavilion.vetting.models import Alert, ScreeningRun, WatchList, WatchListEntry, WatchListVersion

FORMATS = {"un-xml": WatchList.Format.UN_XML, "ftm": WatchList.Format.FTM, "jsonl": WatchList.Format.FTM,
           "ftm-jsonl": WatchList.Format.FTM, "csv": WatchList.Format.CSV}
# A new version that leaves out more than this share of the current one's entries (in percent) is
# refused until the officer confirms: a partial file would close every alert on the entries it lacks.
MAX_DROPPED_PERCENT = 10


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
            raise ValidationError({"file": file_errors.describe(error, file_name)}) from None


def _limit(field: str) -> int:
    return WatchListEntry._meta.get_field(field).max_length


def _shown(entry_id: str) -> str:
    return entry_id if len(entry_id) <= 40 else entry_id[:40] + "…"


def _check_entries(entries, file_name: str) -> None:
    """Every entry fits its row as it is, and no id repeats: an id or a name is never cut short (two
    long ids that begin alike would become one, and the stored name would not be the listed one)."""
    id_limit, name_limit, seen = _limit("entry_id"), _limit("name"), set()
    for number, entry in enumerate(entries, start=1):
        where = {"file": file_name, "number": number, "id": _shown(entry.id)}
        if len(entry.id) > id_limit:
            raise ValidationError({"file": _(
                "%(file)s: entry %(number)s (id %(id)s): the id is longer than %(limit)s characters."
            ) % {**where, "limit": id_limit}})
        if entry.names and len(entry.names[0]) > name_limit:
            raise ValidationError({"file": _(
                "%(file)s: entry %(number)s (id %(id)s): the name is longer than %(limit)s characters."
            ) % {**where, "limit": name_limit}})
        if len(entry.schema) > _limit("schema"):
            raise ValidationError({"file": _("%(file)s: entry %(number)s (id %(id)s): unknown schema.") % where})
        if entry.id in seen:
            raise ValidationError({"file": _("%(file)s: the id %(id)s appears twice.") % {
                "file": file_name, "id": entry.id}})
        seen.add(entry.id)


def _check_labels(file_name: str, published: str) -> None:
    if len(file_name) > WatchListVersion._meta.get_field("file_name").max_length:
        raise ValidationError({"file": _("The file name is longer than %(limit)s characters.") % {
            "limit": WatchListVersion._meta.get_field("file_name").max_length}})
    if len(published) > WatchListVersion._meta.get_field("published").max_length:
        raise ValidationError({"published": _("The publication date is longer than %(limit)s characters.") % {
            "limit": WatchListVersion._meta.get_field("published").max_length}})


def _spaced(name: str) -> str:
    """A name as it is stored and compared: runs of spaces are one, so that "UN  list" is "UN list"."""
    return " ".join(name.split())


def checked_name(name: str) -> str:
    """The name of a list to import into, as it will be stored (ValidationError when it cannot be)."""
    name, limit = _spaced(name), WatchList._meta.get_field("name").max_length
    if not name:
        raise ValidationError({"name": _("Give the list a name.")})
    if len(name) > limit:
        raise ValidationError({"name": _("The list's name is longer than %(limit)s characters.") % {"limit": limit}})
    return name


def checked_file(*, file_name: str, content: bytes, published: str = ""):
    """The file as the engine reads it, once it passes every check of an import (ValidationError)."""
    _check_labels(file_name, published)
    parsed = _read(content, file_name)
    if not parsed.entries:
        raise ValidationError({"file": _("%(file)s holds no entry to screen against.") % {"file": file_name}})
    _check_entries(parsed.entries, file_name)
    return parsed


def named_list(name: str) -> WatchList | None:
    """The list called `name`, compared as a person compares names (case aside, in any script: SQLite's
    case-insensitive comparison folds only ASCII letters, so "СПИСОК ЕС" would not find "Список ЕС"). An
    organiser has a handful of lists, read whole."""
    wanted = _spaced(name).casefold()
    return next((watch_list for watch_list in WatchList.objects.order_by("pk")
                 if _spaced(watch_list.name).casefold() == wanted), None)


def _file_format(parsed) -> str:
    return str(FORMATS.get(parsed.format, WatchList.Format.CSV))


def checked_replacement(watch_list: WatchList, parsed, *, confirmed: bool = False) -> dict | None:
    """Refuse (ValidationError on `confirm_drop`) a file that would replace the list's current version
    while leaving out more than MAX_DROPPED_PERCENT of its entries, or in another format, unless the
    officer `confirmed` it is the whole list: a one-entry file imported into the UN list would otherwise
    close every open alert on the entries it lacks, and the people held by them could be badged.
    Returns what the replacement drops when it is such a one (for the audit), else None."""
    current = watch_list.versions.filter(is_current=True).first()
    if current is None:
        return None
    new_ids = {entry.id for entry in parsed.entries}
    old_ids = list(current.entries.values_list("entry_id", flat=True))
    dropped = {entry_id for entry_id in old_ids if entry_id not in new_ids}
    new_format = _file_format(parsed)
    if len(dropped) * 100 <= len(old_ids) * MAX_DROPPED_PERCENT and new_format == current.format:
        return None
    # Open alerts are few: their entries' ids are read and compared here, not sent in a query of 300,000.
    alerts = sum(1 for entry_id in Alert.objects.open().filter(entry__version__watch_list=watch_list)
                 .values_list("entry__entry_id", flat=True) if entry_id in dropped)
    summary = {"old": len(old_ids), "new": len(new_ids), "dropped": len(dropped), "alerts": alerts,
               "old_format": current.format, "new_format": new_format}
    if confirmed:
        return summary
    message = _("This file has %(new)d entries where the current version of %(list)s has %(old)d: %(dropped)d "
                "entries would leave the list and %(alerts)d open alerts would be closed. Tick the box to import "
                "it all the same.") % {**summary, "list": watch_list.name}
    if new_format != current.format:
        message = _("The file is in the format %(new_format)s where the current version is in %(old_format)s.") % {
            "new_format": WatchList.Format(new_format).label, "old_format": WatchList.Format(current.format).label,
        } + " " + message
    raise ValidationError({"confirm_drop": message})


def checked_new_name(name: str) -> str:
    """The name of a list to create: as `checked_name`, and no list of that name exists yet."""
    name = checked_name(name)
    if named_list(name) is not None:
        raise ValidationError(
            {"name": _("A list with this name already exists: choose it above to add a version.")}) from None
    return name


def _unique_slug(name: str) -> str:
    """A slug no other list has: Unicode words kept, and -2, -3, … added where two names read alike."""
    limit = WatchList._meta.get_field("slug").max_length
    base = slugify(name, allow_unicode=True)[:limit].strip("-") or "list"
    slug, number = base, 1
    while WatchList.objects.filter(slug=slug).exists():
        number += 1
        suffix = f"-{number}"
        slug = base[:limit - len(suffix)] + suffix
    return slug


def watch_list_create(*, name: str, source: str = "") -> WatchList:
    """A new list (ValidationError when one of that name exists); its slug is never another list's."""
    name = checked_new_name(name)
    try:
        with transaction.atomic():
            return WatchList.objects.create(slug=_unique_slug(name), name=name, source=source)
    except IntegrityError:  # created meanwhile by another import (the name's unique constraint)
        raise ValidationError(
            {"name": _("A list with this name already exists: choose it above to add a version.")}) from None


def watch_list_get_or_create(*, name: str, source: str = "") -> WatchList:
    """The list called `name` (case aside), created when there is none: the command line's way of naming
    the list a file updates. The officers' page makes the choice explicit instead."""
    return named_list(name) or watch_list_create(name=name, source=source)


def watch_list_import(*, actor, watch_list: WatchList | None = None, name: str = "", new_list: bool = False,
                      file_name: str, content: bytes, published: str = "", rescreen: bool = True,
                      confirm_drop: bool = False) -> WatchListVersion:
    """Store the file's entries as the list's next version, make it current, queue the re-screening.
    Without `watch_list`, the list called `name` gets the version (with `new_list`, it must not exist yet:
    the officer asked for a new list); it is created with its first version only, so that a file that
    fails leaves no empty list behind. A file that drops much of the current version, or changes its
    format, needs `confirm_drop` (`checked_replacement`), checked under the list's lock."""
    if actor is not None and not can_import(actor):
        raise PermissionDenied(_("Only organiser admins and security officers import watch lists."))
    if watch_list is None:
        name = checked_new_name(name) if new_list else checked_name(name)
    parsed = checked_file(file_name=file_name, content=content, published=published)
    details = entry_details.details_by_id(content, parsed.format)
    with transaction.atomic():
        if watch_list is None:
            watch_list = watch_list_create(name=name) if new_list else watch_list_get_or_create(name=name)
        watch_list = WatchList.objects.select_for_update().get(pk=watch_list.pk)
        dropping = checked_replacement(watch_list, parsed, confirmed=confirm_drop)
        last = watch_list.versions.order_by("-number").first()
        watch_list.versions.filter(is_current=True).update(is_current=False)
        version = WatchListVersion.objects.create(
            watch_list=watch_list, number=(last.number + 1) if last else 1, format=_file_format(parsed),
            file_name=file_name, sha256=hashlib.sha256(content).hexdigest(), published=published,
            imported_by=actor if getattr(actor, "pk", None) else None, entry_count=len(parsed.entries),
            skipped_count=sum(parsed.skipped.values()), is_current=True,
        )
        WatchListEntry.objects.bulk_create(
            [WatchListEntry(version=version, entry_id=entry.id, digest=digest(entry), schema=entry.schema,
                            name=entry.names[0] if entry.names else entry.id,
                            data=entry_data(entry, details.get(entry.id)))
             for entry in parsed.entries],
            batch_size=500,
        )
        audit_record(actor=actor, action="watch_list.import", obj=version,
                     after={"list": watch_list.slug, "number": version.number, "entries": version.entry_count,
                            **({"confirmed_drop": dropping} if dropping else {})})
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
