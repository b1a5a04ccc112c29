"""The recommendations of a generated show (two blocks of participants) as plain JSON values, to
fix the engine's output: a faster implementation must give exactly the same lists, scores,
reasons and outcomes. `python -m tests.engines.matching.golden` rewrites the stored file (only
when a change of results is intended)."""

import dataclasses
import gzip
import json
import random
from pathlib import Path

import pavilion
from pavilion.engines.matching import load_rules, recommend
from pavilion.engines.matching.generator import generate_catalogue, generate_participants
from tests.engines.matching.sample import SHOW_DAY
from tests.engines.matching.test_matching_generator import taxonomy

STORED = Path(__file__).resolve().parent / "data" / "golden-recommendations.json.gz"
RULES = Path(pavilion.__file__).resolve().parent / "data" / "export-control"


def golden_run() -> list:
    rng = random.Random(11)
    categories = taxonomy()
    catalogue = generate_catalogue(rng, categories, 60, 900)
    participants = generate_participants(rng, catalogue, categories, 300)
    results = recommend(participants, catalogue, load_rules(RULES), on=SHOW_DAY, top=6)
    return json.loads(json.dumps([dataclasses.asdict(result) for result in results]))


if __name__ == "__main__":
    STORED.write_bytes(gzip.compress(json.dumps(golden_run(), ensure_ascii=False).encode(), mtime=0))
    print(STORED, STORED.stat().st_size)
