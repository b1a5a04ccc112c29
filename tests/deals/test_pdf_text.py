"""The press PDF of announced deals read back from the page (embedded font): in Russian, a kind
("меморандум о взаимопонимании"), a heading and a value wrap in their own columns."""

from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext

from pavilion.deals import press, services
from tests import pdf_layout
from tests.pdf_layout import uncompressed_pdf_fixture  # noqa: F401


def test_russian_kinds_headings_and_values_stay_in_their_columns(world, uncompressed_pdf):
    for kind, value in (("mou", None), ("contract", Decimal("15200000"))):
        deal = world.record(kind=kind, title_ru="Меморандум о совместном производстве беспилотных систем",
                            value=value, currency="EUR" if value else "", value_disclosed=bool(value))
        services.deal_announce(actor=world.organiser, deal=deal)
    content = press.pdf_bytes(world.event, "ru")
    printed = pdf_layout.text(content)
    assert "Меморандум о совместном производстве беспилотных систем" in printed and "15200000.00 EUR" in printed
    assert {run.font for run in pdf_layout.read(content)[0]} == {"DejaVuSans"}
    assert pdf_layout.overlapping(content) == []
    assert pdf_layout.off_the_page(content) == []


def test_long_titles_and_parties_keep_the_press_pdf_to_one_page(world, uncompressed_pdf):
    body = world.body(name="Государственная корпорация «Ростехнологии» — Научно-производственное объединение "
                           "имени Щукина, Министерство обороны Азербайджанской Республики", country="AZ")
    for number in range(press.PDF_ROWS):
        deal = world.record(title_ru=f"Меморандум {number} о совместном производстве беспилотных авиационных систем "
                                     "и подготовке операторов для Государственной пограничной службы",
                            parties=[world.ours(), body, world.theirs()])
        services.deal_announce(actor=world.organiser, deal=deal)
    content = press.pdf_bytes(world.event, "ru")
    runs, sizes = pdf_layout.read(content)
    assert len(sizes) == 1  # one page, as the summary promises
    shown = sum("Меморандум" in run.text and "о совместном" in run.text for run in runs)
    assert 0 < shown < press.PDF_ROWS
    with translation.override("ru"):
        summary = gettext("%(count)s announced deals. This page shows the latest %(shown)s; the CSV and XLSX "
                          "exports list them all.") % {"count": press.PDF_ROWS, "shown": shown}
    assert summary in pdf_layout.text(content)  # it says how many deals the page shows
