"""Registration e-mails, in the person's language (their account's, else the one they registered in):
the confirmation to someone who registered themselves, the notice to someone whom another registered,
the decision (each with the link to follow the registration), the notice that a rejected registration
is being reviewed again, and one's links sent again on request."""

from django.core.mail import send_mail

from pavilion.core.accounts import preferred_language
from pavilion.core.mail import rendered, site_link
from pavilion.registrations.models import Registration


def status_token(registration: Registration) -> str:
    """The token of the person's status link: random, stored with the registration (never its number,
    never personal data)."""
    return registration.link_token


def status_link(registration: Registration) -> str:
    return site_link("registrations:status", token=status_token(registration))


def _language(registration: Registration) -> str:
    return preferred_language(registration.person.user) or registration.person.language


def send_decision(registration_id: int) -> None:
    registration = (
        Registration.objects.select_related("person__user__preference", "event", "category").filter(pk=registration_id).first()
    )
    if registration is None or registration.status not in ("approved", "rejected", "cancelled"):
        return
    subject, body = rendered("registrations/email/decision", {
        "registration": registration, "person": registration.person, "event": registration.event,
        "link": status_link(registration)},
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
        "link": status_link(registration)},
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
        "link": status_link(registration)},
        language=_language(registration), zone=registration.event.time_zone)
    send_mail(subject, body, None, [registration.person.email])


def send_submitted(registration_id: int) -> None:
    """Confirm to a person who registered themselves that it is received, with the link to follow, change
    or withdraw it: the page the form led to is lost with the tab, and the link is their only way back."""
    registration = (
        Registration.objects.select_related("person__user__preference", "event", "category")
        .filter(pk=registration_id).first()
    )
    if registration is None or registration.status in ("rejected", "cancelled"):
        return
    subject, body = rendered("registrations/email/submitted", {
        "registration": registration, "person": registration.person, "event": registration.event,
        "link": status_link(registration)},
        language=_language(registration), zone=registration.event.time_zone)
    send_mail(subject, body, None, [registration.person.email])


def send_links(registration_ids: list[int]) -> None:
    """One's status links again (views.link_request): one e-mail per address, in the language of the
    latest of its registrations, listing each registration with its link."""
    registrations = list(
        Registration.objects.select_related("person__user__preference", "event", "category")
        .filter(pk__in=registration_ids).order_by("-submitted_at", "-pk")
    )
    if not registrations:
        return
    latest = registrations[0]
    rows = [{"registration": registration, "link": status_link(registration)} for registration in registrations]
    subject, body = rendered("registrations/email/links", {
        "person": latest.person, "event": latest.event, "rows": rows},
        language=_language(latest), zone=latest.event.time_zone)
    send_mail(subject, body, None, [latest.person.email])
