"""Request pages and the API: nobody sees others' requests; lists cost a fixed number of queries."""

import json

import pytest

from pavilion.core.services import api_token_create
from pavilion.meetings.models import MeetingRequest
from pavilion.meetings.services import requests as services
from tests.meetings.factories import make_world, participant, slots_of_the_show_day

Status = MeetingRequest.Status


@pytest.fixture
def world(db, settings):
    return make_world(settings)


def url(world, tail: str = "") -> str:
    return f"/events/{world.event.slug}/meetings/{tail}"


def api(world, tail: str = "") -> str:
    return f"/api/v1/events/{world.event.slug}/meeting-requests{tail}"


def test_the_visitor_sends_from_the_form_and_the_exhibitor_accepts(world, client):
    client.force_login(world.visitor_user)
    form = client.get(url(world, f"requests/new/?exhibitor={world.arms.pk}&product={world.armour.pk}"))
    assert form.status_code == 200 and 'data-testid="request-form"' in form.content.decode()
    response = client.post(url(world, f"requests/new/?exhibitor={world.arms.pk}"), {
        "counterpart": world.arms_staff.pk, "message": "Body armour for our police", "priority": "3",
        "length": "1", "products": [world.armour.pk]})
    sent = MeetingRequest.objects.get()
    assert response.status_code == 302 and response["Location"].startswith(url(world, f"requests/{sent.pk}/"))
    assert (sent.requester, sent.counterpart, sent.compliance) == (world.visitor, world.arms_staff, "warning")
    client.force_login(world.arms_user)
    inbox = client.get(url(world, "requests/?box=received")).content.decode()
    assert f'data-request="{sent.pk}"' in inbox
    client.post(url(world, f"requests/{sent.pk}/accept/"))
    sent.refresh_from_db()
    assert sent.status == Status.ACCEPTED


def test_a_form_refusal_is_shown_and_changes_nothing(world, client):
    client.force_login(world.visitor_user)
    response = client.post(url(world, f"requests/new/?to={world.other_visitor.pk}"), {
        "counterpart": world.other_visitor.pk, "priority": "2", "length": "1"})
    assert response.status_code == 200
    assert "cannot request meetings with participants registered as" in response.content.decode()
    assert not MeetingRequest.objects.exists()
    pending = participant(world.event, "media", status="in-review")
    response = client.get(url(world, f"requests/new/?to={pending.pk}"), follow=True)
    assert "not registered as a participant" in response.content.decode()


@pytest.mark.parametrize("message", ["x" * 2001, "Not this week\x00"])
def test_a_decline_or_proposal_with_a_bad_message_says_why_and_changes_nothing(world, client, message):
    """The decline form's errors were ignored: the request was declined and the message dropped."""
    sent = services.request_send(actor=world.visitor_user, requester=world.visitor, counterpart=world.arms_staff,
                                 message="Hello")
    client.force_login(world.arms_user)
    for action in ("decline", "propose"):
        response = client.post(url(world, f"requests/{sent.pk}/{action}/"), {"message": message}, follow=True)
        page = response.content.decode()
        assert response.status_code == 400  # the page again, with the form as it was sent
        assert "Message to the requester:" in page or "Other time and message:" in page
        sent.refresh_from_db()
        assert (sent.status, sent.response) == (Status.PENDING, "")


def test_a_refused_proposal_keeps_the_typed_message(world, client):
    sent = services.request_send(actor=world.visitor_user, requester=world.visitor, counterpart=world.arms_staff,
                                 message="Hello")
    client.force_login(world.arms_user)
    response = client.post(url(world, f"requests/{sent.pk}/propose/"), {"slot": "999999",
                                                                          "message": "Thursday at ten suits us"})
    page = response.content.decode()
    assert response.status_code == 400 and "Choose one of this event" in page
    assert "Thursday at ten suits us</textarea>" in page
    sent.refresh_from_db()
    assert sent.status == Status.PENDING


def test_a_blocked_request_from_the_form_says_why(world, client):
    client.force_login(world.liaison)
    response = client.post(url(world, f"requests/new/?as={world.belarus.pk}&exhibitor={world.arms.pk}"), {
        "as": world.belarus.pk, "counterpart": world.arms_staff.pk, "priority": "5", "length": "1",
        "products": [world.missile.pk]}, follow=True)
    page = response.content.decode()
    assert "The request is not sent" in page and "EU full arms embargo on Belarus" in page and "2025-10" in page
    assert MeetingRequest.objects.get().status == Status.BLOCKED


