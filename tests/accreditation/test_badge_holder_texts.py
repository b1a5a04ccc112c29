"""What a badge says of its holder: the revocation reason in the reader's language, a journalist's
media outlet where the organisation is empty (card, gate, badge page), and a holder's own badge
that the gates refuse while the registration is back in review."""

import pytest

from pavilion.accreditation import issuing, pdf, scanning, selectors
from pavilion.accreditation.models import Badge
from pavilion.events.models import Event
from pavilion.registrations import services as registration_services
from pavilion.registrations.models import Registration
from tests import pdf_layout
from tests.pdf_layout import uncompressed_pdf_fixture  # noqa: F401

# The translations the lead adds to the .po files, put into Django's loaded catalogues for a test.
TRANSLATED = {
    "ru": {"registration rejected": "регистрация отклонена", "registration withdrawn": "регистрация отозвана",
           "revoked through the API": "отозван через API"},
    "az": {"registration rejected": "qeydiyyat rədd edildi", "registration withdrawn": "qeydiyyat geri götürüldü",
           "revoked through the API": "API vasitəsilə ləğv edildi"},
}


@pytest.fixture
def translated():
    from django.utils.translation import trans_real

    saved = {}
    for language, texts in TRANSLATED.items():
        catalogue = trans_real.translation(language)._catalog._catalogs[0]
        saved[language] = {msgid: catalogue[msgid] for msgid in texts if msgid in catalogue}
        catalogue.update(texts)
    yield TRANSLATED
    for language, texts in TRANSLATED.items():
        catalogue = trans_real.translation(language)._catalog._catalogs[0]
        for msgid in texts:
            catalogue.pop(msgid, None)
        catalogue.update(saved[language])


def url(world, tail=""):
    return f"/events/{world.event.slug}/accreditation/{tail}"


def revoked_reason_on_page(client, world, badge, language) -> str:
    page = client.get(url(world, f"badges/{badge.serial}/"), headers={"accept-language": language})
    text = page.content.decode()
    start = text.index("data-revoked-reason>(") + len("data-revoked-reason>(")
    return text[start:text.index(")</span>", start)]


def test_a_closed_registrations_revocation_reason_is_stored_in_english_and_shown_translated(
        client, world, badge_of, commit, translated):
    rejected, withdrawn = badge_of(), badge_of()
    commit(registration_services.registration_reject, actor=world.organiser, registration=rejected.registration,
           reason="documents")
    commit(registration_services.registration_withdraw, actor=None, registration=withdrawn.registration)
    rejected.refresh_from_db()
    withdrawn.refresh_from_db()
    assert (rejected.revoked_reason, withdrawn.revoked_reason) == ("registration rejected", "registration withdrawn")
    client.force_login(world.organiser)
    assert revoked_reason_on_page(client, world, rejected, "ru") == "регистрация отклонена"
    assert revoked_reason_on_page(client, world, withdrawn, "az") == "qeydiyyat geri götürüldü"
    assert revoked_reason_on_page(client, world, withdrawn, "en") == "registration withdrawn"


def test_reasons_stored_before_and_by_the_api_are_translated_and_an_officers_own_is_kept(
        client, world, badge_of, translated):
    older, api, own = badge_of(), badge_of(), badge_of()
    issuing.badge_revoke(actor=None, badge=older, reason="registration cancelled")  # as the signal wrote it
    issuing.badge_revoke(actor=world.officer, badge=api, reason="revoked through the API")
    issuing.badge_revoke(actor=world.officer, badge=own, reason="lost at the gate")
    client.force_login(world.officer)
    assert revoked_reason_on_page(client, world, older, "ru") == "регистрация отозвана"
    assert revoked_reason_on_page(client, world, api, "az") == "API vasitəsilə ləğv edildi"
    assert revoked_reason_on_page(client, world, own, "ru") == "lost at the gate"


MEDIA = {"media_outlet": "Caspian Defence Review", "press_card": "AZ-PRESS-0147"}


def test_a_journalists_outlet_is_on_the_card_the_gate_answer_and_the_badge_page(
        client, world, badge_of, scan, gates, uncompressed_pdf):
    badge = badge_of("media", **MEDIA)
    registration = badge.registration
    assert (registration.organisation, registration.media_outlet) == ("", "Caspian Defence Review")
    assert "Caspian Defence Review" in pdf_layout.text(pdf.badges_pdf([badge]))
    assert scan(badge.token)["badge"]["organisation"] == "Caspian Defence Review"
    assert scanning.badge_summary(badge, 1)["organisation"] == "Caspian Defence Review"
    feed = selectors.sync_feed(Event.objects.get(pk=world.event.pk), since=0)
    assert [item["organisation"] for item in feed["badges"]] == ["Caspian Defence Review"]
    client.force_login(world.organiser)
    assert "Caspian Defence Review" in client.get(url(world, f"badges/{badge.serial}/")).content.decode()


def test_the_organisation_comes_first_when_both_are_given(world, badge_of):
    badge = badge_of("media", organisation="Azertac", **MEDIA)
    assert scanning.badge_summary(badge, 1)["organisation"] == "Azertac"


def test_my_badge_says_it_is_not_usable_while_the_registration_is_back_in_review(client, world, badge_of):
    badge = badge_of("media", **MEDIA)
    person = badge.registration.person
    person.user = world.visitor
    person.save()
    client.force_login(world.visitor)
    usable = client.get("/my/badges/").content.decode()
    assert "<svg" in usable and "Not usable at the gates now" not in usable and "Caspian Defence Review" in usable
    # A new screening alert holds the registration: the gate answers not_cleared.
    Registration.objects.filter(pk=badge.registration_id).update(status=Registration.Status.IN_REVIEW)
    held = client.get("/my/badges/").content.decode()
    assert "Not usable at the gates now" in held and "being reviewed again" in held
    assert "<svg" not in held and badge.token not in held
    assert Badge.objects.get(pk=badge.pk).status == "valid"
