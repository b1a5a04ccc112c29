"""Announcements to the event's people: the organiser publishes, edits and withdraws them (services,
audited); who sees which is in announcement_selectors."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pavilion.core import clock
from pavilion.core.i18n import CONTENT_LANGUAGES
from pavilion.core.services import audit_record, audit_values
from pavilion.events.models import ANNOUNCEMENT_BODY_MAX, ANNOUNCEMENT_TITLE_MAX, Announcement, Event
from pavilion.events.permissions import require_organiser

TEXT_FIELDS = [f"{base}_{code}" for base in ("title", "body") for code in CONTENT_LANGUAGES]
SETTINGS = ["audience", "importance", "publish_at", "expires_at", "send_email"]
AUDITED = [*TEXT_FIELDS, *SETTINGS]


def _cleaned_texts(values: dict) -> dict[str, str]:
    """Titles on one line, bodies with their line breaks but no trailing spaces; English required."""
    texts, errors = {}, {}
    for code in CONTENT_LANGUAGES:
        title = " ".join(str(values.get(f"title_{code}") or "").split())
        body = "\n".join(line.rstrip() for line in str(values.get(f"body_{code}") or "").strip().splitlines())
        if len(title) > ANNOUNCEMENT_TITLE_MAX:
            errors[f"title_{code}"] = _("A title has at most %(max)d characters (this one has %(count)d).") % {
                "max": ANNOUNCEMENT_TITLE_MAX, "count": len(title)}
        if len(body) > ANNOUNCEMENT_BODY_MAX:
            errors[f"body_{code}"] = _("The text has at most %(max)d characters (this one has %(count)d).") % {
                "max": ANNOUNCEMENT_BODY_MAX, "count": len(body)}
        if (title or body) and code != "en" and not (title and body):
            errors.setdefault(f"title_{code}" if not title else f"body_{code}",
                              _("Give both the title and the text in this language, or neither."))
        texts[f"title_{code}"], texts[f"body_{code}"] = title, body
    if not texts["title_en"]:
        errors["title_en"] = _("Give the title in English: the other languages fall back to it.")
    if not texts["body_en"]:
        errors["body_en"] = _("Give the text in English: the other languages fall back to it.")
    if errors:
        raise ValidationError(errors)
    return texts


def _checked_settings(*, audience: str, importance: str, publish_at, expires_at, now, previous_publish_at=None):
    errors = {}
    if audience not in Announcement.Audience.values:
        errors["audience"] = _("Choose who the announcement is for.")
    if importance not in Announcement.Importance.values:
        errors["importance"] = _("Choose normal or urgent.")
    # Now or later: a time in the past would date the announcement back (and mail it late). Kept as it
    # was when an edit leaves an announcement already out at its time.
    if publish_at < now and publish_at != previous_publish_at:
        errors["publish_at"] = _("This time has passed: leave it empty to publish now, or choose a later time.")
    if expires_at is not None and expires_at <= publish_at:
        errors["expires_at"] = _("The announcement must expire after it is published.")
    elif expires_at is not None and expires_at <= now:
        errors["expires_at"] = _("This time has passed: an announcement that has expired is shown to nobody.")
    if errors:
        raise ValidationError(errors)


def _email_when_due(announcement: Announcement) -> None:
    """Queue the e-mail after the commit: at once if it is out, at its publication otherwise."""
    if not announcement.send_email or announcement.emailed_at is not None:
        return
    announcement_id, publish_at = announcement.pk, announcement.publish_at
    transaction.on_commit(lambda: _enqueue_email(announcement_id, publish_at))


def _enqueue_email(announcement_id: int, publish_at: datetime.datetime) -> None:
    from pavilion.events.announcement_tasks import send_announcement

    if publish_at <= clock.now():
        send_announcement.enqueue(announcement_id)
    elif send_announcement.get_backend().supports_defer:
        send_announcement.using(run_after=publish_at).enqueue(announcement_id)
    # Otherwise (a backend that runs tasks at once) `send_due_announcements` mails it once it is out.


def announcement_publish(*, actor, event: Event, audience: str = Announcement.Audience.EVERYONE,
                         importance: str = Announcement.Importance.NORMAL,
                         publish_at: datetime.datetime | None = None, expires_at: datetime.datetime | None = None,
                         send_email: bool = False, **texts: str) -> Announcement:
    """A new announcement (`title_en`, `body_en`, ... in `texts`), out at `publish_at` (empty: now)."""
    require_organiser(actor)
    unknown = set(texts) - set(TEXT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    now = clock.now()
    publish_at = publish_at or now
    cleaned = _cleaned_texts(texts)
    _checked_settings(audience=audience, importance=importance, publish_at=publish_at, expires_at=expires_at, now=now)
    with transaction.atomic():
        announcement = Announcement.objects.create(
            event=event, audience=audience, importance=importance, publish_at=publish_at, expires_at=expires_at,
            send_email=bool(send_email), created_by=actor if getattr(actor, "pk", None) else None,
            created_at=now, updated_at=now, **cleaned)
        audit_record(actor=actor, action="announcement.publish", obj=announcement,
                     after=audit_values(announcement, ["event", *AUDITED], as_text=True))
        _email_when_due(announcement)
    return announcement


def _locked(announcement: Announcement) -> Announcement:
    locked = Announcement.objects.select_for_update().get(pk=announcement.pk)
    if locked.withdrawn_at is not None:
        raise ValidationError(_("This announcement was withdrawn: publish a new one instead."))
    return locked


def announcement_update(*, actor, announcement: Announcement, **changes) -> Announcement:
    """Change the texts or settings of an announcement not withdrawn. An e-mail already sent is not sent
    again; one asked for now goes when the announcement is out."""
    require_organiser(actor)
    unknown = set(changes) - set(AUDITED)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    now = clock.now()
    with transaction.atomic():
        locked = _locked(announcement)
        before = audit_values(locked, AUDITED, as_text=True)
        merged = {field: changes.get(field, getattr(locked, field)) for field in AUDITED}
        # The form shows times to the minute: a time sent back as shown is the stored one, unchanged (an
        # announcement published "now" at 10:00:30 came back as 10:00, "a time that has passed").
        for field in ("publish_at", "expires_at"):
            stored = getattr(locked, field)
            if stored is not None and merged[field] == stored.replace(second=0, microsecond=0):
                merged[field] = stored
        merged["publish_at"] = merged["publish_at"] or (
            locked.publish_at if locked.publish_at <= now else now)
        cleaned = _cleaned_texts(merged)
        _checked_settings(audience=merged["audience"], importance=merged["importance"],
                          publish_at=merged["publish_at"], expires_at=merged["expires_at"], now=now,
                          previous_publish_at=locked.publish_at)
        for field in ("publish_at", "expires_at"):  # as the database gives them back: the audit compares text
            if merged[field] is not None:
                merged[field] = merged[field].astimezone(datetime.UTC)
        for field, value in {**merged, **cleaned, "send_email": bool(merged["send_email"])}.items():
            setattr(locked, field, value)
        locked.updated_at = now
        locked.save()
        after = audit_values(locked, AUDITED, as_text=True)
        audit_record(actor=actor, action="announcement.update", obj=locked,
                     before={k: v for k, v in before.items() if after[k] != v},
                     after={k: v for k, v in after.items() if before[k] != v})
        _email_when_due(locked)
    return locked


def announcement_withdraw(*, actor, announcement: Announcement) -> Announcement:
    """Take an announcement down at once: nobody sees it any more and its e-mail, if not sent yet, is not."""
    require_organiser(actor)
    now = clock.now()
    with transaction.atomic():
        locked = _locked(announcement)
        locked.withdrawn_at, locked.updated_at = now, now
        locked.withdrawn_by = actor if getattr(actor, "pk", None) else None
        locked.save(update_fields=["withdrawn_at", "withdrawn_by", "updated_at"])
        audit_record(actor=actor, action="announcement.withdraw", obj=locked,
                     after={"withdrawn_at": now.isoformat()})
    return locked
