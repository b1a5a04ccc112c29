"""`pavilion demo`: runs on an empty database, is idempotent, and holds what the README promises."""

import datetime
from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import models
from shapely import STRtree

from pavilion.core import demo as demo_data
from pavilion.core import roles
from pavilion.core.demo import venue
from pavilion.core.models import AuditEntry
from pavilion.events.geometry import polygon_from_points
from pavilion.events.models import Event, Hall, NationalPavilion, Organiser, Show, Stand, StandBooking, Venue
from pavilion.exhibitors.models import Company, CompanyMember, Exhibitor, Product
from pavilion.meetings.models import MeetingProfile, MeetingRequest

pytestmark = pytest.mark.django_db
SMALL = 0.1
CONTROL_PATTERN = r"^(ML([1-9]|1[0-9]|2[0-2])|none|[0-9][A-E][0-9]{3})$"
MODELS = [
    get_user_model(), Group, get_user_model().groups.through, Organiser, Venue, Hall, Event, Show,
    NationalPavilion, Stand, StandBooking, Company, Exhibitor, Exhibitor.categories.through, Product,
    CompanyMember, AuditEntry,
]


def snapshot() -> dict:
    return {model._meta.label: list(model.objects.order_by("pk").values_list()) for model in MODELS}


def load(scale: float = SMALL) -> str:
    out = StringIO()
    call_command("demo", scale=scale, stdout=out)
    return out.getvalue()