def test_nobody_sees_others_requests(world, client):
    sent = services.request_send(actor=None, requester=world.visitor, counterpart=world.rescue_staff)
    detail = url(world, f"requests/{sent.pk}/")
    for user in (world.arms_user, world.liaison, world.stranger):
        client.force_login(user)
        assert client.get(detail).status_code == 404
        assert client.post(url(world, f"requests/{sent.pk}/accept/")).status_code == 404
    client.force_login(world.stranger)
    assert client.get(url(world, "requests/")).status_code == 403  # no participant: nothing to list
    client.force_login(world.arms_user)
    assert f'data-request="{sent.pk}"' not in client.get(url(world, "requests/")).content.decode()
    client.force_login(world.visitor_user)
    assert client.get(detail).status_code == 200
    # The reviewers' page is theirs only.
    assert client.get(url(world, "review/")).status_code == 403
    sent.refresh_from_db()
    assert sent.status == Status.PENDING


def test_the_request_list_costs_the_same_queries_for_few_and_many(world, client, django_assert_num_queries):
    client.force_login(world.arms_user)
    services.request_send(actor=None, requester=world.visitor, counterpart=world.arms_staff,
                          products=[world.armour])
    with django_assert_num_queries(11):
        assert client.get(url(world, "requests/")).status_code == 200
    for _number in range(6):
        services.request_send(actor=None, requester=participant(world.event, "trade-visitor"),
                              counterpart=world.arms_staff2, products=[world.armour])
    services.request_send(actor=None, requester=world.arms_staff, counterpart=world.media)
    with django_assert_num_queries(11):
        page = client.get(url(world, "requests/")).content.decode()
    assert page.count("data-request=") == 8


def test_the_review_list_costs_the_same_queries_for_few_and_many(world, client, django_assert_num_queries):
    client.force_login(world.officer)
    services.request_send(actor=None, requester=world.iraq, counterpart=world.arms_staff, products=[world.missile])
    with django_assert_num_queries(10):
        assert client.get(url(world, "review/")).status_code == 200
    services.request_send(actor=None, requester=world.iraq, counterpart=world.arms_staff2, products=[world.armour])
    services.request_send(actor=None, requester=world.belarus, counterpart=world.arms_staff2, products=[world.armour])
    with django_assert_num_queries(10):
        page = client.get(url(world, "review/")).content.decode()
    assert page.count("data-request=") == 3


def token(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Token {api_token_create(actor=None, user=user)}"}


def test_the_api_sends_lists_and_answers_own_requests(world, client):
    visitor, exhibitor = token(world.visitor_user), token(world.arms_user)
    response = client.post(api(world), json.dumps({"counterpart": world.arms_staff.pk, "message": "Hello",
                                                   "priority": 3, "products": [world.armour.pk]}),
                           content_type="application/json", **visitor)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["compliance"], body["requester"]) == ("pending", "warning", world.visitor.pk)
    assert body["compliance_rules"][0]["authority"] == "OSCE" and body["compliance_rules"][0]["last_verified"]
    listed = client.get(api(world, "?box=received"), **exhibitor).json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == body["id"]
    assert client.get(api(world, "?box=received"), **visitor).json()["count"] == 0
    answered = client.post(api(world, f"/{body['id']}/accept"), **exhibitor)
    assert answered.status_code == 200 and answered.json()["status"] == "accepted"
    again = client.post(api(world, f"/{body['id']}/accept"), **exhibitor)
    assert again.status_code == 400 and "accepted" in again.json()["detail"]


def test_the_api_refuses_with_clear_messages(world, client):
    visitor = token(world.visitor_user)
    cases = [
        ({"counterpart": world.visitor.pk}, 400, "yourself"),
        ({"counterpart": 999999}, 400, "not a registered participant"),
        ({"counterpart": world.other_visitor.pk}, 400, "Under the organiser's rules"),
        ({"counterpart": world.arms_staff.pk, "priority": 9}, 400, "Priority"),
        ({"counterpart": "x"}, 422, "counterpart"),
        # JSON true is not the integer 1 (pydantic took it for registration 1, priority "low")
        ({"counterpart": True}, 422, "counterpart: Value error, must be a whole number, not true or false"),
        ({"counterpart": world.arms_staff.pk, "priority": True}, 422, "priority"),
        ({"counterpart": world.arms_staff.pk, "length": False}, 422, "length"),
        ({"counterpart": world.arms_staff.pk, "team": [True]}, 422, "team.0"),
        ({"counterpart": world.arms_staff.pk, "products": [False]}, 422, "products.0"),
        ({"counterpart": world.arms_staff.pk, "as": world.belarus.pk}, 400, "you do not act for"),
    ]
    for payload, status, text in cases:
        response = client.post(api(world), json.dumps(payload), content_type="application/json", **visitor)
        assert response.status_code == status, (payload, response.content)
        assert text in response.json()["detail"]
    assert not MeetingRequest.objects.exists()
    assert client.get(api(world), **token(world.stranger)).status_code == 403
    assert client.get(api(world)).status_code == 401
    assert client.get("/api/v1/events/nope/meeting-requests", **visitor).status_code == 404
    assert client.get(api(world, "?box=everything"), **visitor).status_code == 400


