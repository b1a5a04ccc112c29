"""The scanner app's texts: rendered into the page from gettext in the page's language, every text
scanner.js asks for is there, and every denial reason the server or the browser can give has one."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings

from pavilion.accreditation import scanner_views
from pavilion.engines.badges import Reason

SCRIPT = Path(scanner_views.__file__).parent / "static" / "accreditation" / "scanner.js"
# The scan reason "revoked" has a context of its own (a device's state is "revoked" too, and Russian
# words the badge's in another gender): its Russian, put into the catalogue for a test like `russian`.
REVOKED_BADGE = ("scan reason\x04revoked badge", "бейдж отозван")


@pytest.fixture
def russian_reasons(russian):
    from django.utils.translation import trans_real

    catalogue = trans_real.translation("ru")._catalog._catalogs[0]
    key, text = REVOKED_BADGE
    saved = catalogue.get(key)
    catalogue[key] = text
    yield text
    catalogue.pop(key, None)
    if saved is not None:
        catalogue[key] = saved


def texts_of(page: str) -> dict:
    block = re.search(r'<script id="scanner-texts" type="application/json">(.*?)</script>', page, re.S)
    assert block, "the texts block is missing"
    return json.loads(block.group(1))


def test_the_script_has_no_words_of_its_own():
    script = SCRIPT.read_text()
    asked = set(re.findall(r'\bt\("(\w+)"', script))
    assert asked and asked <= set(scanner_views.scanner_texts()) - {"reasons"}
    calls = re.findall(r"(?<!function )setStatus\(([^;]*)\);", script)
    assert len(calls) >= 6
    for call in calls:  # every status line is made by t(): no string of its own
        assert "t(" in call and not re.search(r"[\"`']", re.sub(r'\bt\("\w+"', "", call)), call
    assert "GRANTED" not in script and "offline decision" not in script


def test_every_denial_reason_has_a_text():
    reasons = set(scanner_views.scanner_texts()["reasons"])
    assert {str(reason) for reason in Reason} | {"passback", "not_cleared"} <= reasons


def test_the_page_gives_the_texts_in_its_language(client, russian_reasons):
    english = texts_of(client.get("/gates/scanner/").content.decode())
    assert english["granted"] == "GRANTED" and english["reasons"]["revoked"] == "revoked badge"
    page = client.get("/gates/scanner/", headers={"Accept-Language": "ru"}).content.decode()
    assert '<html lang="ru"' in page
    texts = texts_of(page)
    assert (texts["granted"], texts["denied"], texts["reasons"]["revoked"]) == ("ПРОХОД", "ОТКАЗ", "бейдж отозван")
    assert texts["synced"] == "синхронизировано: %(badges)s пропусков, seq %(seq)s"  # placeholders kept
    assert set(texts) == set(english) and set(texts["reasons"]) == set(english["reasons"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "az"
    assert '<html lang="az"' in client.get("/gates/scanner/").content.decode()
