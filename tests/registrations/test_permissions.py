"""Who sees which registrations: an exhibitor its staff, a liaison its delegation, a visitor only
themselves; a security officer vets but edits no catalogue."""

from pavilion.registrations import services
from pavilion.registrations.permissions import visible_registrations
from tests.factories import ProductFactory
from tests.registrations.support import person


def test_each_role_sees_only_its_own_registrations(world, submit):
    staff = submit("exhibitor-staff", actor=world.exhibitor_admin, exhibitor=world.exhibitor,
                   person=person(given_name="Staff", document_number="C11111111"))
    delegation = services.delegation_create(actor=world.liaison, event=world.event, liaison=world.liaison,
                                            country="TR", sending_body="Ministry of National Defence")
    member = submit("delegation-member", actor=world.liaison, delegation=delegation,
                    person=person(given_name="Member", nationality="TR", document_number="U22222222"))
    own = submit(actor=world.visitor, own=True, person=person(given_name="Visitor", document_number="C33333333"))
    other = submit("media", person=person(given_name="Journalist", document_number="C44444444"))

    def seen(user):
        return set(visible_registrations(user).values_list("pk", flat=True))

    everyone = {staff.pk, member.pk, own.pk, other.pk}
    assert seen(world.organiser) == everyone
    assert seen(world.officer) == everyone
    assert seen(world.exhibitor_admin) == {staff.pk}
    assert seen(world.other_admin) == set()
    assert seen(world.liaison) == {member.pk}
    assert seen(world.visitor) == {own.pk}


def test_pages_of_other_people_are_closed(world, submit, client):
    registration = submit()
    client.force_login(world.visitor)
    assert client.get(f"/events/{world.event.slug}/registrations/").status_code == 403
    assert client.get(f"/events/{world.event.slug}/registrations/{registration.pk}/").status_code == 403
    assert client.get(f"/registrations/{registration.pk}/manage/").status_code == 404
    client.force_login(world.other_admin)
    assert client.get(f"/portal/exhibitors/{world.exhibitor.pk}/staff/").status_code == 403
    client.force_login(world.exhibitor_admin)
    assert client.get(f"/portal/exhibitors/{world.exhibitor.pk}/staff/").status_code == 200
    assert client.get("/vetting/").status_code == 403


def test_a_liaison_sees_only_their_delegation(world, client):
    mine = services.delegation_create(actor=world.liaison, event=world.event, liaison=world.liaison,
                                      country="TR", sending_body="MoND")
    theirs = services.delegation_create(actor=world.organiser, event=world.event, country="PK", sending_body="Joint Staff Headquarters")
    client.force_login(world.liaison)
    assert client.get(f"/delegations/{mine.pk}/").status_code == 200
    assert client.get(f"/delegations/{theirs.pk}/").status_code == 403
    assert client.get(f"/delegations/{theirs.pk}/brief.pdf").status_code == 403
    page = client.get(f"/events/{world.event.slug}/delegations/").content.decode()
    assert "MoND" in page and "Joint Staff Headquarters" not in page


def test_a_security_officer_vets_but_cannot_edit_the_catalogue(world, client):
    product = ProductFactory(exhibitor=world.exhibitor)
    client.force_login(world.officer)
    assert client.get("/vetting/").status_code == 200
    assert client.get(f"/portal/exhibitors/{world.exhibitor.pk}/products/").status_code in (403, 404)
    assert client.post(f"/portal/products/{product.pk}/", {"name_en": "Changed"}).status_code in (403, 404)
    product.refresh_from_db()
    assert product.name_en != "Changed"


def test_the_organiser_hands_a_delegation_to_a_liaison_account(world, client):
    client.force_login(world.organiser)
    client.post(f"/events/{world.event.slug}/delegations/", {
        "country": "KZ", "sending_body": "Ministry of Defence", "liaison": world.liaison.pk})
    delegation = world.event.delegations.get()
    assert delegation.liaison == world.liaison
    client.force_login(world.liaison)
    assert client.get(f"/delegations/{delegation.pk}/").status_code == 200
