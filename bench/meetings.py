"""Meeting schedule through the app: an ADEX-size show (1,500 participants, 8,000 accepted
requests, 48 slots over 3 days, 150 locations) generated into the database, then timed from the
organiser's "start a run" (rows loaded, engine, meetings stored) to the published schedule, on
SQLite and PostgreSQL. Baseline, in the same process: the engine alone on the very JSON the app
built, with the same time limit and seed, so that the app's overhead is a ratio.

    .venv/bin/python bench/meetings.py                       # SQLite and PostgreSQL ($DATABASE_URL), writes docs/benchmarks.md
    .venv/bin/python bench/meetings.py --only sqlite --no-write

The PostgreSQL database named by --postgres (default: $DATABASE_URL) is emptied first.
"""

import argparse
import datetime
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # also runnable as `python bench/meetings.py`
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from bench.report import median, stamp, write_section  # noqa: E402

TARGET_SECONDS = 30.0
TIME_LIMIT = 10  # the engine's limit, as bench/scheduling.py gives it for this size
ROUNDS = 1


def _halls(event, spec):
    from pavilion.events.models import Hall

    codes = sorted({location["hall"] for location in spec["locations"]})
    return {code: Hall.objects.create(venue=event.venue, code=code, name_en=f"Hall {code}", width_m=100, depth_m=60)
            for code in codes}


def _people(event, spec):
    """Exhibitor staff for `x-` participants, visitors for `v-`, with profiles and availability."""
    from pavilion.meetings.models import Availability, MeetingProfile
    from pavilion.registrations.categories import ensure_categories
    from pavilion.registrations.models import Person, Registration

    categories = ensure_categories(event)
    slots = {slot["id"]: slot for slot in spec["slots"]}
    persons = Person.objects.bulk_create([
        Person(given_name=f"Given{index}", family_name=f"Family{index}", nationality="AZ",
               email=f"bench{index}@example.invalid", fingerprint=f"bench-{index}")
        for index in range(len(spec["participants"]))], batch_size=2000)
    registrations = Registration.objects.bulk_create([
        Registration(event=event, person=person, status="approved", organisation=f"Organisation {index % 400}",
                     category=categories["exhibitor-staff" if item["id"].startswith("x-") else "trade-visitor"])
        for index, (person, item) in enumerate(zip(persons, spec["participants"], strict=True))], batch_size=2000)
    by_id = {item["id"]: registration for item, registration in zip(spec["participants"], registrations, strict=True)}
    profiles = MeetingProfile.objects.bulk_create([
        MeetingProfile(registration=by_id[item["id"]], max_meetings=item.get("max_meetings"))
        for item in spec["participants"] if "available" in item or "max_meetings" in item], batch_size=2000)
    profile_of = {profile.registration_id: profile for profile in profiles}
    periods = []
    for item in spec["participants"]:
        if "available" in item:
            periods += _periods(profile_of[by_id[item["id"]].pk], [slots[s] for s in item["available"]])
    Availability.objects.bulk_create(periods, batch_size=5000)
    return by_id, Availability, categories


def _periods(profile, slots):
    """Consecutive available slots of one day as one availability period."""
    from pavilion.meetings.models import Availability

    periods, current = [], None
    for slot in slots:
        start, end = datetime.datetime.fromisoformat(slot["start"]), datetime.datetime.fromisoformat(slot["end"])
        if current and current[0] == start.date() and current[2] == start.time():
            current[2] = end.time()
        else:
            if current:
                periods.append(Availability(profile=profile, day=current[0], start=current[1], end=current[2]))
            current = [start.date(), start.time(), end.time()]
    if current:
        periods.append(Availability(profile=profile, day=current[0], start=current[1], end=current[2]))
    return periods


