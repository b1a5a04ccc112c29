"""A badge whose new generation is still to be signed (a postponement moved the event; the background task
signs it in batches) shows its old, refused code nowhere: not on the holder's phone, the badge page, a
printed card or the API."""

from pavilion.accreditation.models import Badge
from tests.accreditation.test_api import person_headers
from tests.accreditation.test_badge_holder_texts import url


def _awaiting(badge_of) -> Badge:
    badge = badge_of()
    Badge.objects.filter(pk=badge.pk).update(generation=badge.generation + 1, key_id=Badge.UNSIGNED_KEY)
    badge.refresh_from_db()
    assert badge.awaiting_signature
    return badge


def test_the_holders_phone_shows_no_code_and_says_why(client, world, badge_of):
    badge = _awaiting(badge_of)
    person = badge.registration.person
    person.user = world.visitor
    person.save()
    client.force_login(world.visitor)
    page = client.get("/my/badges/").content.decode()
    assert "data-awaiting-signature" in page and "<svg" not in page and badge.token not in page


def test_the_badge_page_shows_no_code_and_its_card_is_not_printed(client, world, badge_of):
    badge, signed = _awaiting(badge_of), badge_of()
    client.force_login(world.organiser)
    page = client.get(url(world, f"badges/{badge.serial}/")).content.decode()
    assert "data-awaiting-signature" in page and "<svg" not in page
    response = client.get(url(world, f"badges/{badge.serial}.pdf"))
    assert response.status_code == 302 and response["Location"].endswith(f"badges/{badge.serial}/")
    assert client.get(url(world, f"badges/{signed.serial}.pdf"))["Content-Type"] == "application/pdf"


def test_the_api_gives_no_qr_text_until_it_is_signed(client, world, badge_of):
    badge, signed = _awaiting(badge_of), badge_of()
    items = client.get(f"/api/v1/events/{world.event.slug}/badges?status=valid",
                       headers=person_headers(world.organiser)).json()["items"]
    qr = {item["serial"]: item["qr"] for item in items}
    assert qr[badge.serial] == "" and qr[signed.serial] == signed.token
