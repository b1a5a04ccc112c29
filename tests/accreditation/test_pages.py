"""The organiser's accreditation pages, the occupancy dashboard and the scanner page."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pavilion.accreditation import charts, issuing
from pavilion.accreditation.models import Badge, Device, PersonGrant, Zone
from tests.accreditation.support import NOON


def url(world, tail=""):
    return f"/events/{world.event.slug}/accreditation/{tail}"


def test_the_pages_are_for_the_organiser(client, world, gates):
    client.force_login(world.visitor)
    for tail in ("", "badges/", "devices/", "occupancy/", "override/"):
        assert client.get(url(world, tail)).status_code == 403, tail
    client.force_login(world.officer)  # security officers see badges and occupancy, not set-up
    assert client.get(url(world, "badges/")).status_code == 200
    assert client.get(url(world, "occupancy/")).status_code == 200
    assert client.get(url(world, "")).status_code == 403


def test_set_up_and_issue_from_the_overview(client, world, commit):
    from tests.accreditation.support import approved

    registration = approved(commit, world, number=900)
    client.force_login(world.organiser)
    empty = client.get(url(world)).content.decode()
    assert "No zones yet" in empty and 'id="zones"' not in empty and "Anti-passback" not in empty
    client.post(url(world, "set-up/"))
    assert Zone.objects.filter(event=world.event).count() == 7
    response = client.post(url(world, "issue/"), follow=True)
    assert "Issued 1 badge." in response.content.decode()
    assert Badge.objects.get().registration == registration
    page = client.get(url(world)).content.decode()
    assert 'data-zone="vip-lounge"' in page and "1 valid badges" in page


def test_set_up_on_a_new_event_says_that_it_opened_the_public_registration_form(client, world):
    from pavilion.registrations.models import RegistrationCategory
    from tests.factories import EventFactory

    new = EventFactory(slug="adex-next", venue=world.event.venue)
    client.force_login(world.organiser)
    assert "registration categories" in client.get(f"/events/{new.slug}/accreditation/").content.decode()
    response = client.post(f"/events/{new.slug}/accreditation/set-up/", follow=True)
    shown = [str(message) for message in response.context["messages"]]
    assert RegistrationCategory.objects.filter(event=new, self_service=True).exists()
    assert any("public registration form is now open for: Trade visitor, Media" in text for text in shown)
    # The world's event had its categories already: its set-up opens nothing and says nothing of it.
    response = client.post(url(world, "set-up/"), follow=True)
    assert not any("public registration form" in str(message) for message in response.context["messages"])


def test_badge_list_has_fixed_queries_and_filters(client, world, badge_of):
    client.force_login(world.organiser)
    badge_of()
    with CaptureQueriesContext(connection) as few:
        client.get(url(world, "badges/"))
    for _ in range(4):
        badge_of()
    with CaptureQueriesContext(connection) as many:
        page = client.get(url(world, "badges/")).content.decode()
    assert page.count("data-serial=") == 5 and len(many) == len(few)
    assert client.get(url(world, "badges/?status=revoked")).content.decode().count("data-serial=") == 0


def test_badge_page_reprint_revoke_and_person_zones(client, world, badge_of):
    badge = badge_of()
    client.force_login(world.organiser)
    page = client.get(url(world, f"badges/{badge.serial}/")).content.decode()
    assert "<svg" in page and badge.registration.person.full_name in page
    response = client.post(url(world, f"badges/{badge.serial}/"), {"zone": Zone.objects.get(code="press-centre").pk,
                                                                      "effect": "add", "reason": "press pool"})
    assert "An added zone needs its window." in response.content.decode() and not PersonGrant.objects.exists()
    client.post(url(world, f"badges/{badge.serial}/"), {
        "zone": Zone.objects.get(code="press-centre").pk, "effect": "add", "reason": "press pool",
        "opens_at": "2024-09-25T09:00", "closes_at": "2024-09-25T13:00"})
    change = PersonGrant.objects.get()
    assert change.opens_at.isoformat() == "2024-09-25T05:00:00+00:00"  # 09:00 in Baku
    client.post(url(world, f"badges/{badge.serial}/reprint/"))
    badge.refresh_from_db()
    assert badge.generation == 2 and Zone.objects.get(code="press-centre").number in badge.zones
    client.post(url(world, f"badges/{badge.serial}/revoke/"), {"reason": ""})
    badge.refresh_from_db()
    assert badge.status == "valid"
    client.post(url(world, f"badges/{badge.serial}/revoke/"), {"reason": "lost"})
    badge.refresh_from_db()
    assert (badge.status, badge.revoked_reason) == ("revoked", "lost")
    assert client.get(url(world, "badges/999999/")).status_code == 404


def test_the_badge_page_offers_each_role_only_what_its_views_allow(client, world, badge_of):
    badge = badge_of()
    page_url = url(world, f"badges/{badge.serial}/")
    offers = {"print": url(world, f"badges/{badge.serial}.pdf"), "reprint": url(world, f"badges/{badge.serial}/reprint/"),
              "revoke": url(world, f"badges/{badge.serial}/revoke/"), "zones": 'name="effect"'}
    client.force_login(world.organiser)
    page = client.get(page_url).content.decode()
    assert all(offer in page for offer in offers.values())
    client.force_login(world.officer)
    page = client.get(page_url).content.decode()
    assert [name for name, offer in offers.items() if offer in page] == ["revoke"]
    assert client.get(offers["print"]).status_code == 403
    assert client.post(offers["reprint"]).status_code == 403
    assert client.post(page_url, {"effect": "add"}).status_code == 403


def test_device_token_is_shown_once(client, world, gates):
    client.force_login(world.organiser)
    response = client.post(url(world, "devices/"), {"gate": gates.press.pk, "name": "Press desk"})
    token = response.context["token"]
    assert token in response.content.decode()
    device = Device.objects.get(name="Press desk")
    assert device.digest == Device.hash(token)
    assert token not in client.get(url(world, "devices/")).content.decode()
    client.post(url(world, f"devices/{device.pk}/revoke/"))
    device.refresh_from_db()
    assert device.revoked_at is not None
    bad = client.post(url(world, "devices/"), {"gate": "", "name": ""})
    assert set(bad.context["form"].errors) == {"gate", "name"}


def test_the_occupancy_dashboard_refreshes_and_charts_entries(client, world, badge_of, scan, gates):
    scan(badge_of().token)
    scan(badge_of().token)
    client.force_login(world.organiser)
    page = client.get(url(world, "occupancy/")).content.decode()
    assert 'hx-trigger="every 10s"' in page and "<svg" in page
    panel = client.get(url(world, "occupancy/panel/")).content.decode()
    inside_url = url(world, f"occupancy/zones/{gates.hall.zone.pk}/")
    assert (f'data-zone="{gates.hall.zone.code}"><td><a href="{inside_url}">{gates.hall.zone.name_en}</a></td>'
            f'<td data-inside>2<') in panel
    assert 'data-hour="12" data-count="2"' in panel  # noon in Baku


def test_the_chart_scales_to_round_numbers():
    svg = charts.entries_chart([(hour, 37 if hour == 10 else 0) for hour in range(24)], title="t <b>")
    assert svg.count("<rect") == 24 and ">40</text>" in svg and "t &lt;b&gt;" in svg
    assert "<rect" in charts.entries_chart([(hour, 0) for hour in range(24)], title="empty")


def test_every_accreditation_link_opens_for_whoever_sees_it(client, world, gates):
    """Security officers get Badges, Gate devices (to revoke a lost one), Occupancy, Passback override
    and Scanner, and each opens: the scanner page asks for no account (the gate device's token unlocks
    its data), so a security officer at a gate may open it; enrolling a device stays the organiser's."""
    seen = {}
    for user in (world.officer, world.organiser):
        client.force_login(user)
        page = client.get(url(world, "badges/")).content.decode()
        crumbs = re.search(r'<p class="crumbs">(.*?)</p>', page, re.S).group(1)
        seen[user] = re.findall(r'href="([^"]+)"', crumbs)
        for link in seen[user]:
            assert client.get(link).status_code == 200, (user, link)
    assert seen[world.officer] == [url(world, "badges/"), url(world, "devices/"), url(world, "occupancy/"),
                                   url(world, "override/"), "/gates/scanner/"]
    assert set(seen[world.officer]) < set(seen[world.organiser])
    client.logout()
    assert client.get("/gates/scanner/").status_code == 200


