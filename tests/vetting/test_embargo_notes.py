"""The reference data's embargo notes are read in the reader's language, and "as for AM" says what it
means (the note it points at) wherever a note is shown: the officers' embargo table and the
export-control decision on a meeting request."""

import pytest
from django.utils import translation

from pavilion.meetings.compliance_labels import compliance_text
from pavilion.vetting import labels
from pavilion.vetting.export_policy import embargoes

ARMENIA = ("1992 CSCE request on forces engaged in Nagorno-Karabakh; non-binding, never formally repealed; UK "
           "lifted its implementation 2025-10-13")


def test_every_note_of_the_shipped_data_is_translated_or_points_at_one():
    notes = {embargo.note for embargo in embargoes() if embargo.note}
    pointers = {note for note in notes if labels._SAME_AS.fullmatch(note)}
    assert pointers == {"as for AM"}
    assert notes - pointers == set(labels.EMBARGO_NOTES)
    for language in ("az", "ru"):
        with translation.override(language):
            untranslated = [note for note in notes - pointers - {"Darfur"} if labels.embargo_note(note) == note]
        assert untranslated == [], language


def test_as_for_names_the_note_it_points_at_in_the_readers_language():
    assert labels.embargo_note("as for AM", "OSCE") == ARMENIA
    assert labels.embargo_note("as for AM", "UN") == "as for AM"  # no UN entry for Armenia: kept as written
    assert labels.embargo_note("a note the data added later") == "a note the data added later"
    with translation.override("ru"):
        russian = labels.embargo_note("as for AM", "OSCE")
    assert russian != ARMENIA and "1992" in russian


@pytest.mark.parametrize("language", ["en", "az", "ru"])
def test_a_warning_on_azerbaijan_explains_the_osce_embargo(language):
    rule = {"authority": "OSCE", "target": "AZ", "scope": "advisory", "note": "as for AM", "outcome": "warning",
            "last_verified": "2025-10"}
    with translation.override(language):
        text = compliance_text("warning", [rule])
        expected = labels.embargo_note(ARMENIA)
    assert "as for AM" not in text and expected in text


def test_the_officers_embargo_table_shows_the_notes_in_words(world, client):
    client.force_login(world.officer)
    page = client.get("/vetting/", headers={"accept-language": "ru"}).content.decode()
    assert "as for AM" not in page and "with exemptions" not in page
