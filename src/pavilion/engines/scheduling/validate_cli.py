"""`pavilion schedule-validate INPUT.json OUTPUT.json`: check a schedule against every rule of the
spec. Exit 0 when valid, 1 with one line per broken rule, 2 for a bad input."""

from __future__ import annotations

import sys

from .cli import _Parser
from .loading import load_problem_file, read_json
from .model import InputError
from .validation import validate


def main(argv: list[str]) -> int:
    arguments = _Parser(prog="pavilion schedule-validate", description=__doc__)
    arguments.add_argument("input")
    arguments.add_argument("output")
    try:
        parsed = arguments.parse_args(argv)
        problem = load_problem_file(parsed.input)
        output = read_json(parsed.output)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    problems = validate(problem, output)
    for line in problems:
        print(line)
    if not problems:
        print(f"valid: {len(output['assignments'])} meetings scheduled, {len(output['unscheduled'])} left out")
    return 1 if problems else 0
