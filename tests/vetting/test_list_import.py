"""Importing a watch-list file: ids and names are stored as written or refused (never cut short),
a file that fails leaves nothing behind, and the engine's reasons reach the page in its language."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.translation import gettext

from pavilion.engines.screening import InputError, read_watchlist
from pavilion.engines.screening.fields import FIELD_MESSAGES
from pavilion.engines.screening.sources import MESSAGES, PLACES, at
from pavilion.vetting import file_errors, lists
from pavilion.vetting.models import WatchList, WatchListEntry
from tests.registrations.support import DATA

LONG_A = "A" * 100 + "-1"
LONG_B = "A" * 100 + "-2"


def _un_xml(reference: str) -> str:
    return ("<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>ERIC</FIRST_NAME>"
            f"<SECOND_NAME>BADEGE</SECOND_NAME><REFERENCE_NUMBER>{reference}</REFERENCE_NUMBER>"
            "</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>")


def _ftm(identifier: str, name: str = "Viktor Bout") -> str:
    return f'{{"id": "{identifier}", "schema": "Person", "properties": {{"name": ["{name}"]}}}}\n'


def _import(world, content: str, name: str = "New list", file_name: str = "list.txt"):
    return lists.watch_list_import(actor=world.officer, name=name, file_name=file_name, content=content.encode(),
                                   rescreen=False)


@pytest.mark.parametrize(
    ("content", "entry"),
    [
        (f"id,name\n{LONG_A},Rashad Quliyev\n{LONG_B},Ivan Sidorov\n", "entry 1"),
        (f"id,name\nX-1,Someone\n{LONG_B},Ivan Sidorov\n", "entry 2"),
        (_un_xml(LONG_A), "entry 1"),
        (_ftm("os-1") + _ftm(LONG_A) + _ftm(LONG_B), "entry 2"),
    ],
    ids=["csv-two-ids-alike", "csv-second", "un-xml", "ftm"],
)
def test_an_id_longer_than_its_column_is_refused_naming_the_entry_and_nothing_is_stored(world, content, entry):
    with pytest.raises(ValidationError) as error:
        _import(world, content)
    message = " ".join(error.value.messages)
    assert entry in message and "longer than 100" in message and "A" * 40 in message
    assert not WatchList.objects.exists() and not WatchListEntry.objects.exists()


def test_the_page_refuses_ids_that_share_their_first_100_characters_without_an_error_page(world, client):
    client.force_login(world.officer)
    upload = SimpleUploadedFile("long.csv", f"id,name\n{LONG_A},Rashad Quliyev\n{LONG_B},Ivan Sidorov\n".encode())
    response = client.post("/vetting/lists/", {"into": "new", "name": "Long ids", "file": upload})
    assert response.status_code == 400
    assert "longer than 100" in " ".join(response.context["form"].errors["file"])
    assert not WatchList.objects.exists()


def test_a_name_longer_than_its_column_is_refused(world):
    with pytest.raises(ValidationError) as error:
        _import(world, f"id,name\nX-1,{'Quliyev ' * 40}\n")
    assert "name is longer than 300" in " ".join(error.value.messages)
    assert not WatchList.objects.exists()


def test_an_id_and_a_name_that_fit_are_stored_in_full(world):
    identifier, name = "A" * 100, ("Quliyev " * 37 + "Rashad")[:300]
    version = _import(world, f"id,name\n{identifier},{name}\n")
    entry = version.entries.get()
    assert (entry.entry_id, entry.name) == (identifier, name)


@pytest.mark.parametrize(
    "content",
    ["id,name\n", "name\nNobody\n", "<CONSOLIDATED_LIST><INDIVIDUALS>", "[1,2]\n", f"id,name\n{LONG_A},X Y\n"],
)
def test_a_failed_import_leaves_no_list_behind(world, client, content):
    client.force_login(world.officer)
    upload = SimpleUploadedFile("broken.txt", content.encode())
    response = client.post("/vetting/lists/", {"into": "new", "name": "Fresh list X", "file": upload})
    assert response.status_code == 400 and response.context["form"].errors["file"]
    assert not WatchList.objects.filter(name="Fresh list X").exists()
    assert "Fresh list X" not in client.get("/vetting/lists/").content.decode()


def test_the_command_leaves_no_list_behind_either(world, tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    broken = tmp_path / "broken.csv"
    broken.write_text("name\nNobody\n")
    with pytest.raises(CommandError):
        call_command("import-watchlist", str(broken), "--name", "Command list")
    assert not WatchList.objects.exists()
    call_command("import-watchlist", str(DATA / "un-extract.xml"), "--name", "Command list")
    assert WatchList.objects.get().versions.count() == 1


def test_json_lines_whose_line_is_not_an_object_are_read_as_json_lines(world):
    with pytest.raises(ValidationError) as error:
        _import(world, "[1,2]\n")
    message = " ".join(error.value.messages)
    assert "FollowTheMoney" in message and "header" not in message


def test_a_csv_whose_header_starts_with_a_bracket_is_still_csv(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("[note],id,name\nx,X-1,Rashad Quliyev\n")
    assert read_watchlist(path).entries[0].id == "X-1"


def test_every_engine_problem_has_its_translation():
    """Each code the engine raises is said in the page's words, none falls back to the engine's English."""
    assert set(MESSAGES) | {"field"} <= set(file_errors._messages())
    assert set(FIELD_MESSAGES) <= set(file_errors._field_problems())


def _refusal(world, content: str, language: str) -> str:
    with translation.override(language), pytest.raises(ValidationError) as error:
        _import(world, content, file_name="list.csv")
    return " ".join(error.value.messages)


@pytest.mark.parametrize(
    ("content", "msgid", "params"),
    [
        ("id,name,birth_date\nX-1,Rashad Quliyev,1980-02-30\n", "has a day that the month does not have", {}),
        ("id,name\nX-1,A B\nX-1,C D\n", "repeats the id %(id)s of line %(line)s", {"id": "X-1", "line": 2}),
        ('id,name\nX-1,"A B\n', "is not valid CSV (%(detail)s)", None),
        ('{"id": "a", "schema": "Person", "properties": {"name": "A B"}}\n',
         'the property "%(property)s" must be a list of strings', {"property": "name"}),
        ("[1,2]\n", 'is not a FollowTheMoney entity (it needs "id", "schema" and "properties")', {}),
    ],
)
def test_the_engines_reasons_are_said_in_the_pages_language(world, content, msgid, params):
    for language in ("ru", "az"):
        message = _refusal(world, content, language)
        with translation.override(language):
            where, expected = gettext("line %(line)s"), gettext(msgid)
        assert message.startswith("list.csv: " + where.split("%")[0])
        if params is not None:
            assert (expected % params if params else expected) in message
        else:
            assert expected.split("(")[0] in message
    assert not WatchList.objects.exists()


def test_a_translated_reason_is_translated_by_its_code_not_its_english(world):
    """Reasons with a translation in the catalogue already: Russian and Azerbaijani."""
    assert _refusal(world, '{"id": "a", "schema": "Person"', "ru") == (
        "list.csv: строка 1, столбец 31: не является корректным JSON")
    assert _refusal(world, "name\nNobody\n", "ru") == "list.csv: строка 1: в заголовке нет столбца id"


def test_the_un_reference_problem_is_located_in_the_pages_words(world):
    with translation.override("ru"):
        message = file_errors.describe(
            InputError.of("x.xml", at("un-numbered", element="INDIVIDUAL", number=2, dataid=7), "un-no-reference"),
            "x.xml")
        assert message == "x.xml: " + gettext("<%(element)s> number %(number)s (DATAID %(dataid)s)") % {
            "element": "INDIVIDUAL", "number": 2, "dataid": 7} + ": " + gettext("has no REFERENCE_NUMBER")


def test_the_command_line_keeps_the_engines_english(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("id,name,birth_date\nX-1,Rashad Quliyev,1980-02-30\n")
    with pytest.raises(InputError) as error:
        read_watchlist(path)
    assert str(error.value) == f"{path}: line 2: birth_date has a day that the month does not have"
    assert (error.value.code, error.value.params["problem"]) == ("field", "day-not-in-month")


@pytest.mark.parametrize("kind", sorted(PLACES))
def test_every_place_the_engine_names_reads_in_the_pages_words_or_as_written(kind):
    """A place is translated from its kind and values, never parsed back out of the engine's English."""
    values = {"line": 3, "column": 7, "tag": "LIST", "element": "ENTITY", "number": 4, "dataid": "9", "reference": "QDi.1",
              "id": "X-1"}
    place = at(kind, **{name: values[name] for name in values if "{" + name + "}" in PLACES[kind]})
    error = InputError.of("x.csv", place, "csv-id-and-name")
    with translation.override("ru"):
        where = file_errors.describe(error, "x.csv").split(": ")[1]
    assert error.where == str(place)  # the command line's English
    assert where != str(place) or kind in ("un-reference", "entry")  # names and ids only: nothing to translate
