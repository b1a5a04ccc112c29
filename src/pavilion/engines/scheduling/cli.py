"""`pavilion schedule INPUT.json [--time-limit SECONDS] [--output OUTPUT.json] [--seed N]`

Exit 0 after writing a valid schedule, 2 with one line on standard error for a bad input (and
nothing written)."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from .loading import load_problem_file, solution_to_json
from .model import InputError
from .solver import DEFAULT_TIME_LIMIT, solve


class _Parser(argparse.ArgumentParser):
    """Usage errors become one line, like every other bad input."""

    def error(self, message: str):
        raise InputError(f"{self.prog}: {message}")


def parser(prog: str = "pavilion schedule") -> argparse.ArgumentParser:
    result = _Parser(prog=prog, description="Place accepted meeting requests into slots and locations.")
    result.add_argument("input", help="the problem, in the JSON format of specs/meeting-schedule.md")
    result.add_argument("--time-limit", type=float, default=DEFAULT_TIME_LIMIT, help="seconds (default %(default)g)")
    result.add_argument("--output", help="write the schedule here instead of standard output")
    result.add_argument("--seed", type=int, default=0, help="seed of the search (default 0)")
    return result


def write_json(document: dict, path: str | None) -> None:
    text = json.dumps(document, indent=1, ensure_ascii=False) + "\n"
    if path is None:
        sys.stdout.write(text)
        return
    # Written beside the target and renamed, so a reader never sees half a file.
    target = Path(path)
    handle, temporary = tempfile.mkstemp(dir=target.parent or ".", prefix=".schedule-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def main(argv: list[str]) -> int:
    try:
        arguments = parser().parse_args(argv)
        if arguments.time_limit <= 0:
            raise InputError("--time-limit must be a positive number of seconds")
        if arguments.output and not Path(arguments.output).parent.is_dir():
            raise InputError(f"--output: directory {Path(arguments.output).parent} does not exist")
        problem = load_problem_file(arguments.input)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    solution = solve(problem, time_limit=arguments.time_limit, seed=arguments.seed)
    write_json(solution_to_json(solution), arguments.output)
    return 0
