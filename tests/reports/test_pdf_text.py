"""The press summary read back from the PDF (embedded font): a deal's day of signing in the event's
time zone, and Russian headings and long names that wrap inside their columns."""

from decimal import Decimal

import pytest
from django.utils import translation
from reportlab.lib.units import mm

from pavilion.reports import pdf
from tests import pdf_layout
from tests.accreditation.support import baku
from tests.pdf_layout import uncompressed_pdf_fixture  # noqa: F401
from tests.reports.support import deal

pytestmark = pytest.mark.django_db


def test_a_deal_signed_after_midnight_in_baku_is_printed_on_that_day(world, uncompressed_pdf):
    signed = deal(world, "Patrol boats for the Coast Guard", value=Decimal("1500000"), currency="USD")
    signed.signed_at = baku(25, 1, 30)  # 24 September 21:30 UTC
    signed.save()
    printed = pdf_layout.text(pdf.press_summary_pdf(world.event))
    assert "2024-09-25" in printed and "2024-09-24" not in printed


def test_russian_headings_and_long_names_stay_in_their_columns(world, uncompressed_pdf):
    deal(world, "Поставка бронированных патрульных машин для Государственной пограничной службы Азербайджана",
         value=Decimal("48500000"), currency="USD", countries=("AZ", "RU", "TR"))
    with translation.override("ru"):
        content = pdf.press_summary_pdf(world.event)
    assert {run.font for run in pdf_layout.read(content)[0]} == {"DejaVuSans"}
    assert pdf_layout.overlapping(content) == []
    assert pdf_layout.off_the_page(content, margin=15 * mm) == []
