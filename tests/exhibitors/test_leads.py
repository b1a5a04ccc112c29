# ruff: noqa: F811 (the fixtures imported below are redefined as parameters, as pytest wants)
"""Lead retrieval: an exhibitor's staff scan a visitor's badge at the stand; the badge is checked as a
gate checks it; the company sees what the badge shows, and the e-mail and phone only by the person's
consent, which they give or take back on their registration's page; leads are rated, noted, exported,
and no other company (nor anyone else) sees them."""

import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pavilion.accreditation import issuing
from pavilion.core.models import AuditEntry
from pavilion.exhibitors import leads
from pavilion.exhibitors.models import Lead
from pavilion.registrations.models import Registration
from pavilion.registrations.views import status_url
from tests.accreditation.support import badge_of, baku, gates  # noqa: F401
from tests.factories import MemberFactory
from tests.registrations.support import _registration_settings, commit, world  # noqa: F401


def page_of(world) -> str:
    return f"/events/{world.event.slug}/leads/"


@pytest.fixture
def visitor_badge(badge_of):
    return badge_of("trade-visitor", organisation="Caspian Rescue", position="Procurement manager",
                    shares_contact=True)


def test_a_scan_adds_the_visitor_with_what_they_agreed_to_share(client, world, visitor_badge):
    client.force_login(world.exhibitor_admin)
    response = client.post(page_of(world), {"qr": visitor_badge.token, "company": world.exhibitor.company.pk},
                           follow=True)
    lead = Lead.objects.get()
    assert lead.company == world.exhibitor.company and lead.scanned_by == world.exhibitor_admin
    page = response.content.decode()
    assert "Added Person" in page and "Caspian Rescue" in page and "Procurement manager" in page
    assert visitor_badge.registration.person.email in page
    assert AuditEntry.objects.filter(action="lead.capture", object_id=str(lead.pk)).exists()


def test_without_consent_the_company_sees_the_badge_s_face_only(client, world, badge_of):
    badge = badge_of("trade-visitor", organisation="Border Guard Academy", position="Instructor")
    client.force_login(world.exhibitor_admin)
    page = client.post(page_of(world), {"qr": badge.token}, follow=True).content.decode()
    assert "Border Guard Academy" in page and badge.registration.person.email not in page and "not shared" in page


def test_consent_is_given_and_taken_back_on_the_registration_s_page(client, world, visitor_badge):
    lead, _created = leads.lead_capture(actor=world.exhibitor_admin, event=world.event,
                                        company=world.exhibitor.company, qr=visitor_badge.token)
    registration = visitor_badge.registration
    status = client.get(status_url(registration)).content.decode()
    assert "Stop sharing my e-mail and phone" in status
    token = status_url(registration).rstrip("/").rsplit("/", 1)[1]
    client.post(f"/registration/{token}/contact-sharing/", {"shares_contact": "no"})
    registration.refresh_from_db()
    assert registration.status == "approved" and not registration.shares_contact  # no new screening
    assert leads.Contact.of(Lead.objects.get()).email == ""
    assert AuditEntry.objects.filter(action="registration.contact_sharing").count() == 1
    assert client.get(f"/registration/{token}/contact-sharing/").status_code == 405
    assert client.post("/registration/forged/contact-sharing/", {"shares_contact": "yes"}).status_code == 404


def test_a_second_scan_counts_and_does_not_duplicate(client, world, visitor_badge):
    client.force_login(world.exhibitor_admin)
    client.post(page_of(world), {"qr": visitor_badge.token})
    response = client.post(page_of(world), {"qr": "  " + visitor_badge.token + "\n"}, follow=True)
    lead = Lead.objects.get()
    assert lead.scans == 2 and "in your leads already" in response.content.decode()


@pytest.mark.parametrize("text", ["", "hello", "PV1:ABC", "x" * 500, "PV1:" + "0" * 150])
def test_anything_but_a_badge_is_refused_and_changes_nothing(client, world, gates, text):
    client.force_login(world.exhibitor_admin)
    response = client.post(page_of(world), {"qr": text})
    assert response.status_code == 400 and "not a badge of this event" in response.content.decode()
    assert not Lead.objects.exists()


