"""What the organiser needs to approve a journalist: the press card number and a phone to call are on the
registration's page, and the media outlet stands in the list where others show their organisation."""

from pavilion.registrations import services
from pavilion.registrations.models import Person, Registration
from tests.registrations.support import person


def _journalist(world) -> Registration:
    data = person()
    row = Person.objects.create(**{field: getattr(data, field) for field in services.PERSON_FIELDS},
                                fingerprint=services.person_fingerprint(data))
    Person.objects.filter(pk=row.pk).update(phone="+994 50 123 45 67")
    return Registration.objects.create(event=world.event, category=world.categories["media"], person=row,
                                       media_outlet="Caspian Defence Review", press_card="AZ-PRESS-0147")


def test_the_review_page_shows_the_press_card_number_and_the_phone(world, client):
    registration = _journalist(world)
    client.force_login(world.organiser)
    page = client.get(f"/events/{world.event.slug}/registrations/{registration.pk}/").content.decode()
    assert "AZ-PRESS-0147" in page and "+994 50 123 45 67" in page


def test_the_list_shows_the_media_outlet_where_there_is_no_organisation(world, client):
    _journalist(world)
    client.force_login(world.organiser)
    page = client.get(f"/events/{world.event.slug}/registrations/").content.decode()
    assert "Caspian Defence Review" in page
