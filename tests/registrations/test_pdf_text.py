"""The delegation brief read back from the PDF: long Azerbaijani and Russian names, ranks,
positions and places wrap inside their columns, in the embedded font; no birth date or document
number; an empty delegation still prints."""

import datetime

import pytest
from reportlab.lib.units import mm

from pavilion.registrations import services
from pavilion.registrations.brief import delegation_brief_pdf
from tests import pdf_layout
from tests.pdf_layout import uncompressed_pdf_fixture  # noqa: F401
from tests.registrations.support import numbered_name, person

pytestmark = pytest.mark.django_db

BAKU = datetime.timezone(datetime.timedelta(hours=4))
RANK = "Генерал-полковник, заместитель начальника Генерального штаба"
POSITION = "Azərbaycan Respublikası Müdafiə Nazirliyinin Beynəlxalq Hərbi Əməkdaşlıq İdarəsinin rəisi"
PLACE = "Bakı Ekspo Mərkəzi, 3-cü zal, Müdafiə Sənayesi Nazirliyinin milli pavilyonu, stend A-117"


def _delegation(world, commit):
    delegation = services.delegation_create(actor=world.liaison, event=world.event, country="RU", liaison=world.liaison,
                                            sending_body="Министерство обороны Российской Федерации")
    commit(services.registration_submit, actor=world.liaison, category=world.categories["delegation-member"],
           delegation=delegation,
           person=person(given_name="Gülnarə", patronymic="Şəfiqə qızı", family_name="Əliyeva-Hüseynzadə",
                         email="g@example.test", document_number="C07654321"),
           details={"protocol_order": 1, "rank": RANK, "position": POSITION})
    services.delegation_visit_add(
        actor=world.liaison, delegation=delegation, place=PLACE,
        title="Посещение стенда АО «Концерн воздушно-космической обороны «Алмаз-Антей» и демонстрация систем",
        starts_at=datetime.datetime(2024, 9, 24, 16, 30, tzinfo=BAKU),
        ends_at=datetime.datetime(2024, 9, 24, 17, 30, tzinfo=BAKU))
    return delegation


def test_long_names_ranks_and_places_wrap_in_their_columns(world, commit, uncompressed_pdf):
    content = delegation_brief_pdf(_delegation(world, commit))
    runs, _sizes = pdf_layout.read(content)
    assert {run.font for run in runs} == {"DejaVuSans"}
    assert pdf_layout.overlapping(content) == []
    assert pdf_layout.off_the_page(content, margin=15 * mm) == []
    printed = pdf_layout.text(content).replace("- ", "-")  # a line may end at a word's hyphen
    for word in ["Gülnarə", "Əliyeva-Hüseynzadə", *POSITION.split(), *PLACE.split(), *RANK.split()]:
        assert word in printed.split(), f"{word!r} is not printed whole"
    assert "2024-09-24 16:30" in printed  # in the event's time zone
    assert "C07654321" not in printed and "1990" not in printed  # the brief travels: no document or birth date


def test_a_delegation_without_members_programme_or_sending_body_prints(world, uncompressed_pdf):
    delegation = services.delegation_create(actor=world.liaison, event=world.event, country="UZ", sending_body="")
    content = delegation_brief_pdf(delegation)
    assert "Uzbekistan" in pdf_layout.text(content)


@pytest.mark.parametrize("language", ["en", "az", "ru"])
def test_the_members_headers_and_statuses_are_printed_whole(world, commit, uncompressed_pdf, language):
    """The order and status columns were 17 and 25 mm: "Порядо/к", "на рассмотр/ении"."""
    from django.utils import translation

    from pavilion.registrations.models import Registration

    delegation = services.delegation_create(actor=world.organiser, event=world.event, country="TR",
                                            liaison=world.liaison, sending_body="MSB")
    statuses = [value for value, _label in Registration.Status.choices]
    for order, status in enumerate(statuses, start=1):
        registration = commit(
            services.registration_submit, actor=world.liaison, category=world.categories["delegation-member"],
            delegation=delegation, details={"protocol_order": order, "rank": "General", "position": "Chief"},
            person=person(given_name=numbered_name("Member", order), email=f"m{order}@example.test",
                          document_number=f"U{order:08d}"))
        Registration.objects.filter(pk=registration.pk).update(status=status)
    with translation.override(language):
        content = delegation_brief_pdf(delegation)
        expected = [str(label) for _value, label in Registration.Status.choices]
        expected += [translation.gettext(header) for header in ("Order", "Rank", "Position", "Status")]
    printed = pdf_layout.text(content).split()
    assert pdf_layout.overlapping(content) == [] and pdf_layout.off_the_page(content, margin=15 * mm) == []
    for word in {word for text in expected for word in text.split()}:
        assert word in printed, f"{word!r} is not printed whole"
