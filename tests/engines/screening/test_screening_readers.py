"""Watch-list and subject readers: the real UN list, FollowTheMoney, CSV, and malformed files."""

import json

import pytest

from pavilion.engines.screening import InputError, read_subjects, read_watchlist

UN_SNIPPET = """<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09.554Z">
  <INDIVIDUALS>
    <INDIVIDUAL>
      <DATAID>1</DATAID><FIRST_NAME>ALI</FIRST_NAME><SECOND_NAME>HUSEYNOV</SECOND_NAME>
      <REFERENCE_NUMBER>XXi.001</REFERENCE_NUMBER><GENDER>Male</GENDER>
      <NAME_ORIGINAL_SCRIPT>Гусейнов Али</NAME_ORIGINAL_SCRIPT>
      <NATIONALITY><VALUE>Azerbaijan</VALUE><VALUE>former Soviet Union</VALUE></NATIONALITY>
      <INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Ali Guseynov</ALIAS_NAME></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>Abu Ali</ALIAS_NAME></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1970-03-02</DATE></INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1968</FROM_YEAR><TO_YEAR>1971</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH>
    </INDIVIDUAL>
  </INDIVIDUALS>
  <ENTITIES>
    <ENTITY><DATAID>2</DATAID><FIRST_NAME>CASPIAN ARMS MMC</FIRST_NAME><REFERENCE_NUMBER>XXe.001</REFERENCE_NUMBER>
      <ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>Xəzər Silah MMC</ALIAS_NAME></ENTITY_ALIAS>
    </ENTITY>
  </ENTITIES>
</CONSOLIDATED_LIST>
"""


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_packaged_un_list_reads_whole(un_watchlist):
    assert un_watchlist.format == "un-xml"
    people = [entry for entry in un_watchlist.entries if entry.schema == "Person"]
    assert (len(people), len(un_watchlist.entries) - len(people)) == (730, 273)
    first = un_watchlist.entries[0]
    assert (first.id, first.names[0], first.nationalities) == ("CDi.001", "ERIC BADEGE", ("CD",))
    assert first.birth_dates[0].year_from == 1971
    saddam = next(entry for entry in un_watchlist.entries if entry.id == "IQi.001")
    assert "صدام حسين التكريتي" in saddam.names


def test_un_entry_fields(tmp_path):
    entry, entity = read_watchlist(write(tmp_path, "un.xml", UN_SNIPPET)).entries
    assert entry.names == ("ALI HUSEYNOV", "Ali Guseynov", "Гусейнов Али")
    assert entry.weak_aliases == ("Abu Ali",)
    assert entry.nationalities == ("AZ",)  # "former Soviet Union" names no country today
    assert entry.gender == "male"
    assert [(d.year_from, d.year_to, d.month, d.day) for d in entry.birth_dates] == [(1970, 1970, 3, 2), (1968, 1971, None, None)]
    assert (entity.id, entity.schema, entity.names) == ("XXe.001", "Organization", ("CASPIAN ARMS MMC", "Xəzər Silah MMC"))


def test_followthemoney_lines(tmp_path):
    lines = [
        {"id": "os-1", "schema": "Person", "properties": {"name": ["Ali Huseynov"], "alias": ["Гусейнов Али"],
                                                           "birthDate": ["1970-03"], "nationality": ["az"], "weakAlias": ["Ali"]}},
        {"id": "os-2", "schema": "Vessel", "properties": {"name": ["Caspian Star"]}},
        {"id": "os-3", "schema": "Company", "properties": {"name": ["Caspian Arms MMC"]}},
    ]
    watchlist = read_watchlist(write(tmp_path, "list.jsonl", "\n".join(json.dumps(line) for line in lines) + "\n"))
    assert [entry.id for entry in watchlist.entries] == ["os-1", "os-3"]
    assert watchlist.skipped == {"Vessel": 1}
    person = watchlist.entries[0]
    assert person.names == ("Ali Huseynov", "Гусейнов Али") and person.weak_aliases == ("Ali",)
    assert (person.birth_dates[0].year_from, person.birth_dates[0].month) == (1970, 3)
    assert person.nationalities == ("AZ",)