def test_a_revoked_or_reprinted_or_unapproved_badge_is_refused(client, world, badge_of):
    client.force_login(world.exhibitor_admin)
    revoked = badge_of()
    issuing.badge_revoke(actor=world.organiser, badge=revoked, reason="lost")
    assert "revoked" in client.post(page_of(world), {"qr": revoked.token}).content.decode()
    old = badge_of()
    old_token = old.token
    issuing.badge_reprint(actor=world.organiser, badge=old)
    assert "replaced by a reprint" in client.post(page_of(world), {"qr": old_token}).content.decode()
    withdrawn = badge_of()
    Registration.objects.filter(pk=withdrawn.registration_id).update(status="cancelled")
    assert client.post(page_of(world), {"qr": withdrawn.token}).status_code == 400
    assert not Lead.objects.exists()


def test_a_badge_outside_its_days_is_refused(client, world, badge_of, settings):
    badge = badge_of()
    settings.PAVILION_CLOCK = baku(30, 12).isoformat()
    client.force_login(world.exhibitor_admin)
    assert "no longer valid" in client.post(page_of(world), {"qr": badge.token}).content.decode()


def test_the_company_s_own_staff_are_no_leads(world, badge_of):
    staff = badge_of("exhibitor-staff", exhibitor=world.exhibitor)
    with pytest.raises(ValidationError, match="your own company"):
        leads.lead_capture(actor=world.exhibitor_admin, event=world.event, company=world.exhibitor.company,
                           qr=staff.token)


def test_only_a_company_exhibiting_here_scans_and_sees_its_own_leads(client, world, visitor_badge):
    leads.lead_capture(actor=world.exhibitor_admin, event=world.event, company=world.exhibitor.company,
                       qr=visitor_badge.token)
    lead = Lead.objects.get()
    client.force_login(world.other_admin)
    page = client.get(page_of(world), {"company": world.exhibitor.company.pk}).content.decode()
    assert "Caspian Rescue" not in page  # their own (empty) list, whatever the address asks
    assert client.post(f"{page_of(world)}{lead.pk}/", {"rating": "cold", "note": "x"}).status_code == 404
    csv = client.get(f"{page_of(world)}export.csv", {"company": world.exhibitor.company.pk}).content.decode()
    assert "Caspian Rescue" not in csv
    for someone in (world.visitor, world.organiser_staff):
        client.force_login(someone)
        assert client.get(page_of(world)).status_code == 403
        assert client.post(page_of(world), {"qr": visitor_badge.token}).status_code == 403
    with pytest.raises(PermissionDenied):
        leads.lead_capture(actor=world.visitor, event=world.event, company=world.exhibitor.company,
                           qr=visitor_badge.token)
    client.logout()
    assert client.get(page_of(world)).status_code == 302
    lead.refresh_from_db()
    assert lead.rating == "" and lead.scans == 1


def test_a_lead_is_rated_and_noted_and_bad_values_change_nothing(client, world, visitor_badge):
    lead, _created = leads.lead_capture(actor=world.exhibitor_admin, event=world.event,
                                        company=world.exhibitor.company, qr=visitor_badge.token)
    colleague = MemberFactory(company=world.exhibitor.company, role="staff").user
    client.force_login(colleague)  # staff, not only administrators, work the stand
    client.post(f"{page_of(world)}{lead.pk}/", {"rating": "hot", "note": "Send the price list."})
    lead.refresh_from_db()
    assert (lead.rating, lead.note) == ("hot", "Send the price list.")
    for bad in ({"rating": "boiling", "note": "x"}, {"rating": "warm", "note": "x" * 2001}):
        response = client.post(f"{page_of(world)}{lead.pk}/", bad, follow=True)
        assert "errorlist" in response.content.decode() or "message error" in response.content.decode()
        lead.refresh_from_db()
        assert (lead.rating, lead.note) == ("hot", "Send the price list.")


