"""Meeting requests: sending and its refusals (nothing changed), answers, quotas, the organiser's
rules, and who sees what."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pavilion.core import clock
from pavilion.core.models import AuditEntry
from pavilion.meetings.models import MeetingProfile, MeetingRequest, MeetingSettings, MeetingSlot, RequestRule
from pavilion.meetings.services import request_checks
from pavilion.meetings.services import requests as services
from pavilion.meetings.services.requests_rules import request_rules_set
from tests.factories import ExhibitorFactory, ShowFactory, UserFactory
from tests.meetings.factories import make_world, participant, slots_of_the_show_day

Status = MeetingRequest.Status


@pytest.fixture
def world(db, settings):
    return make_world(settings)


def send(world, requester=None, counterpart=None, **kwargs):
    return services.request_send(actor=None, requester=requester or world.visitor,
                                 counterpart=counterpart or world.rescue_staff, **kwargs)


def refused(world, expected: str, **kwargs):
    before = (MeetingRequest.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as error:
        send(world, **kwargs)
    assert expected in " ".join(error.value.messages)
    assert (MeetingRequest.objects.count(), AuditEntry.objects.count()) == before
    return error.value


def with_account(registration):
    """A delegation member with an account of their own: someone answers their requests without a liaison
    (test_delegation_member_requests has the member nobody answers for)."""
    registration.person.user = UserFactory()
    registration.person.save(update_fields=["user"])
    return registration


def test_a_request_is_sent_with_its_details_and_audited(world):
    with_account(world.iraq)
    sent = services.request_send(actor=world.arms_user, requester=world.arms_staff, counterpart=world.iraq,
                                 message="Demonstration", priority=3, length=2, products=[world.armour.pk],
                                 team=[world.arms_staff2])
    assert (sent.status, sent.priority, sent.length, sent.message) == (Status.PENDING, 3, 2, "Demonstration")
    assert list(sent.team.all()) == [world.arms_staff2]
    entry = AuditEntry.objects.get(action="meeting_request.send", object_id=str(sent.pk))
    assert entry.actor == world.arms_user and entry.after["compliance"] == sent.compliance


def test_a_request_to_oneself_is_refused(world):
    refused(world, "yourself", counterpart=world.visitor)


def test_a_duplicate_request_is_refused_in_either_direction(world):
    send(world, requester=world.rescue_staff, counterpart=world.visitor)
    refused(world, "already an open request")
    refused(world, "already an open request", requester=world.rescue_staff, counterpart=world.visitor)


def test_a_request_may_follow_a_declined_one(world):
    first = send(world)
    services.request_decline(actor=None, request=first, message="Busy")
    assert send(world).status == Status.PENDING


def test_a_request_over_the_quota_is_refused(world):
    MeetingSettings.objects.update_or_create(event=world.event, defaults={"request_quota": 2})
    send(world, counterpart=world.rescue_staff)
    send(world, counterpart=world.arms_staff, products=[world.armour])
    error = refused(world, "quota of 2", counterpart=world.arms_staff2)
    assert error is not None
    # A cancelled request frees a place.
    services.request_cancel(actor=None, request=MeetingRequest.objects.filter(counterpart=world.rescue_staff).get())
    assert send(world, counterpart=world.arms_staff2).status == Status.PENDING


def test_a_request_outside_the_organisers_rules_is_refused(world):
    refused(world, "Under the organiser's rules, participants registered as “Trade visitor” cannot request "
            "meetings with participants registered as “Trade visitor”.", counterpart=world.other_visitor)
    refused(world, "participants registered as “Media” cannot request meetings with participants registered as "
            "“Trade visitor”", requester=world.media, counterpart=world.visitor)
    request_rules_set(actor=world.organiser, event=world.event, pairs=[("trade-visitor", "trade-visitor")])
    assert send(world, counterpart=world.other_visitor).status == Status.PENDING
    refused(world, "Under the organiser's rules", counterpart=world.rescue_staff)  # that rule is gone now


def test_a_request_to_someone_not_registered_is_refused(world):
    for status in ("in-review", "rejected", "cancelled"):
        pending = participant(world.event, "exhibitor-staff", exhibitor=world.rescue, status=status)
        refused(world, "not registered", counterpart=pending)
    contractor = participant(world.event, "contractor")
    refused(world, "not registered", counterpart=contractor)


def test_a_request_to_an_unlisted_participant_is_refused(world):
    MeetingProfile.objects.create(registration=world.rescue_staff, is_listed=False)
    refused(world, "does not take meeting requests")


def test_closed_requests_bad_details_products_and_team_are_refused(world):
    refused(world, "Priority", priority=4)
    refused(world, "1 to 4 consecutive slots", length=0)
    refused(world, "longer than", message="x" * 2001)
    refused(world, "products of the exhibitor", products=[world.missile])  # not the counterpart's
    refused(world, "own delegation", team=[world.other_visitor])
    MeetingSettings.objects.update_or_create(event=world.event, defaults={"requests_open": False})
    refused(world, "closed meeting requests")


def test_only_those_who_act_for_the_requester_send(world):
    with pytest.raises(PermissionDenied):
        services.request_send(actor=world.arms_user, requester=world.visitor, counterpart=world.rescue_staff)
    # The liaison acts for the head of the delegation, the exhibitor's admin for its staff.
    assert services.request_send(actor=world.liaison, requester=world.belarus, counterpart=world.rescue_staff)
    assert services.request_send(actor=world.arms_user, requester=world.arms_staff2, counterpart=world.visitor)


def test_answers_go_by_the_side_and_the_state(world):
    sent = send(world, counterpart=world.arms_staff, products=[world.armour])
    with pytest.raises(PermissionDenied):
        services.request_accept(actor=world.visitor_user, request=sent)  # the requester cannot accept
    with pytest.raises(PermissionDenied):
        services.request_cancel(actor=world.arms_user, request=sent)  # nor the counterpart cancel
    services.request_propose(actor=world.arms_user, request=sent, message="Thursday at 11:00?")
    sent.refresh_from_db()
    assert (sent.status, sent.response) == (Status.PROPOSED, "Thursday at 11:00?")
    with pytest.raises(ValidationError):
        services.request_accept(actor=world.arms_user, request=sent)
    services.request_accept_proposal(actor=world.visitor_user, request=sent)
    sent.refresh_from_db()
    assert sent.status == Status.ACCEPTED and sent.responded_at is not None
    with pytest.raises(ValidationError):
        services.request_decline(actor=world.arms_user, request=sent)
    services.request_cancel(actor=world.visitor_user, request=sent)
    sent.refresh_from_db()
    assert sent.status == Status.CANCELLED
    with pytest.raises(ValidationError):
        services.request_cancel(actor=world.visitor_user, request=sent)
    actions = list(AuditEntry.objects.filter(object_id=str(sent.pk), object_type="meetings.meetingrequest")
                   .order_by("id").values_list("action", flat=True))
    assert actions == ["meeting_request.send", "meeting_request.propose", "meeting_request.accept_proposal",
                       "meeting_request.cancel"]


def test_another_time_is_a_slot_when_the_event_has_slots(world, settings):
    import datetime

    from django.utils import timezone

    sent = send(world)
    with pytest.raises(ValidationError):
        services.request_propose(actor=None, request=sent)  # neither slot nor text
    start = timezone.make_aware(datetime.datetime(2024, 9, 25, 11, 0))
    slot = MeetingSlot.objects.create(event=world.event, starts_at=start, ends_at=start + datetime.timedelta(minutes=30))
    with pytest.raises(ValidationError):
        services.request_propose(actor=None, request=sent, message="later")  # the event has slots now
    services.request_propose(actor=None, request=sent, slot=slot)
    sent.refresh_from_db()
    assert sent.proposed_slot == slot


def test_the_decline_keeps_the_message(world):
    sent = send(world)
    services.request_decline(actor=None, request=sent, message="  Fully booked.  ")
    sent.refresh_from_db()
    assert (sent.status, sent.response) == (Status.DECLINED, "Fully booked.")


def test_rules_are_set_by_the_organiser_only(world):
    with pytest.raises(PermissionDenied):
        request_rules_set(actor=world.visitor_user, event=world.event, pairs=[])
    with pytest.raises(ValidationError):
        request_rules_set(actor=world.organiser, event=world.event, pairs=[("trade-visitor", "organiser")])
    request_rules_set(actor=world.organiser, event=world.event, pairs=[("media", "exhibitor-staff")])
    assert list(RequestRule.objects.filter(event=world.event).values_list(
        "requester_category", "counterpart_category")) == [("media", "exhibitor-staff")]


def test_the_rules_page_saves_the_matrix(world, client):
    url = f"/events/{world.event.slug}/meetings/rules/"
    client.force_login(world.visitor_user)
    assert client.get(url).status_code == 403
    client.force_login(world.organiser)
    page = client.get(url)
    assert page.status_code == 200 and 'name="rule__trade-visitor__exhibitor-staff" id="id_rule__trade-visitor__exhibitor-staff" checked' \
        in page.content.decode()
    response = client.post(url, {"requests_open": "on", "request_quota": "7",
                                 "rule__media__trade-visitor": "on"})
    assert response.status_code == 302
    assert MeetingSettings.objects.get(event=world.event).request_quota == 7
    assert list(RequestRule.objects.filter(event=world.event).values_list(
        "requester_category", "counterpart_category")) == [("media", "trade-visitor")]
    response = client.post(url, {"request_quota": "0"})
    assert response.status_code == 200 and RequestRule.objects.filter(event=world.event).count() == 1


def test_the_database_refuses_a_second_open_request_between_the_same_two(world):
    from django.db import IntegrityError, transaction

    sent = send(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingRequest.objects.create(event=world.event, requester=sent.requester, counterpart=sent.counterpart,
                                      created_at=sent.created_at)



def test_a_request_within_one_company_or_one_delegation_is_refused(world):
    """One account acts for both sides of such a request: it could send it and accept it itself."""
    refused(world, "You cannot request a meeting with a colleague of your own company.",
            requester=world.arms_staff, counterpart=world.arms_staff2)
    # The same company exhibiting at a second show of the event is still the same side.
    second_show = ExhibitorFactory(show=ShowFactory(event=world.event), company=world.arms.company)
    colleague = participant(world.event, "exhibitor-staff", exhibitor=second_show, nationality="TR")
    refused(world, "colleague of your own company", requester=colleague, counterpart=world.arms_staff)
    member = participant(world.event, "delegation-member", nationality="BY", delegation=world.belarus.delegation,
                         protocol_order=2)
    refused(world, "You cannot request a meeting with a member of your own delegation.",
            requester=world.belarus, counterpart=member)
    # Another company or delegation is fine.
    assert send(world, requester=world.arms_staff, counterpart=with_account(world.iraq)).status == Status.PENDING


def test_a_request_within_one_company_sent_before_the_rule_cannot_be_accepted(world):
    sent = MeetingRequest.objects.create(event=world.event, requester=world.arms_staff, counterpart=world.arms_staff2,
                                         created_at=clock.now())
    with pytest.raises(ValidationError, match="same company or delegation"):
        services.request_accept(actor=world.arms_user, request=sent)
    sent.refresh_from_db()
    assert sent.status == Status.PENDING


def test_answers_refused_by_the_state_say_why_in_a_sentence(world):
    sent = send(world, counterpart=world.arms_staff, products=[world.armour])
    with pytest.raises(ValidationError, match="No other time has been proposed for this request."):
        services.request_accept_proposal(actor=None, request=sent)
    services.request_propose(actor=None, request=sent, message="Thursday?")
    for answer in (services.request_accept, services.request_propose):
        with pytest.raises(ValidationError) as error:
            answer(actor=None, request=sent, **({"message": "Friday?"} if answer is services.request_propose else {}))
        assert error.value.messages == ["Another time has already been proposed for this request: it waits for the "
                                        "requester's answer."]
    services.request_accept_proposal(actor=None, request=sent)
    with pytest.raises(ValidationError, match="This request has already been accepted."):
        services.request_decline(actor=None, request=sent)
    declined = send(world, counterpart=world.rescue_staff)
    services.request_decline(actor=None, request=declined)
    with pytest.raises(ValidationError, match="This request has been declined."):
        services.request_cancel(actor=None, request=declined)


def test_a_slot_that_has_begun_is_neither_proposed_nor_accepted(world, settings):
    slots = slots_of_the_show_day(world)
    sent = send(world)
    settings.PAVILION_CLOCK = "2024-09-24T10:00:00+04:00"
    before = AuditEntry.objects.count()
    for slot in slots[:3]:  # 09:00, 09:30 and 10:00 (starting now)
        with pytest.raises(ValidationError, match="This slot has already begun: propose one that is still ahead."):
            services.request_propose(actor=None, request=sent, slot=slot)
    sent.refresh_from_db()
    assert (sent.status, sent.proposed_slot, AuditEntry.objects.count()) == (Status.PENDING, None, before)
    services.request_propose(actor=None, request=sent, slot=slots[3])  # 10:30
    settings.PAVILION_CLOCK = "2024-09-24T10:31:00+04:00"
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError, match="The time proposed has already begun or passed"):
        services.request_accept_proposal(actor=None, request=sent)
    sent.refresh_from_db()
    assert (sent.status, AuditEntry.objects.count()) == (Status.PROPOSED, before)


def test_once_every_slot_has_begun_another_time_is_said_in_words(world, settings):
    slots_of_the_show_day(world)
    sent = send(world)
    settings.PAVILION_CLOCK = "2024-09-24T11:00:00+04:00"
    services.request_propose(actor=None, request=sent, message="Tomorrow morning at our stand")
    sent.refresh_from_db()
    assert (sent.status, sent.proposed_slot) == (Status.PROPOSED, None)


def _exhibitor_status(exhibitor, status):
    exhibitor.status = status
    exhibitor.save(update_fields=["status"])


@pytest.mark.parametrize(("status", "said"), [("withdrawn", "Caspian Arms is withdrawn from"),
                                              ("applied", "Caspian Arms is not yet an approved exhibitor")])
def test_no_new_request_to_or_from_the_staff_of_an_exhibitor_not_approved(world, status, said):
    earlier = send(world, counterpart=world.arms_staff)
    _exhibitor_status(world.arms, status)
    error = refused(world, said, requester=world.other_visitor, counterpart=world.arms_staff)
    assert "take" in " ".join(error.messages) and "counterpart" in error.message_dict
    error = refused(world, said, requester=world.arms_staff, counterpart=world.rescue_staff)
    assert "send" in " ".join(error.messages) and "requester" in error.message_dict
    with pytest.raises(ValidationError, match=said):
        request_checks.check_pair(world.other_visitor, world.arms_staff)
    from pavilion.meetings.selectors import profiles

    listed = profiles.listed_people(world.event)
    assert world.arms_staff not in listed and world.rescue_staff in listed and world.visitor in listed
    assert world.arms.pk not in profiles.exhibitor_contacts(world.event, [world.arms.pk, world.rescue.pk])
    # What was there before stays: the request and the staff's own view of it.
    assert MeetingRequest.objects.filter(pk=earlier.pk).exists()
    assert world.arms_staff in profiles.acting_participants(world.arms_user, world.event)


def test_the_request_form_offers_no_staff_of_a_withdrawn_exhibitor(world, client):
    _exhibitor_status(world.arms, "withdrawn")
    client.force_login(world.visitor_user)
    base = f"/events/{world.event.slug}/meetings/requests/new/"
    found = client.get(base, {"q": "Caspian Arms"})
    assert found.status_code == 200 and world.arms_staff.person.full_name not in found.content.decode()
    direct = client.get(base, {"to": world.arms_staff.pk}, follow=True).content.decode()
    assert "Caspian Arms is withdrawn from" in direct and "take no new meeting requests" in direct
    client.force_login(world.arms_user)
    own = client.get(base, {"q": "Baku Rescue"}, follow=True).content.decode()
    assert "send no new meeting requests" in own and world.rescue_staff.person.full_name not in own
