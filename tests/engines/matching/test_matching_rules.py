import datetime

import pytest

from pavilion.engines.matching import InputError, load_rules
from tests.engines.matching.sample import RULES_DIR


def test_the_reference_data_loads_with_its_classes_and_date(rules):
    assert rules.policy("ML4") == "lethal"
    assert rules.policy("ML1") == "lethal"
    assert rules.policy("ML10") == "platform"
    assert rules.policy("ML13") == "protective"
    assert rules.control_kind("5A002") == "dual-use"
    assert rules.control_kind("none") == "none"
    assert rules.control_kind("ML23") == "unknown"
    assert rules.control_kind("5F002") == "unknown"  # no group F
    assert rules.last_verified == "2025-10"
    assert len(rules.munitions) == 22


def test_embargo_dates_are_inclusive(rules):
    south_sudan_un = next(e for e in rules.embargoes if e.target == "SS" and e.authority == "UN")
    assert south_sudan_un.valid_to == datetime.date(2026, 5, 31)
    assert south_sudan_un.in_force(datetime.date(2026, 5, 31))
    assert not south_sudan_un.in_force(datetime.date(2026, 6, 1))
    iran_un = next(e for e in rules.embargoes if e.target == "IR" and e.authority == "UN")
    assert not iran_un.in_force(datetime.date(2025, 9, 26))
    assert iran_un.in_force(datetime.date(2025, 9, 27))
    assert {e.authority for e in rules.embargoes_on("IR", datetime.date(2025, 9, 26))} == {"EU"}


def _copy(tmp_path, embargoes_text):
    for name in ("munitions-list.yaml", "dual-use.yaml"):
        (tmp_path / name).write_text((RULES_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "embargoes.yaml").write_text(embargoes_text, encoding="utf-8")
    return tmp_path


def test_a_bad_scope_is_named(tmp_path):
    _copy(tmp_path, "- {authority: UN, target: KP, scope: total, last_verified: 2025-10}\n")
    with pytest.raises(InputError, match="embargoes.yaml entry 1: scope 'total'"):
        load_rules(tmp_path)


def test_reversed_dates_and_bad_dates_are_named(tmp_path):
    _copy(tmp_path, "- {authority: UN, target: SS, scope: full, valid_from: 2026-06-01, valid_to: 2026-05-31}\n")
    with pytest.raises(InputError, match="valid_from is after valid_to"):
        load_rules(tmp_path)
    _copy(tmp_path, "- {authority: UN, target: SS, scope: full, valid_to: 31.05.2026}\n")
    with pytest.raises(InputError, match="not a date"):
        load_rules(tmp_path)


def test_a_missing_directory_or_broken_yaml_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="cannot read"):
        load_rules(tmp_path / "nowhere")
    _copy(tmp_path, "- {authority: UN, target: [\n")
    with pytest.raises(InputError, match="not valid YAML"):
        load_rules(tmp_path)
