"""Gates benchmark: token verification against raw Ed25519, the online scan endpoint over
PostgreSQL under 50 concurrent scanner clients (a real gunicorn server on 127.0.0.1), and a
device's full sync of 50,000 badges. Targets (issue 6): >= 5,000 verifications/s on one core;
>= 300 scans/s with p99 <= 50 ms and every scan recorded exactly once; full sync <= 5 s.

    PYTHONPATH=src .venv/bin/python -m bench.gates            # writes the gates section of docs/benchmarks.md
    PYTHONPATH=src .venv/bin/python -m bench.gates --no-write

Needs PostgreSQL at PAVILION_BENCH_PG (default postgres://postgres@127.0.0.1:5432); it creates
and drops its own database. Baselines in the same run: the raw Ed25519 rate of `cryptography`
on the same tokens, and the same server and clients on a request that does no badge work (an
empty sync), which is the floor any endpoint of this stack can reach on this machine.
"""

import argparse
import datetime
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from bench.report import percentile, stamp, write_section  # noqa: E402

SERVER_BASE = os.environ.get("PAVILION_BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DATABASE = "pavilion_bench_gates"
CLOCK = "2024-09-24T12:00:00+04:00"


def prepare_database() -> str:
    import psycopg

    with psycopg.connect(f"{SERVER_BASE}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {DATABASE}")
    return f"{SERVER_BASE}/{DATABASE}"


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["PAVILION_CLOCK"] = CLOCK
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pavilion.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build_event(badges: int, devices: int) -> dict:
    """An event with the default zones, `badges` approved people with badges, `devices` scanners."""
    from pavilion.accreditation import defaults, services
    from pavilion.accreditation.models import Badge, BadgeKeyRing, Gate
    from pavilion.engines.badges import issue_token
    from pavilion.events.models import Event, Hall, Organiser, Venue
    from pavilion.registrations.categories import ensure_categories
    from pavilion.registrations.models import Person, Registration

    venue = Venue.objects.create(name="Baku Expo Center", city="Baku", country="AZ")
    for order, code in enumerate(["1", "2", "3"]):
        Hall.objects.create(venue=venue, code=code, name_en=f"Hall {code}", width_m=100, depth_m=60, order=order)
    event = Event.objects.create(slug="bench", name_en="Bench", organiser=Organiser.objects.create(name="Bench"),
                                 venue=venue, start_date=datetime.date(2024, 9, 24), end_date=datetime.date(2024, 9, 26))
    defaults.set_up(actor=None, event=event)
    category = ensure_categories(event)["trade-visitor"]
    people = Person.objects.bulk_create(
        [Person(given_name=f"Given{i}", family_name=f"Family{i}", nationality="AZ", email=f"p{i}@bench.invalid",
                fingerprint=f"{i:064d}") for i in range(badges)], batch_size=5000)
    registrations = Registration.objects.bulk_create(
        [Registration(event=event, person=person, category=category, status="approved", organisation="Bench Ltd")
         for person in people], batch_size=5000)
    row = services.keyring_row(event)
    ring = services.signing_ring(row)
    from pavilion.accreditation.issuing import zone_windows

    windows = zone_windows(registrations[0])
    zones = sorted(windows)
    opens = min(start for spans in windows.values() for start, _end in spans)
    closes = max(end for spans in windows.values() for _start, end in spans)
    serialised = {str(zone): [[a.isoformat(), b.isoformat()] for a, b in spans] for zone, spans in windows.items()}
    now = datetime.datetime.now(datetime.UTC)
    created = Badge.objects.bulk_create([
        Badge(event=event, registration=registration, serial=100001 + index, generation=1, zones=zones,
              windows=serialised, not_before=opens, not_after=closes, key_id=ring.active_key.key_id, seq=index + 1,
              token=issue_token(ring, serial=100001 + index, generation=1, zones=zones, not_before=opens,
                                not_after=closes), issued_at=now)
        for index, registration in enumerate(registrations)], batch_size=5000)
    BadgeKeyRing.objects.filter(pk=row.pk).update(seq=len(created), next_serial=100001 + len(created))
    halls = list(Gate.objects.filter(event=event, zone__kind="hall").order_by("code"))
    tokens = []
    for index in range(devices):
        gate = halls[index % len(halls)]
        tokens.append((gate.code, services.device_enrol(actor=None, gate=gate, name=f"scanner {index}")[1]))
    return {"event": event, "tokens": [badge.token for badge in created], "devices": tokens}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(url: str, workers: int, threads: int) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "PAVILION_CLOCK": CLOCK, "PAVILION_DB_CONN_MAX_AGE": "600",
           "PYTHONPATH": str(ROOT / "src")}
    command = [str(Path(sys.executable).parent / "gunicorn"), "pavilion.wsgi:application", "-b", f"127.0.0.1:{port}",
               "--workers", str(workers), "--threads", str(threads), "--log-level", "warning"]
    server = subprocess.Popen(command, env=env, cwd=str(ROOT))
    for _ in range(300):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server, port
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("bench: gunicorn did not start")


