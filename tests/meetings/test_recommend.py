"""The recommendations adapter and page: ranked lists with reasons, stored per participant and
recomputed only when what they depend on changed."""

import pytest

from pavilion.exhibitors.models import ProductCategory
from pavilion.meetings.models import RecommendationSet
from pavilion.meetings.services.profiles import ProfileData, profile_save
from pavilion.meetings.services.recommendations import recommendations_for
from tests.meetings.factories import make_world, participant


@pytest.fixture
def world(db, settings):
    return make_world(settings)


def seek(registration, slug: str, text: str = "") -> None:
    profile_save(actor=None, registration=registration, data=ProfileData(
        about=text, seeks_categories=[ProductCategory.objects.get(slug=slug)]))


def test_the_lists_rank_by_the_profile_with_reasons(world):
    seek(world.media, "rescue-boats", "inflatable boat for floods")
    stored = recommendations_for(registration=world.media)
    top = stored.data["products"][0]
    assert top["id"] == world.boat.pk
    assert top["reasons"]["categories"] == ["rescue-boats"] and "boat" in top["reasons"]["terms"]
    assert stored.data["exhibitors"][0]["id"] == world.rescue.pk
    assert stored.rules_last_verified == "2025-10"
    # Exhibitor staff are never shown their own company's products.
    seek(world.arms_staff, "protective-equipment")
    own = recommendations_for(registration=world.arms_staff)
    assert world.armour.pk not in {item["id"] for item in own.data["products"]}


def test_the_lists_are_stored_and_recomputed_only_after_a_change(world, django_assert_num_queries):
    seek(world.media, "rescue-boats")
    first = recommendations_for(registration=world.media)
    with django_assert_num_queries(4):  # three aggregates for the stamp and the stored row
        again = recommendations_for(registration=world.media)
    assert again.pk == first.pk and again.computed_at == first.computed_at
    seek(world.media, "protective-equipment")
    changed = recommendations_for(registration=world.media)
    assert changed.pk != first.pk
    assert changed.data["products"][0]["id"] == world.armour.pk
    newcomer = participant(world.event, "trade-visitor")
    assert recommendations_for(registration=newcomer).stamp != changed.stamp  # a new participant counts
    assert RecommendationSet.objects.filter(event=world.event).count() == 9


def test_unlisted_people_and_people_the_rules_forbid_are_not_shown(world, client):
    seek(world.visitor, "protective-equipment", "armour plate")
    seek(world.other_visitor, "protective-equipment", "armour plate")
    profile_save(actor=None, registration=world.arms_staff2, data=ProfileData(is_listed=False))
    client.force_login(world.visitor_user)
    page = client.get(f"/events/{world.event.slug}/meetings/recommendations/").content.decode()
    assert f'data-person="{world.arms_staff.pk}"' in page
    assert f'data-person="{world.arms_staff2.pk}"' not in page  # unlisted
    assert f'data-person="{world.other_visitor.pk}"' not in page  # visitors request exhibitor staff only
    assert f'data-product="{world.armour.pk}"' in page and 'data-outcome="warning"' in page


def test_the_recommendations_page_costs_the_same_queries_for_few_and_many(world, client,
                                                                          django_assert_num_queries):
    seek(world.visitor, "protective-equipment", "armour plate")
    client.force_login(world.visitor_user)
    client.get(f"/events/{world.event.slug}/meetings/recommendations/")  # computes and stores
    with django_assert_num_queries(19):
        assert client.get(f"/events/{world.event.slug}/meetings/recommendations/").status_code == 200
    for _number in range(4):
        staff = participant(world.event, "exhibitor-staff", exhibitor=world.arms)
        seek(staff, "rescue-boats", "armour plate")
    client.get(f"/events/{world.event.slug}/meetings/recommendations/")
    with django_assert_num_queries(19):
        page = client.get(f"/events/{world.event.slug}/meetings/recommendations/").content.decode()
    assert page.count("data-person=") >= 5


def test_the_api_gives_the_lists_of_ones_own_participant(world, client):
    from pavilion.core.services import api_token_create

    seek(world.belarus, "protective-equipment")
    headers = {"HTTP_AUTHORIZATION": f"Token {api_token_create(actor=None, user=world.liaison)}"}
    body = client.get(f"/api/v1/events/{world.event.slug}/meeting-recommendations", **headers).json()
    assert body["participant"] == world.belarus.pk
    assert {item["id"]: item["outcome"] for item in body["products"]} == {world.armour.pk: "review"}
    other = client.get(f"/api/v1/events/{world.event.slug}/meeting-recommendations?as={world.visitor.pk}", **headers)
    assert other.status_code == 400 and "you do not act for" in other.json()["detail"]
