"""An announcement's e-mail: to the people of its audience with an approved registration, each once
(one address, one e-mail) and in their own language (their account's choice, else the language they
registered in); sent at most once, whatever retries the task worker makes."""

from django.core.mail import send_mass_mail
from django.db import transaction

from pavilion.core import clock
from pavilion.core.accounts import preferred_language
from pavilion.core.mail import rendered, site_link
from pavilion.events.announcement_selectors import AUDIENCE_CATEGORIES, current
from pavilion.events.models import Announcement
from pavilion.registrations.models import Registration


def recipients(announcement: Announcement) -> list[Registration]:
    """One approved registration per e-mail address in the announcement's audience (one query)."""
    registrations = Registration.objects.filter(event_id=announcement.event_id, status=Registration.Status.APPROVED)
    categories = AUDIENCE_CATEGORIES.get(announcement.audience)
    if categories is not None:
        registrations = registrations.filter(category__code__in=categories)
    registrations = (registrations.exclude(person__email="").select_related("person__user__preference")
                     .order_by("person__email", "pk"))
    chosen = {}
    for registration in registrations:
        chosen.setdefault(registration.person.email.lower(), registration)
    return list(chosen.values())


def _language(registration: Registration) -> str:
    user = registration.person.user
    return (preferred_language(user) if user is not None else None) or registration.person.language


def send(announcement_id: int) -> int:
    """E-mail the announcement if it is out, asked for and not sent yet; how many went. The row is locked
    while it is sent, so that a second run waits and then finds it sent."""
    with transaction.atomic():
        announcement = (Announcement.objects.select_for_update().filter(pk=announcement_id).first())
        if announcement is None or not announcement.send_email or announcement.emailed_at is not None:
            return 0
        if not current(Announcement.objects.filter(pk=announcement.pk)).exists():
            return 0  # not out yet (sent when it is), or withdrawn or expired meanwhile
        event = announcement.event
        link = site_link("events:announcements", event=event.slug)
        messages = []
        for registration in recipients(announcement):
            subject, body = rendered("events/email/announcement", {
                "announcement": announcement, "event": event, "person": registration.person, "link": link},
                language=_language(registration), zone=event.time_zone)
            messages.append((subject, body, None, [registration.person.email]))
        sent = send_mass_mail(messages) if messages else 0
        announcement.emailed_at, announcement.emailed_count = clock.now(), sent
        announcement.save(update_fields=["emailed_at", "emailed_count"])
    return sent


def due() -> list[int]:
    """The announcements out now whose e-mail is asked for and not sent."""
    return list(current(Announcement.objects.filter(send_email=True, emailed_at__isnull=True))
                .order_by("publish_at", "pk").values_list("pk", flat=True))
