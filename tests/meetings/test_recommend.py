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


def test_rank_exhibitors_lists_each_company_once_and_only_those_that_take_meetings():
    from pavilion.meetings.services.recommendations import rank_exhibitors

    def item(pk, score):
        return {"id": pk, "score": score, "outcome": "ok", "reasons": {}}

    # Exhibitors 1 and 2 are one company at two shows; 3 and 5 have no staff; 4 was withdrawn.
    company_of = {1: 10, 2: 10, 3: 30, 5: 50, 6: 60, 7: 70}
    items = [item(3, 0.9), item(2, 0.8), item(4, 0.7), item(1, 0.6), item(5, 0.5), item(6, 0.4), item(7, 0.3)]
    rows, without_staff = rank_exhibitors(items, company_of, requestable={1, 2, 6, 7}, top=2)
    assert [(row["id"], row["also"]) for row in rows] == [(2, [1]), (6, [])]
    assert without_staff == 2  # companies 30 and 50; company 70 is left out by the length of the list only
    # The company's best exhibitor that takes meetings, though the other scored better.
    rows, _count = rank_exhibitors(items, company_of, requestable={1})
    assert [(row["id"], row["score"], row["also"]) for row in rows] == [(1, 0.6, [2])]


def test_the_page_offers_only_exhibitors_one_can_request_and_each_company_once(world, client):
    from tests.factories import CompanyFactory, ExhibitorFactory, ProductFactory, ShowFactory

    securex = ShowFactory(event=world.event, name_en="Securex Meetings")
    arms_at_securex = ExhibitorFactory(show=securex, company=world.arms.company)
    ProductFactory(exhibitor=arms_at_securex, name_en="Armour plate carrier", control="ML13",
                   category=world.armour.category, description_en="Carrier for armour plate")
    quiet = ExhibitorFactory(show=world.arms.show, company=CompanyFactory(name="Quiet Armour", country="IT"))
    ProductFactory(exhibitor=quiet, name_en="Ceramic armour plate", control="ML13", category=world.armour.category,
                   description_en="Armour plate for soldiers")
    seek(world.visitor, "protective-equipment", "armour plate")
    client.force_login(world.visitor_user)
    page = client.get(f"/events/{world.event.slug}/meetings/recommendations/").content.decode()
    exhibitors = page.split('data-list="exhibitors"')[1].split("</table>")[0]
    assert "Quiet Armour" not in exhibitors  # nobody of theirs takes meetings
    assert exhibitors.count("Caspian Arms") == 1
    shows = exhibitors.split("Caspian Arms")[1].split("data-shows>")[1].split("</span>")[0]
    assert world.arms.show.name_en in shows and "Securex Meetings" in shows
    assert "no staff registered yet" not in exhibitors and "Request a meeting" in exhibitors
    assert 'data-without-staff="1"' in page and "1 matching exhibitor is not listed" in page