def generate_show(seed: int):
    """The generator's ADEX-size instance as rows: slots, locations (stands of exhibitors), people,
    accepted requests (delegation-style ones with a team and a Munitions List product)."""
    from django.contrib.auth import get_user_model

    from pavilion.core import roles
    from pavilion.engines.scheduling.generator import generate
    from pavilion.events.models import Event, Organiser, Show, Stand, Venue
    from pavilion.exhibitors.models import Company, Exhibitor, Product, ProductCategory
    from pavilion.meetings.models import MeetingLocation, MeetingRequest, MeetingSlot

    spec = generate("adex", seed=seed)
    organiser = get_user_model().objects.create_user("bench-organiser", password="x")
    organiser.groups.add(roles.ensure_roles()[roles.ORGANISER_ADMIN])
    event = Event.objects.create(slug="bench-adex", name_en="Bench ADEX", start_date=datetime.date(2024, 9, 24),
                                 end_date=datetime.date(2024, 9, 26), time_zone="Asia/Baku",
                                 organiser=Organiser.objects.create(name="Bench"),
                                 venue=Venue.objects.create(name="Bench venue", city="Baku", country="AZ"))
    show = Show.objects.create(event=event, slug="bench-show", name_en="Bench show")
    MeetingSlot.objects.bulk_create([MeetingSlot(event=event, starts_at=slot["start"], ends_at=slot["end"])
                                     for slot in spec["slots"]])
    halls = _halls(event, spec)
    by_id, _availability, _categories = _people(event, spec)
    # The stand's exhibitor: the participant whose meetings the generator puts at that stand.
    stand_owner = {}
    for meeting in spec["meetings"]:
        if "location" in meeting:
            stand_owner.setdefault(meeting["location"], meeting["participants"][1])
    category = ProductCategory.objects.create(slug="bench", name_en="Bench")
    locations = []
    for index, item in enumerate(spec["locations"]):
        stand = None
        if item["kind"] == "stand" and item["id"] in stand_owner:
            company = Company.objects.create(name=f"Bench company {index}", country="AZ")
            exhibitor = Exhibitor.objects.create(company=company, show=show)
            stand = Stand.objects.create(show=show, hall=halls[item["hall"]], code=item["id"][:20], state="booked",
                                         exhibitor=exhibitor, polygon=[[0, 0], [3, 0], [3, 3], [0, 3]], area_m2=9)
            registration = by_id[stand_owner[item["id"]]]
            registration.exhibitor = exhibitor
            registration.save(update_fields=["exhibitor"])
        locations.append(MeetingLocation(event=event, code=item["id"].lower(), name_en=item["id"], kind=item["kind"],
                                         hall=halls[item["hall"]], stand=stand))
    MeetingLocation.objects.bulk_create(locations)
    munitions = Product.objects.create(exhibitor=Exhibitor.objects.filter(show=show).first()
                                       or Exhibitor.objects.create(company=Company.objects.create(name="B", country="AZ"),
                                                                   show=show),
                                       name_en="Bench ML6", category=category, control="ML6")
    requests = MeetingRequest.objects.bulk_create([
        MeetingRequest(event=event, requester=by_id[meeting["participants"][0]],
                       counterpart=by_id[meeting["participants"][1]], status="accepted",
                       priority=meeting.get("priority", 1), length=meeting.get("length", 1),
                       created_at=datetime.datetime(2024, 9, 1, tzinfo=datetime.UTC))
        for meeting in spec["meetings"]], batch_size=2000)
    Team, Products = MeetingRequest.team.through, MeetingRequest.products.through
    Team.objects.bulk_create([Team(meetingrequest_id=request.pk, registration_id=by_id[person].pk)
                              for request, meeting in zip(requests, spec["meetings"], strict=True)
                              for person in meeting["participants"][2:]], batch_size=5000)
    Products.objects.bulk_create([Products(meetingrequest_id=request.pk, product_id=munitions.pk)
                                  for request, meeting in zip(requests, spec["meetings"], strict=True)
                                  if meeting.get("location_kinds") == ["secure-room"]], batch_size=5000)
    return event, organiser


