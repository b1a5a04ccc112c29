"""Meeting e-mails, each in its reader's language (their account's, else the one they registered in):
a request received, answered, cancelled or decided on by the compliance review, a published meeting
cancelled or moved by the organiser, and the meetings a published schedule gives a participant (with
the accepted requests it could not place, and why). Links point at PAVILION_SITE_URL, since they are
also written by background work that has no request to take the address from. They name only what
the participant's own pages show (names, organisations, times, places). Each is queued by the change
that calls for it with what it needs to say (tasks.mail_on_commit), so that two answers in quick
succession give two e-mails, each about its own answer.

Who reads an e-mail about a participant (_readers) depends on its kind:
- the request e-mails (received, answered, decided on by the review, cancelled by the requester) ask
  for an answer or a new request on the request's page, so they go to whoever acts there: the
  participant, but for a member of a delegation with a liaison (the head or any other), the liaison,
  who answers there for every member (profiles.request_scope; a member rarely has an account, one who
  has gets them too);
- the meeting e-mails (the published schedule, a meeting cancelled or moved) tell where and when to
  be: the participant gets them, and so does the liaison of their delegation for every approved
  member (profiles.agenda_scope: they see the member's agenda and cancel its meetings), with a link
  to that member's agenda; one e-mail per meeting names every member it concerns.
The liaison's e-mail is in their account's language, greets them, and names the member it is about
in its subject and first line. Nobody without an e-mail address is written to."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.core.mail import send_mass_mail
from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _

from pavilion.core.accounts import preferred_language
from pavilion.core.i18n import supported_language
from pavilion.core.mail import rendered, site_link
from pavilion.meetings.models import Meeting, MeetingLocation, MeetingRequest, ScheduleRun
from pavilion.meetings.schedule_reasons import PARTICIPANT_ID, reason_text
from pavilion.meetings.selectors.agendas import display_name, others, participant_rows
from pavilion.meetings.selectors.profiles import liaison_for
from pavilion.registrations.models import Registration

Status = MeetingRequest.Status
SIDES = ("requester", "counterpart")
# What a Registration needs read with it to be written to (person, account, delegation's liaison).
READER_ROWS = ("event", "person__user__preference", "exhibitor__company", "delegation__liaison__preference")


@dataclass(frozen=True)
class Reader:
    """One address an e-mail about `about` goes to: the participant themself, or the liaison of their
    delegation (`liaison` set), who is told which members (`members`) it concerns."""

    about: Registration
    email: str
    language: str | None
    greeting: str
    liaison: object = None
    members: str = ""


def _language(recipient: Registration) -> str:
    return preferred_language(recipient.person.user) or recipient.person.language


def _participant(recipient: Registration) -> Reader:
    return Reader(about=recipient, email=recipient.person.email, language=_language(recipient),
                  greeting=recipient.person.given_name)


def _liaison_reader(recipient: Registration, liaison, members: str = "") -> Reader:
    return Reader(about=recipient, email=liaison.email, language=preferred_language(liaison),
                  greeting=liaison.first_name or liaison.get_full_name() or liaison.username, liaison=liaison,
                  members=members or display_name(recipient))


def _readers(recipient: Registration, *, on_requests: bool) -> list[Reader]:
    """Who is written to about this participant (see the module's docstring): `on_requests` for the
    request e-mails, else a meeting e-mail."""
    liaison = liaison_for(recipient, on_requests=on_requests)
    if liaison is None:
        return [_participant(recipient)]
    readers = [_liaison_reader(recipient, liaison)]
    if not on_requests or recipient.person.user_id is not None:
        readers.insert(0, _participant(recipient))
    return readers


def _message(template: str, reader: Reader, context: dict) -> tuple[str, str, None, list[str]]:
    recipient = reader.about
    subject, body = rendered(f"meetings/email/{template}", {
        **context, "person": recipient.person, "event": recipient.event, "greeting": reader.greeting,
        "liaison_of": recipient.delegation if reader.liaison is not None else None, "members": reader.members},
        language=reader.language, zone=recipient.event.time_zone)
    if reader.liaison is not None:
        with translation.override(supported_language(reader.language)):
            subject = _("%(subject)s — for %(members)s") % {"subject": subject, "members": reader.members}
        subject = " ".join(subject.split())  # a line break in a name would make the header invalid (core.mail)
    return subject, body, None, [reader.email]


def _messages(template: str, readers: list[Reader], context) -> list[tuple]:
    """The e-mail to each reader with an address; `context` a dict, or a function of the reader."""
    return [_message(template, reader, context(reader) if callable(context) else context)
            for reader in readers if reader.email]


def _send(messages: list) -> int:
    return send_mass_mail(messages) if messages else 0


def _agenda_link(reader: Reader) -> str:
    """The participant's own agenda ("My agenda"); for the liaison, the member's."""
    event = reader.about.event.slug
    if reader.liaison is not None:
        return site_link("meetings:agenda", event=event, registration=reader.about.pk)
    return site_link("meetings:agenda_mine", event=event)


def _request(request_id: int) -> MeetingRequest | None:
    """The request with both sides read as their readers need them. In two queries: one that joined
    every row of both sides (22 joins) took PostgreSQL 30-40 ms to plan, for 2 ms of work."""
    request = MeetingRequest.objects.select_related("event", "proposed_slot").filter(pk=request_id).first()
    if request is None:
        return None
    sides = Registration.objects.select_related(*READER_ROWS).in_bulk(
        [request.requester_id, request.counterpart_id])
    request.requester, request.counterpart = sides[request.requester_id], sides[request.counterpart_id]
    return request


def request_received(request_id: int) -> int:
    """To the counterpart of a request that reached them (sent, or cleared by a compliance review)."""
    request = _request(request_id)
    if request is None:
        return 0
    return _send(_messages("request_received", _readers(request.counterpart, on_requests=True), {
        "request": request, "other": display_name(request.requester),
        "link": site_link("meetings:request_detail", event=request.event.slug, pk=request.pk)}))


def request_answered(request_id: int, status: str, recipient_side: str) -> int:
    """To `recipient_side` of the request, about the answer the other side gave: `status` is what
    the answer made it (accepted, declined, proposed; accepted by the requester is their taking the
    time the counterpart proposed)."""
    request = _request(request_id)
    if request is None or recipient_side not in SIDES or status not in (Status.ACCEPTED, Status.DECLINED,
                                                                        Status.PROPOSED):
        return 0
    recipient = getattr(request, recipient_side)
    other = request.counterpart if recipient_side == "requester" else request.requester
    slot = request.proposed_slot
    return _send(_messages("request_answered", _readers(recipient, on_requests=True), {
        "request": request, "status": status, "other": display_name(other),
        "took_proposal": recipient_side == "counterpart",
        "proposed_start": slot.starts_at if slot and status == Status.PROPOSED else None,
        "link": site_link("meetings:request_detail", event=request.event.slug, pk=request.pk)}))


def request_cancelled(request_id: int) -> int:
    """To the counterpart of a request that reached them, when the requester cancels it."""
    request = _request(request_id)
    if request is None or request.status != Status.CANCELLED:
        return 0
    return _send(_messages("request_cancelled", _readers(request.counterpart, on_requests=True), {
        "request": request, "other": display_name(request.requester),
        "link": site_link("meetings:request_detail", event=request.event.slug, pk=request.pk)}))


def request_reviewed(request_id: int) -> int:
    """To the requester of a request the compliance review cleared (it is sent now) or refused (it
    is not), with the reviewer's message to them; never the reviewers' own reason."""
    request = _request(request_id)
    if request is None or request.review not in (MeetingRequest.Review.CLEARED, MeetingRequest.Review.REFUSED):
        return 0
    return _send(_messages("request_reviewed", _readers(request.requester, on_requests=True), {
        "request": request, "other": display_name(request.counterpart),
        "cleared": request.review == MeetingRequest.Review.CLEARED,
        "link": site_link("meetings:request_detail", event=request.event.slug, pk=request.pk)}))


def _meeting_readers(recipients: list[Registration]) -> list[Reader]:
    """The readers of a meeting e-mail about these participants of one meeting: each of them, and the
    liaison of their delegation once for all the members it concerns (module docstring)."""
    readers, by_liaison = [], defaultdict(list)
    for recipient in recipients:
        readers.append(_participant(recipient))
        liaison = liaison_for(recipient, on_requests=False)
        if liaison is not None:
            by_liaison[liaison.pk].append((liaison, recipient))
    for members in by_liaison.values():
        liaison, first = members[0]
        readers.append(_liaison_reader(first, liaison, ", ".join(display_name(member) for _l, member in members)))
    return readers


def meeting_cancelled(meeting_id: int, canceller: str, *recipients: str) -> int:
    """To `recipients` (registration ids) of a cancelled meeting: who cancelled it (`canceller`, a
    registration id, or "" for the organiser), when and where it was to be, and why."""
    meeting = (Meeting.objects.select_related("event", "location__hall").filter(pk=meeting_id, status=Meeting.Status.
                                                                                   CANCELLED).first())
    if meeting is None:
        return 0
    ids = {int(value) for value in (canceller, *recipients) if str(value).isdigit()}
    people = {row.pk: row for row in Registration.objects.filter(pk__in=ids, meetings=meeting).select_related(
        *READER_ROWS)}
    by = people.get(int(canceller)) if str(canceller).isdigit() else None
    told = [people[int(recipient)] for recipient in dict.fromkeys(recipients)
            if str(recipient).isdigit() and int(recipient) in people]
    return _send(_messages("meeting_cancelled", _meeting_readers(told), lambda reader: {
        "meeting": meeting, "canceller": display_name(by) if by is not None else "", "link": _agenda_link(reader)}))


def meeting_moved(meeting_id: int, old_start: str, old_location: str, reason: str, *recipients: str) -> int:
    """To `recipients` (registration ids) of a meeting the organiser moved: when and where it was to be
    (`old_start` ISO 8601, `old_location` a location id), when and where it is now, and why."""
    meeting = (Meeting.objects.select_related("event", "location__hall")
               .filter(pk=meeting_id, status=Meeting.Status.SCHEDULED).first())
    if meeting is None:
        return 0
    try:
        was_at = datetime.datetime.fromisoformat(old_start)
    except ValueError:
        was_at = None
    was_in = (MeetingLocation.objects.select_related("hall").filter(pk=int(old_location)).first()
              if str(old_location).isdigit() else None)
    ids = {int(value) for value in recipients if str(value).isdigit()}
    people = {row.pk: row for row in Registration.objects.filter(pk__in=ids, meetings=meeting).select_related(
        *READER_ROWS)}
    told = [people[pk] for pk in sorted(ids) if pk in people]
    return _send(_messages("meeting_moved", _meeting_readers(told), lambda reader: {
        "meeting": meeting, "was_at": was_at, "was_in": was_in, "reason": reason, "link": _agenda_link(reader)}))


def _left_out(run: ScheduleRun) -> dict[int, list[tuple[Registration, str]]]:
    """{registration id: [(the other side, reason as the run wrote it)]} for the run's accepted requests
    that it did not place."""
    wanted = {item.get("request"): item.get("reason", "") for item in run.unscheduled}
    requests = (MeetingRequest.objects.filter(pk__in=[pk for pk in wanted if isinstance(pk, int)],
                                              status=Status.ACCEPTED)
                .select_related(*(f"{side}__{row}" for side in SIDES for row in READER_ROWS))
                .order_by("pk"))
    result = defaultdict(list)
    for request in requests:
        result[request.requester_id].append((request.requester, request.counterpart, wanted[request.pk]))
        result[request.counterpart_id].append((request.counterpart, request.requester, wanted[request.pk]))
    return result


def _names(left_out: dict) -> dict[int, str]:
    """The people the reasons name (participant ids), read once for every recipient."""
    mentioned = {int(number) for left in left_out.values() for _own, _other, reason in left
                 for number in PARTICIPANT_ID.findall(reason)}
    return {row.pk: display_name(row) for row in Registration.objects.filter(pk__in=mentioned)
            .select_related("person", "exhibitor__company")} if mentioned else {}


def _reasons(left: list, language: str, named: dict[int, str]) -> list[dict]:
    """The left-out requests of one recipient, each reason in their language, ids made names."""

    def name(participant: str) -> str:
        return named.get(int(participant.removeprefix("reg-")), participant)

    with translation.override(supported_language(language)):
        return [{"with": display_name(other), "reason": reason_text(reason, name)} for _own, other, reason in left]


def schedule_published(run_id: int) -> int:
    """To every participant with a meeting the run placed: their new meetings, in time order, on
    the event's clock, with the link to their agenda; and to every side of an accepted request it
    left out, which ones and why. The liaison of a delegation gets each member's (module docstring)."""
    meetings = (Meeting.objects.filter(run_id=run_id, status=Meeting.Status.SCHEDULED)
                .select_related("event", "location__hall")
                .prefetch_related(Prefetch("attendance", queryset=participant_rows().select_related(
                    *(f"registration__{row}" for row in READER_ROWS))))
                .order_by("starts_at", "pk"))
    by_person = defaultdict(list)
    people = {}
    for meeting in meetings:
        for row in meeting.attendance.all():
            by_person[row.registration_id].append(meeting)
            people[row.registration_id] = row.registration
    run = ScheduleRun.objects.filter(pk=run_id).first()
    left_out = _left_out(run) if run is not None else {}
    for registration_id, left in left_out.items():
        people.setdefault(registration_id, left[0][0])
    named = _names(left_out)
    messages = []
    for registration_id in [*by_person, *(pk for pk in left_out if pk not in by_person)]:
        recipient = people[registration_id]
        rows = [{"start": meeting.starts_at, "end": meeting.ends_at,
                 "location": meeting.location, "hall": meeting.location.hall,
                 "with": [display_name(row.registration) for row in others(meeting, registration_id)]}
                for meeting in by_person.get(registration_id, [])]
        messages += [_message("schedule_published", reader, {
            "rows": rows, "zone": recipient.event.time_zone,
            "left_out": _reasons(left_out.get(registration_id, []), reader.language, named),
            "link": _agenda_link(reader)}) for reader in _readers(recipient, on_requests=False) if reader.email]
    return _send(messages)