class TestFullDemo:
    """The full demo, loaded once on an empty database for the tests of this class."""

    @pytest.fixture(scope="class", autouse=True)
    @classmethod
    def full_demo(cls, shared_data):
        with shared_data():
            output = load(1.0)
            assert "Demo loaded" in output
            yield

    def test_the_figures_the_readme_gives(self):
        exhibitors = Exhibitor.objects.filter(company__is_demo=True)
        # The figures README.md gives: change both together.
        assert (Company.objects.count(), exhibitors.count(), Stand.objects.count()) == (245, 260, 342)
        assert exhibitors.values("company__country").distinct().count() == 30
        assert Product.objects.count() == 1500
        assert Product.objects.filter(control__regex=CONTROL_PATTERN).count() == Product.objects.count()
        assert not Company.objects.filter(is_demo=False).exists()
        states = Counter(Stand.objects.values_list("state", flat=True))
        assert set(states) == set(Stand.State.values)
        assert states[Stand.State.BOOKED] > states[Stand.State.RESERVED] > states[Stand.State.BLOCKED]
        assert states[Stand.State.AVAILABLE] > 0
        assert exhibitors.filter(stands__isnull=True).count() == 0

        # Registrations came in over the months before the show, not all at the moment the demo ran.
        from pavilion.registrations.models import Registration
        event = Event.objects.get(slug=demo_data.EVENT_SLUG)
        days = {moment.date() for moment in Registration.objects.values_list("submitted_at", flat=True)}
        assert max(days) < event.start_date and len(days) >= 10
        assert not Registration.objects.filter(decided_at__lt=models.F("submitted_at")).exists()

    def test_a_second_run_changes_nothing(self):
        before = snapshot()
        assert "nothing to create" in load(1.0)
        assert snapshot() == before

    def test_meeting_profiles_and_requests_in_every_state(self):
        """The demo's meeting step: profiles with availability for the demo accounts' participants, and
        requests in every state with the export-control decisions the README's tour shows."""
        profiles = MeetingProfile.objects.filter(availability__isnull=False).distinct()
        assert profiles.count() >= 60
        owners = set(profiles.values_list("registration__person__user__username", flat=True))
        assert "visitor" in owners
        assert profiles.filter(registration__exhibitor__company__members__user__username="exhibitor").exists()
        assert profiles.filter(registration__delegation__liaison__username="liaison",
                               registration__protocol_order=1).exists()
        requests = MeetingRequest.objects.all()
        statuses = Counter(requests.values_list("status", flat=True))
        assert set(statuses) == set(MeetingRequest.Status.values)
        assert 180 <= requests.count() <= 360 and statuses["accepted"] >= 150
        blocked = requests.get(status="blocked")
        assert blocked.requester.delegation.country.code == "BY" and "EU full arms embargo on BY" in \
            blocked.compliance_message
        assert requests.filter(review="waiting", requester__delegation__country="IQ").exists()
        assert requests.filter(compliance="warning", requester__person__user__username="visitor").exists()
        accepted = requests.filter(status="accepted")
        assert not accepted.filter(requester__meeting_profile__availability__isnull=True).exists()

    def test_a_delegation_asks_in_its_heads_name_and_its_liaison_answers_for_every_member(self):
        """Requests from a delegation go out in its head's name only (acting_scope); one to a member who is
        not the head (Selim Aydın, of the `liaison` account's delegation) waits for the liaison to answer it
        (request_scope); every delegation with a request still open has a liaison to answer or cancel it."""
        from django.test import Client
        from django.urls import reverse

        from pavilion.meetings.selectors.requests import requests_of
        from pavilion.meetings.services.request_checks import acts_for
        from pavilion.registrations.models import Delegation, Registration

        event = Event.objects.get(slug=demo_data.EVENT_SLUG)
        requests = MeetingRequest.objects.filter(event=event)
        from_delegations = requests.filter(requester__delegation__isnull=False)
        assert from_delegations.exists() and not from_delegations.exclude(requester__protocol_order=1).exists()
        liaison = get_user_model().objects.get(username="liaison")
        member = Registration.objects.get(delegation__liaison=liaison, protocol_order=2)
        assert (member.person.given_name, member.person.family_name) == ("Selim", "Aydın")
        [waiting] = requests.filter(counterpart=member, status=MeetingRequest.Status.PENDING)
        assert waiting.requester.exhibitor.company.members.filter(user__username="exhibitor").exists()
        assert waiting.review != MeetingRequest.Review.WAITING
        assert acts_for(liaison, member) and not acts_for(liaison, member, sending=True)
        inbox = requests_of(event=event, registrations=Registration.objects.filter(delegation__liaison=liaison),
                            box="received", status="pending")
        assert waiting in inbox
        client = Client()
        client.force_login(liaison)
        text = client.get(reverse("meetings:request_detail", args=[event.slug, waiting.pk])).content.decode()
        assert "For Selim Aydın of the delegation" in text
        assert reverse("meetings:request_action", args=[event.slug, waiting.pk, "accept"]) in text
        open_statuses = [MeetingRequest.Status.PENDING, MeetingRequest.Status.PROPOSED]
        for delegation in Delegation.objects.filter(event=event):
            involved = requests.filter(status__in=open_statuses).filter(
                models.Q(requester__delegation=delegation) | models.Q(counterpart__delegation=delegation))
            assert delegation.liaison_id is not None or not involved.exists(), delegation

    def test_the_tours_meeting_pages_have_something_to_try(self):
        """The `exhibitor` account's inbox has requests to answer (not in the schedule), the
        `visitor`'s recommended exhibitors can all be requested, each company once."""
        from pavilion.meetings.selectors.profiles import acting_participants, recommendation_rows
        from pavilion.meetings.selectors.requests import requests_of
        from pavilion.meetings.services.recommendations import recommendations_for

        event = Event.objects.get(slug=demo_data.EVENT_SLUG)
        users = get_user_model().objects
        inbox = requests_of(event=event, registrations=acting_participants(users.get(username="exhibitor"), event),
                            box="received", status="pending")
        assert 2 <= inbox.count() <= 3
        assert len({request.requester_id for request in inbox}) == inbox.count()
        assert not inbox.filter(meetings__isnull=False).exists()

        visitor = acting_participants(users.get(username="visitor"), event)[0]
        rows = recommendation_rows(participant=visitor, stored=recommendations_for(registration=visitor).stored)
        exhibitors = rows["exhibitors"]
        assert len(exhibitors) == 10 and all(row["contact"] is not None for row in exhibitors)
        assert len({row["object"].company_id for row in exhibitors}) == len(exhibitors)
        assert any(not row["requested"] for row in exhibitors)  # some are still to request


