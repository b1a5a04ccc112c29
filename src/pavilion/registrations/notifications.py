"""Decision e-mails, in the person's language (their account's, else the one they registered in)."""

from django.core.mail import send_mail

from pavilion.core.accounts import preferred_language
from pavilion.core.mail import rendered
from pavilion.registrations.models import Registration


def send_decision(registration_id: int) -> None:
    registration = (
        Registration.objects.select_related("person__user__preference", "event", "category").filter(pk=registration_id).first()
    )
    if registration is None or registration.status not in ("approved", "rejected", "cancelled"):
        return
    subject, body = rendered("registrations/email/decision", {
        "registration": registration, "person": registration.person, "event": registration.event},
        language=preferred_language(registration.person.user) or registration.person.language, zone=registration.event.time_zone)
    send_mail(subject, body, None, [registration.person.email])
