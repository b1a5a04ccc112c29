"""Stand booking e-mails: the organiser's decision, to the exhibitor's administrator who asked, in
the language of the page they asked on."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from pavilion.core.mail import rendered
from pavilion.events.models import StandBooking


def booking_decision(booking_id: int, reason: str = "") -> int:
    """`reason`: what the organiser wrote when declining (the booking's note is the requester's otherwise)."""
    booking = (StandBooking.objects.select_related("stand__hall", "stand__show__event", "exhibitor__company",
                                                   "requested_by").filter(pk=booking_id).first())
    if booking is None or booking.status not in (StandBooking.Status.CONFIRMED, StandBooking.Status.DECLINED):
        return 0
    user = booking.requested_by
    if user is None or not user.email:
        return 0
    event = booking.stand.show.event
    link = settings.PAVILION_SITE_URL.rstrip("/") + reverse("events:stand_booking", kwargs={"event": event.slug})
    subject, body = rendered("events/email/booking_decision", {
        "booking": booking, "stand": booking.stand, "event": event, "user": user, "link": link, "reason": reason,
        "confirmed": booking.status == StandBooking.Status.CONFIRMED}, language=booking.language, zone=event.time_zone)
    return send_mail(subject, body, None, [user.email])
