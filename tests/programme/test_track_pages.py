"""The organiser's tracks page: a new event's programme gets its tracks without the back office;
a duplicate code, a malformed or too light colour is a form error that changes nothing; every
change is audited and the track is offered on the session form."""

import pytest
from django.urls import reverse

from pavilion.core.models import AuditEntry
from pavilion.programme import services
from pavilion.programme.models import Track


def _url(programme, track=None):
    slug = programme.world.event.slug
    return reverse("programme:organiser_track", args=[slug, track.pk]) if track else reverse(
        "programme:organiser_tracks", args=[slug])


def _values(**changes):
    return {"code": "cyber", "name_en": "Cyber security", "name_az": "Kibertəhlükəsizlik",
            "name_ru": "Кибербезопасность", "colour": "#6a1b9a", **changes}


def test_the_programme_page_links_to_the_tracks_and_only_the_organiser_opens_them(client, programme):
    client.force_login(programme.world.organiser)
    sessions = client.get(reverse("programme:organiser_sessions", args=[programme.world.event.slug]))
    assert _url(programme) in sessions.content.decode()
    assert "Air defence" in client.get(_url(programme)).content.decode()
    client.force_login(programme.world.visitor)
    assert client.get(_url(programme)).status_code == 403
    assert client.post(_url(programme), _values()).status_code == 403
    assert not Track.objects.filter(code="cyber").exists()


def test_the_organiser_creates_a_track_and_the_session_form_offers_it(client, programme):
    client.force_login(programme.world.organiser)
    response = client.post(_url(programme), _values())
    assert response.status_code == 302
    track = Track.objects.get(event=programme.world.event, code="cyber")
    assert (track.name_ru, track.colour) == ("Кибербезопасность", "#6a1b9a")
    assert AuditEntry.objects.filter(action="track.create", object_id=str(track.pk)).exists()
    form = client.get(reverse("programme:organiser_session_new", args=[programme.world.event.slug]))
    assert f'<option value="{track.pk}">Cyber security</option>' in form.content.decode()


def test_the_organiser_renames_a_track(client, programme):
    client.force_login(programme.world.organiser)
    response = client.post(_url(programme, programme.track), _values(code="air-defence", name_en="Air and missile defence",
                                                                       colour="#1f4e79"))
    assert response.status_code == 302
    programme.track.refresh_from_db()
    assert programme.track.name_en == "Air and missile defence"
    assert AuditEntry.objects.filter(action="track.update", object_id=str(programme.track.pk)).exists()


@pytest.mark.parametrize("changes, field, message", [
    ({"code": "air-defence"}, "code", "already has a track with this code"),
    ({"colour": "red;x:y"}, "colour", "six hexadecimal digits"),
    ({"colour": "#ffeb3b"}, "colour", "too light"),
    ({"name_en": ""}, "name_en", ""),
])
def test_bad_input_is_a_form_error_and_changes_nothing(client, programme, changes, field, message):
    client.force_login(programme.world.organiser)
    before = set(Track.objects.values_list("code", "name_en", "colour"))
    audited = AuditEntry.objects.filter(action__startswith="track.").count()
    response = client.post(_url(programme), _values(**changes))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert set(Track.objects.values_list("code", "name_en", "colour")) == before
    assert AuditEntry.objects.filter(action__startswith="track.").count() == audited


def test_the_service_refuses_a_colour_that_is_no_colour(programme):
    with pytest.raises(services.ValidationError):
        services.track_update(actor=programme.world.organiser, track=programme.track, colour="#12")
    programme.track.refresh_from_db()
    assert programme.track.colour == "#1f4e79"
