"""`pavilion recommend`: JSON in, JSON out; a bad input exits 2 with one line and writes nothing."""

import json

import pytest

from pavilion.__main__ import main
from tests.engines.matching.sample import EXHIBITORS, PARENTS, PRODUCTS


def document():
    return {
        "on": "2026-05-12",
        "category_parents": PARENTS,
        "exhibitors": [{"id": e.id, "name": e.name, "country": e.country, "description": e.description}
                       for e in EXHIBITORS],
        "products": [{"id": p.id, "exhibitor": p.exhibitor_id, "category": p.category,
                      "control_class": p.control_class, "name": p.names, "description": p.descriptions}
                     for p in PRODUCTS],
        "participants": [
            {"id": "kp", "kind": "delegation", "country": "KP", "language": "ru",
             "seeks": {"categories": ["missiles-rockets", "unmanned-aerial-vehicles"], "text": "беспилотник"}},
            {"id": "iq", "kind": "delegation", "country": "IQ",
             "seeks": {"categories": ["missiles-rockets"], "control_classes": ["ML4"]}},
            {"id": "seller", "kind": "exhibitor", "country": "RS", "exhibitor": "strike",
             "seeks": {"countries": ["KP", "IQ"]}},
        ],
        "requests": [
            {"requester": "kp", "counterpart": "seller"},
            {"requester": "iq", "counterpart": "seller", "products": ["lancet"]},
        ],
    }


def run(tmp_path, data, *options):
    source = tmp_path / "input.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    output = tmp_path / "output.json"
    status = main(["pavilion", "recommend", str(source), "--output", str(output), *options])
    return status, output


def test_recommendations_and_decisions_as_json(tmp_path):
    status, output = run(tmp_path, document())
    assert status == 0
    result = json.loads(output.read_text(encoding="utf-8"))
    assert result["on"] == "2026-05-12" and result["rules_last_verified"] == "2025-10"
    lists = {item["participant"]: item for item in result["recommendations"]}
    korea = [item["id"] for item in lists["kp"]["products"]]
    assert korea[0] == "kestrel" and set(korea[:2]) == {"falcon", "kestrel"} and "lancet" not in korea
    assert lists["kp"]["products"][0]["reasons"]["terms"] == ["беспилотник"]
    assert lists["iq"]["products"][0]["id"] == "lancet" and lists["iq"]["products"][0]["outcome"] == "review"
    first, second = result["decisions"]
    assert first["outcome"] == "blocked" and {r["authority"] for r in first["rules"]} == {"UN", "EU"}
    assert second["outcome"] == "review" and second["rules"][0]["scope"] == "non-state"
    assert second["data_last_verified"] == "2025-10"


def test_the_date_option_overrides_the_input(tmp_path):
    data = document()
    data["participants"][0]["country"] = "SS"
    data["requests"] = [{"requester": "kp", "counterpart": "seller", "products": ["lancet"]}]
    _status, output = run(tmp_path, data, "--on", "2026-06-01")
    (decision,) = json.loads(output.read_text(encoding="utf-8"))["decisions"]
    assert [rule["authority"] for rule in decision["rules"]] == ["EU"]


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["participants"].append({"id": "x", "kind": "tourist", "country": "DE"}),
     "participant 'x': kind 'tourist'"),
    (lambda d: d["products"][0].update(control_class="ML40"), "product 'falcon': control class 'ML40'"),
    (lambda d: d.update(requests=[{"requester": "kp", "counterpart": "ghost"}]), "counterpart 'ghost'"),
    (lambda d: d.update(on="12/05/2026"), "not a date"),
    (lambda d: d.update(top=0), "top must be"),
    (lambda d: d["participants"][0].update(seeks={"categories": "radar"}), "'categories' must be a list"),
    (lambda d: d.pop("exhibitors"), "'exhibitors' must be a list"),
])
def test_bad_input_exits_2_with_one_line(tmp_path, capsys, change, message):
    data = document()
    change(data)
    status, output = run(tmp_path, data)
    error = capsys.readouterr().err
    assert status == 2 and not output.exists()
    assert message in error and error.count("\n") == 1 and "Traceback" not in error


def test_unreadable_input_and_rules_exit_2(tmp_path, capsys):
    assert main(["pavilion", "recommend", str(tmp_path / "missing.json")]) == 2
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    assert main(["pavilion", "recommend", str(tmp_path / "broken.json")]) == 2
    status, _output = run(tmp_path, document(), "--rules", str(tmp_path / "no-rules"))
    assert status == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 3 and "cannot read" in lines[0] and "not valid JSON" in lines[1] and "cannot read" in lines[2]
