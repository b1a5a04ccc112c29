"""Decision e-mails, in the person's language."""

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from pavilion.registrations.models import Registration


def send_decision(registration_id: int) -> None:
    registration = (
        Registration.objects.select_related("person", "event", "category").filter(pk=registration_id).first()
    )
    if registration is None or registration.status not in ("approved", "rejected", "cancelled"):
        return
    with translation.override(registration.person.language or "en"):
        context = {"registration": registration, "person": registration.person, "event": registration.event}
        subject = render_to_string("registrations/email/decision_subject.txt", context).strip()
        body = render_to_string("registrations/email/decision_body.txt", context)
    send_mail(subject, body, None, [registration.person.email])