def run_clients(port: int, devices, requests_per_client: int, make_request) -> dict:
    """Each client: its own device and keep-alive connection, requests one after the other."""
    latencies, failures = [], []
    lock = threading.Lock()
    barrier = threading.Barrier(len(devices) + 1)

    def client(index: int, gate: str, token: str):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        barrier.wait()
        for number in range(requests_per_client):
            method, path, body = make_request(index, number, gate)
            started = time.perf_counter()
            connection.request(method, path, body=body, headers={"Authorization": f"Device {token}",
                                                                 "Content-Type": "application/json"})
            response = connection.getresponse()
            payload = response.read()
            mine.append(time.perf_counter() - started)
            if response.status != 200:
                failures.append((response.status, payload[:200]))
        with lock:
            latencies.extend(mine)
        connection.close()

    threads = [threading.Thread(target=client, args=(index, gate, token)) for index, (gate, token) in enumerate(devices)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {"count": len(latencies), "elapsed": elapsed, "rate": len(latencies) / elapsed, "failures": failures,
            "p50": percentile(latencies, 50) * 1000, "p99": percentile(latencies, 99) * 1000}


def measure_scans(port: int, world: dict, per_client: int) -> tuple[dict, dict, dict]:
    from pavilion.accreditation.models import Scan

    tokens, devices = world["tokens"], world["devices"]
    nonces = {}

    def scan_request(index, number, gate):
        nonce = str(uuid.uuid4())
        nonces[(index, number)] = nonce
        badge = tokens[(index * per_client + number) % len(tokens)]
        body = json.dumps({"qr": badge, "gate": gate, "direction": "in", "nonce": nonce,
                           "scanned_at": datetime.datetime.now(datetime.UTC).isoformat()})
        return "POST", "/api/v1/scans", body

    def floor_request(index, number, gate):
        return "GET", f"/api/v1/sync?since={len(tokens)}", None

    warm = run_clients(port, devices, 3, floor_request)  # connections and workers warmed up
    floor = run_clients(port, devices, per_client, floor_request)
    scans = run_clients(port, devices, per_client, scan_request)
    recorded = Scan.objects.filter(nonce__in=list(nonces.values())).count()
    distinct = Scan.objects.filter(nonce__in=list(nonces.values())).values("nonce").distinct().count()
    # The same nonces again: the first answers come back and nothing new is recorded.
    replay = list(nonces.values())[:200]

    def replay_request(index, number, gate):
        badge = tokens[(index * per_client + number) % len(tokens)]
        nonce = replay[(index * 4 + number) % len(replay)]
        return "POST", "/api/v1/scans", json.dumps({"qr": badge, "gate": gate, "direction": "in", "nonce": nonce,
                                                    "scanned_at": datetime.datetime.now(datetime.UTC).isoformat()})

    run_clients(port, devices, 4, replay_request)
    after_replay = Scan.objects.count()
    scans.update({"sent": len(nonces), "recorded": recorded, "distinct": distinct, "after_replay": after_replay,
                  "warm": warm["count"]})
    return floor, scans, {}


def measure_sync(port: int, world: dict, rounds: int = 3) -> dict:
    from django.db import connection

    gate, token = world["devices"][0]
    times, sizes, counts = [], [], []
    for _ in range(rounds):
        client = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        started = time.perf_counter()
        client.request("GET", "/api/v1/sync?since=0", headers={"Authorization": f"Device {token}"})
        response = client.getresponse()
        body = response.read()
        feed = json.loads(body)
        times.append(time.perf_counter() - started)
        sizes.append(len(body))
        counts.append(len(feed["badges"]))
        client.close()
    started = time.perf_counter()
    with connection.cursor() as cursor:  # baseline: the badge rows alone, straight from PostgreSQL
        cursor.execute("SELECT serial, generation, status, token FROM accreditation_badge")
        rows = len(cursor.fetchall())
    raw = time.perf_counter() - started
    return {"best": min(times), "median": sorted(times)[len(times) // 2], "bytes": sizes[0], "badges": counts[0],
            "raw": raw, "raw_rows": rows}


def render(verification: dict, floor: dict, scans: dict, sync: dict, args) -> str:
    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"

    once = scans["recorded"] == scans["distinct"] == scans["sent"] and scans["after_replay"] == scans["sent"]
    lines = [
        "## Gates: verification, online scans, sync (`bench/gates.py`)",
        "",
        f"{stamp()} Command: `PYTHONPATH=src .venv/bin/python -m bench.gates`. PostgreSQL on 127.0.0.1, gunicorn "
        f"({args.workers} workers × {args.threads} threads) on 127.0.0.1, clients in one Python process on the "
        "same machine (they share its 2 cores with the server, PostgreSQL and anything else running).",
        "",
        "| measure | result | target |",
        "| --- | --- | --- |",
        f"| token verification, engine `verify()` (per CPU second, one core) | {verification['engine_cpu']:,.0f}/s | "
        f"≥ 5,000/s: {verdict(verification['engine_cpu'] >= 5000)} |",
        f"| baseline: raw Ed25519 verify of `cryptography`, same tokens | {verification['raw_cpu']:,.0f}/s | |",
        f"| online scans `POST /api/v1/scans`, {len(args.devices)} clients × {args.per_client} | "
        f"{scans['rate']:,.0f}/s, p50 {scans['p50']:.1f} ms, p99 {scans['p99']:.1f} ms | ≥ 300/s and p99 ≤ 50 ms: "
        f"{verdict(scans['rate'] >= 300 and scans['p99'] <= 50)} |",
        f"| baseline: same server and clients, empty `GET /api/v1/sync` (no badge work) | {floor['rate']:,.0f}/s, "
        f"p50 {floor['p50']:.1f} ms, p99 {floor['p99']:.1f} ms | |",
        f"| every scan recorded exactly once | {scans['sent']:,} sent, {scans['recorded']:,} recorded, "
        f"{scans['distinct']:,} distinct nonces; {scans['after_replay']:,} after replaying 200 nonces | "
        f"{verdict(once and not scans['failures'])} |",
        f"| full sync of {sync['badges']:,} badges `GET /api/v1/sync?since=0` | best {sync['best']:.2f} s, median "
        f"{sync['median']:.2f} s, {sync['bytes'] / 1e6:.1f} MB | ≤ 5 s: {verdict(sync['best'] <= 5)} |",
        f"| baseline: the {sync['raw_rows']:,} badge rows alone from PostgreSQL | {sync['raw']:.2f} s | |",
    ]
    if scans["failures"]:
        lines += ["", f"{len(scans['failures'])} scan requests failed, first: {scans['failures'][0]}"]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--badges", type=int, default=50_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--per-client", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=25)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    if min(args.badges, args.clients, args.per_client, args.workers, args.threads) < 1:
        print("error: every count must be at least 1", file=sys.stderr)
        return 2
    from bench.badges import measure as measure_verification

    verification = measure_verification(2000, 40, 250, 5000, 20000)
    url = prepare_database()
    setup_django(url)
    world = build_event(args.badges, args.clients)
    args.devices = world["devices"]
    server, port = start_server(url, args.workers, args.threads)
    try:
        floor, scans, _unused = measure_scans(port, world, args.per_client)
        sync = measure_sync(port, world)
    finally:
        server.terminate()
        server.wait(timeout=30)
    body = render(verification, floor, scans, sync, args)
    print(body)
    if not args.no_write:
        write_section("gates", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
