"""The organiser moves a published meeting to another time or location.

A move is checked by the same rules a schedule run places a meeting by, with the same code: the
event's input for the engine is built with every other published meeting pinned where it is
(scheduling_problem.move_problem) and the engine's own checker (engines.scheduling.validation)
judges the new placement: the participants free and available then, their maximum of meetings, the
kind of place the meeting needs (a secure room, the exhibitor's stand, a table) and that it is free
for every slot the meeting holds, the time agreed when a proposal was accepted, and the free slot
between meetings in different halls when the event asks for it. Only what the move breaks refuses
it: what the other published meetings already break is not this meeting's fault. Both sides are told
by e-mail; the move is audited.
"""

import re
import zoneinfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pavilion.core import clock, roles
from pavilion.core.services import audit_record
from pavilion.engines.scheduling import InputError, load_problem
from pavilion.engines.scheduling.validation import placement_violations
from pavilion.meetings.models import Meeting, MeetingLocation, MeetingOccupancy, MeetingSlot
from pavilion.meetings.schedule_reasons import PARTICIPANT_ID, reason_text
from pavilion.meetings.selectors.schedule import names, slots_held
from pavilion.meetings.services.scheduling_problem import move_problem, slot_id

MAX_REASON = 300

# The checker's sentences (engines/scheduling/validation.py) about the meeting being moved.
_SLOT = r"(?P<slot>\d{4}-\d{2}-\d{2} \d{2}:\d{2})"
_WHO = r"(?P<who>reg-\d+)"
_TOO_SHORT = re.compile(r"^meeting \S+: (?:\d+ slots from .+ run past the last slot|slots .+ and .+ are not consecutive)$")
_PLACE = re.compile(r"^meeting \S+: location (?P<location>\S+) is not (?P<wanted>\S+)$")
_AGREED = re.compile(rf"^meeting \S+: slot {_SLOT} is not one of the meeting's slots$")
_UNAVAILABLE = re.compile(rf"^meeting \S+: participant {_WHO} is not available in slot {_SLOT}$")
_LOCATION_TAKEN = re.compile(rf"^location (?P<location>\S+): meetings \S+ and \S+ in slot {_SLOT}$")
_PERSON_TAKEN = re.compile(rf"^participant {_WHO}: meetings \S+ and \S+ in slot {_SLOT}$")
_TOO_MANY = re.compile(rf"^participant {_WHO}: \d+ meetings, more than their maximum of (?P<count>\d+)$")
_HALLS = re.compile(rf"^participant {_WHO}: hall \S+ in slot {_SLOT} and hall \S+ in the next slot "
                    rf"(?P<next>\d{{4}}-\d{{2}}-\d{{2}} \d{{2}}:\d{{2}}) without a free slot between$")


class _Words:
    """Says the checker's sentences again in the reader's language, with names, places and local times."""

    def __init__(self, built, meeting: Meeting, texts: list[str]):
        self.slots, self.locations, self.meeting = built.slots, built.locations, meeting
        self.zone = zoneinfo.ZoneInfo(meeting.event.time_zone)
        self.named = names({int(number) for text in texts for number in PARTICIPANT_ID.findall(text)})

    def who(self, participant: str) -> str:
        return self.named.get(int(participant.removeprefix("reg-")), participant)

    def time(self, identifier: str) -> str:
        slot = self.slots.get(identifier)
        return date_format(slot.starts_at.astimezone(self.zone), "D j E, H:i") if slot else identifier

    def place(self, code: str) -> str:
        location = self.locations.get(code)
        return location.name if location is not None else code

    def wanted(self, text: str) -> str:
        if text in self.locations:  # the exhibitor's stand
            return self.place(text)
        labels = dict(MeetingLocation.Kind.choices)
        return _(" or ").join(str(labels.get(kind, kind)) for kind in text.split("/"))

    def say(self, text: str) -> str:
        if _TOO_SHORT.match(text):
            return ngettext("This time cannot hold a meeting of %(count)d slot: choose another.",
                            "This time cannot hold a meeting of %(count)d slots: choose another.",
                            self.meeting.length) % {"count": self.meeting.length}
        if found := _PLACE.match(text):
            return _("%(location)s does not suit this meeting (it needs: %(wanted)s).") % {
                "location": self.place(found["location"]), "wanted": self.wanted(found["wanted"])}
        if _AGREED.match(text):
            return _("The participants agreed on this meeting's time when the other time proposed was accepted: "
                     "it can move only to another location at that time.")
        if found := _UNAVAILABLE.match(text):
            return _("%(who)s is not available at %(time)s.") % {"who": self.who(found["who"]),
                                                                  "time": self.time(found["slot"])}
        if found := _LOCATION_TAKEN.match(text):
            return _("%(location)s is taken at %(time)s by another meeting.") % {
                "location": self.place(found["location"]), "time": self.time(found["slot"])}
        if found := _PERSON_TAKEN.match(text):
            return _("%(who)s already has a meeting at %(time)s.") % {"who": self.who(found["who"]),
                                                                      "time": self.time(found["slot"])}
        if found := _TOO_MANY.match(text):
            count = int(found["count"])
            return ngettext("%(who)s would have more meetings than their maximum of %(count)d meeting.",
                            "%(who)s would have more meetings than their maximum of %(count)d meetings.", count) % {
                "who": self.who(found["who"]), "count": count}
        if found := _HALLS.match(text):
            return _("%(who)s would change halls between %(first)s and %(second)s without a free slot between.") % {
                "who": self.who(found["who"]), "first": self.time(found["slot"]), "second": self.time(found["next"])}
        return PARTICIPANT_ID.sub(lambda match: self.who(match.group(0)), text)