def child(backend: str, seed: int) -> dict:
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "pavilion.settings"
    django.setup()
    from django.core.management import call_command

    from pavilion.engines.scheduling import load_problem, solve, validate
    from pavilion.meetings.models import Meeting, ScheduleRun
    from pavilion.meetings.services import scheduling
    from pavilion.meetings.services.scheduling_problem import build_problem

    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    event, organiser = generate_show(seed)
    generated = time.perf_counter() - started

    load_seconds, built = _timed(build_problem, event)
    stages = {}

    class Stages(logging.Handler):
        def emit(self, record):
            stages.update(getattr(record, "schedule_stages", {}))

    logger = logging.getLogger("pavilion.meetings.services.scheduling")
    logger.setLevel(logging.INFO)
    logger.addHandler(Stages())
    spec = built.spec
    # The app: start (the immediate task backend executes the run on commit), then publish.
    cpu, started = time.process_time(), time.perf_counter()
    run = scheduling.schedule_run_start(actor=organiser, event=event, time_limit=TIME_LIMIT, seed=seed)
    run.refresh_from_db()
    executed = time.perf_counter()
    scheduling.schedule_run_publish(actor=organiser, run=run)
    app_seconds, app_cpu = time.perf_counter() - started, time.process_time() - cpu
    publish_seconds = time.perf_counter() - executed
    run.refresh_from_db()
    assert run.status == ScheduleRun.Status.PUBLISHED, run.error
    published = _published_output(event, built, run)
    problems = validate(load_problem(spec), published)
    # The baseline: the engine alone on the same JSON, same limit and seed.
    engine_cpu, engine_started = time.process_time(), time.perf_counter()
    solution = solve(load_problem(spec), time_limit=TIME_LIMIT, seed=seed)
    engine_seconds, engine_cpu = time.perf_counter() - engine_started, time.process_time() - engine_cpu
    return {
        "backend": backend, "generate_s": round(generated, 1), "participants": len(spec["participants"]),
        "meetings": len(spec["meetings"]), "slots": len(spec["slots"]), "locations": len(spec["locations"]),
        "load_s": round(load_seconds, 2), "app_s": round(app_seconds, 2), "app_cpu_s": round(app_cpu, 2),
        "app_solve_s": run.solve_seconds, "publish_s": round(publish_seconds, 2),
        "stages": {name: round(value, 2) for name, value in stages.items()},
        "engine_s": round(engine_seconds, 2), "engine_cpu_s": round(engine_cpu, 2),
        "app_scheduled": Meeting.objects.filter(event=event, status="scheduled").count(),
        "app_objective": run.objective, "app_bound": run.upper_bound,
        "engine_scheduled": len(solution.assignments), "engine_objective": solution.objective,
        "problems": problems[:3], "load": os.getloadavg()[0],
    }


def _timed(function, *args):
    started = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - started, result


def _published_output(event, built, run) -> dict:
    """The published meetings in the engine's output format, to check them with its validator."""
    from pavilion.meetings.models import Meeting

    slot_of = {slot.pk: identifier for identifier, slot in built.slots.items()}
    meeting_of = {planned.request_id: identifier for identifier, planned in built.planned.items()}
    placed = {}
    for request_id, slot_id, code in (Meeting.objects.filter(event=event, status="scheduled")
                                      .values_list("request_id", "slot_id", "location__code")):
        placed[meeting_of[request_id]] = {"meeting": meeting_of[request_id], "slot": slot_of[slot_id], "location": code}
    return {"assignments": list(placed.values()),
            "unscheduled": [{"meeting": identifier, "reason": "left out"} for identifier in built.planned
                            if identifier not in placed],
            "objective": run.objective, "upper_bound": run.upper_bound, "status": run.solver_status,
            "solve_seconds": run.solve_seconds}


def prepare_postgres(url: str) -> bool:
    try:
        import psycopg

        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute("DROP SCHEMA public CASCADE")
            connection.execute("CREATE SCHEMA public")
    except Exception as error:  # noqa: BLE001 - any failure to reach the server means "skip"
        print(f"cannot prepare {url}: {error}", file=sys.stderr)
        return False
    return True


