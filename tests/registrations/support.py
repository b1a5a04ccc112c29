"""Fixtures and helpers shared by the registration and vetting tests: one event with its
categories, the people of every role, and a way to run what services queue on commit."""

import datetime
import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from pavilion.core import roles
from pavilion.registrations import services
from pavilion.registrations.categories import ensure_categories
from pavilion.vetting import lists
from pavilion.vetting import screening as vetting_screening
from tests.factories import (
    EventFactory,
    ExhibitorFactory,
    MemberFactory,
    ShowFactory,
    StandFactory,
    UserFactory,
)

DATA = Path(__file__).resolve().parent.parent / "vetting" / "data"


@pytest.fixture(autouse=True)
def _registration_settings(settings):
    # Before the demo event: registrations are open and list updates re-screen it.
    settings.PAVILION_CLOCK = "2024-09-01T10:00:00+04:00"
    settings.PAVILION_DATA_KEY = "Zm9yLXRlc3RzLW9ubHktMzItYnl0ZXMtb2Yta2V5ISE="
    vetting_screening._cache.clear()


@dataclass
class World:
    event: object
    categories: dict
    organiser: object
    organiser_staff: object
    officer: object
    officer2: object
    exhibitor: object
    exhibitor_admin: object
    other_exhibitor: object
    other_admin: object
    liaison: object
    visitor: object


@pytest.fixture
def world(db) -> World:
    event = EventFactory(slug="adex-test", name_en="ADEX Test", name_az="ADEX Sınaq", name_ru="АДЕКС Тест")
    categories = ensure_categories(event)
    show = ShowFactory(event=event)
    exhibitor = ExhibitorFactory(show=show)
    other = ExhibitorFactory(show=show)
    admin = MemberFactory(company=exhibitor.company).user
    other_admin = MemberFactory(company=other.company).user
    # 3 × 3 m stands: 9 m² booked starts one 100 m² block, so 4 staff badges.
    StandFactory(show=show, exhibitor=exhibitor, state="booked")
    return World(
        event=event, categories=categories,
        organiser=UserFactory(username="org", role=roles.ORGANISER_ADMIN),
        organiser_staff=UserFactory(username="orgstaff", role=roles.ORGANISER_STAFF),
        officer=UserFactory(username="sec1", role=roles.SECURITY_OFFICER),
        officer2=UserFactory(username="sec2", role=roles.SECURITY_OFFICER),
        exhibitor=exhibitor, exhibitor_admin=admin, other_exhibitor=other, other_admin=other_admin,
        liaison=UserFactory(username="liaison", role=roles.DELEGATION_LIAISON),
        visitor=UserFactory(username="visitor", role=roles.TRADE_VISITOR),
    )


def person(**overrides) -> services.PersonData:
    values = {
        "given_name": "Leyla", "family_name": "Məmmədova", "nationality": "AZ", "email": "leyla@example.test",
        "birth_date": datetime.date(1990, 5, 17), "document_type": "passport", "document_number": "C01234567",
        "document_country": "AZ", "language": "az",
    }
    values.update(overrides)
    return services.PersonData(**values)


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a callable and then what it queued on commit (screening, e-mails), as production does."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


@pytest.fixture
def submit(commit, world):
    def run(category="trade-visitor", actor=None, **kwargs):
        data = kwargs.pop("person", None) or person()
        return commit(services.registration_submit, actor=actor, category=world.categories[category],
                      person=data, **kwargs)

    return run


@pytest.fixture
def un_list(commit, world):
    """The extract of the UN Consolidated List (tests/vetting/data), imported as version 1."""
    watch_list = lists.watch_list_get_or_create(name="UN Consolidated List")
    content = (DATA / "un-extract.xml").read_bytes()
    return commit(lists.watch_list_import, actor=world.officer, watch_list=watch_list, file_name="un-extract.xml",
                  content=content)


def listed_person(**overrides) -> services.PersonData:
    """A registrant with the name, birth year and nationality of UN entry TAi.108."""
    values = {"given_name": "Abdulhai", "family_name": "Salek", "nationality": "AF",
              "birth_date": datetime.date(1965, 3, 1), "document_number": "P7654321", "document_country": "AF",
              "language": "ru", "email": "salek@example.test"}
    values.update(overrides)
    return person(**values)


def photo_bytes(size=(400, 500), kind="JPEG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (120, 140, 160)).save(buffer, kind)
    return buffer.getvalue()


def numbered_name(word: str, number: int) -> str:
    """A distinct name for the n-th of many people, in letters (a name takes no digits): Staff12 is Staffbc."""
    return word + "".join(chr(ord("a") + int(digit)) for digit in str(number))