def test_the_export_has_the_leads_with_consent_respected(client, world, visitor_badge, badge_of):
    quiet = badge_of("trade-visitor", organisation="Quiet Ltd")
    for badge in (visitor_badge, quiet):
        leads.lead_capture(actor=world.exhibitor_admin, event=world.event, company=world.exhibitor.company,
                           qr=badge.token)
    client.force_login(world.exhibitor_admin)
    csv = client.get(f"{page_of(world)}export.csv").content.decode()
    assert visitor_badge.registration.person.email in csv and quiet.registration.person.email not in csv
    assert "Quiet Ltd" in csv and "12:00:00" in csv  # the event's clock (the tests' clock is noon in Baku)
    response = client.get(f"{page_of(world)}export.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.max_row == 3 and sheet.cell(1, 1).value == "Name"
    assert AuditEntry.objects.filter(action="lead.export").count() == 2


def test_the_export_s_headers_are_in_the_page_s_language(client, world, visitor_badge):
    """The values and the sheet's title were translated, the headers were the code's keys (first_scanned)."""
    leads.lead_capture(actor=world.exhibitor_admin, event=world.event, company=world.exhibitor.company,
                       qr=visitor_badge.token)
    client.force_login(world.exhibitor_admin)
    english = client.get(f"{page_of(world)}export.csv").content.decode().lstrip("\ufeff").splitlines()[0]
    assert english == ("Name,Organisation,Position,Country,Category,E-mail,Phone,Rating,Note,First scanned,"
                       "Last scanned,Scans,Scanned by")
    russian = client.get(f"{page_of(world)}export.csv", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert russian.lstrip("\ufeff").startswith("ФИО,Организация,Должность,Страна,Категория,Эл. почта,Телефон,")
    response = client.get(f"{page_of(world)}export.xlsx", HTTP_ACCEPT_LANGUAGE="ru")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header = [cell.value for cell in sheet[1]]
    assert sheet.title == "Лиды" and header[:3] == ["ФИО", "Организация", "Должность"]
    assert not any("_" in value for value in header)  # no key such as first_scanned is left
    assert sheet.cell(2, 1).value == visitor_badge.registration.person.full_name


def test_the_list_s_queries_do_not_grow_with_the_leads(client, world, badge_of):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.exhibitor_admin)
    counts = []
    for more in (1, 4):
        for _number in range(more):
            leads.lead_capture(actor=world.exhibitor_admin, event=world.event, company=world.exhibitor.company,
                               qr=badge_of().token)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page_of(world)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_registration_form_asks_for_consent_and_keeps_the_answer(client, world, settings):
    page = client.get(f"/events/{world.event.slug}/register/trade-visitor/").content.decode()
    assert 'name="shares_contact"' in page and "may also receive my e-mail address" in page
    media = client.get(f"/events/{world.event.slug}/register/media/").content.decode()
    assert 'name="shares_contact"' in media


def test_a_withdrawn_exhibitor_captures_no_new_lead_and_keeps_reading_its_own(client, world, visitor_badge, badge_of):
    lead, _created = leads.lead_capture(actor=world.exhibitor_admin, event=world.event,
                                        company=world.exhibitor.company, qr=visitor_badge.token)
    world.exhibitor.status = "withdrawn"
    world.exhibitor.save(update_fields=["status"])
    other = badge_of("trade-visitor", organisation="Border Guard Academy")
    with pytest.raises(ValidationError) as refused:
        leads.lead_capture(actor=world.exhibitor_admin, event=world.event, company=world.exhibitor.company,
                           qr=other.token)
    assert "is withdrawn from this event: it captures no new leads" in " ".join(refused.value.messages)
    client.force_login(world.exhibitor_admin)
    page = client.get(page_of(world))
    text = page.content.decode()
    assert page.status_code == 200 and "captures no new leads" in text and 'id="lead-scan"' not in text
    assert "Caspian Rescue" in text  # the lead already captured stays readable
    refused_post = client.post(page_of(world), {"qr": other.token})
    assert refused_post.status_code == 400 and Lead.objects.count() == 1
    export = client.get(f"/events/{world.event.slug}/leads/export.csv")
    assert export.status_code == 200 and "Caspian Rescue" in export.content.decode()
    assert lead.pk == Lead.objects.get().pk