def test_the_scanner_page_and_its_service_worker(client):
    page = client.get("/gates/scanner/").content.decode()
    assert "vendor/jsQR.js" in page and "accreditation/scanner.js" in page and 'id="wedge"' in page
    worker = client.get("/gates/sw.js")
    assert worker["Content-Type"] == "application/javascript" and "/gates/scanner/" in worker.content.decode()
    assert client.get("/static/vendor/jsQR.js").status_code == 200


@pytest.mark.parametrize("key_id, message", [
    ("2", "Key 2 signs the new badges: rotate the keys before retiring it."),
    ("7", "Key 7 is not a key of this event that verifies badges."),
    ("١", "Choose a key to retire."), (" 1 ", "Choose a key to retire."), ("1_0", "Choose a key to retire."),
    ("99999999999999999999", "Choose a key to retire."),
])
def test_a_key_that_cannot_be_retired_says_why_in_the_page_language_and_changes_nothing(client, world, gates,
                                                                                      key_id, message):
    """The engine's English message named the event by its id; int() took "١" or " 1 " for key 1."""
    from pavilion.accreditation.models import BadgeKeyRing

    client.force_login(world.organiser)
    client.post(url(world, "rotate-key/"))
    seq = BadgeKeyRing.objects.get().seq
    page = client.post(url(world, "retire-key/"), {"key_id": key_id}, follow=True).content.decode()
    assert message in page and "event " + str(world.event.pk) not in page
    row = BadgeKeyRing.objects.get()
    assert [key["key_id"] for key in row.public_keys["keys"]] == [1, 2] and row.seq == seq


