"""`pavilion screen`: output lines as the spec fixes them, exit codes, one-line errors."""

import json
import subprocess
import sys

import pytest

from pavilion.__main__ import main as pavilion_main
from pavilion.engines.screening.cli import main
from tests.engines.screening.screening_data import UN_LIST

SUBJECTS = ("id,name,birth_date,nationality,gender\n"
            "r-1,Саддам Хусейн ат-Тикрити,1937-04-28,IQ,male\n"
            "r-2,Leyla Məmmədova,1985-06-01,AZ,female\n"
            "r-3,,1990,AZ,\n"
            "r-4,Эрик Бадеге,1971,Democratic Republic of the Congo,\n"
            "r-5,Nigar Hüseynova,1850-01-01,Atlantis,female\n")


@pytest.fixture
def subjects(tmp_path):
    path = tmp_path / "subjects.csv"
    path.write_text(SUBJECTS, encoding="utf-8")
    return path


def test_screens_and_writes_json_lines(tmp_path, subjects, capsys):
    output = tmp_path / "matches.jsonl"
    assert main(["--watchlist", str(UN_LIST), "--subjects", str(subjects), "--output", str(output)]) == 0
    lines = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    by_subject = {}
    for line in lines:
        assert set(line) == {"subject", "entry", "score", "explanation"}
        assert set(line["explanation"]) == {"subject_name", "entry_name", "name_score", "qualifiers"}
        assert 0.7 <= line["score"] <= 1.0
        by_subject.setdefault(line["subject"], []).append(line)
    assert by_subject["r-1"][0]["entry"] == "IQi.001"
    assert by_subject["r-4"][0]["entry"] == "CDi.001"
    assert by_subject["r-4"][0]["explanation"]["qualifiers"] == ["birth year matches", "nationality matches"]
    assert "r-2" not in by_subject and "r-5" not in by_subject
    for matches in by_subject.values():
        assert [m["score"] for m in matches] == sorted((m["score"] for m in matches), reverse=True)
    errors = capsys.readouterr().err.splitlines()
    assert any("line 4 (subject r-3): has an empty name; skipped" in line for line in errors)
    assert any("line 6 (subject r-5): birth_date" in line for line in errors)
    assert any("line 6 (subject r-5): nationality" in line for line in errors)
    assert not any("Atlantis" in line or "Hüseynova" in line for line in errors)


def test_threshold_and_standard_output(subjects, capsys):
    assert main(["--watchlist", str(UN_LIST), "--subjects", str(subjects), "--threshold", "0.99"]) == 0
    strict = capsys.readouterr().out.splitlines()
    assert main(["--watchlist", str(UN_LIST), "--subjects", str(subjects), "--threshold", "0.5"]) == 0
    loose = capsys.readouterr().out.splitlines()
    assert len(strict) < len(loose)
    assert all(json.loads(line)["score"] >= 0.99 for line in strict)


def test_wired_into_the_pavilion_command(subjects, capsys):
    assert pavilion_main(["pavilion", "screen", "--watchlist", str(UN_LIST), "--subjects", str(subjects)]) == 0
    assert '"entry": "IQi.001"' in capsys.readouterr().out


def one_error_line(capsys) -> str:
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


@pytest.mark.parametrize(
    ("file_name", "content", "expected"),
    [
        ("list.xml", "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL></INDIVIDUALS>", "line 1, column"),
        ("list.jsonl", '{"id": "x", "schema": "Person", "properties": {"name": ["A"]}}\nnot json\n', "line 2"),
        ("list.csv", "id,name\nw-1,A\nw-1,B\n", "line 3: repeats the id w-1"),
    ],
)
def test_malformed_watchlist_exits_2_with_one_line(tmp_path, subjects, capsys, file_name, content, expected):
    path = tmp_path / file_name
    path.write_text(content, encoding="utf-8")
    output = tmp_path / "matches.jsonl"
    code = main(["--watchlist", str(path), "--subjects", str(subjects), "--output", str(output)])
    assert code == 2
    line = one_error_line(capsys)
    assert str(path) in line and expected in line
    assert not output.exists()  # bad input changes nothing


def test_malformed_or_missing_subjects_exit_2(tmp_path, capsys):
    missing = tmp_path / "nowhere.csv"
    assert main(["--watchlist", str(UN_LIST), "--subjects", str(missing)]) == 2
    assert str(missing) in one_error_line(capsys)
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("id,name\nr-1,Ali,extra,fields\n", encoding="utf-8")
    assert main(["--watchlist", str(UN_LIST), "--subjects", str(ragged)]) == 2
    assert f"{ragged}: line 2: has 4 fields" in one_error_line(capsys)


def test_clashing_ids_across_watchlists_exit_2(tmp_path, subjects, capsys):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text("id,name\nw-1,Ali Huseynov\n", encoding="utf-8")
    second.write_text("id,name\nw-1,Leyla Aliyeva\n", encoding="utf-8")
    assert main(["--watchlist", str(first), "--watchlist", str(second), "--subjects", str(subjects)]) == 2
    assert "w-1" in one_error_line(capsys)


def test_bad_options_exit_2(subjects, capsys):
    assert main(["--subjects", str(subjects)]) == 2
    capsys.readouterr()
    assert main(["--watchlist", str(UN_LIST), "--subjects", str(subjects), "--threshold", "1.5"]) == 2
    assert "--threshold" in one_error_line(capsys)


def test_runs_as_a_console_command_without_django(tmp_path, subjects):
    watchlist = tmp_path / "list.csv"
    watchlist.write_text("id,name,birth_date\nw-1,ALI HUSEYNOV,1970\n", encoding="utf-8")
    people = tmp_path / "people.csv"
    people.write_text("id,name,birth_date\nr-1,Гусейнов Али,1970\nr-2,Leyla Aliyeva,1980\n", encoding="utf-8")
    script = ("import sys; from pavilion.engines.screening.cli import main; code = main(sys.argv[1:]); "
              "assert not any(m.startswith('django') for m in sys.modules); sys.exit(code)")
    result = subprocess.run([sys.executable, "-c", script, "--watchlist", str(watchlist), "--subjects", str(people)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(line["subject"], line["entry"]) for line in lines] == [("r-1", "w-1")]
    assert "birth year matches" in lines[0]["explanation"]["qualifiers"]
