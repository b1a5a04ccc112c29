"""Seats of a session when its room changes: a move into a room with fewer seats than are confirmed is
refused (or, when the organiser says so, the seats confirmed last go back to the waiting list), and a room
is not made smaller than the seats confirmed in it. Called by the services under their locks."""

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils.translation import ngettext

from pavilion.programme.models import Bookmark, Room, Session


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
    confirmed = Bookmark.objects.filter(session=session, status=Bookmark.Status.CONFIRMED)
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
