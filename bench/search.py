"""Catalogue search with and without the typo step (`exhibitors/search_spelling.py`) on the demo data.

A search is timed as the catalogue page runs it: the exact count and the first 30 products. With the
typo step, a search that finds nothing is corrected (the vocabulary consulted, the nearest words found)
and run again with the corrected words; a search that finds something is not touched. Misspelled
queries are timed without the step (what `exact=1` does: they find nothing) and with it (they find the
products), correctly spelled ones both ways too; the vocabulary's build (once per index version) is
timed apart. Each query is timed REPEATS times per run, in RUNS runs; the figures are the medians of
the runs' medians, and the ratio is to the plain search in the same run.

    .venv/bin/python bench/search.py              # builds the demo in a temporary SQLite, writes docs/benchmarks.md
    .venv/bin/python bench/search.py --no-write   # prints the section only
    DATABASE_URL=... .venv/bin/python bench/search.py --existing   # a database that already holds the demo
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # also runnable as `python bench/search.py`

from bench.report import stamp, write_section  # noqa: E402

MISSPELLED = ["armored", "thermal imagng", "zirhli", "радиолакационная", "survelance radar", "bronejilet",
              "гидролакатор", "kamuflyaj setka", "nigth vision", "бронеавтомобиль"]
CORRECT = ["armoured", "thermal imaging", "zirehli", "радиолокационная", "surveillance radar", "radar"]
RUNS, REPEATS, PAGE = 5, 5, 30
EVENT = "adex-securex-2024"


def setup(existing: bool) -> None:
    if not existing:
        folder = tempfile.mkdtemp(prefix="pavilion-bench-search-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        os.environ["PAVILION_MEDIA_ROOT"] = f"{folder}/media"
        os.environ.setdefault("PAVILION_CLOCK", "2024-09-24T10:00:00+04:00")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pavilion.settings")
    import django

    django.setup()
    if not existing:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        call_command("demo", stdout=open(os.devnull, "w"))


def page(search) -> int:
    count = search.count()
    list(search[0:PAGE])
    return count


def plain(event, q) -> int:
    from pavilion.exhibitors import selectors

    return page(selectors.catalogue_products(event=event, q=q))


def with_typos(event, q) -> int:
    from pavilion.exhibitors import search_spelling, selectors

    results = selectors.catalogue_products(event=event, q=q)
    count = page(results)
    correction = search_spelling.corrected(results, q)
    return page(correction.search) if correction else count


def clock(function, *args) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        function(*args)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure() -> dict:
    from django.db import connection

    from pavilion.events.models import Event
    from pavilion.exhibitors import search_spelling, selectors
    from pavilion.exhibitors.models import Product

    event = Event.objects.get(slug=EVENT)
    found = {q: (plain(event, q), with_typos(event, q)) for q in MISSPELLED + CORRECT}
    # What each misspelled query is searched as, when something is near: the visitor's correct spelling.
    spelled = [correction.shown for q in MISSPELLED if (correction := search_spelling.corrected(
        selectors.catalogue_products(event=event, q=q), q))]
    runs = []
    for _ in range(RUNS):
        search_spelling._vocabularies.clear()
        start = time.perf_counter()
        vocabulary = search_spelling.vocabulary(event.pk)
        build = time.perf_counter() - start
        run = {"build": build}
        for name, queries in (("misspelled", MISSPELLED), ("correct", CORRECT)):
            run[name] = (statistics.median(clock(plain, event, q) for q in queries),
                         statistics.median(clock(with_typos, event, q) for q in queries))
        run["spelled"] = statistics.median(clock(plain, event, q) for q in spelled)
        runs.append(run)
    return {
        "vendor": connection.vendor, "products": Product.objects.count(), "found": found,
        "words": {language: len(words) for language, words in vocabulary.languages.items()},
        "build": statistics.median(run["build"] for run in runs),
        **{name: tuple(statistics.median(run[name][i] for run in runs) for i in (0, 1))
           for name in ("misspelled", "correct")},
        "ratios": {name: statistics.median(run[name][1] / run[name][0] for run in runs)
                   for name in ("misspelled", "correct")},
        "spelled": statistics.median(run["spelled"] for run in runs),
        "spelled_ratio": statistics.median(run["misspelled"][1] / run["spelled"] for run in runs),
        "load": os.getloadavg(),
    }


def section(result: dict) -> str:
    ms = lambda seconds: f"{seconds * 1000:.1f} ms"  # noqa: E731
    words = ", ".join(f"{language} {count:,}" for language, count in result["words"].items())
    rows = "\n".join(
        f"| {q} | {before:,} | {after:,} |" for q, (before, after) in result["found"].items() if q in MISSPELLED
    )
    load = ", ".join(f"{value:.1f}" for value in result["load"])
    return f"""## Catalogue typo tolerance (`bench/search.py`)

{stamp()} Load average at the end: {load} (1, 5, 15 min). Database: {result['vendor']}, the demo ({result['products']:,} products; vocabulary {words} words). Command: `.venv/bin/python bench/search.py`.

A search is the catalogue page's: the exact count and the first {PAGE} products. Plain: the search as typed (`exact=1`). With the typo step: a search that finds nothing is corrected to the nearest words of the vocabulary and run again. {len(MISSPELLED)} misspelled queries and {len(CORRECT)} correctly spelled ones, each timed {REPEATS} times per run, {RUNS} runs; medians of the runs' medians, ratio to the plain search in the same run. The vocabulary is built once per index version (timed apart, cold).

| queries | plain | with typo step | ratio (median of runs) |
| --- | --- | --- | --- |
| misspelled | {ms(result['misspelled'][0])} | {ms(result['misspelled'][1])} | **{result['ratios']['misspelled']:.1f}×** |
| correctly spelled | {ms(result['correct'][0])} | {ms(result['correct'][1])} | {result['ratios']['correct']:.2f}× |

A misspelled query that finds nothing as typed is fast to answer (nothing to rank); against the plain search of the words it is corrected to (what typing them right costs, {ms(result['spelled'])}), the typo step makes it **{result['spelled_ratio']:.1f}×** as long.

Vocabulary build (after any change to the catalogue, on the first search that needs it): {ms(result['build'])}.

| misspelled query | products found as typed | with the typo step |
| --- | --- | --- |
{rows}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="print the section, do not write docs/benchmarks.md")
    parser.add_argument("--existing", action="store_true", help="use DATABASE_URL as it is (the demo already in it)")
    arguments = parser.parse_args()
    setup(arguments.existing)
    body = section(measure())
    print(body)
    if not arguments.no_write:
        write_section("search", body)


if __name__ == "__main__":
    main()
