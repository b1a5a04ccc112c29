"""The e-mails of a postponement (events.postponement), sent by a task after the move is committed: each
person with an approved registration is told the event's new days (and, with a valid badge, that their card
is printed again); each participant of a published meeting gets their meetings at their new times, on the
event's clock; each delegation's liaison (an account, not a registration) gets the delegation's arrival,
departure and programme as they now stand, to change the travel they booked. Each in the reader's language
(their account's, else the one they registered in); nobody without an address is written to.

Once per postponement, however often the task runs: every batch sent is recorded in the audit log
(`event.postpone_mail`: the postponement's entry, the kind of e-mail and the registration or delegation
ids, nothing personal), and a run skips whoever a record names. The batch is sent and recorded under a lock on the
postponement's entry, so that two runs at once take turns rather than both writing; a run that stops
between sending a batch and recording it (the process killed) would send that batch again, the price of
never losing one."""

import datetime
from collections import defaultdict

from django.core.mail import send_mass_mail
from django.db import transaction

from pavilion.core.accounts import preferred_language
from pavilion.core.mail import rendered, site_link
from pavilion.core.models import AuditEntry
from pavilion.core.services import audit_record
from pavilion.events.models import Event

MAILED = "event.postpone_mail"
BATCH = 100


def _language(registration) -> str:
    return preferred_language(registration.person.user) or registration.person.language


def send_postponement_mails(entry_id: int) -> int:
    """Both e-mails of the postponement recorded as audit entry `entry_id`; how many were sent."""
    entry = AuditEntry.objects.filter(pk=entry_id, action="event.postpone", object_type="events.event").first()
    event = Event.objects.filter(pk=int(entry.object_id)).first() if entry is not None else None
    if event is None:
        return 0
    sent = _send(entry, event, "dates", _approved(event), _dates_messages)
    sent += _send(entry, event, "meetings", _participants(event), _meetings_messages)
    return sent + _send(entry, event, "liaisons", _delegations(event), _liaison_messages, key="delegations")


def _approved(event: Event) -> list[int]:
    from pavilion.registrations.models import Registration

    return list(Registration.objects.filter(event=event, status=Registration.Status.APPROVED)
                .exclude(person__email="").order_by("pk").values_list("pk", flat=True))


def _participants(event: Event) -> list[int]:
    from pavilion.meetings.models import Meeting, MeetingParticipant

    return sorted(set(MeetingParticipant.objects.filter(meeting__event=event, meeting__status=Meeting.Status.SCHEDULED)
                      .exclude(registration__person__email="").values_list("registration_id", flat=True)))


def _delegations(event: Event) -> list[int]:
    from pavilion.registrations.models import Delegation

    return list(Delegation.objects.filter(event=event, liaison__is_active=True).exclude(liaison__email="")
                .order_by("pk").values_list("pk", flat=True))


def _send(entry: AuditEntry, event: Event, kind: str, ids: list[int], messages, key: str = "registrations") -> int:
    """`messages(entry, event, batch)` for each batch of `ids` (registrations, or what `key` names) not yet
    written to; how many went."""
    done, seen, sent = set(), 0, 0
    for start in range(0, len(ids), BATCH):
        with transaction.atomic():
            AuditEntry.objects.select_for_update().filter(pk=entry.pk).first()  # one run at a time
            for pk, after in (AuditEntry.objects.filter(action=MAILED, object_type="events.event",
                                                        object_id=str(event.pk), pk__gt=seen)
                              .order_by("pk").values_list("pk", "after")):
                seen = pk
                if after.get("postponement") == entry.pk and after.get("kind") == kind:
                    done.update(after.get(key, []))
            batch = [pk for pk in ids[start:start + BATCH] if pk not in done]
            if not batch:
                continue
            sent += send_mass_mail(messages(entry, event, batch))
            audit_record(actor=None, action=MAILED, obj=event,
                         after={"postponement": entry.pk, "kind": kind, key: batch})
    return sent


def _new_days(entry: AuditEntry) -> tuple[datetime.date, datetime.date]:
    """The event's first and last day after the postponement `entry` records."""
    return datetime.date.fromisoformat(entry.after["start_date"]), datetime.date.fromisoformat(entry.after["end_date"])


def _readers(ids: list[int]) -> list:
    from pavilion.registrations.models import Registration

    return list(Registration.objects.filter(pk__in=ids).select_related("person__user__preference", "badge")
                .order_by("pk"))


def _dates_messages(entry: AuditEntry, event: Event, ids: list[int]) -> list[tuple]:
    from pavilion.accreditation.models import Badge
    from pavilion.registrations.notifications import status_link

    start, end = _new_days(entry)
    messages = []
    for registration in _readers(ids):
        badge = getattr(registration, "badge", None)
        subject, body = rendered("events/email/postponed", {
            "person": registration.person, "event": event, "start": start, "end": end, "zone": event.time_zone,
            "new_card": bool(entry.after.get("resigned")) and badge is not None and badge.status == Badge.Status.VALID,
            "link": status_link(registration)}, language=_language(registration), zone=event.time_zone)
        messages.append((subject, body, None, [registration.person.email]))
    return messages


def _meetings_messages(_entry: AuditEntry, event: Event, ids: list[int]) -> list[tuple]:
    from pavilion.meetings.models import Meeting, MeetingParticipant
    from pavilion.meetings.selectors.agendas import display_name, participant_rows

    own = (MeetingParticipant.objects.filter(registration_id__in=ids, meeting__event=event,
                                             meeting__status=Meeting.Status.SCHEDULED)
           .select_related("meeting__location__hall").order_by("meeting__starts_at", "meeting_id"))
    meetings = defaultdict(list)
    for row in own:
        meetings[row.registration_id].append(row.meeting)
    present = defaultdict(list)
    for row in participant_rows().filter(meeting_id__in={meeting.pk for rows in meetings.values() for meeting in rows}):
        present[row.meeting_id].append(row)
    link = site_link("meetings:agenda_mine", event=event.slug)
    messages = []
    for registration in _readers(ids):
        rows = [{"start": meeting.starts_at, "end": meeting.ends_at, "location": meeting.location,
                 "hall": meeting.location.hall,
                 "with": [display_name(other.registration) for other in present[meeting.pk]
                          if other.registration_id != registration.pk]}
                for meeting in meetings[registration.pk]]
        subject, body = rendered("events/email/meetings_moved", {
            "person": registration.person, "event": event, "rows": rows, "zone": event.time_zone, "link": link},
            language=_language(registration), zone=event.time_zone)
        messages.append((subject, body, None, [registration.person.email]))
    return messages


def _liaison_messages(entry: AuditEntry, event: Event, ids: list[int]) -> list[tuple]:
    from pavilion.registrations.models import Delegation

    start, end = _new_days(entry)
    messages = []
    for delegation in (Delegation.objects.filter(pk__in=ids).select_related("liaison__preference")
                       .prefetch_related("programme").order_by("pk")):
        liaison = delegation.liaison
        subject, body = rendered("events/email/delegation_moved", {
            "liaison": liaison, "delegation": delegation, "event": event, "start": start, "end": end,
            "zone": event.time_zone, "visits": list(delegation.programme.all()),
            "link": site_link("registrations:delegation", pk=delegation.pk)},
            language=preferred_language(liaison), zone=event.time_zone)
        messages.append((subject, body, None, [liaison.email]))
    return messages
