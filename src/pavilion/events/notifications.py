"""Stand booking e-mails: the organiser's decision, to the exhibitor's administrators (whoever asked,
even the organiser on their behalf, the company is told; someone who no longer acts for it is not),
each in the language their account chose, else in that of the page the stand was asked on."""

from django.core.mail import send_mass_mail

from pavilion.core.accounts import preferred_language
from pavilion.core.mail import rendered, site_link
from pavilion.events.models import StandBooking
from pavilion.exhibitors.models import CompanyMember


def booking_decision(booking_id: int, reason: str = "") -> int:
    """`reason`: what the organiser wrote when declining (the booking's note is the requester's otherwise)."""
    booking = (StandBooking.objects.select_related("stand__hall", "stand__show__event", "exhibitor__company")
               .filter(pk=booking_id).first())
    if booking is None or booking.status not in (StandBooking.Status.CONFIRMED, StandBooking.Status.DECLINED):
        return 0
    admins = [member.user for member in CompanyMember.objects.filter(
        company_id=booking.exhibitor.company_id, role=CompanyMember.Role.ADMIN, user__is_active=True)
        .exclude(user__email="").select_related("user__preference").order_by("user_id")]
    event = booking.stand.show.event
    link = site_link("events:stand_booking", event=event.slug)
    messages = []
    for user in admins:
        subject, body = rendered("events/email/booking_decision", {
            "booking": booking, "stand": booking.stand, "event": event, "user": user, "link": link, "reason": reason,
            "confirmed": booking.status == StandBooking.Status.CONFIRMED},
            language=preferred_language(user) or booking.language,
            zone=event.time_zone)
        messages.append((subject, body, None, [user.email]))
    return send_mass_mail(messages) if messages else 0
