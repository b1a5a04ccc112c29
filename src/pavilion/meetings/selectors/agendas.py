"""Reads of the personal agenda: who may see whose, and the meetings with the other participants."""

from django.db.models import Prefetch

from pavilion.core import roles
from pavilion.meetings.models import Meeting, MeetingParticipant
from pavilion.meetings.selectors.profiles import acting_participants, agenda_scope, participants
from pavilion.registrations.models import Registration


def own_registrations(user, event):
    """The approved registrations of the signed-in person in this event (usually one)."""
    if not getattr(user, "is_authenticated", False):
        return Registration.objects.none()
    return (Registration.objects.filter(event=event, person__user=user, status=Registration.Status.APPROVED)
            .select_related("person", "category", "delegation", "exhibitor__company").order_by("pk"))


def agenda_choices(user, event) -> list[Registration]:
    """Whose agendas "My agenda" offers: the user's own registrations, then the participants they act
    for on the request pages (their company's staff, the head of the delegation they are liaison of),
    then the other approved members of that delegation (profiles.agenda_scope)."""
    own = list(own_registrations(user, event))
    members = [] if not getattr(user, "is_authenticated", False) else list(
        participants(event).filter(delegation__liaison=user).order_by("delegation_id", "protocol_order",
                                                                      "person__family_name", "pk"))
    chosen = {}
    for registration in own + acting_participants(user, event) + members:
        chosen.setdefault(registration.pk, registration)
    return list(chosen.values())


def may_see_agenda(user, registration: Registration) -> bool:
    """The participant themself, whoever acts for them on the request pages (selectors.profiles.
    acting_scope: they accepted those meetings, they must know when and where), the liaison of their
    delegation if they are an approved member of it (profiles.agenda_scope: the liaison looks after the
    delegation's meetings), or the organiser; nobody else sees another person's agenda. Whoever sees
    an agenda may cancel its meetings (views.schedule.meeting_cancel)."""
    if roles.is_organiser(user):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    if registration.person.user_id == user.pk:
        return True
    return Registration.objects.filter(pk=registration.pk).filter(agenda_scope(user)).exists()


def may_mark_attendance(user, registration: Registration) -> bool:
    """Who reports whether a meeting was held (services.attendance and the agenda's buttons): the
    participant themself or the organiser."""
    return roles.is_organiser(user) or (getattr(user, "is_authenticated", False)
                                        and registration.person.user_id == user.pk)


def participant_rows():
    return MeetingParticipant.objects.select_related(
        "registration__person", "registration__exhibitor__company").order_by("pk")


def agenda(registration: Registration, *, statuses=(Meeting.Status.SCHEDULED,)):
    """The participant's meetings in time order, with location, hall and every participant."""
    return (Meeting.objects.filter(event_id=registration.event_id, status__in=statuses,
                                   attendance__registration=registration)
            .select_related("location__hall")
            .prefetch_related(Prefetch("attendance", queryset=participant_rows()))
            .order_by("starts_at", "pk"))


def organisation(registration: Registration) -> str:
    if registration.organisation:
        return registration.organisation
    if registration.exhibitor_id:
        return registration.exhibitor.company.name
    return ""


def display_name(registration: Registration) -> str:
    """Name and organisation: all a participant sees of the others."""
    name = registration.person.full_name
    company = organisation(registration)
    return f"{name} ({company})" if company else name


def others(meeting: Meeting, registration_id: int) -> list[MeetingParticipant]:
    return [row for row in meeting.attendance.all() if row.registration_id != registration_id]


def own_row(meeting: Meeting, registration_id: int) -> MeetingParticipant | None:
    return next((row for row in meeting.attendance.all() if row.registration_id == registration_id), None)
