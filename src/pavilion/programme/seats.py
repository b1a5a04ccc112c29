"""Seats of sessions: bookmarks (a seat confirmed while the room has one, else the waiting list, which moves
up whenever seats appear), the organiser's invitations, and a session's seats when its room changes (a move
into a room with fewer seats than are confirmed is refused, or, when the organiser says so, the seats
confirmed last go back to the waiting list; a room is not made smaller than the seats confirmed in it).
bookmark_add, bookmark_remove and session_invite are services of their own (each takes the session's lock);
the other functions are called by services.py under that lock."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pavilion.core.services import audit_record
from pavilion.programme.models import Bookmark, Room, Session
from pavilion.registrations.models import Registration


def check_room_seats(room: Room, capacity: int) -> None:
    """A room made smaller than the seats a session in it has confirmed would overbook it silently."""
    fullest = (room.sessions.live().annotate(taken=Count("bookmarks", filter=Q(bookmarks__status=Bookmark.Status.CONFIRMED)))
               .filter(taken__gt=capacity).order_by("-taken", "starts_at").first())
    if fullest is not None:
        raise ValidationError({"capacity": ngettext(
            "“%(title)s” has %(taken)d seat confirmed in this room: give it at least that many seats, or move the "
            "session to a larger room first.",
            "“%(title)s” has %(taken)d seats confirmed in this room: give it at least that many seats, or move the "
            "session to a larger room first.", fullest.taken) % {"title": fullest.title, "taken": fullest.taken}})


MOVING_FIELDS = ("room", "starts_at", "ends_at")


def moved(before: dict, after: dict) -> bool:
    return any(before.get(field) != after.get(field) for field in MOVING_FIELDS)


def excess_seats(session: Session, room: Room, capacity: int, *, waitlist_excess: bool) -> list[Bookmark]:
    """Under the session's lock: the confirmed bookmarks beyond `capacity` when the session changes
    room, the last confirmed first (invited guests after those who booked themselves); refused,
    naming the seats confirmed, unless `waitlist_excess`."""
    if room.pk == session.room_id or capacity >= session.capacity:
        return []  # an organiser who only fixes a title is not stopped by an overbooking made before
    confirmed = _confirmed(session)
    over = confirmed.count() - capacity
    if over <= 0:
        return []
    if not waitlist_excess:
        taken = over + capacity
        raise ValidationError({"room": ngettext(
            "%(taken)d seat of this session is confirmed, more than %(room)s holds (%(capacity)s). Choose a larger "
            "room, or let the %(over)d who booked last go to the waiting list (they are told by e-mail).",
            "%(taken)d seats of this session are confirmed, more than %(room)s holds (%(capacity)s). Choose a larger "
            "room, or let the %(over)d who booked last go to the waiting list (they are told by e-mail).",
            taken) % {"room": room.name, "capacity": capacity, "taken": taken, "over": over}})
    return list(confirmed.order_by("invited", "-created_at", "-id")[:over])


def locked_session(session: Session) -> Session:
    return Session.objects.select_for_update().select_related("room", "event").get(pk=session.pk)


def _confirmed(session: Session):
    return Bookmark.objects.filter(session=session, status=Bookmark.Status.CONFIRMED)


def seats_taken(session: Session) -> int:
    return _confirmed(session).count()


def set_status(bookmark: Bookmark, status: str, *, actor, action: str) -> Bookmark:
    before = bookmark.status
    bookmark.status = status
    bookmark.save(update_fields=["status"])
    audit_record(actor=actor, action=action, obj=bookmark, before={"status": before}, after={"status": status})
    return bookmark


def promote_waiting(session: Session, *, actor) -> list[Bookmark]:
    """Under the session's lock (the caller holds it): the waiting list of a live session for
    registered attendees confirmed, first come first served, while the room has seats. Returns
    the bookmarks promoted."""
    if session.admission != Session.Admission.REGISTERED or session.status == Session.Status.CANCELLED:
        return []
    free = session.capacity - seats_taken(session)
    if free <= 0:
        return []
    waiting = (Bookmark.objects.filter(session=session, status=Bookmark.Status.WAITLISTED)
               .order_by("created_at", "id")[:free])
    return [set_status(bookmark, Bookmark.Status.CONFIRMED, actor=actor, action="bookmark.promote")
            for bookmark in waiting]


def reseat(session: Session, *, actor) -> None:
    """Under the session's lock, its admission just changed: for registered attendees, the
    bookmarks (first come first served) take the seats the invited guests leave and the rest
    wait; otherwise a bookmark is only saved. An invited guest keeps their seat either way."""
    bookmarks = list(Bookmark.objects.filter(session=session, invited=False).order_by("created_at", "id"))
    free = session.capacity - _confirmed(session).filter(invited=True).count()
    for bookmark in bookmarks:
        if session.admission == Session.Admission.REGISTERED:
            status = Bookmark.Status.CONFIRMED if free > 0 else Bookmark.Status.WAITLISTED
            free -= status == Bookmark.Status.CONFIRMED
        else:
            status = Bookmark.Status.SAVED
        if bookmark.status != status:
            set_status(bookmark, status, actor=actor, action="bookmark.reseat")


def bookmark_add(*, actor, session: Session, registration: Registration) -> Bookmark:
    """Put a published session into an approved registration's programme. A session for
    registered attendees confirms a seat while the room has one and nobody is waiting for it,
    else puts them on the waiting list (behind those already on it); an invitation-only session is only saved (the organiser invites)."""
    if registration.status != Registration.Status.APPROVED:
        raise ValidationError({"registration": _("Only an approved registration has a personal programme.")})
    if registration.event_id != session.event_id:
        raise ValidationError({"session": _("This session belongs to another event.")})
    with transaction.atomic():
        session = locked_session(session)
        if session.status != Session.Status.PUBLISHED:
            raise ValidationError({"session": _("Only a published session can be added to a programme.")})
        existing = Bookmark.objects.filter(session=session, registration=registration).first()
        if existing is not None:
            return existing
        status = Bookmark.Status.SAVED
        if session.admission == Session.Admission.REGISTERED:
            promote_waiting(session, actor=actor)  # those already waiting come first
            waiting = Bookmark.objects.filter(session=session, status=Bookmark.Status.WAITLISTED).exists()
            full = waiting or seats_taken(session) >= session.capacity
            status = Bookmark.Status.WAITLISTED if full else Bookmark.Status.CONFIRMED
        bookmark = Bookmark.objects.create(session=session, registration=registration, status=status)
        audit_record(actor=actor, action="bookmark.add", obj=bookmark,
                     after={"session": session.pk, "registration": registration.pk, "status": status})
    return bookmark


def bookmark_remove(*, actor, session: Session, registration: Registration) -> Bookmark | None:
    """Take a session out of the programme (a cancelled one too); a freed seat goes to the first on
    the waiting list. Returns the (first) bookmark promoted, if any."""
    with transaction.atomic():
        session = locked_session(session)
        bookmark = Bookmark.objects.filter(session=session, registration=registration).first()
        if bookmark is None:
            return None
        audit_record(actor=actor, action="bookmark.remove", obj=bookmark,
                     before={"session": session.pk, "registration": registration.pk, "status": bookmark.status})
        bookmark.delete()
        promoted = promote_waiting(session, actor=actor)
    return promoted[0] if promoted else None


def session_invite(*, actor, session: Session, registration: Registration) -> Bookmark:
    """The organiser puts an approved registration on a session's list: a confirmed seat,
    within the room's capacity."""
    if registration.status != Registration.Status.APPROVED or registration.event_id != session.event_id:
        raise ValidationError({"registration": _("Invite an approved registration of this event.")})
    with transaction.atomic():
        session = locked_session(session)
        if session.status == Session.Status.CANCELLED:
            raise ValidationError({"session": _("This session is cancelled.")})
        bookmark = Bookmark.objects.filter(session=session, registration=registration).first()
        if bookmark is not None and bookmark.status == Bookmark.Status.CONFIRMED:
            return bookmark
        if seats_taken(session) >= session.capacity:
            raise ValidationError({"registration": _("All %(seats)s seats of %(room)s are taken.")
                                   % {"seats": session.capacity, "room": session.room.name}})
        bookmark = bookmark or Bookmark(session=session, registration=registration)
        bookmark.status, bookmark.invited = Bookmark.Status.CONFIRMED, True
        bookmark.save()
        audit_record(actor=actor, action="session.invite", obj=bookmark,
                     after={"session": session.pk, "registration": registration.pk})
    return bookmark
