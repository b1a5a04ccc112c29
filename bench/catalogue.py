"""Catalogue search and the exhibitor directory at trade-show scale: 100,000 products, 2,000 exhibitors.

Measures, on SQLite (FTS5) and on PostgreSQL (tsvector + GIN), the latency of a ranked catalogue
search (the page's two queries: the count and the first 30 rows) against the naive `icontains`
query over the same fields in the same run, and the render time of the public directory page.
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
    from pavilion.exhibitors.models import Company, Exhibitor, Product, ProductCategory
    from pavilion.exhibitors.services import product_search_reindex

    rng = random.Random(seed)
    venue = Venue.objects.create(name="Baku Expo Center", city="Baku", country="AZ")
    event = Event.objects.create(slug="bench-catalogue", name_en="Bench event", start_date="2024-09-24",
                                 end_date="2024-09-26", venue=venue, organiser=Organiser.objects.create(name="Bench"))
    shows = [Show.objects.create(event=event, slug="bench-adex", name_en="ADEX"),
             Show.objects.create(event=event, slug="bench-securex", name_en="Securex", colour="#8a1c1c")]
    pavilions = {(show.pk, code): NationalPavilion.objects.create(show=show, country=code, name=f"{code} pavilion")
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


def child(backend: str, products: int, exhibitors: int, rounds: int) -> dict:
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "pavilion.settings"
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    event = generate(products=products, exhibitors=exhibitors)
    generated = time.perf_counter() - started
    result = {"backend": backend, "generate_s": round(generated, 1)}
    result.update(measure_search(event, rounds))
    result.update(measure_directory(event, rounds))
    return result


def timed_ms(function) -> float:
    return timed(function)[0]


def timed(function) -> tuple[float, float]:
    """Wall and CPU milliseconds of one call. CPU is this process's: all of SQLite's work, but only
    the client's share on PostgreSQL (the server's backend is another process)."""
    wall, cpu = time.perf_counter(), time.process_time()
    function()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def measure_search(event, rounds: int) -> dict:
    from pavilion.exhibitors import selectors

    def ranked(q):
        products = selectors.catalogue_products(event=event, q=q)
        return products.count(), list(products[:30])

    def naive(q):
        products = selectors.naive_search(selectors.catalogue_products(event=event), q)
        return products.count(), list(products[:30])

    for q in QUERIES:  # warm the caches once, as a running server would be
        ranked(q)
    search = [timed(lambda q=q: ranked(q)) for _ in range(rounds) for q in QUERIES]
    baseline = [timed(lambda q=q: naive(q)) for q in QUERIES]  # one round: it is slow
    hits = {q: selectors.catalogue_products(event=event, q=q).count() for q in QUERIES}
    return {
        "search": summary([wall for wall, _ in search]), "search_cpu": summary([cpu for _, cpu in search]),
        "naive": summary([wall for wall, _ in baseline]), "naive_cpu": summary([cpu for _, cpu in baseline]),
        "hits_median": sorted(hits.values())[len(hits) // 2], "load": list(os.getloadavg()),
    }


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
                   "--exhibitors", str(args.exhibitors), "--rounds", str(args.rounds)]
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
        "partly typed words, one and two words, three languages), each timed "
        f"{args.rounds} times as the catalogue page runs it (count + first 30 rows, ranked). Baseline: the "
        "naive `icontains` over the six name and description fields, same queries, same run. Directory: the "
        "public page rendered through Django's test client (filters, pages deep in the list).",
        "",
        "| database | search p50 | search p95 | search CPU p50 / p95 | `icontains` p50 | `icontains` p95 | "
        "`icontains` CPU p50 | speed-up p50 / p95 | directory page p50 | directory page p95 | catalogue page p95 | "
        "load after search | data generation |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        speedup = r["naive"]["p50"] / max(r["search"]["p50"], 0.01)
        speedup_95 = r["naive"]["p95"] / max(r["search"]["p95"], 0.01)
        lines.append(
            f"| {r['backend']} | {r['search']['p50']} ms | **{r['search']['p95']} ms** | "
            f"{r['search_cpu']['p50']} / {r['search_cpu']['p95']} ms | {r['naive']['p50']} ms | "
            f"{r['naive']['p95']} ms | {r['naive_cpu']['p50']} ms | {speedup:.0f}× / {speedup_95:.0f}× | "
            f"{r['directory']['p50']} ms | **{r['directory']['p95']} ms** | {r['catalogue_page']['p95']} ms | "
            f"{r['load'][0]:.1f} | {r['generate_s']} s |"
        )
    lines.append("")
    for r in results:
        lines.append(
            f"- {r['backend']}: search p95 {verdict(r['search']['p95'], SEARCH_TARGET_MS)} the {SEARCH_TARGET_MS} ms "
            f"target; directory p95 {verdict(r['directory']['p95'], DIRECTORY_TARGET_MS)} the "
            f"{DIRECTORY_TARGET_MS} ms target (median query matches {r['hits_median']:,} products)."
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--exhibitors", type=int, default=2_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--postgres", default=os.environ.get("DATABASE_URL") or DEFAULT_POSTGRES)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--child", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.products, args.exhibitors, args.rounds)))
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
