"""The recommendations adapter and page: ranked lists with reasons, stored per participant and
recomputed only when what they depend on changed."""

import pytest
from django.utils import translation
from django_countries import countries

from pavilion.exhibitors.models import ProductCategory
from pavilion.meetings.models import RecommendationSet
from pavilion.meetings.selectors.profiles import participants
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
    stored = recommendations_for(registration=world.media).stored
    top = stored.data["products"][0]
    assert top["id"] == world.boat.pk
    assert top["reasons"]["categories"] == ["rescue-boats"] and "boat" in top["reasons"]["terms"]
    assert stored.data["exhibitors"][0]["id"] == world.rescue.pk
    assert stored.rules_last_verified == "2025-10"
    # Exhibitor staff are never shown their own company's products.
    seek(world.arms_staff, "protective-equipment")
    own = recommendations_for(registration=world.arms_staff).stored
    assert world.armour.pk not in {item["id"] for item in own.data["products"]}


def test_the_lists_are_stored_and_recomputed_only_after_a_change(world, django_assert_num_queries):
    seek(world.media, "rescue-boats")
    first = recommendations_for(registration=world.media).stored
    with django_assert_num_queries(4):  # three aggregates for the stamp and the stored row
        again = recommendations_for(registration=world.media).stored
    assert again.pk == first.pk and again.computed_at == first.computed_at
    seek(world.media, "protective-equipment")
    changed = recommendations_for(registration=world.media).stored
    assert changed.pk != first.pk
    assert changed.data["products"][0]["id"] == world.armour.pk
    newcomer = participant(world.event, "trade-visitor")
    assert recommendations_for(registration=newcomer).stored.stamp != changed.stamp  # a new participant counts
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


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_recommendations_page_names_the_countries_in_common(world, client, language):
    profile_save(actor=None, registration=world.visitor, data=ProfileData(countries=["TR"]))
    client.force_login(world.visitor_user)
    page = client.get(f"/events/{world.event.slug}/meetings/recommendations/",
                      headers={"accept-language": language}).content.decode()
    with translation.override(language):
        said = f"{translation.gettext('Countries:')} {countries.name('TR')}."
    assert said in page and "TR." not in page


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


def test_a_large_events_lists_are_computed_in_the_background_queued_once(world, client, settings,
                                                                        django_capture_on_commit_callbacks):
    settings.PAVILION_RECOMMEND_INLINE = 3  # this event has more participants: the background path
    settings.PAVILION_CLOCK = "2024-09-24T10:00:00+04:00"
    seek(world.media, "rescue-boats")
    with django_capture_on_commit_callbacks(execute=False) as queued:
        lists = recommendations_for(registration=world.media)
        assert lists.stored is None and lists.refreshing
        assert recommendations_for(registration=world.visitor).refreshing  # the same stamp: not queued again
    assert len(queued) == 1 and not RecommendationSet.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        queued[0]()  # the task runs (the default backend runs it at once)
    fresh = recommendations_for(registration=world.media)
    assert not fresh.refreshing and fresh.stored.data["products"][0]["id"] == world.boat.pk
    assert RecommendationSet.objects.filter(event=world.event).count() == participants(world.event).count() == 8

    seek(world.media, "protective-equipment")  # the stamp changes: the old lists stand in meanwhile
    with django_capture_on_commit_callbacks(execute=False) as queued:
        stale = recommendations_for(registration=world.media)
        assert stale.refreshing and stale.stored.pk == fresh.stored.pk
        recommendations_for(registration=world.media)
    assert len(queued) == 1
    settings.PAVILION_CLOCK = "2024-09-24T10:11:00+04:00"  # queued but not landed 11 minutes later: again
    with django_capture_on_commit_callbacks(execute=False) as queued:
        recommendations_for(registration=world.media)
    assert len(queued) == 1
    with django_capture_on_commit_callbacks(execute=True):
        queued[0]()
    assert recommendations_for(registration=world.media).stored.data["products"][0]["id"] == world.armour.pk


def test_the_page_and_the_api_say_when_newer_lists_are_being_computed(world, client, settings,
                                                                     django_capture_on_commit_callbacks):
    seek(world.visitor, "protective-equipment", "armour plate")
    client.force_login(world.visitor_user)
    client.get(f"/events/{world.event.slug}/meetings/recommendations/")  # small event: computed at once
    settings.PAVILION_RECOMMEND_INLINE = 3
    seek(world.visitor, "rescue-boats")
    with django_capture_on_commit_callbacks(execute=False):
        page = client.get(f"/events/{world.event.slug}/meetings/recommendations/").content.decode()
        answer = client.get(f"/api/v1/events/{world.event.slug}/meeting-recommendations").json()
    assert "data-refreshing" in page and f'data-product="{world.armour.pk}"' in page  # the previous lists
    assert answer["refreshing"] is True and answer["computed_at"] and answer["products"]
