"""Catalogue search and the exhibitor directory at trade-show scale: 100,000 products, 2,000 exhibitors.

Measures, on SQLite (FTS5) and on PostgreSQL (tsvector + GIN, and a b-tree of the words), the latency
and CPU time of a ranked catalogue search (what the page does: the exact count and the first 30 rows) against the naive
`icontains` query over the same fields in the same run, checks the first page against the full
ranking and the count against the matches, and times the render of the public directory page.
Targets on this machine: search p95 <= 50 ms, directory page p95 <= 150 ms.

    .venv/bin/python bench/catalogue.py                 # both databases, writes docs/benchmarks.md
    .venv/bin/python bench/catalogue.py --no-write      # prints the section only
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pavilion_catalogue_bench .venv/bin/python bench/catalogue.py

Each database runs in a child process (Django's settings are per process). PostgreSQL uses
DATABASE_URL (default: the database below, created with `createdb` if missing); it is emptied first.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # also runnable as `python bench/catalogue.py`

from bench.report import percentile, stamp, write_section  # noqa: E402

DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/pavilion_catalogue_bench"
SEARCH_TARGET_MS = 50
DIRECTORY_TARGET_MS = 150
QUERIES = ["radar", "rad", "zirehli", "zireh", "бронемаш", "беспилот", "tactical drone", "sahil radar",
           "тактический бпла", "night vision", "gecə görmə", "kx", "patrol boat", "ceramic plate", "mobil",
           "jammer", "тренаж", "firewall", "yanğın", "long-range coastal"]

# Words that visitors type, as (English, Azerbaijani, Russian): products are built from them so that
# common words match thousands of products and model codes match a few, as in a real catalogue.
NOUNS = [
    ("radar", "radar", "радар"), ("armoured vehicle", "zirehli maşın", "бронемашина"),
    ("drone", "dron", "беспилотник"), ("UAV", "PUA", "БПЛА"), ("rifle", "tüfəng", "винтовка"),
    ("helmet", "dəbilqə", "шлем"), ("night vision goggles", "gecə görmə cihazı", "прибор ночного видения"),
    ("patrol boat", "patrul qayığı", "патрульный катер"), ("jammer", "susdurucu", "глушитель"),
    ("simulator", "simulyator", "тренажёр"), ("fire truck", "yanğın maşını", "пожарная машина"),
    ("firewall", "təhlükəsizlik divarı", "межсетевой экран"), ("ceramic plate", "keramik lövhə", "керамическая пластина"),
    ("radio", "radiostansiya", "радиостанция"), ("camera", "kamera", "камера"), ("mortar", "minaatan", "миномёт"),
    ("howitzer", "haubitsa", "гаубица"), ("sonar", "sonar", "гидролокатор"), ("fence sensor", "hasar sensoru", "датчик ограждения"),
    ("body armour", "bədən zirehi", "бронежилет"), ("rescue kit", "xilasetmə dəsti", "спасательный комплект"),
]
ADJECTIVES = [
    ("tactical", "taktiki", "тактический"), ("mobile", "mobil", "мобильный"), ("coastal", "sahil", "береговой"),
    ("lightweight", "yüngül", "лёгкий"), ("modular", "modul", "модульный"), ("long-range", "uzaqmənzilli", "дальнобойный"),
    ("armoured", "zirehli", "бронированный"), ("portable", "portativ", "переносной"), ("digital", "rəqəmsal", "цифровой"),
    ("amphibious", "amfibiya", "плавающий"), ("autonomous", "avtonom", "автономный"), ("secure", "təhlükəsiz", "защищённый"),
]
FILLER = [
    ("designed for border forces", "sərhəd qüvvələri üçün", "для пограничных войск"),
    ("proven in harsh climates", "sərt iqlimdə sınanmış", "испытан в суровом климате"),
    ("with NATO interfaces", "NATO interfeysləri ilə", "с интерфейсами НАТО"),
    ("low maintenance", "az texniki xidmət", "простое обслуживание"),
    ("day and night operation", "gecə-gündüz iş", "круглосуточная работа"),
]
COUNTRIES = ["AZ", "TR", "IL", "IT", "FR", "DE", "GB", "US", "KR", "PK", "UA", "GE", "KZ", "CZ", "PL", "RS", "BY",
             "CN", "IN", "AE", "SA", "ES", "SE", "NO", "FI", "BG", "RO", "HU", "JO", "EG"]
CONTROLS = ["none"] * 6 + [f"ML{n}" for n in range(1, 23)] + ["5A002", "6A003", "7A005", "9A012", "3A001", "5D002"]


def generate(*, products: int, exhibitors: int, seed: int = 11):
    """A bench event with `exhibitors` exhibitors (each with one stand) and `products` products."""
    import random

    from pavilion.events.models import Event, Hall, NationalPavilion, Organiser, Show, Stand, Venue
    from pavilion.exhibitors import search_index
    from pavilion.exhibitors.models import Company, Exhibitor, Product, ProductCategory
    from pavilion.exhibitors.services import product_search_reindex

    rng = random.Random(seed)
    venue = Venue.objects.create(name="Baku Expo Center", city="Baku", country="AZ")
    event = Event.objects.create(slug="bench-catalogue", name_en="Bench event", start_date="2024-09-24",
                                 end_date="2024-09-26", venue=venue, organiser=Organiser.objects.create(name="Bench"))
    shows = [Show.objects.create(event=event, slug="bench-adex", name_en="ADEX"),
             Show.objects.create(event=event, slug="bench-securex", name_en="Securex", colour="#8a1c1c")]
    pavilions = {(show.pk, code): NationalPavilion.objects.create(show=show, country=code, name_en=f"{code} pavilion")
                 for show in shows for code in COUNTRIES[:8]}
    hall = Hall.objects.create(venue=venue, code="B1", name_en="Bench hall", width_m=400, depth_m=250)
    companies = Company.objects.bulk_create(
        Company(name=f"{rng.choice(['Caspian', 'Absheron', 'Anatolia', 'Baltic', 'Nordic', 'Alpine'])} "
                     f"{rng.choice(['Defence', 'Systems', 'Dynamics', 'Security', 'Optics', 'Marine'])} {n:04d}",
                legal_name=f"Bench company {n}", country=rng.choice(COUNTRIES), is_demo=True)
        for n in range(exhibitors)
    )
    exhibitor_rows = []
    for n, company in enumerate(companies):
        show = shows[n % 2]
        exhibitor_rows.append(Exhibitor(company=company, show=show,
                                        pavilion=pavilions.get((show.pk, str(company.country)))))
    exhibitor_rows = Exhibitor.objects.bulk_create(exhibitor_rows)
    Stand.objects.bulk_create(
        Stand(show=row.show, event=event, hall=hall, code=f"S{n}", exhibitor=row, state="booked", area_m2=16,
              polygon=[[x, y], [x + 4, y], [x + 4, y + 4], [x, y + 4]])
        for n, row in enumerate(exhibitor_rows) for x, y in [((n % 80) * 5.0, (n // 80) * 5.0)]
    )
    leaves = list(ProductCategory.objects.filter(parent__isnull=False))
    # Bulk load without the index's per-row triggers; the reindex below builds the same rows at once.
    search_index.drop_index()
    batch = []
    for n in range(products):
        batch.append(product_row(rng, n, exhibitor_rows[rng.randrange(len(exhibitor_rows))], rng.choice(leaves)))
        if len(batch) == 5000:
            Product.objects.bulk_create(batch)
            batch = []
    Product.objects.bulk_create(batch)
    product_search_reindex()
    return event


def product_row(rng, n: int, exhibitor, category):
    from pavilion.exhibitors.models import Product

    noun, adjective = rng.choice(NOUNS), rng.choice(ADJECTIVES)
    code = f"{rng.choice('KXMTRZ')}{rng.choice('XKAVS')}-{rng.randint(1, 999)}"
    fillers = rng.sample(FILLER, 2)
    texts = {}
    for index, language in enumerate(["en", "az", "ru"]):
        texts[f"name_{language}"] = f"{adjective[index]} {noun[index]} {code}"
        texts[f"description_{language}"] = f"{noun[index]}: " + ", ".join(f[index] for f in fillers) + "."
    return Product(exhibitor=exhibitor, category=category, control=rng.choice(CONTROLS), **texts)


def child(backend: str, products: int, exhibitors: int, rounds: int, runs: int) -> dict:
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "pavilion.settings"
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    event = generate(products=products, exhibitors=exhibitors)
    generated = time.perf_counter() - started
    result = {"backend": backend, "generate_s": round(generated, 1)}
    result.update(measure_search(event, rounds, runs))
    result.update(measure_quality(event))
    result.update(measure_directory(event, rounds))
    return result


def server_pid() -> int | None:
    """The PostgreSQL backend serving this process (same machine), whose CPU time we can read."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def server_cpu_ns(pid: int | None) -> int:
    if pid is None:
        return 0
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])  # ns on a CPU
    except (OSError, ValueError, IndexError):
        return 0


