"""Registration e-mails, in the person's language (their account's, else the one they registered in):
the decision, the notice to someone whom another registered (with the link to follow it), and the
notice that a rejected registration is being reviewed again."""

from django.core import signing
from django.core.mail import send_mail

from pavilion.core.accounts import preferred_language
from pavilion.core.mail import rendered, site_link
from pavilion.registrations.models import Registration

# The person's status link carries the registration's id only, signed (never personal data).
SALT = "pavilion.registration.status"


def status_token(registration: Registration) -> str:
    return signing.dumps(registration.pk, salt=SALT)


def _language(registration: Registration) -> str:
    return preferred_language(registration.person.user) or registration.person.language


def send_decision(registration_id: int) -> None:
    registration = (
        Registration.objects.select_related("person__user__preference", "event", "category").filter(pk=registration_id).first()
    )
    if registration is None or registration.status not in ("approved", "rejected", "cancelled"):
        return
    subject, body = rendered("registrations/email/decision", {
        "registration": registration, "person": registration.person, "event": registration.event},
        language=_language(registration), zone=registration.event.time_zone)
    send_mail(subject, body, None, [registration.person.email])


def send_received(registration_id: int) -> None:
    """Tell a person whom their exhibitor, their delegation's liaison or the organiser registered: else
    they learn of it only from the decision, and have no link to check or correct their data before."""
    registration = (
        Registration.objects.select_related("person__user__preference", "event__organiser", "category",
                                            "exhibitor__company", "delegation").filter(pk=registration_id).first()
    )
    if registration is None or registration.status in ("rejected", "cancelled"):
        return
    # Who registered them, as the person knows them: their company, else the event's organiser (a
    # delegation member is told the delegation instead, in a wording of its own).
    company = registration.exhibitor.company.name if registration.exhibitor_id else registration.event.organiser.name
    subject, body = rendered("registrations/email/received", {
        "registration": registration, "person": registration.person, "event": registration.event,
        "company": company, "delegation": registration.delegation,
        "link": site_link("registrations:status", token=status_token(registration))},
        language=_language(registration), zone=registration.event.time_zone)
    send_mail(subject, body, None, [registration.person.email])


def send_reopened(registration_id: int) -> None:
    """Tell a person whose rejected registration the organiser reopened that it is being reviewed again:
    else the rejection is the last they heard of it until the next decision. The organiser's reason stays
    with the registration: the person is told no more than that, with the link to follow it."""
    registration = (
        Registration.objects.select_related("person__user__preference", "event", "category")
        .filter(pk=registration_id).first()
    )
    if registration is None or registration.status != "in-review":
        return
    subject, body = rendered("registrations/email/reopened", {
        "registration": registration, "person": registration.person, "event": registration.event,
        "link": site_link("registrations:status", token=status_token(registration))},
        language=_language(registration), zone=registration.event.time_zone)
    send_mail(subject, body, None, [registration.person.email])