def move_refusals(meeting: Meeting, slot: MeetingSlot, location: MeetingLocation) -> list[str]:
    """Why the meeting cannot be placed at this slot and location by the engine's rules, in the
    reader's language ([] when it can)."""
    problem = move_problem(meeting)
    if problem.built is None:
        return [_("This meeting cannot be moved: %(reason)s.") % {"reason": reason_text(problem.refusal, str)}]
    try:
        loaded = load_problem(problem.built.spec)
    except InputError as error:  # a meeting the data no longer describes whole (e.g. one participant left)
        return [_("This meeting cannot be moved: %(reason)s.") % {"reason": str(error)}]
    pins = [(item.id, item.pinned.slot, item.pinned.location) for item in loaded.meetings if item.pinned]
    already = set(placement_violations(loaded, pins))
    zone = zoneinfo.ZoneInfo(meeting.event.time_zone)
    placed = placement_violations(loaded, [*pins, (problem.meeting, slot_id(slot, zone), location.code)])
    broken = [text for text in placed if text not in already]
    words = _Words(problem.built, meeting, broken)
    return list(dict.fromkeys(words.say(text) for text in broken))


def meeting_move(*, actor, meeting: Meeting, slot: MeetingSlot, location: MeetingLocation, reason: str) -> Meeting:
    """Move a published meeting that has not begun to a slot still ahead and a location in use, if
    every rule of the engine holds there (move_refusals); its occupancy follows, its participants are
    told with the reason."""
    if actor is not None and not roles.is_organiser(actor):
        raise PermissionDenied(_("Only the organiser moves meetings."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the move: the participants are told.")})
    if slot.event_id != meeting.event_id or location.event_id != meeting.event_id:
        raise ValidationError(_("Choose a slot and a location of this event."))
    with transaction.atomic():
        # One change of the published schedule at a time (moves, slots and locations lock the event too).
        type(meeting.event).objects.select_for_update().filter(pk=meeting.event_id).first()
        meeting = Meeting.objects.select_for_update().select_related("event", "location").get(pk=meeting.pk)
        location = MeetingLocation.objects.select_for_update().get(pk=location.pk)  # in use now, not when the page read it
        _check_move(meeting, slot, location)
        refusals = move_refusals(meeting, slot, location)
        if refusals:
            raise ValidationError(refusals)
        before = {"slot": meeting.slot_id, "location": meeting.location_id, "starts_at": meeting.starts_at.isoformat()}
        held = slots_held(slot, meeting.length)
        rows = MeetingOccupancy.objects.filter(meeting=meeting)
        run_id = rows.values_list("run_id", flat=True).first() if rows.exists() else meeting.run_id
        rows.delete()
        old_start, old_location = meeting.starts_at, meeting.location_id
        meeting.slot, meeting.location = slot, location
        meeting.starts_at, meeting.ends_at = held[0].starts_at, held[-1].ends_at
        meeting.save(update_fields=["slot", "location", "starts_at", "ends_at"])
        try:
            with transaction.atomic():
                MeetingOccupancy.objects.bulk_create([MeetingOccupancy(meeting=meeting, run_id=run_id, slot=held_slot,
                                                                       location=location) for held_slot in held])
        except IntegrityError:  # taken a moment ago by a run published meanwhile
            raise ValidationError(_("%(location)s is taken at this time by another meeting.")
                                  % {"location": location.name}) from None
        audit_record(actor=actor, action="meeting.move", obj=meeting, before=before,
                     after={"slot": slot.pk, "location": location.pk, "starts_at": meeting.starts_at.isoformat(),
                            "reason": reason[:MAX_REASON]})
        from pavilion.meetings.tasks import mail_on_commit  # the tasks import this module

        recipients = [str(pk) for pk in meeting.attendance.order_by("pk").values_list("registration_id", flat=True)]
        mail_on_commit("meeting_moved", meeting.pk, old_start.isoformat(), str(old_location), reason[:MAX_REASON],
                       *recipients)
    return meeting


def _check_move(meeting: Meeting, slot: MeetingSlot, location: MeetingLocation) -> None:
    now = clock.now()
    if meeting.status != Meeting.Status.SCHEDULED:
        raise ValidationError(_("Only a scheduled meeting can be moved (this one is %(status)s).")
                              % {"status": meeting.get_status_display()})
    if meeting.starts_at <= now:
        raise ValidationError(_("This meeting has already begun: it can no longer be moved."))
    if slot.starts_at <= now:
        raise ValidationError({"slot": _("This slot has already begun: choose one that is still ahead.")})
    if not location.is_active:
        raise ValidationError({"location": _("%(location)s is out of use: choose another location.")
                               % {"location": location.name}})
    if meeting.slot_id == slot.pk and meeting.location_id == location.pk:
        raise ValidationError(_("The meeting is already there: choose another time or location."))
    if slots_held(slot, meeting.length) is None:
        raise ValidationError({"slot": ngettext(
            "This time cannot hold a meeting of %(count)d slot: choose another.",
            "This time cannot hold a meeting of %(count)d slots: choose another.", meeting.length)
            % {"count": meeting.length}})

