"""The export-control rules on meeting requests, with real entries of the shipped reference data
(src/pavilion/data/export-control/embargoes.yaml, last verified 2025-10)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pavilion.exhibitors.models import ProductCategory
from pavilion.meetings.models import MeetingRequest
from pavilion.meetings.selectors.requests import requests_of, review_queue
from pavilion.meetings.services import requests as services
from pavilion.meetings.services.profiles import ProfileData, profile_save
from pavilion.meetings.services.recommendations import recommendations_for
from tests.meetings.factories import delegation_head, make_world

Status, Compliance, Review = MeetingRequest.Status, MeetingRequest.Compliance, MeetingRequest.Review


@pytest.fixture
def world(db, settings):
    return make_world(settings)


def test_a_delegation_under_a_full_eu_embargo_is_blocked_on_lethal_products(world):
    sent = services.request_send(actor=world.liaison, requester=world.belarus, counterpart=world.arms_staff,
                                 products=[world.missile], message="Procurement")
    assert (sent.status, sent.compliance) == (Status.BLOCKED, Compliance.BLOCKED)
    assert "Blocked" in sent.compliance_message and "EU full arms embargo on BY" in sent.compliance_message
    assert "last verified 2025-10" in sent.compliance_message
    [rule] = sent.compliance_rules
    assert (rule["authority"], rule["target"], rule["scope"], rule["outcome"]) == ("EU", "BY", "full", "blocked")
    assert rule["last_verified"] == "2025-10" and rule["data_last_verified"] == "2025-10"
    # Never sent: the exhibitor does not see it, and it is no open request.
    assert not requests_of(event=world.event, registrations=[world.arms_staff]).exists()
    assert list(requests_of(event=world.event, registrations=[world.belarus])) == [sent]
    with pytest.raises((ValidationError, PermissionDenied)):
        services.request_accept(actor=world.arms_user, request=sent)


def test_a_request_naming_no_products_is_judged_on_the_whole_catalogue(world):
    sent = services.request_send(actor=None, requester=world.belarus, counterpart=world.arms_staff)
    assert sent.status == Status.BLOCKED  # the catalogue holds a missile: unknown is not harmless
    allowed = services.request_send(actor=None, requester=world.belarus, counterpart=world.rescue_staff)
    # Nothing controlled, but a full embargo: sent with a warning.
    assert (allowed.status, allowed.compliance) == (Status.PENDING, Compliance.WARNING)


def test_a_full_embargo_sends_other_controlled_products_to_review(world):
    sent = services.request_send(actor=None, requester=world.belarus, counterpart=world.arms_staff,
                                 products=[world.armour])
    assert (sent.status, sent.compliance, sent.review) == (Status.PENDING, Compliance.REVIEW, Review.WAITING)


def test_south_sudan_is_under_the_un_embargo_in_2024_and_the_eu_one_after_may_2026(world, settings):
    head = delegation_head(world.event, "SS")
    sent = services.request_send(actor=None, requester=head, counterpart=world.arms_staff, products=[world.missile])
    assert sent.status == Status.BLOCKED
    assert {rule["authority"] for rule in sent.compliance_rules} == {"UN", "EU"}
    settings.PAVILION_CLOCK = "2026-07-01T10:00:00+04:00"
    later = services.request_send(actor=None, requester=head, counterpart=world.arms_staff2, products=[world.missile])
    assert later.status == Status.BLOCKED
    assert {rule["authority"] for rule in later.compliance_rules} == {"EU"}  # the UN one ended on 31 May 2026


def test_a_non_state_embargo_never_blocks_a_government_delegation_but_waits_for_review(world, client):
    sent = services.request_send(actor=None, requester=world.iraq, counterpart=world.arms_staff,
                                 products=[world.missile])
    assert (sent.status, sent.compliance, sent.review) == (Status.PENDING, Compliance.REVIEW, Review.WAITING)
    assert {(r["authority"], r["scope"]) for r in sent.compliance_rules} == {("UN", "non-state"), ("EU", "non-state")}
    assert "screen the end user" in sent.compliance_message
    assert not requests_of(event=world.event, registrations=[world.arms_staff]).exists()
    assert list(review_queue(event=world.event)) == [sent]
    with pytest.raises(ValidationError):
        services.request_accept(actor=world.arms_user, request=sent)

    client.force_login(world.arms_user)  # the counterpart cannot open it yet
    assert client.get(f"/events/{world.event.slug}/meetings/requests/{sent.pk}/").status_code == 404
    client.force_login(world.officer)
    page = client.get(f"/events/{world.event.slug}/meetings/review/")
    assert page.status_code == 200 and f'data-request="{sent.pk}"' in page.content.decode()
    response = client.post(f"/events/{world.event.slug}/meetings/review/{sent.pk}/",
                           {"verdict": "clear", "note": "End user screened: Ministry of Defence."})
    assert response.status_code == 302
    sent.refresh_from_db()
    assert (sent.review, sent.reviewed_by, sent.status) == (Review.CLEARED, world.officer, Status.PENDING)
    assert list(requests_of(event=world.event, registrations=[world.arms_staff])) == [sent]
    services.request_accept(actor=world.arms_user, request=sent)


def test_a_refused_review_blocks_the_request_and_needs_a_reason(world):
    sent = services.request_send(actor=None, requester=world.iraq, counterpart=world.arms_staff,
                                 products=[world.armour])
    with pytest.raises(ValidationError):
        services.request_review(actor=world.officer, request=sent, verdict="refuse", note="")
    with pytest.raises(PermissionDenied):
        services.request_review(actor=world.arms_user, request=sent, verdict="clear")
    services.request_review(actor=world.organiser, request=sent, verdict="refuse", note="End user not identified.")
    sent.refresh_from_db()
    assert (sent.status, sent.review, sent.review_note) == (Status.BLOCKED, Review.REFUSED, "End user not identified.")
    with pytest.raises(ValidationError):
        services.request_review(actor=world.officer, request=sent, verdict="clear")


def test_an_advisory_embargo_sends_with_a_warning_shown_to_both(world, client):
    sent = services.request_send(actor=world.visitor_user, requester=world.visitor, counterpart=world.arms_staff,
                                 products=[world.armour])
    assert (sent.status, sent.compliance, sent.review) == (Status.PENDING, Compliance.WARNING, Review.NOT_NEEDED)
    assert "OSCE advisory arms embargo on AZ" in sent.compliance_message
    for user in (world.visitor_user, world.arms_user):
        client.force_login(user)
        page = client.get(f"/events/{world.event.slug}/meetings/requests/{sent.pk}/").content.decode()
        assert 'data-compliance="warning"' in page and "OSCE" in page


def test_an_advisory_embargo_says_nothing_when_nothing_controlled_is_involved(world):
    sent = services.request_send(actor=None, requester=world.visitor, counterpart=world.rescue_staff)
    assert (sent.compliance, sent.compliance_rules) == (Compliance.ALLOWED, [])


def _seeking_arms(registration) -> None:
    profile_save(actor=None, registration=registration, data=ProfileData(
        about="guided missile and armour plate", seeks_categories=[
            ProductCategory.objects.get(slug="weapons-ammunition"),
            ProductCategory.objects.get(slug="protective-equipment")], seeks_controls=["ML4", "ML13"]))


def test_recommendations_never_offer_what_a_request_would_block(world):
    for head in (world.belarus, world.iraq):
        _seeking_arms(head)
    stored = recommendations_for(registration=world.belarus).stored
    products = {item["id"]: item["outcome"] for item in stored.data["products"]}
    assert world.missile.pk not in products
    assert products[world.armour.pk] == "review"  # what a request about it would get
    assert world.arms.pk not in {item["id"] for item in stored.data["exhibitors"]}  # it makes lethal products
    people = {item["id"] for item in stored.data["people"]}
    assert world.arms_staff.pk not in people and world.arms_staff2.pk not in people
    # The Iraqi delegation may see the missile, marked for review, as a request would be.
    iraq = recommendations_for(registration=world.iraq).stored
    outcomes = {item["id"]: item["outcome"] for item in iraq.data["products"]}
    assert outcomes[world.missile.pk] == "review"
    assert world.arms.pk in {item["id"] for item in iraq.data["exhibitors"]}


def test_the_schedule_overview_counts_what_the_review_queue_lists(world, client):
    """One definition of "waiting for compliance review": pending and held for review. A cleared
    request and a refused one are no longer waiting, on either page."""
    waiting = [services.request_send(actor=None, requester=head, counterpart=staff, products=[world.missile])
               for head in (world.iraq,) for staff in (world.arms_staff, world.arms_staff2)]
    cleared = services.request_send(actor=None, requester=world.belarus, counterpart=world.arms_staff,
                                    products=[world.armour])
    assert all(request.review == Review.WAITING for request in [*waiting, cleared])
    services.request_review(actor=world.officer, request=cleared, verdict="clear")
    client.force_login(world.organiser)
    overview = client.get(f"/events/{world.event.slug}/schedule/").content.decode()
    queue = client.get(f"/events/{world.event.slug}/meetings/review/").content.decode()
    assert 'data-in-review="2"' in overview and "<strong>2</strong> requests waiting for compliance review" in overview
    assert queue.count("<tr data-request=") == 2 and "2 requests" in queue
