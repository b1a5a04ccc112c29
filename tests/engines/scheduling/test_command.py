"""`pavilion schedule` and `pavilion schedule-validate`: outputs, and each bad input of the spec
exits 2 with one line naming the item and writes nothing."""

import copy
import json
import subprocess
import sys

import pytest

from pavilion.__main__ import main

GOOD = {
    "name": "tiny",
    "slots": [
        {"id": "d1-1000", "start": "2024-09-24T10:00:00+04:00", "end": "2024-09-24T10:30:00+04:00"},
        {"id": "d1-1030", "start": "2024-09-24T10:30:00+04:00", "end": "2024-09-24T11:00:00+04:00"},
    ],
    "locations": [{"id": "T01", "kind": "table", "hall": "H1"}, {"id": "R1", "kind": "secure-room", "hall": "H2"}],
    "participants": [{"id": "p-1", "available": ["d1-1000"], "max_meetings": 3}, {"id": "p-2"}, {"id": "p-3"}],
    "meetings": [
        {"id": "m-1", "participants": ["p-1", "p-2"], "priority": 3},
        {"id": "m-2", "participants": ["p-2", "p-3"], "priority": 5, "length": 2, "location_kinds": ["secure-room"]},
    ],
    "rules": {"hall_change_gap": False},
}


def run(tmp_path, data, *extra: str) -> tuple[int, dict | None]:
    source, target = tmp_path / "in.json", tmp_path / "out.json"
    source.write_text(json.dumps(data) if not isinstance(data, str) else data)
    code = main(["pavilion", "schedule", str(source), "--output", str(target), "--time-limit", "10", *extra])
    return code, json.loads(target.read_text()) if target.exists() else None


def test_a_schedule_is_written_and_validates(tmp_path, capsys):
    code, output = run(tmp_path, GOOD)
    assert code == 0
    assert output["objective"] == 5 and output["upper_bound"] == 5 and output["status"] == "optimal"
    assert output["assignments"] == [{"meeting": "m-2", "slot": "d1-1000", "location": "R1"}]
    assert output["unscheduled"] == [
        {"meeting": "m-1", "reason": "participant p-2 has other meetings in every slot the meeting could take"}
    ]
    assert main(["pavilion", "schedule-validate", str(tmp_path / "in.json"), str(tmp_path / "out.json")]) == 0
    assert "valid" in capsys.readouterr().out


def test_without_output_the_schedule_goes_to_standard_output(tmp_path, capsys):
    source = tmp_path / "in.json"
    source.write_text(json.dumps(GOOD))
    assert main(["pavilion", "schedule", str(source), "--seed", "3"]) == 0
    assert json.loads(capsys.readouterr().out)["objective"] == 5


def test_the_validator_command_reports_broken_rules(tmp_path, capsys):
    (tmp_path / "in.json").write_text(json.dumps(GOOD))
    bad = {"assignments": [{"meeting": "m-1", "slot": "d1-1030", "location": "T01"}],
           "unscheduled": [{"meeting": "m-2", "reason": "x"}], "objective": 3, "upper_bound": 5,
           "status": "feasible", "solve_seconds": 0}
    (tmp_path / "out.json").write_text(json.dumps(bad))
    assert main(["pavilion", "schedule-validate", str(tmp_path / "in.json"), str(tmp_path / "out.json")]) == 1
    assert "participant p-1 is not available in slot d1-1030" in capsys.readouterr().out


def _change(path: str, value):
    def apply(data):
        *parents, last = path.split(".")
        node = data
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        if value is DELETE:
            del node[int(last) if last.isdigit() else last]
        else:
            node[int(last) if last.isdigit() else last] = value
    return apply


DELETE = object()

BAD_INPUTS = [
    (_change("meetings.0.participants", ["p-1", "p-9"]), "meeting 'm-1': unknown participant 'p-9'"),
    (_change("participants.0.available", ["d1-1000", "d9"]), "participant 'p-1': unknown slot 'd9'"),
    (_change("meetings.0.location", "T99"), "meeting 'm-1': unknown location 'T99'"),
    (_change("meetings.1.slots", ["nope"]), "meeting 'm-2': unknown slot 'nope'"),
    (_change("meetings.0.participants", ["p-1"]), "meeting 'm-1': has 1 participant(s)"),
    (_change("meetings.1.length", 0), "meeting 'm-2': 'length' is 0, it must be at least 1"),
    (_change("slots.1.id", "d1-1000"), "duplicate slot id 'd1-1000'"),
    (_change("locations.1.id", "T01"), "duplicate location id 'T01'"),
    (_change("participants.1.id", "p-1"), "duplicate participant id 'p-1'"),
    (_change("meetings.1.id", "m-1"), "duplicate meeting id 'm-1'"),
    (_change("slots.0.end", "2024-09-24T10:00:00+04:00"), "slot 'd1-1000': end 2024-09-24T10:00:00+04:00 is not after its start"),
    (_change("slots.0.start", "tomorrow"), "slot 'd1-1000': 'start' is not an ISO 8601 date and time"),
    (_change("meetings.0.priority", "high"), "meeting 'm-1': 'priority' must be a whole number"),
    (_change("participants.0.max_meetings", -1), "participant 'p-1': 'max_meetings' is -1"),
    (_change("meetings", DELETE), "input: 'meetings' must be a list"),
    (_change("rules.hall_change_gap", "yes"), "rules: 'hall_change_gap' must be true or false"),
    (_change("meetings.0.pinned", {"slot": "d1-1030", "location": "T01"}),
     "pinned meeting m-1: participant p-1 is not available in slot d1-1030"),
]


@pytest.mark.parametrize("change, message", BAD_INPUTS, ids=[m for _c, m in BAD_INPUTS])
def test_a_bad_input_exits_2_with_one_line_and_writes_nothing(tmp_path, capsys, change, message):
    data = copy.deepcopy(GOOD)
    change(data)
    code, output = run(tmp_path, data)
    error = capsys.readouterr().err
    assert code == 2 and output is None
    assert error.count("\n") == 1 and message in error, error


@pytest.mark.parametrize("text, message", [("{not json", "not valid JSON"), ("[]", "must be a JSON object")])
def test_a_file_that_is_not_an_input_exits_2(tmp_path, capsys, text, message):
    code, output = run(tmp_path, text)
    error = capsys.readouterr().err
    assert code == 2 and output is None and error.count("\n") == 1 and message in error


def test_bad_arguments_exit_2_with_one_line(tmp_path, capsys):
    assert main(["pavilion", "schedule", str(tmp_path / "missing.json")]) == 2
    assert main(["pavilion", "schedule"]) == 2
    assert main(["pavilion", "schedule", "x.json", "--time-limit", "soon"]) == 2
    errors = capsys.readouterr().err.splitlines()
    assert len(errors) == 3 and "no such file" in errors[0]


def test_standard_output_holds_only_the_json_in_a_fresh_process(tmp_path):
    # A real process: the LP solver's start-up banner must not reach standard output.
    source = tmp_path / "in.json"
    source.write_text(json.dumps(GOOD))
    result = subprocess.run([sys.executable, "-m", "pavilion", "schedule", str(source), "--time-limit", "5"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["objective"] == 5
