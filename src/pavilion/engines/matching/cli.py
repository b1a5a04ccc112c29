"""`pavilion recommend INPUT.json [--rules DIR] [--on DATE] [--top N] [--output OUTPUT.json]`

Reads participants, exhibitors, products (and optionally meeting requests to judge) as JSON, writes
the recommendations and decisions as JSON. Exit 0 on success, 2 with one line on standard error
for a bad input or option; nothing is written then. `--rules` defaults to the reference data
shipped in the package (pavilion/data/export-control); `--on` defaults to the input's `on`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .loading import (
    catalogue_from_json,
    decisions_from_json,
    parse_date,
    participants_from_json,
    recommendations_to_json,
)
from .model import InputError
from .recommend import recommend
from .rules import load_rules

PACKAGED_RULES = Path(__file__).resolve().parents[2] / "data" / "export-control"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line and status 2, as for every other bad input
        print(f"pavilion recommend: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def parser() -> _Parser:
    result = _Parser(prog="pavilion recommend", description="Matchmaking recommendations and export-control checks.")
    result.add_argument("input", help="input JSON (participants, exhibitors, products, optional requests)")
    result.add_argument("--rules", default=str(PACKAGED_RULES), help="export-control reference data directory")
    result.add_argument("--on", help="the day the embargoes are judged on (YYYY-MM-DD)")
    result.add_argument("--top", type=int, help="items per list (default 10)")
    result.add_argument("--output", help="write here instead of standard output")
    return result


def _read(path: str) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"{path} is not valid JSON: {error}") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: the input must be a JSON object")
    return data


def run(args) -> dict:
    data = _read(args.input)
    rules = load_rules(args.rules)
    if args.on is not None:
        on = parse_date(args.on, "--on")
    elif "on" in data:
        on = parse_date(data["on"], "input 'on'")
    else:
        raise InputError("no date: give --on or 'on' in the input")
    top = args.top if args.top is not None else data.get("top", 10)
    catalogue = catalogue_from_json(data)
    participants = participants_from_json(data)
    results = recommend(participants, catalogue, rules, on=on, top=top)
    decisions = decisions_from_json(data, participants, catalogue, rules, on)
    return {"on": on.isoformat(), "rules_last_verified": rules.last_verified,
            "recommendations": recommendations_to_json(results), "decisions": decisions}


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        output = json.dumps(run(args), ensure_ascii=False, indent=1)
    except InputError as error:
        print(f"pavilion recommend: error: {error}", file=sys.stderr)
        return 2
    if args.output:
        try:
            Path(args.output).write_text(output + "\n", encoding="utf-8")
        except OSError as error:
            print(f"pavilion recommend: error: cannot write {args.output}: {error.strerror}", file=sys.stderr)
            return 2
    else:
        print(output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
