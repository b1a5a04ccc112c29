"""The e-mail of a session that moved (another room, day or time) or, published, was cancelled, sent by
a task after the change is committed: each person with a bookmark of a published session (a confirmed
seat, a place on the waiting list or only saved) is told where and when it is now, on the event's clock,
or that it will not take place; those whose seat went back to the waiting list because the new room is
smaller are told that too (even of a session not published). Each in the reader's language (their
account's, else the one they registered in).

Once per change, however often the task runs: each batch sent is recorded in the audit log
(`session.change_mail`: the change's `session.update` entry and the registration ids, nothing personal),
under a lock on the change's entry, and a run skips whoever a record names."""

from django.core.mail import send_mass_mail
from django.db import transaction

from pavilion.core.accounts import preferred_language
from pavilion.core.mail import rendered, site_link
from pavilion.core.models import AuditEntry
from pavilion.core.services import audit_record
from pavilion.programme.models import Bookmark, Session
from pavilion.registrations.models import Registration

MAILED = "session.change_mail"
BATCH = 100


def session_changed(entry_id: int) -> int:
    """The e-mails of the session change recorded as audit entry `entry_id`; how many were sent."""
    entry = AuditEntry.objects.filter(pk=entry_id, action="session.update", object_type="programme.session").first()
    session = (Session.objects.select_related("event", "room").filter(pk=int(entry.object_id)).first()
               if entry is not None else None)
    if session is None:
        return 0
    waitlisted = set((entry.after or {}).get("waitlisted", []))
    cancelled = ((entry.before or {}).get("status") == Session.Status.PUBLISHED
                 and (entry.after or {}).get("status") == Session.Status.CANCELLED)
    readers = (Bookmark.objects.filter(session=session, registration__status=Registration.Status.APPROVED)
               .exclude(registration__person__email=""))
    if session.status != Session.Status.PUBLISHED and not cancelled:
        readers = readers.filter(registration_id__in=waitlisted)  # the others cannot see it: nothing to tell
    ids = list(readers.order_by("registration_id").values_list("registration_id", flat=True))
    sent, done = 0, set()
    for start in range(0, len(ids), BATCH):
        with transaction.atomic():
            AuditEntry.objects.select_for_update().filter(pk=entry.pk).first()  # one run at a time
            for after in AuditEntry.objects.filter(action=MAILED, object_type="programme.session",
                                                   object_id=entry.object_id).values_list("after", flat=True):
                if after.get("change") == entry.pk:
                    done.update(after.get("registrations", []))
            batch = [pk for pk in ids[start:start + BATCH] if pk not in done]
            if not batch:
                continue
            sent += send_mass_mail(_messages(session, batch, waitlisted, cancelled=cancelled))
            audit_record(actor=None, action=MAILED, obj=session, after={"change": entry.pk, "registrations": batch})
    return sent


def _messages(session: Session, ids: list[int], waitlisted: set[int], *, cancelled: bool = False) -> list[tuple]:
    event = session.event
    template = "programme/email/session_cancelled" if cancelled else "programme/email/session_changed"
    link = site_link("programme:session", event=event.slug, session=session.pk)
    messages = []
    for registration in (Registration.objects.filter(pk__in=ids).select_related("person__user__preference")
                         .order_by("pk")):
        person = registration.person
        subject, body = rendered(template, {
            "person": person, "event": event, "session": session, "zone": event.time_zone, "link": link,
            "waitlisted": registration.pk in waitlisted},
            language=preferred_language(person.user) or person.language, zone=event.time_zone)
        messages.append((subject, body, None, [person.email]))
    return messages
