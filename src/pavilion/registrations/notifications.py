"""Decision e-mails, in the person's language."""

from django.core.mail import send_mail

from pavilion.core.mail import rendered
from pavilion.registrations.models import Registration


def send_decision(registration_id: int) -> None:
    registration = (
        Registration.objects.select_related("person", "event", "category").filter(pk=registration_id).first()
    )
    if registration is None or registration.status not in ("approved", "rejected", "cancelled"):
        return
    subject, body = rendered("registrations/email/decision", {
        "registration": registration, "person": registration.person, "event": registration.event},
        language=registration.person.language, zone=registration.event.time_zone)
    send_mail(subject, body, None, [registration.person.email])