def test_the_api_answers_a_blocked_request_with_403_and_the_decision(world, client):
    response = client.post(api(world), json.dumps({"counterpart": world.arms_staff.pk, "as": world.belarus.pk,
                                                   "products": [world.missile.pk]}),
                           content_type="application/json", **token(world.liaison))
    assert response.status_code == 403
    # as the request form says it (the country by its name), in the caller's language
    assert "Blocked" in response.json()["detail"] and "EU full arms embargo on Belarus" in response.json()["detail"]
    assert MeetingRequest.objects.get().status == Status.BLOCKED


def test_the_api_list_costs_the_same_queries_for_few_and_many(world, client, django_assert_num_queries):
    headers = token(world.arms_user)
    services.request_send(actor=None, requester=world.visitor, counterpart=world.arms_staff, products=[world.armour])
    # one of them asks once whether the caller reviews compliance (what each side reads of the decision)
    with django_assert_num_queries(10):
        assert client.get(api(world), **headers).json()["count"] == 1
    for _number in range(5):
        services.request_send(actor=None, requester=participant(world.event, "media"), counterpart=world.arms_staff2)
    with django_assert_num_queries(10):
        assert client.get(api(world), **headers).json()["count"] == 6


def test_the_exhibitor_page_links_to_a_request_to_its_staff(world, client):
    client.force_login(world.visitor_user)
    page = client.get(f"/events/{world.event.slug}/exhibitors/{world.arms.pk}/").content.decode()
    link = f"/events/{world.event.slug}/meetings/requests/new/?exhibitor={world.arms.pk}"
    assert link in page
    form = client.get(link).content.decode()
    assert f'value="{world.arms_staff.pk}"' in form and f'value="{world.arms_staff2.pk}"' in form


def test_the_exhibitor_page_offers_a_request_only_to_who_may_send_one(world, client):
    page_url = f"/events/{world.event.slug}/exhibitors/{world.arms.pk}/"
    link = f"/events/{world.event.slug}/meetings/requests/new/?exhibitor={world.arms.pk}"
    for user in (world.organiser, world.officer, world.stranger, None):
        if user is None:
            client.logout()
        else:
            client.force_login(user)
        assert link not in client.get(page_url).content.decode(), user
        if user is not None:
            assert client.get(link).status_code == 403, user  # the link would have led to a refusal
    client.force_login(world.liaison)
    assert link in client.get(page_url).content.decode()


def test_the_request_page_links_back_to_the_list_each_reader_may_open(world, client):
    sent = services.request_send(actor=None, requester=world.visitor, counterpart=world.arms_staff)
    detail = url(world, f"requests/{sent.pk}/")
    mine, review = f'href="{url(world, "requests/")}"', f'href="{url(world, "review/")}"'
    client.force_login(world.visitor_user)
    page = client.get(detail).content.decode()
    assert mine in page and review not in page
    client.force_login(world.organiser)
    page = client.get(detail).content.decode()
    assert mine not in page and review in page
    assert client.get(url(world, "requests/")).status_code == 403
    assert client.get(url(world, "review/")).status_code == 200


@pytest.mark.parametrize("value", ["²", "١٢", "99999999999999999999999"])
def test_ids_that_are_not_plain_ids_are_not_found(world, client, value):
    client.force_login(world.visitor_user)
    to = client.get(url(world, "requests/new/"), {"to": value})
    assert to.status_code == 200 and "not registered as a participant" in to.content.decode()
    exhibitor = client.get(url(world, "requests/new/"), {"exhibitor": value})
    assert exhibitor.status_code == 200 and 'data-testid="request-form"' not in exhibitor.content.decode()
    products = client.get(url(world, "requests/new/"), {"exhibitor": world.arms.pk, "product": [value, world.armour.pk]})
    assert products.status_code == 200 and 'data-testid="request-form"' in products.content.decode()
    posted = client.post(url(world, "requests/new/"), {"counterpart": value, "priority": "3", "length": "1"})
    assert posted.status_code == 200 and "not registered as a participant" in posted.content.decode()
    assert not MeetingRequest.objects.exists()


