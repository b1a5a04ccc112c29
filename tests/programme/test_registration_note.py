"""The note "Your programme opens once your registration is approved" is for a signed-in person whose
registration of the event awaits approval, and no one else: the organiser, security officers and
exhibitors' people acting as staff have no registration and need none (the organiser gets each
session's edit link instead)."""

import pytest
from django.urls import reverse

from pavilion.registrations.models import Registration
from tests.registrations.support import person

NOTE = "Your programme opens once your registration is approved."
PAGE_NOTE = "Your programme opens once your registration for this event is approved."
NEEDS = "A personal programme needs an approved registration for this event."


def _pages(programme, session) -> list[str]:
    slug = programme.world.event.slug
    return [reverse("programme:agenda", args=[slug]) + "?day=2024-09-24",
            reverse("programme:agenda", args=[slug]) + "?day=2024-09-24&view=list",
            reverse("programme:session", args=[slug, session.pk]),
            reverse("programme:speaker", args=[slug, programme.speakers[0].pk])]


def _registration(submit, user, status: str) -> Registration:
    """A registration of the event, of `user`'s own person, put in `status` (how it got there is not
    what these tests are about)."""
    registration = submit(person=person(given_name="Aysel", email=f"{user.username}@example.test"))
    registration.person.user = user
    registration.person.save(update_fields=["user"])
    Registration.objects.filter(pk=registration.pk).update(status=status)
    return registration


@pytest.mark.parametrize("who", ["organiser", "organiser_staff", "officer", "exhibitor_admin", "liaison"])
def test_staff_are_not_told_their_programme_opens_on_approval(programme, client, who):
    session = programme.session(speakers=[(programme.speakers[0], "chair")])
    client.force_login(getattr(programme.world, who))
    for url in _pages(programme, session):
        html = client.get(url).content.decode()
        assert session.title_en in html, url
        assert NOTE not in html, url
    mine = client.get(reverse("programme:mine", args=[programme.world.event.slug])).content.decode()
    assert PAGE_NOTE not in mine and NEEDS in mine


@pytest.mark.parametrize("who", ["organiser", "organiser_staff"])
def test_the_organiser_gets_each_sessions_edit_link_instead(programme, client, who):
    session = programme.session(speakers=[(programme.speakers[0], "chair")])
    edit = reverse("programme:organiser_session", args=[programme.world.event.slug, session.pk])
    client.force_login(getattr(programme.world, who))
    for url in _pages(programme, session):
        html = client.get(url).content.decode()
        assert f'href="{edit}"' in html and f'data-edit-session="{session.pk}"' in html, url
    assert client.get(edit).status_code == 200


@pytest.mark.parametrize("status", ["submitted", "screening", "in-review"])
def test_a_person_whose_registration_awaits_approval_is_told_it_opens_then(programme, client, submit, status):
    session = programme.session(speakers=[(programme.speakers[0], "chair")])
    _registration(submit, programme.world.visitor, status)
    client.force_login(programme.world.visitor)
    for url in _pages(programme, session):
        html = client.get(url).content.decode()
        assert NOTE in html and "data-edit-session" not in html, url
    assert PAGE_NOTE in client.get(reverse("programme:mine", args=[programme.world.event.slug])).content.decode()


@pytest.mark.parametrize("status", ["rejected", "cancelled"])
def test_a_registration_that_will_not_be_approved_is_not_promised_a_programme(programme, client, submit, status):
    session = programme.session()
    _registration(submit, programme.world.visitor, status)
    client.force_login(programme.world.visitor)
    for url in _pages(programme, session)[:3]:
        assert NOTE not in client.get(url).content.decode(), url


def test_a_signed_in_person_with_no_registration_of_this_event_is_not_told_either(programme, client, submit):
    session = programme.session()
    other = _registration(submit, programme.world.visitor, "in-review")  # moved to another event below
    other_event = type(programme.world.event).objects.create(
        slug="other-event", name_en="Other", organiser=programme.world.event.organiser,
        venue=programme.world.event.venue, start_date=programme.world.event.start_date,
        end_date=programme.world.event.end_date)
    Registration.objects.filter(pk=other.pk).update(event=other_event, status="in-review")
    client.force_login(programme.world.visitor)
    for url in _pages(programme, session)[:3]:
        assert NOTE not in client.get(url).content.decode(), url


def test_an_approved_person_gets_the_toggles_on_every_page_and_no_note(programme, client, submit):
    session = programme.session(speakers=[(programme.speakers[0], "chair")])
    _registration(submit, programme.world.visitor, "approved")
    client.force_login(programme.world.visitor)
    for url in _pages(programme, session):
        html = client.get(url).content.decode()
        assert f'data-bookmark="{session.pk}"' in html and NOTE not in html, url


def test_the_public_is_asked_to_sign_in(programme, client):
    session = programme.session()
    for url in _pages(programme, session)[:3]:
        html = client.get(url).content.decode()
        assert "Sign in to add to your programme" in html and NOTE not in html, url
