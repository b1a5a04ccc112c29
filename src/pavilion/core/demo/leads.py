"""Lead retrieval in the demo: the `exhibitor` account's staff scanned visitors' badges at their stand
on the first morning (before the demo clock's 10:00); most visitors agreed to share their e-mail and
phone, some did not, so the leads page shows both. One lead was scanned twice, some are rated and noted."""

import datetime
import zoneinfo

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test.utils import override_settings

from pavilion.accreditation.models import Badge
from pavilion.core.demo import EVENT_SLUG, Demo
from pavilion.core.demo.accounts import exhibitor_account_company
from pavilion.events.models import Event
from pavilion.exhibitors import leads
from pavilion.exhibitors.models import Lead
from pavilion.registrations.models import Registration

BAKU = zoneinfo.ZoneInfo("Asia/Baku")
LEADS = 9
NOTES = [
    ("hot", "Wants a demonstration of the thermal camera at their border posts in October; send the price list."),
    ("warm", "Procurement for the regional emergency service; asked for the Russian brochure."),
    ("cold", "Student; no purchase planned."),
    ("hot", "Asked for a quotation for 12 units with training."),
]


def create_leads(demo: Demo) -> None:
    event = Event.objects.filter(slug=EVENT_SLUG).first()
    company = exhibitor_account_company(demo)
    user = get_user_model().objects.filter(username="exhibitor").first()
    if event is None or company is None or user is None or Lead.objects.filter(company=company).exists():
        return
    _consents(demo, event)
    badges = list(Badge.objects.filter(event=event, status=Badge.Status.VALID,
                                       registration__category__code__in=["trade-visitor", "media", "vip"])
                  .exclude(registration__exhibitor__company=company).order_by("serial")[:LEADS])
    captured = []
    for number, badge in enumerate(badges):
        moment = datetime.datetime(2024, 9, 24, 9, 20 + 4 * number, tzinfo=BAKU)
        with override_settings(PAVILION_CLOCK=moment.isoformat()):
            try:
                lead, _created = leads.lead_capture(actor=user, event=event, company=company, qr=badge.token)
            except ValidationError:
                continue  # a badge not valid at that moment is not a lead
        captured.append(lead)
    if captured:  # the first visitor came back
        with override_settings(PAVILION_CLOCK=datetime.datetime(2024, 9, 24, 9, 58, tzinfo=BAKU).isoformat()):
            leads.lead_capture(actor=user, event=event, company=company, qr=captured[0].registration.badge.token)
    for lead, (rating, note) in zip(captured, NOTES, strict=False):
        leads.lead_update(actor=user, event=event, lead=lead, rating=rating, note=note)
    demo.count("leads", len(captured))


def _consents(demo: Demo, event) -> None:
    """Two visitors in three agreed to share their e-mail and phone with exhibitors (every third not)."""
    agreed = [pk for number, pk in enumerate(Registration.objects.filter(
        event=event, category__code__in=["trade-visitor", "media", "vip", "guest"]).order_by("pk")
        .values_list("pk", flat=True)) if number % 3 != 2]
    Registration.objects.filter(pk__in=agreed).update(shares_contact=True)