def run_child(backend: str, args) -> dict | None:
    env = dict(os.environ)
    env.pop("PAVILION_CLOCK", None)
    with tempfile.TemporaryDirectory(prefix="pavilion-bench-") as var_dir:
        env["PAVILION_VAR_DIR"] = var_dir
        if backend == "sqlite":
            env.pop("DATABASE_URL", None)
        else:
            if not args.postgres or not args.postgres.startswith("postgres"):
                print("no PostgreSQL URL (--postgres or DATABASE_URL): skipped", file=sys.stderr)
                return None
            env["DATABASE_URL"] = args.postgres
            if not prepare_postgres(args.postgres):
                return None
        command = [sys.executable, __file__, "--child", backend, "--seed", str(args.seed)]
        completed = subprocess.run(command, env=env, capture_output=True, text=True)
        if completed.returncode:
            print(completed.stderr[-3000:], file=sys.stderr)
            raise SystemExit(f"{backend}: the bench failed")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def section(results: list[dict]) -> str:
    first = results[0]
    lines = [
        "## Meeting schedule through the app (`bench/meetings.py`)",
        "",
        stamp() + f" Load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}"
        " (1, 5, 15 min; 2 cores shared with other engineers' runs).",
        "",
        f"ADEX-size show generated into the database: {first['participants']:,} participants (with profiles, "
        f"availability periods and meeting limits), {first['meetings']:,} accepted requests, {first['slots']} slots "
        f"over 3 days, {first['locations']} locations (tables, secure rooms, exhibitors' stands). Timed from the "
        "organiser's *start a run* (rows loaded in a fixed number of queries, spec JSON, engine, meetings, "
        f"participants and occupancy stored in bulk) to the published schedule, engine time limit {TIME_LIMIT} s. "
        "Baseline in the same process: the engine alone on the JSON the app built, same limit and seed. "
        "The published meetings are checked with the engine's validator.",
        "",
        "| database | start → published | in the run: loading / engine / storing | loading rows → JSON alone | publishing | engine alone | "
        "app / engine alone (CPU) | meetings published (engine alone) | objective / bound | valid | target ≤ 30 s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for r in results:
        lines.append(
            f"| {r['backend']} | **{r['app_s']} s** (CPU {r['app_cpu_s']} s) | {_stages(r)} | {r['load_s']} s | "
            f"{r['publish_s']} s | {r['engine_s']} s (CPU {r['engine_cpu_s']} s) | {r['app_s'] / r['engine_s']:.2f}× ({r['app_cpu_s'] / r['engine_cpu_s']:.2f}×) | "
            f"{r['app_scheduled']:,} ({r['engine_scheduled']:,}) | {r['app_objective']:,} / {r['app_bound']:,} | "
            f"{'yes' if not r['problems'] else 'NO: ' + '; '.join(r['problems'])} | "
            f"{'met' if r['app_s'] <= TARGET_SECONDS else 'missed'} |")
    overhead = [r["app_s"] - r["stages"].get("engine", r["app_solve_s"]) for r in results]
    lines += ["", f"The app's own work (everything but the engine) takes a median {median(overhead):.1f} s of wall "
              "time on this shared machine; the CPU columns are this process's own (the database server's time "
              "is not in them). Data generation is not timed."]
    return "\n".join(lines)


def _stages(result: dict) -> str:
    stages = result.get("stages") or {}
    return " / ".join(f"{stages[name]} s" if name in stages else "?" for name in ("load", "engine", "store"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--child", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.seed)))
        return 0
    backends = [args.only] if args.only else ["sqlite", "postgres"]
    results = [r for r in (run_child(backend, args) for backend in backends) if r]
    if not results:
        print("nothing measured", file=sys.stderr)
        return 2
    body = section(results)
    print(body)
    if not args.no_write:
        write_section("meetings", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
