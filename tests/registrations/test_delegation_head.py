"""A delegation has one head (protocol order 1): the liaison acts for them in meetings and the badge batch
prints them first. A member on their own link changes their data, not their place in the protocol; the
liaison and the organiser set it, and a second active head is refused (by the service, under the
delegation's lock, and by the database)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from pavilion.registrations import services
from pavilion.registrations.models import Registration
from pavilion.registrations.views import status_url
from tests.registrations.support import person, photo_bytes

UTC = datetime.UTC
FORM = {
    "given_name": "Selim", "family_name": "Aydın", "nationality": "TR", "birth_date": "1975-02-03",
    "email": "selim@example.test", "language": "en", "document_type": "passport", "document_number": "U22222222",
    "document_country": "TR", "position": "Head of procurement", "rank": "Major General",
}


@pytest.fixture
def delegation(world):
    return services.delegation_create(actor=world.organiser, event=world.event, country="TR", liaison=world.liaison,
                                      sending_body="Ministry of National Defence")


def member(world, commit, delegation, given, order, number):
    registration = commit(
        services.registration_submit, actor=world.liaison, category=world.categories["delegation-member"],
        delegation=delegation, details={"rank": "General", "position": "Chief", "protocol_order": order},
        person=person(given_name=given, family_name="Karaca" if order == 1 else "Aydın", nationality="TR",
                      document_number=f"U{number:08d}", document_country="TR", email=f"{given}@example.test"))
    return Registration.objects.select_related("person").get(pk=registration.pk)


def test_a_member_on_their_own_link_cannot_make_themself_head(world, commit, delegation, client,
                                                              django_capture_on_commit_callbacks):
    head = member(world, commit, delegation, "Orhan", 1, 11111111)
    second = member(world, commit, delegation, "Selim", 2, 22222222)
    url = status_url(second) + "edit/"
    form = client.get(url).context["form"]
    assert "protocol_order" not in form.fields and "rank" not in form.fields and "position" in form.fields
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**FORM, "protocol_order": "1", "rank": "Field Marshal"})
    assert response.status_code == 302
    second.refresh_from_db()
    assert (second.protocol_order, second.rank, second.position) == (2, "General", "Head of procurement")
    assert list(Registration.objects.filter(delegation=delegation, protocol_order=1)) == [head]


def test_the_liaison_sets_the_protocol_and_is_refused_a_second_head(world, commit, delegation, client,
                                                                    django_capture_on_commit_callbacks):
    member(world, commit, delegation, "Orhan", 1, 11111111)
    second = member(world, commit, delegation, "Selim", 2, 22222222)
    client.force_login(world.liaison)
    url = f"/registrations/{second.pk}/manage/edit/"
    page = client.get(url)
    assert {"protocol_order", "rank"} <= set(page.context["form"].fields)
    response = client.post(url, {**FORM, "birth_date": "", "document_number": "", "protocol_order": "1"})
    assert response.status_code == 400
    assert response.context["form"].errors["protocol_order"] == [
        "This delegation already has a head of delegation: Orhan Karaca."]
    second.refresh_from_db()
    assert second.protocol_order == 2
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**FORM, "birth_date": "", "document_number": "", "protocol_order": "3",
                                     "rank": "Lieutenant General"})
    assert response.status_code == 302
    second.refresh_from_db()
    assert (second.protocol_order, second.rank) == (3, "Lieutenant General")


def test_the_liaison_cannot_add_a_second_member_with_protocol_order_one(world, commit, delegation, client):
    member(world, commit, delegation, "Orhan", 1, 11111111)
    client.force_login(world.liaison)
    photo = SimpleUploadedFile("me.jpg", photo_bytes(), content_type="image/jpeg")
    response = client.post(f"/delegations/{delegation.pk}/", {**FORM, "form": "member", "protocol_order": "1",
                                                               "photo": photo})
    assert response.status_code == 400
    assert response.context["member_form"].errors["protocol_order"] == [
        "This delegation already has a head of delegation: Orhan Karaca."]
    assert delegation.members.count() == 1


def test_a_head_who_withdrew_is_replaced_and_cannot_be_reopened_beside_the_new_one(world, commit, delegation):
    head = member(world, commit, delegation, "Orhan", 1, 11111111)
    services.registration_reject(actor=world.organiser, registration=head, reason="Not coming.")
    new_head = member(world, commit, delegation, "Selim", 1, 22222222)  # a rejected head is no head
    assert new_head.is_head_of_delegation
    with pytest.raises(ValidationError) as refused:
        services.registration_reopen(actor=world.organiser, registration=head, reason="Appeal")
    assert refused.value.messages == ["This delegation already has a head of delegation: Selim Karaca."]
    head.refresh_from_db()
    assert head.status == "rejected"


def test_the_organiser_edits_the_head_in_place(world, commit, delegation):
    head = member(world, commit, delegation, "Orhan", 1, 11111111)
    changed = commit(services.registration_update, actor=world.organiser, registration=head,
                     person=person(given_name="Orhan", family_name="Karaca", nationality="TR",
                                   document_number="U11111111", document_country="TR", email="orhan@example.test"),
                     details={"protocol_order": 1, "rank": "General", "position": "Deputy Minister"})
    assert changed.is_head_of_delegation and changed.position == "Deputy Minister"


def test_the_database_holds_one_active_head_per_delegation(world, commit, delegation):
    member(world, commit, delegation, "Orhan", 1, 11111111)
    second = member(world, commit, delegation, "Selim", 2, 22222222)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.filter(pk=second.pk).update(protocol_order=1)
    Registration.objects.filter(pk=second.pk).update(status="cancelled")
    Registration.objects.filter(pk=second.pk).update(protocol_order=1)  # a cancelled member is no head


def test_a_member_with_an_account_does_not_set_their_protocol_on_the_manage_page_either(world, commit, delegation,
                                                                                       client):
    from tests.factories import UserFactory

    second = member(world, commit, delegation, "Selim", 2, 22222222)
    account = UserFactory(username="selim")
    second.person.user = account
    second.person.save()
    client.force_login(account)
    response = client.get(f"/registrations/{second.pk}/manage/edit/")
    assert response.status_code == 200
    assert not {"protocol_order", "rank"} & set(response.context["form"].fields)
    assert "<h1>Change your registration</h1>" in response.content.decode()
