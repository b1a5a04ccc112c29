"""Both sides say afterwards whether a meeting was held or the other side did not come.

Each participant's row holds their own report. A meeting counts as a no-show when any participant
reported one, as held when reports exist and none is a no-show; the organiser sees the rate.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pavilion.core import clock
from pavilion.core.services import audit_record
from pavilion.meetings.models import Meeting, MeetingParticipant
from pavilion.meetings.selectors.agendas import may_mark_attendance

MARKS = [MeetingParticipant.Attendance.HELD, MeetingParticipant.Attendance.NO_SHOW]


def attendance_mark(*, actor, meeting: Meeting, registration_id: int, attendance: str) -> MeetingParticipant:
    """Record one participant's report; the participant themself or the organiser may do it."""
    if attendance not in MARKS:
        raise ValidationError({"attendance": _("Say whether the meeting was held or a no-show.")})
    with transaction.atomic():
        row = (MeetingParticipant.objects.select_for_update()
               .select_related("meeting", "registration__person")
               .filter(meeting=meeting, registration_id=registration_id).first())
        if row is None:
            raise ValidationError({"registration": _("This person is not a participant of the meeting.")})
        if not may_mark_attendance(actor, row.registration):
            raise PermissionDenied(_("Only the participant or the organiser may report on this meeting."))
        if row.meeting.status != Meeting.Status.SCHEDULED:
            raise ValidationError(_("Only a scheduled meeting can be marked."))
        if clock.now() < row.meeting.starts_at:
            raise ValidationError(_("The meeting has not started yet: mark it after its start."))
        before = row.attendance
        row.attendance, row.marked_at = attendance, clock.now()
        row.save(update_fields=["attendance", "marked_at"])
        audit_record(actor=actor, action="meeting.attendance", obj=row.meeting,
                     before={"registration": registration_id, "attendance": before},
                     after={"registration": registration_id, "attendance": attendance})
    return row