def test_keys_rotate_and_retire_from_the_overview(client, world, gates):
    from pavilion.accreditation.models import BadgeKeyRing

    client.force_login(world.organiser)
    client.post(url(world, "rotate-key/"))
    page = client.get(url(world)).content.decode()
    assert 'name="key_id" value="1"' in page
    client.post(url(world, "retire-key/"), {"key_id": "2"})  # the active key cannot be retired
    client.post(url(world, "retire-key/"), {"key_id": "x"})
    assert [key["key_id"] for key in BadgeKeyRing.objects.get().public_keys["keys"]] == [1, 2]
    client.post(url(world, "retire-key/"), {"key_id": "1"})
    assert [key["key_id"] for key in BadgeKeyRing.objects.get().public_keys["keys"]] == [2]


def test_the_overview_in_russian_names_zones_categories_and_keys_in_russian(client, world, gates):
    """Walking the demo in Russian found the zones of the grant summary and the signing key's state
    ("active") in English, and the grant form's selects of categories and zones too."""
    client.force_login(world.organiser)
    page = client.get(url(world), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "активен: подписывает новые бейджи" in page and ": active" not in page
    assert "VIP-зал" in page and "VIP lounge" not in page
    grants = client.get(url(world, "grants/"), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Торговый посетитель" in grants and "Trade visitor" not in grants
    assert "VIP lounge" not in grants and "Hall 1<" not in grants


def test_gates_are_named_in_the_page_language_and_in_english_for_the_api_and_scanners(client, world, gates):
    """The starting gates carry their zone's name in each language ("VIP-зал, вход A"); the pages
    show the page's language, the API and the scanners' feed keep the English name."""
    vip = gates.vip
    assert (vip.name_en, vip.name_az, vip.name_ru) == ("VIP lounge, gate A", "VIP zalı, A qapısı", "VIP-зал, вход A")
    client.force_login(world.organiser)
    russian = client.get(url(world, "devices/"), headers={"accept-language": "ru"}).content.decode()
    assert "VIP-зал, вход A" in russian and "VIP lounge, gate A" not in russian
    english = client.get(url(world, "devices/"), headers={"accept-language": "en"}).content.decode()
    assert "VIP lounge, gate A" in english
    api = client.get(f"/api/v1/events/{world.event.slug}/gates", headers={"accept-language": "ru",
                     "Authorization": f"Device {gates.token}"}).json()["items"]
    assert {"code": vip.code, "zone": "vip-lounge", "name": "VIP lounge, gate A"} in api
    feed = client.get("/api/v1/sync?since=0", headers={"accept-language": "ru",
                      "Authorization": f"Device {gates.token}"}).json()
    assert {"code": vip.code, "zone": "vip-lounge", "zone_number": vip.zone.number,
            "name": "VIP lounge, gate A"} in feed["gates"]


def test_a_zone_opens_in_the_admin_with_its_gates_in_three_languages(admin_client, gates):
    page = admin_client.get(f"/admin/accreditation/zone/{gates.vip.zone.pk}/change/")
    assert page.status_code == 200
    assert gates.vip.name_ru in page.content.decode() and gates.vip.name_az in page.content.decode()


def test_who_is_inside_a_zone_is_listed_for_the_organiser_and_officers_only(client, world, badge_of, scan, gates,
                                                                          settings, django_assert_max_num_queries):
    """The roll call: whoever entered today and has not gone out, latest entry first; the count on the
    dashboard and the list agree; the page costs the same queries for more people."""
    first, second, gone = badge_of(), badge_of(), badge_of()
    for badge in (first, gone):
        scan(badge.token)
    scan(gone.token, direction="out")
    settings.PAVILION_CLOCK = (NOON + datetime.timedelta(minutes=5)).isoformat()
    scan(second.token)
    inside_url = url(world, f"occupancy/zones/{gates.hall.zone.pk}/")
    assert client.get(inside_url).status_code == 302  # signed out: to the sign-in page
    client.force_login(world.visitor)
    assert client.get(inside_url).status_code == 403
    client.force_login(world.officer)
    page = client.get(inside_url).content.decode()
    rows = re.findall(r'<tr data-serial="(\d+)">', page)
    assert rows == [str(second.serial), str(first.serial)]  # the latest entry first, the one who left not at all
    assert second.registration.person.full_name in page and "12:05" in page and "2 people inside" in page
    for _ in range(3):
        scan(badge_of().token)
    with django_assert_max_num_queries(12):
        assert len(re.findall(r"<tr data-serial=", client.get(inside_url).content.decode())) == 5
    assert client.get(url(world, "occupancy/zones/999999/")).status_code == 404
    # A badge revoked while its holder is inside stays on the roll call (the person is there), marked.
    issuing.badge_revoke(actor=world.organiser, badge=first, reason="reported lost")
    page = client.get(inside_url).content.decode()
    row = page.split(f'<tr data-serial="{first.serial}">')[1].split("</tr>")[0]
    assert 'data-badge-status="revoked"' in row
