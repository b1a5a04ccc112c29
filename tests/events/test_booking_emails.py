"""The organiser's decision on a stand request is e-mailed to the exhibitor's administrators, each in
the language their account chose, else in that of the page the stand was asked on, with the rent when confirmed and the organiser's reason
when declined (not the requester's own note); nothing for a cancellation or a decision refused."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from pavilion.events import services
from pavilion.events.models import StandBooking
from tests.events.conftest import make_stand


def request_in(client, venue, stand, language: str, note: str = "") -> StandBooking:
    client.force_login(venue.admin_a)
    client.post(f"/events/{venue.event.slug}/stands/book/", {
        "exhibitor": venue.exhibitor_a.pk, "stands": [stand.pk], "note": note}, HTTP_ACCEPT_LANGUAGE=language)
    return StandBooking.objects.get(stand=stand)


def test_a_confirmation_reaches_the_requester_in_their_language_with_the_rent(client, venue, settings,
                                                                             django_capture_on_commit_callbacks):
    settings.PAVILION_SITE_URL = "https://pavilion.example.test"
    stand = make_stand(venue, "A1", 0, 0, price_per_m2=Decimal("300"))
    booking = request_in(client, venue, stand, "ru")
    assert booking.language == "ru"
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_confirm(actor=venue.organiser, booking=booking)
    [sent] = mail.outbox
    assert sent.to == [venue.admin_a.email] and "подтверждён" in sent.subject
    assert "18 м²" in sent.body.replace("\u00a0", " ") and "5 400 AZN" in sent.body.replace("\u00a0", " ")
    assert f"https://pavilion.example.test/events/{venue.event.slug}/stands/book/" in sent.body


def test_a_decline_gives_the_organiser_s_reason_not_the_requester_s_note(client, venue,
                                                                        django_capture_on_commit_callbacks):
    stand, other = make_stand(venue, "A1", 0, 0), make_stand(venue, "A2", 10, 0)
    booking = request_in(client, venue, stand, "en", note="Near the entrance, please")
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_decline(actor=venue.organiser, booking=booking, note="Reserved for the national pavilion.")
    [sent] = mail.outbox
    assert sent.subject.endswith("your request for stand A1 was declined")
    assert "Reserved for the national pavilion." in sent.body and "the stand is free again" in sent.body
    mail.outbox.clear()
    second = request_in(client, venue, other, "en", note="Our own note")
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_decline(actor=venue.organiser, booking=second)
    assert "Our own note" not in mail.outbox[0].body


def test_a_cancellation_or_a_refused_decision_writes_nothing(client, venue, django_capture_on_commit_callbacks):
    booking = request_in(client, venue, make_stand(venue, "A1", 0, 0), "az")
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(actor=venue.admin_a, booking=booking)
        with pytest.raises(ValidationError):
            services.booking_confirm(actor=venue.organiser, booking=booking)
    assert mail.outbox == []


def test_the_company_s_administrators_hear_of_it_not_someone_who_left(client, venue, django_capture_on_commit_callbacks):
    """Asked by the organiser on the exhibitor's behalf, the decision still reaches the company's
    administrators (not the organiser); an administrator whose account is closed gets nothing."""
    from tests.factories import MemberFactory

    colleague = MemberFactory(company=venue.exhibitor_a.company, user__username="admin-a2").user
    colleague.is_active = False
    colleague.save()
    stand = make_stand(venue, "A1", 0, 0)
    [booking] = services.booking_request(actor=venue.organiser, exhibitor=venue.exhibitor_a, stand_ids=[stand.pk])
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_confirm(actor=venue.organiser, booking=booking)
    assert [message.to for message in mail.outbox] == [[venue.admin_a.email]]


def test_each_administrator_reads_the_decision_in_their_account_s_language(client, venue,
                                                                          django_capture_on_commit_callbacks):
    from pavilion.core.models import AccountPreference
    from tests.factories import MemberFactory

    colleague = MemberFactory(company=venue.exhibitor_a.company, user__username="admin-a2").user
    AccountPreference.objects.create(user=colleague, language="az")
    booking = request_in(client, venue, make_stand(venue, "A1", 0, 0), "ru")
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_confirm(actor=venue.organiser, booking=booking)
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert "подтверждён" in subjects[venue.admin_a.email]  # no choice of their own: the page's language
    assert "təsdiq" in subjects[colleague.email]
