"""Meeting e-mails, each in its recipient's language (their account's, else the one they registered
in): a request received, a request answered, and
the meetings a published schedule gives a participant. Links point at PAVILION_SITE_URL, since
they are also written by background work that has no request to take the address from. They name
only what the participant's own pages show (names, organisations, times, places). Each is queued by
the change that calls for it with what it needs to say (tasks.mail_on_commit), so that two answers
in quick succession give two e-mails, each about its own answer."""

from collections import defaultdict

from django.core.mail import send_mass_mail
from django.db.models import Prefetch

from pavilion.core.accounts import preferred_language
from pavilion.core.mail import rendered, site_link
from pavilion.meetings.models import Meeting, MeetingRequest
from pavilion.meetings.selectors.agendas import display_name, others, participant_rows
from pavilion.registrations.models import Registration

Status = MeetingRequest.Status
SIDES = ("requester", "counterpart")


def _message(template: str, recipient: Registration, context: dict) -> tuple[str, str, None, list[str]]:
    subject, body = rendered(f"meetings/email/{template}", {
        **context, "person": recipient.person, "event": recipient.event},
        language=preferred_language(recipient.person.user) or recipient.person.language, zone=recipient.event.time_zone)
    return subject, body, None, [recipient.person.email]


def _request(request_id: int) -> MeetingRequest | None:
    return (MeetingRequest.objects.select_related(
        "event", "requester__person__user__preference", "requester__event", "requester__exhibitor__company",
        "counterpart__person__user__preference", "counterpart__event", "counterpart__exhibitor__company",
        "proposed_slot")
        .filter(pk=request_id).first())


def request_received(request_id: int) -> int:
    """To the counterpart of a request that reached them (sent, or cleared by a compliance review)."""
    request = _request(request_id)
    if request is None:
        return 0
    message = _message("request_received", request.counterpart, {
        "request": request, "other": display_name(request.requester),
        "link": site_link("meetings:request_detail", event=request.event.slug, pk=request.pk)})
    return send_mass_mail([message])


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
    message = _message("request_answered", recipient, {
        "request": request, "status": status, "other": display_name(other),
        "took_proposal": recipient_side == "counterpart",
        "proposed_start": slot.starts_at if slot and status == Status.PROPOSED else None,
        "link": site_link("meetings:request_detail", event=request.event.slug, pk=request.pk)})
    return send_mass_mail([message])


def schedule_published(run_id: int) -> int:
    """To every participant with a meeting the run placed: their new meetings, in time order, on
    the event's clock, with the link to their agenda."""
    meetings = (Meeting.objects.filter(run_id=run_id, status=Meeting.Status.SCHEDULED)
                .select_related("event", "location__hall")
                .prefetch_related(Prefetch("attendance", queryset=participant_rows().select_related(
                    "registration__event", "registration__person__user__preference")))
                .order_by("starts_at", "pk"))
    by_person = defaultdict(list)
    people = {}
    for meeting in meetings:
        for row in meeting.attendance.all():
            by_person[row.registration_id].append(meeting)
            people[row.registration_id] = row.registration
    messages = []
    for registration_id, own in by_person.items():
        recipient = people[registration_id]
        rows = [{"start": meeting.starts_at, "end": meeting.ends_at,
                 "location": meeting.location, "hall": meeting.location.hall,
                 "with": [display_name(row.registration) for row in others(meeting, registration_id)]}
                for meeting in own]
        messages.append(_message("schedule_published", recipient, {
            "rows": rows, "zone": recipient.event.time_zone,
            "link": site_link("meetings:agenda_mine", event=recipient.event.slug)}))
    return send_mass_mail(messages) if messages else 0
