"""E-mails are plain text: what a name or a reason holds ("&", "<", quotes) arrives as written, in
the subject and in the body, and the rendering changes nothing else."""

import datetime
import decimal
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from pavilion.core.mail import rendered

SPECIAL = "ADEX & Securex <Caspian> \"2024\" 'Baku'"
ESCAPES = ("&amp;", "&lt;", "&gt;", "&quot;", "&#x27;", "&#39;")


def _contexts(text: str) -> dict[str, dict]:
    """A context for each e-mail template, every free text in it being `text`."""
    event = SimpleNamespace(name_en=text, name_az=text, name_ru=text, stand_currency="AZN")
    recipient = SimpleNamespace(given_name=text)
    start = datetime.datetime(2024, 9, 24, 6, 0, tzinfo=datetime.UTC)
    hall = SimpleNamespace(name_en=text, name_az=text, name_ru=text)
    stand = SimpleNamespace(code="A-1", hall=hall, area_m2=decimal.Decimal("9"), price=decimal.Decimal("5760"))
    company = SimpleNamespace(name=text)
    user = SimpleNamespace(first_name=text, username="user", get_full_name=lambda: text,
                           get_username=lambda: "user")
    category = SimpleNamespace(name_en=text, name_az=text, name_ru=text)
    meeting = {"person": recipient, "event": event, "other": text, "link": "https://pavilion.test/m/1/",
               "request": SimpleNamespace(message=text, response=text)}
    contexts = {
        "registrations/email/decision": {
            "registration": SimpleNamespace(status="rejected", category=category, status_reason=text),
            "person": recipient, "event": event, "link": "https://pavilion.test/r/1/"},
        "registrations/email/reopened": {
            "registration": SimpleNamespace(category=category), "person": recipient, "event": event,
            "link": "https://pavilion.test/r/1/"},
        "registrations/email/submitted": {
            "registration": SimpleNamespace(category=category), "person": recipient, "event": event,
            "link": "https://pavilion.test/r/1/"},
        "registrations/email/links": {
            "person": recipient, "event": event,
            "rows": [{"registration": SimpleNamespace(category=category, get_status_display=lambda: text),
                      "link": "https://pavilion.test/r/1/"}]},
        "registrations/email/received": {
            "registration": SimpleNamespace(category=category), "person": recipient, "event": event, "company": text,
            "delegation": None, "link": "https://pavilion.test/r/1/"},
        "meetings/email/request_received": meeting,
        "meetings/email/request_answered": {**meeting, "status": "declined", "took_proposal": False,
                                            "proposed_start": None},
        "meetings/email/request_cancelled": meeting,
        "meetings/email/request_reviewed": {**meeting, "cleared": False,
                                            "request": SimpleNamespace(message=text, review_message=text)},
        "meetings/email/meeting_cancelled": {
            "person": recipient, "event": event, "canceller": text, "link": "https://pavilion.test/agenda/",
            "meeting": SimpleNamespace(starts_at=start, cancel_reason=text,
                                       location=SimpleNamespace(name=text, hall=hall))},
        "meetings/email/meeting_moved": {
            "person": recipient, "event": event, "link": "https://pavilion.test/agenda/", "reason": text,
            "was_at": start, "was_in": SimpleNamespace(name=text),
            "meeting": SimpleNamespace(starts_at=start, ends_at=start + datetime.timedelta(minutes=30),
                                       location=SimpleNamespace(name=text, hall=hall))},
        "meetings/email/schedule_published": {
            "person": recipient, "event": event, "zone": "Asia/Baku", "link": "https://pavilion.test/agenda/",
            "rows": [{"start": start, "end": start + datetime.timedelta(minutes=30),
                      "location": SimpleNamespace(name=text), "hall": hall, "with": [text]}]},
        "events/email/booking_decision": {
            "booking": SimpleNamespace(exhibitor=SimpleNamespace(company=company)), "stand": stand,
            "event": event, "user": user, "link": "https://pavilion.test/b/", "reason": text, "confirmed": False},
        "core/email/invitation": {"user": user, "link": "https://pavilion.test/set/", "roles": []},
        "events/email/postponed": {
            "person": recipient, "event": event, "start": start.date(), "end": start.date(), "zone": "Asia/Baku",
            "new_card": True, "link": "https://pavilion.test/r/1/"},
        "events/email/delegation_moved": {
            "liaison": user, "event": event, "start": start.date(), "end": start.date(), "zone": "Asia/Baku",
            "link": "https://pavilion.test/delegations/1/",
            "delegation": SimpleNamespace(country=SimpleNamespace(name=text), sending_body=text, arrival=start,
                                          departure=None),
            "visits": [SimpleNamespace(starts_at=start, ends_at=start + datetime.timedelta(hours=1), title=text,
                                       place=text)]},
        "events/email/meetings_moved": {
            "person": recipient, "event": event, "zone": "Asia/Baku", "link": "https://pavilion.test/agenda/",
            "rows": [{"start": start, "end": start + datetime.timedelta(minutes=30),
                      "location": SimpleNamespace(name=text), "hall": hall, "with": [text]}]},
        "programme/email/session_changed": {
            "person": recipient, "event": event, "zone": "Asia/Baku", "link": "https://pavilion.test/s/1/",
            "waitlisted": True,
            "session": SimpleNamespace(title_en=text, title_az=text, title_ru=text, starts_at=start,
                                       ends_at=start + datetime.timedelta(hours=1), room=hall)},
        "programme/email/session_cancelled": {
            "person": recipient, "event": event, "zone": "Asia/Baku", "link": "https://pavilion.test/s/1/",
            "session": SimpleNamespace(title_en=text, title_az=text, title_ru=text, starts_at=start,
                                       ends_at=start + datetime.timedelta(hours=1), room=hall)},
        "events/email/announcement": {
            "announcement": SimpleNamespace(importance="urgent", title_en=text, title_az=text, title_ru=text,
                                            body_en=text, body_az=text, body_ru=text),
            "event": event, "person": recipient, "link": "https://pavilion.test/events/e/announcements/"},
    }
    for name, context in contexts.items():
        if name.startswith("meetings/"):  # the meeting e-mails greet by `greeting` (a liaison's or the person's name)
            context.setdefault("greeting", text)
    return contexts


TEMPLATES = list(_contexts(""))


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("language", ["en", "az", "ru"])
def test_ampersands_brackets_and_quotes_arrive_as_written(template, language):
    subject, body = rendered(template, _contexts(SPECIAL)[template], language=language, zone="Asia/Baku")
    assert SPECIAL in body
    if template != "core/email/invitation":  # its subject names nobody
        assert SPECIAL in subject
    for escape in ESCAPES:
        assert escape not in subject and escape not in body


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("language", ["en", "az", "ru"])
def test_text_without_special_characters_is_rendered_as_before(template, language):
    """The autoescaping rendering and the plain one agree wherever there is nothing to escape."""
    context = _contexts("ADEX and Securex Caspian 2024")[template]
    with translation.override(language), timezone.override("Asia/Baku"):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
    assert rendered(template, context, language=language, zone="Asia/Baku") == (subject, body)