class TestSmallDemo:
    """The small demo (scale 0.1), loaded once for the tests of this class; each test's own changes are
    rolled back after it."""

    @pytest.fixture(scope="class", autouse=True)
    @classmethod
    def small_demo(cls, shared_data):
        with shared_data():
            load()
            yield

    def test_the_event_its_shows_and_halls(self):
        event = Event.objects.get(slug="adex-securex-2024")
        assert (event.start_date, event.end_date) == (datetime.date(2024, 9, 24), datetime.date(2024, 9, 26))
        assert event.time_zone == "Asia/Baku" and event.name_en == "ADEX & Securex Caspian 2024"
        assert event.name_az and event.name_ru and event.is_public
        assert (event.venue.name, event.venue.city, event.venue.country.code) == ("Baku Expo Center", "Baku", "AZ")
        shows = {show.slug: show for show in event.shows.all()}
        assert set(shows) == {"adex-2024", "securex-caspian-2024"}
        assert shows["adex-2024"].name_en == "ADEX-2024"
        assert all(show.description_en and show.description_az and show.description_ru for show in shows.values())
        assert shows["adex-2024"].colour != shows["securex-caspian-2024"].colour
        halls = {hall.code: hall for hall in event.venue.halls.all()}
        assert [halls[c].name_en for c in ("1", "2", "3")] == ["Hall 1", "Hall 2", "Hall 3"]
        assert halls["OD"].kind == Hall.Kind.OUTDOOR and halls["1"].kind == Hall.Kind.INDOOR
        assert Stand.objects.filter(hall=halls["OD"]).exclude(kind=Stand.Kind.OUTDOOR).count() == 0

    def test_a_second_small_run_changes_nothing(self):
        before = snapshot()
        assert "nothing to create" in load()
        assert snapshot() == before

    def test_a_partly_deleted_demo_is_completed_and_nothing_else_changes(self):
        product = Product.objects.order_by("pk").last()
        stand = Stand.objects.filter(state=Stand.State.AVAILABLE).order_by("pk").first()
        kept = snapshot()
        product.delete()
        stand.delete()
        output = load()
        assert "created 1 stands, 1 products" in output
        after = snapshot()
        assert Product.objects.filter(exhibitor=product.exhibitor, name_en=product.name_en).exists()
        assert Stand.objects.filter(hall=stand.hall, code=stand.code, state=Stand.State.AVAILABLE).exists()
        for label in ("auth.User", "exhibitors.Company", "exhibitors.Exhibitor", "events.StandBooking"):
            assert after[label] == kept[label]

    def test_one_account_per_role_with_password_equal_to_username(self):
        users = {user.username: user for user in get_user_model().objects.prefetch_related("groups")}
        expected = {
            "organiser": roles.ORGANISER_ADMIN, "security": roles.SECURITY_OFFICER, "security2": roles.SECURITY_OFFICER,
            "exhibitor": roles.EXHIBITOR_ADMIN, "liaison": roles.DELEGATION_LIAISON, "visitor": roles.TRADE_VISITOR,
            "media": roles.MEDIA,
        }
        # The demo accounts are those with a password; the Belarusian and Iraqi delegations' liaisons have none.
        others = {name: user for name, user in users.items() if name not in expected}
        assert set(users) >= set(expected) and set(others) == {"liaison-by", "liaison-iq"}
        for user in others.values():
            assert not user.has_usable_password() and not user.is_staff
            assert [group.name for group in user.groups.all()] == [roles.DELEGATION_LIAISON]
        for username, role in expected.items():
            assert [group.name for group in users[username].groups.all()] == [role]
            assert check_password(username, users[username].password)
        assert users["organiser"].is_staff and users["organiser"].is_superuser
        assert not any(user.is_staff for name, user in users.items() if name != "organiser")
        assert set(Group.objects.values_list("name", flat=True)) == set(roles.ALL_ROLES)

    def test_the_exhibitor_account_administers_one_company_with_a_booked_stand_and_products(self):
        membership = CompanyMember.objects.get(user__username="exhibitor")
        assert membership.role == CompanyMember.Role.ADMIN and membership.company.is_demo
        exhibitor = membership.company.exhibitors.get()
        assert exhibitor.stands.filter(state=Stand.State.BOOKED).exists()
        assert exhibitor.products.count() >= 1

    def test_bookings_match_stand_states(self):
        for stand in Stand.objects.prefetch_related("bookings"):
            statuses = [booking.status for booking in stand.bookings.all()]
            if stand.state == Stand.State.BOOKED:
                assert statuses == [StandBooking.Status.CONFIRMED] and stand.exhibitor_id
            elif stand.state == Stand.State.RESERVED:
                assert statuses == [StandBooking.Status.REQUESTED] and stand.exhibitor_id
            else:
                assert statuses == [] and stand.exhibitor_id is None
        assert Stand.objects.filter(state=Stand.State.RESERVED).exists()
        assert Stand.objects.filter(state=Stand.State.BLOCKED).exists()
        latest = StandBooking.objects.order_by("-requested_at").first().requested_at
        assert latest < datetime.datetime(2024, 9, 24, tzinfo=datetime.UTC)  # before the show opens

    def test_no_two_stands_of_one_hall_overlap_and_areas_follow_the_shapes(self):
        for hall in Hall.objects.all():
            stands = list(hall.stands.all())
            polygons = [polygon_from_points(stand.polygon) for stand in stands]
            tree = STRtree(polygons)
            for index, polygon in enumerate(polygons):
                assert float(stands[index].area_m2) == pytest.approx(polygon.area)
                overlapping = [i for i in tree.query(polygon) if i != index and polygon.intersection(polygons[i]).area > 1e-6]
                assert overlapping == [], stands[index]

    def test_pavilion_stands_group_their_countrys_exhibitors(self):
        pavilions = NationalPavilion.objects.all()
        assert pavilions.exists()
        for pavilion in pavilions:
            assert {e.company.country.code for e in pavilion.exhibitors.select_related("company")} == {pavilion.country.code}
            assert set(pavilion.stands.values_list("exhibitor__pavilion", flat=True)) == {pavilion.pk}
            assert pavilion.name.endswith("National Pavilion")

    def test_products_are_in_three_languages_and_searchable_in_each(self, client):
        assert not Product.objects.filter(name_az="").exists() and not Product.objects.filter(description_ru="").exists()
        armoured = Product.objects.filter(category__slug="armoured-vehicles").first() or Product.objects.first()
        for language in ("en", "az", "ru"):
            word = getattr(armoured, f"name_{language}").split()[-1]
            response = client.get("/api/v1/events/adex-securex-2024/products", {"q": word, "lang": language})
            assert response.status_code == 200
            assert armoured.pk in [item["id"] for item in response.json()["items"]], (language, word)


def test_a_failing_step_leaves_the_database_as_it_was():
    def broken(demo):
        raise RuntimeError("step failed")

    with pytest.raises(RuntimeError):
        demo_data.run(demo_data.Demo(scale=SMALL), steps=[venue.create_event, broken])
    assert not Event.objects.exists() and not Organiser.objects.exists()


@pytest.mark.parametrize("scale", [0, -1, 1.5])
def test_a_scale_out_of_range_is_refused_with_exit_status_2(scale):
    with pytest.raises(CommandError) as error:
        call_command("demo", scale=scale)
    assert error.value.returncode == 2 and "--scale" in str(error.value)
    assert not Event.objects.exists()
