"""Command line: `python -m pavilion.engines.badges COMMAND`.

    keygen --event N                 a new key ring (private JSON) on standard output
    rotate --keyring FILE            the ring with a new active key
    retire --keyring FILE --key ID   the ring with key ID retired
    public --keyring FILE            the public keys a scanner needs
    issue --keyring FILE --serial S --generation G --zones 1,2 --not-before ISO --not-after ISO
    verify --keys FILE --event N --at ISO [--zone Z] [--revocations FILE] TEXT
    example                          the worked example of docs/badge-token.md

Bad input exits with status 2 and one line on standard error. verify prints the result as JSON
and exits 0 when granted, 1 when denied.
"""

import argparse
import datetime
import json
import sys

from .example import render
from .keys import KeyRing
from .revocations import Revocations
from .tokens import issue_token, verify


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line on standard error like every other bad input."""

    def error(self, message):
        print(f"error: {message}", file=sys.stderr)
        sys.exit(2)


def _read_json(path: str, what: str):
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError) as error:
        raise UsageError(f"{what} {path}: {error}") from None


def _moment(text: str, option: str) -> datetime.datetime:
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option}: {text!r} is not an ISO 8601 date and time") from None
    if moment.utcoffset() is None:
        raise UsageError(f"{option}: {text!r} needs a UTC offset, e.g. +04:00")
    return moment


def _zones(text: str) -> list[int]:
    try:
        return [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise UsageError(f"--zones: {text!r} is not a comma-separated list of zone numbers") from None


def _run(args) -> tuple[str, int]:
    if args.command == "example":
        return render(), 0
    if args.command == "keygen":
        return json.dumps(KeyRing.generate(args.event).private_json(), indent=2), 0
    if args.command == "verify":
        return _verify(args)
    ring = KeyRing.from_json(_read_json(args.keyring, "--keyring"))
    if args.command == "rotate":
        return json.dumps(ring.rotate().private_json(), indent=2), 0
    if args.command == "retire":
        return json.dumps(ring.retire(args.key).private_json(), indent=2), 0
    if args.command == "public":
        return json.dumps(ring.public_json(), indent=2), 0
    token = issue_token(
        ring, serial=args.serial, generation=args.generation, zones=_zones(args.zones),
        not_before=_moment(args.not_before, "--not-before"), not_after=_moment(args.not_after, "--not-after"),
    )
    return token, 0


def _verify(args) -> tuple[str, int]:
    ring = KeyRing.from_json(_read_json(args.keys, "--keys"))
    revocations = Revocations.from_json(_read_json(args.revocations, "--revocations")) if args.revocations else Revocations()
    if ring.event != args.event:
        raise UsageError(f"--keys holds event {ring.event}'s keys, not event {args.event}'s")
    result = verify(args.text, ring, event=args.event, now=_moment(args.at, "--at"), zone=args.zone,
                    revocations=revocations)
    claims = result.claims
    body = {
        "result": result.result, "reason": result.reason, "detail": result.detail,
        "serial": claims.serial if claims else None, "generation": claims.generation if claims else None,
    }
    return json.dumps(body), 0 if result.granted else 1


def parser() -> _Parser:
    main = _Parser(prog="python -m pavilion.engines.badges", description="Badge tokens.")
    commands = main.add_subparsers(dest="command", required=True)
    commands.add_parser("example")
    commands.add_parser("keygen").add_argument("--event", type=int, required=True)
    for name in ("rotate", "public", "retire"):
        command = commands.add_parser(name)
        command.add_argument("--keyring", required=True)
        if name == "retire":
            command.add_argument("--key", type=int, required=True)
    issue = commands.add_parser("issue")
    issue.add_argument("--keyring", required=True)
    for option in ("--serial", "--generation"):
        issue.add_argument(option, type=int, required=True)
    for option in ("--zones", "--not-before", "--not-after"):
        issue.add_argument(option, required=True)
    check = commands.add_parser("verify")
    check.add_argument("--keys", required=True)
    check.add_argument("--event", type=int, required=True)
    check.add_argument("--at", required=True)
    check.add_argument("--zone", type=int)
    check.add_argument("--revocations")
    check.add_argument("text")
    return main


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    try:
        output, status = _run(args)
    except (UsageError, ValueError) as error:  # KeyRingError, PayloadError, RevocationsError
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(output)
    return status