def test_csv_watchlist(tmp_path):
    text = "id,name,aliases,birth_date,nationality,schema\nw-1,Ali Huseynov,Гусейнов Али;Ali Guseynov,1970-03-02,Azerbaijan,\n" \
           "w-2,Caspian Arms,,,AZ,Company\n"
    first, second = read_watchlist(write(tmp_path, "list.csv", text)).entries
    assert first.names == ("Ali Huseynov", "Гусейнов Али", "Ali Guseynov") and first.nationalities == ("AZ",)
    assert second.is_organisation


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("broken.xml", UN_SNIPPET.replace("</ENTITIES>", ""), "line 20, column 2"),
        ("other.xml", "<?xml version='1.0'?><LIST/>", "element <LIST>"),
        ("noref.xml", UN_SNIPPET.replace("<REFERENCE_NUMBER>XXi.001</REFERENCE_NUMBER>", ""),
         "<INDIVIDUAL> number 1 (DATAID 1)"),
        ("broken.jsonl", '{"id": "a", "schema": "Person", "properties": {"name": ["A"]}}\n{"id": "b", \n', "line 2, column 13"),
        ("notentity.jsonl", '{"id": "a", "schema": "Person", "properties": {"name": ["A"]}}\n{"name": "b"}\n', "line 2"),
        ("badprop.jsonl", '{"id": "a", "schema": "Person", "properties": {"name": "A"}}\n', "line 1"),
        ("nohead.csv", "identifier,fullname\n1,A\n", "line 1"),
        ("ragged.csv", "id,name\n1,A\n2,B,extra\n", "line 3"),
        ("quote.csv", 'id,name\n1,"A\n', "line 2"),
        ("dup.csv", "id,name\n1,A\n1,B\n", "line 3"),
        ("baddate.csv", "id,name,birth_date\n1,A,1970-13-01\n", "line 2"),
    ],
)
def test_malformed_watchlists_name_the_file_and_place(tmp_path, name, text, where):
    path = write(tmp_path, name, text)
    with pytest.raises(InputError) as raised:
        read_watchlist(path)
    message = str(raised.value)
    assert message.startswith(str(path)) and where in message and "\n" not in message


def test_unreadable_and_undecodable_files(tmp_path):
    with pytest.raises(InputError, match="cannot be read"):
        read_watchlist(tmp_path / "missing.xml")
    path = tmp_path / "latin1.csv"
    path.write_bytes("id,name\n1,Ali\n2,Hüseynov\n".encode("latin-1"))
    with pytest.raises(InputError, match="line 3: is not UTF-8 text"):
        read_subjects(path)


def test_subject_problems_are_reported_and_skipped(tmp_path):
    text = ("id,name,birth_date,nationality,gender,schema\n"
            "r-1,Hüseynov Əli,1970-03-02,AZ,male,\n"
            "r-2,   ,1970,AZ,,\n"
            "r-3,Ali Aliyev,1770-01-01,Azerbaijan,,\n"
            "r-4,Leyla Aliyeva,1980-02-30,Narnia,female,\n"
            "r-1,Repeated Id,,,,\n"
            ",No Id,,,,\n"
            "r-5,Caspian Arms MMC,,,,Organization\n"
            "r-6,Somebody,,,,Vessel\n")
    subjects, problems = read_subjects(write(tmp_path, "subjects.csv", text))
    assert [subject.id for subject in subjects] == ["r-1", "r-3", "r-4", "r-5", "r-6"]
    assert subjects[0].nationality == "AZ" and subjects[0].birth_date.day == 2 and subjects[0].gender == "male"
    assert subjects[1].birth_date is None and subjects[1].nationality == "AZ"
    assert subjects[2].birth_date is None and subjects[2].nationality is None
    assert subjects[3].is_organisation and subjects[4].schema == "Person"
    messages = [str(problem) for problem in problems]
    assert [problem.line for problem in problems] == [3, 4, 5, 5, 6, 7, 9]
    assert "empty name; skipped" in messages[0]
    assert "birth_date has a year outside" in messages[1]
    assert "birth_date has a day that the month does not have" in messages[2]
    assert "nationality is not a known country" in messages[3]
    assert "repeats the id of line 2" in messages[4]
    # Reports name the line and subject, never the personal data itself.
    assert not any(secret in " ".join(messages) for secret in ("1770", "Narnia", "1980-02-30", "Leyla"))
