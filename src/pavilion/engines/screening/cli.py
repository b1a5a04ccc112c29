"""`pavilion screen`: screen subjects from CSV against watch lists, write matches as JSON lines.

Exit 0 when screening ran, 2 with one line on standard error for an unreadable or malformed file
or a bad option. Rows with problems are reported on standard error and skipped or screened on
what is usable (see subjects.py).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pavilion.engines.screening.batch import screen_many
from pavilion.engines.screening.index import build_index
from pavilion.engines.screening.model import DEFAULT_THRESHOLD
from pavilion.engines.screening.sources import InputError, at
from pavilion.engines.screening.subjects import read_subjects
from pavilion.engines.screening.watchlists import read_watchlist

PROGRAM = "pavilion screen"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROGRAM, description="Screen registrants against watch lists.")
    parser.add_argument("--watchlist", action="append", required=True, metavar="LIST",
                        help="UN Consolidated List XML, FollowTheMoney JSON lines or CSV (repeatable)")
    parser.add_argument("--subjects", required=True, metavar="SUBJECTS.csv")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD,
                        help=f"report matches scoring at least this (0-1, default {DEFAULT_THRESHOLD})")
    parser.add_argument("--output", metavar="MATCHES.jsonl", help="default: standard output")
    return parser


def _fail(message: str) -> int:
    print(f"{PROGRAM}: {message}", file=sys.stderr)
    return 2


def _load_entries(paths: list[str]) -> list:
    entries, owner = [], {}
    for path in paths:
        watchlist = read_watchlist(path)
        for entry in watchlist.entries:
            if entry.id in owner:
                raise InputError(path, at("entry", id=entry.id), f"id also used in {owner[entry.id]}")
            owner[entry.id] = path
            entries.append(entry)
        for schema, count in sorted(watchlist.skipped.items()):
            print(f"{PROGRAM}: {path}: skipped {count} entities of schema {schema}", file=sys.stderr)
    return entries


def _progress_bar(enabled: bool):
    """A callback drawing a bar on standard error, at most every 200 subjects (workers report
    whole chunks, so `done` moves in steps)."""
    drawn = [-1]

    def draw(done: int, total: int) -> None:
        if not enabled or (done != total and done - drawn[0] < 200):
            return
        drawn[0] = done
        width = 30
        filled = width * done // max(total, 1)
        print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", end="", file=sys.stderr, flush=True)
        if done == total:
            print(file=sys.stderr)

    return draw


def main(argv: list[str] | None = None) -> int:
    try:
        options = _parser().parse_args(argv)
    except SystemExit as exit_request:  # argparse has printed its one-line usage error
        return int(exit_request.code or 0)
    if not 0.0 <= options.threshold <= 1.0:
        return _fail("--threshold must lie between 0 and 1")
    try:
        entries = _load_entries(options.watchlist)
        subjects, problems = read_subjects(options.subjects)
    except InputError as error:
        return _fail(str(error))
    for problem in problems:
        print(f"{PROGRAM}: warning: {problem}", file=sys.stderr)
    index = build_index(entries)
    # Large batches are screened in parallel over the available cores, in the subjects' order.
    screened = screen_many(subjects, index, options.threshold, progress=_progress_bar(sys.stderr.isatty()))
    lines = [json.dumps(match.to_json(), ensure_ascii=False) for matches in screened for match in matches]
    try:
        _write(options.output, lines)
    except OSError as error:
        return _fail(f"{options.output}: cannot be written ({error.strerror or error})")
    print(f"{PROGRAM}: screened {len(subjects)} subjects against {len(entries)} entries: "
          f"{len(lines)} matches, {len(problems)} problems reported", file=sys.stderr)
    return 0


def _write(output: str | None, lines: list[str]) -> None:
    text = "".join(line + "\n" for line in lines)
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        Path(output).write_text(text, encoding="utf-8")