def timed_ms(function) -> float:
    return timed(function)[0]


def timed(function, pid: int | None = None) -> tuple[float, float]:
    """Wall and CPU milliseconds of one call. CPU is this process's (all of SQLite's work) plus, on
    PostgreSQL, the server backend's, read from /proc (the server runs on this machine)."""
    wall, cpu, server = time.perf_counter(), time.process_time(), server_cpu_ns(pid)
    function()
    cpu_ms = (time.process_time() - cpu) * 1000 + (server_cpu_ns(pid) - server) / 1e6
    return (time.perf_counter() - wall) * 1000, cpu_ms


def page_of(results) -> tuple[int, list]:
    """What the catalogue page and the API do: the exact count and the first 30 rows."""
    return results.count(), list(results[:30])


def measure_search(event, rounds: int, runs: int) -> dict:
    from pavilion.exhibitors import selectors

    def ranked(q):
        return page_of(selectors.catalogue_products(event=event, q=q))

    def naive(q):
        return page_of(selectors.naive_search(selectors.catalogue_products(event=event), q))

    pid = server_pid()
    for q in QUERIES:  # warm the caches once, as a running server would be
        ranked(q)
    baseline = [timed(lambda q=q: naive(q), pid) for q in QUERIES]  # one round: it is slow
    per_run = []
    for _ in range(runs):
        load = os.getloadavg()[0]
        samples = [timed(lambda q=q: ranked(q), pid) for _ in range(rounds) for q in QUERIES]
        per_run.append({"wall": summary([w for w, _ in samples]), "cpu": summary([c for _, c in samples]),
                        "load": round(load, 1)})
    hits = {q: selectors.catalogue_products(event=event, q=q).count() for q in QUERIES}
    return {
        "runs": per_run,
        "search": {key: median_of(per_run, "wall", key) for key in ("p50", "p95")},
        "search_cpu": {key: median_of(per_run, "cpu", key) for key in ("p50", "p95")},
        "naive": summary([wall for wall, _ in baseline]), "naive_cpu": summary([cpu for _, cpu in baseline]),
        "hits_median": sorted(hits.values())[len(hits) // 2], "hits_max": max(hits.values()),
        "load": list(os.getloadavg()),
    }


def median_of(runs: list[dict], measure: str, key: str) -> float:
    values = sorted(run[measure][key] for run in runs)
    return values[len(values) // 2]


def measure_quality(event) -> dict:
    """The first page served against the first page of the full ranking (every match ranked), and the
    count served against the number of matches that ranking holds."""
    from pavilion.exhibitors import selectors

    same_first = same_page = exact_counts = 0
    overlap = []
    for q in QUERIES:
        served = selectors.catalogue_products(event=event, q=q)
        count, page = page_of(served)
        full = [product.pk for product in selectors.catalogue_products(event=event, q=q)]  # all ranked
        page_ids = [product.pk for product in page]
        same_first += page_ids[:1] == full[:1]
        same_page += page_ids == full[:30]
        exact_counts += count == len(full) == len(set(full))
        if full:
            overlap.append(len(set(page_ids) & set(full[:30])) / min(30, len(full)))
    return {"quality": {"queries": len(QUERIES), "same_first": same_first, "same_page": same_page,
                        "exact_counts": exact_counts, "overlap": round(sum(overlap) / max(1, len(overlap)), 3)}}


def measure_directory(event, rounds: int) -> dict:
    from django.test import Client

    client = Client()
    base = f"/events/{event.slug}/exhibitors/"
    pages = [{}, {"page": 7}, {"page": 40}, {"country": "TR"}, {"category": "land-systems"},
             {"show": "bench-adex", "page": 3}, {"q": "defence"}]
    for params in pages:
        assert client.get(base, params).status_code == 200
    times = [timed_ms(lambda p=params: client.get(base, p)) for _ in range(rounds) for params in pages]
    catalogue = [timed_ms(lambda q=q: client.get(f"/events/{event.slug}/products/", {"q": q})) for q in QUERIES]
    return {"directory": summary(times), "catalogue_page": summary(catalogue)}


def summary(values: list[float]) -> dict:
    return {"p50": round(percentile(values, 50), 1), "p95": round(percentile(values, 95), 1), "n": len(values)}


def run_child(backend: str, args) -> dict | None:
    env = dict(os.environ)
    with tempfile.TemporaryDirectory(prefix="pavilion-bench-") as var_dir:
        env["PAVILION_VAR_DIR"] = var_dir
        if backend == "sqlite":
            env.pop("DATABASE_URL", None)
        else:
            env["DATABASE_URL"] = args.postgres
            if not prepare_postgres(args.postgres):
                print(f"PostgreSQL at {args.postgres} is not reachable: skipped", file=sys.stderr)
                return None
        command = [sys.executable, __file__, "--child", backend, "--products", str(args.products),
                   "--exhibitors", str(args.exhibitors), "--rounds", str(args.rounds), "--runs", str(args.runs)]
        output = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def prepare_postgres(url: str) -> bool:
    """Start from an empty schema so that generation, indexes and statistics are those of this run."""
    name = url.rsplit("/", 1)[-1]
    server = url.rsplit("/", 1)[0] + "/postgres"
    try:
        import psycopg

        with psycopg.connect(server, autocommit=True) as connection:
            exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                connection.execute(f'CREATE DATABASE "{name}"')
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute("DROP SCHEMA public CASCADE")
            connection.execute("CREATE SCHEMA public")
    except Exception as error:  # noqa: BLE001 - any failure to reach the server means "skip"
        print(f"cannot prepare {url}: {error}", file=sys.stderr)
        return False
    return True


def verdict(value: float, target: float) -> str:
    return "meets" if value <= target else "misses"


def section(results: list[dict], args) -> str:
    lines = [
        "## Catalogue search and exhibitor directory (`bench/catalogue.py`)",
        "",
        stamp() + f" Load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}"
        " (1, 5, 15 min; 2 cores shared with other engineers' runs).",
        "",
        f"{args.products:,} products (names and descriptions in English, Azerbaijani and Russian) of "
        f"{args.exhibitors:,} exhibitors over two shows; {len(QUERIES)} queries typed by visitors (whole and "
        "partly typed words, one and two words, three languages). A search is timed as the catalogue page and "
        "the API run it: the exact count and the first 30 products, ranked, loaded with exhibitor, show and "
        f"category. Each query is timed {args.rounds} times per run, in {args.runs} runs; the figures are the "
        "medians of the runs' p50 and p95. CPU is the bench process's time plus, on PostgreSQL, the server "
        "backend's (from /proc). Baseline: the naive `icontains` over the six name and description fields, "
        "same queries, same process. Quality: the first page served against the first page of the full "
        "ranking (every match ranked), and the count against the number of matches. Directory: the public "
        "page rendered through Django's test client (filters, pages deep in the list).",
        "",
        "| database | search p50 | search p95 | each run's p95 (load) | search CPU p50 / p95 | `icontains` p50 | "
        "`icontains` p95 | speed-up p50 / p95 | best match first | first page as full ranking | exact counts | "
        "directory page p50 | directory page p95 | catalogue page p95 | data generation |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        speedup = r["naive"]["p50"] / max(r["search"]["p50"], 0.01)
        speedup_95 = r["naive"]["p95"] / max(r["search"]["p95"], 0.01)
        quality = r["quality"]
        runs = ", ".join(f"{run['wall']['p95']} ms ({run['load']})" for run in r["runs"])
        lines.append(
            f"| {r['backend']} | {r['search']['p50']} ms | **{r['search']['p95']} ms** | {runs} | "
            f"{r['search_cpu']['p50']} / {r['search_cpu']['p95']} ms | {r['naive']['p50']} ms | "
            f"{r['naive']['p95']} ms | {speedup:.0f}× / {speedup_95:.0f}× | "
            f"{quality['same_first']} of {quality['queries']} | {quality['same_page']} of {quality['queries']} "
            f"(overlap {quality['overlap']:.0%}) | {quality['exact_counts']} of {quality['queries']} | "
            f"{r['directory']['p50']} ms | **{r['directory']['p95']} ms** | {r['catalogue_page']['p95']} ms | "
            f"{r['generate_s']} s |"
        )
    lines.append("")
    for r in results:
        lines.append(
            f"- {r['backend']}: search p95 {verdict(r['search']['p95'], SEARCH_TARGET_MS)} the {SEARCH_TARGET_MS} ms "
            f"target (CPU p95 {r['search_cpu']['p95']} ms); directory p95 "
            f"{verdict(r['directory']['p95'], DIRECTORY_TARGET_MS)} the {DIRECTORY_TARGET_MS} ms target (median "
            f"query matches {r['hits_median']:,} products, the broadest {r['hits_max']:,})."
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--exhibitors", type=int, default=2_000)
    parser.add_argument("--rounds", type=int, default=5, help="timings of each query in one run")
    parser.add_argument("--runs", type=int, default=3, help="repeated runs; the figures are their medians")
    parser.add_argument("--postgres", default=os.environ.get("DATABASE_URL") or DEFAULT_POSTGRES)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--child", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.products, args.exhibitors, args.rounds, args.runs)))
        return 0
    backends = [args.only] if args.only else ["sqlite", "postgres"]
    results = [r for r in (run_child(backend, args) for backend in backends) if r]
    body = section(results, args)
    print(body)
    if not args.no_write:
        write_section("catalogue", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