def new_form(client, world, **query):
    response = client.get(url(world, "requests/new/"), query)
    assert response.status_code == 200
    return response.content.decode()


def test_find_people_leaves_out_ones_own_company_and_delegation(world, client):
    """Recommendations left colleagues out, the search did not: an admin could request one of its staff
    as another and accept it itself."""
    client.force_login(world.arms_user)
    found = new_form(client, world, **{"as": world.arms_staff.pk, "q": "Family"})
    assert f'data-person="{world.arms_staff2.pk}"' not in found
    assert f'data-person="{world.rescue_staff.pk}"' in found or f'data-person="{world.visitor.pk}"' in found
    to = new_form(client, world, **{"as": world.arms_staff.pk, "to": world.arms_staff2.pk})
    assert "You cannot request a meeting with a colleague of your own company." in to
    assert 'data-testid="request-form"' not in to
    staff = new_form(client, world, **{"as": world.arms_staff.pk, "exhibitor": world.arms.pk})
    assert "colleague of your own company" in staff and 'data-testid="request-form"' not in staff
    posted = client.post(url(world, f"requests/new/?as={world.arms_staff.pk}"), {
        "as": world.arms_staff.pk, "counterpart": world.arms_staff2.pk, "priority": "2", "length": "1"})
    assert posted.status_code == 200 and "colleague of your own company" in posted.content.decode()
    member = participant(world.event, "delegation-member", nationality="BY", delegation=world.belarus.delegation,
                         protocol_order=2)
    client.force_login(world.liaison)
    found = new_form(client, world, **{"as": world.belarus.pk, "q": "Family"})
    assert f'data-person="{member.pk}"' not in found
    to = new_form(client, world, **{"as": world.belarus.pk, "to": member.pk})
    assert "member of your own delegation" in to and 'data-testid="request-form"' not in to
    assert not MeetingRequest.objects.exists()


def test_requesting_oneself_says_so(world, client):
    client.force_login(world.visitor_user)
    page = new_form(client, world, to=world.visitor.pk)
    assert "You cannot request a meeting with yourself." in page and "not registered" not in page
    assert 'data-testid="request-form"' not in page


def test_a_pair_the_rules_forbid_is_refused_when_the_form_opens(world, client):
    client.force_login(world.visitor_user)
    page = new_form(client, world, to=world.other_visitor.pk)
    assert ("Under the organiser&#x27;s rules, participants registered as “Trade visitor” cannot request meetings "
            "with participants registered as “Trade visitor”.") in page
    assert 'data-testid="request-form"' not in page
    allowed = new_form(client, world, to=world.rescue_staff.pk)
    assert 'data-testid="request-form"' in allowed


@pytest.mark.parametrize(("language", "word"), [("en", "high"), ("ru", "высокий")])
def test_the_priority_is_shown_in_words(world, client, language, word):
    sent = services.request_send(actor=None, requester=world.visitor, counterpart=world.rescue_staff, priority=3)
    client.force_login(world.visitor_user)
    listing = client.get(url(world, "requests/"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f"{word}</td>" in listing and ">3</td>" not in listing
    detail = client.get(url(world, f"requests/{sent.pk}/"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f"<dd>{word}</dd>" in detail and "<dd>3</dd>" not in detail


def test_propose_another_time_offers_only_slots_still_ahead(world, client, settings):
    slots = slots_of_the_show_day(world)
    sent = services.request_send(actor=None, requester=world.visitor, counterpart=world.arms_staff)
    settings.PAVILION_CLOCK = "2024-09-24T10:00:00+04:00"
    client.force_login(world.arms_user)
    page = client.get(url(world, f"requests/{sent.pk}/")).content.decode()
    offered = [slot.pk for slot in slots if f'<option value="{slot.pk}"' in page]
    assert offered == [slots[3].pk]  # 10:30; not 09:00, 09:30 nor 10:00 (starting now)
    response = client.post(url(world, f"requests/{sent.pk}/propose/"), {"slot": slots[0].pk, "message": "Earlier?"})
    assert response.status_code == 400
    assert "This slot has already begun: propose one that is still ahead." in response.content.decode()
    sent.refresh_from_db()
    assert (sent.status, sent.proposed_slot) == (Status.PENDING, None)
