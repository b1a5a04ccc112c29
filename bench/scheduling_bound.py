"""How far the engine's bound is from the best its exhibitor blocks can give: Dantzig-Wolfe column
generation over the blocks (generation.py) on a generated show, from the LP's prices alone (the
engine starts the master from its schedule as well, and runs it only where the LP is indexed by
slot). A measurement: on the generated small show it proves 1,283 (the optimum) in 7-8 rounds;
at the ADEX size (the LP summed over atoms, a block's best "schedule" then a point of its
relaxation) it ends about 4 below the engine's bound after some 20 rounds and 50 s.

    .venv/bin/python bench/scheduling_bound.py --size small --seed 1
"""

import argparse
import math
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # also runnable as `python bench/scheduling_bound.py`

from pavilion.engines.scheduling import load_problem  # noqa: E402
from pavilion.engines.scheduling.blocks import priced_blocks  # noqa: E402
from pavilion.engines.scheduling.bound import (  # noqa: E402
    SLOT_LP_OPTIONS,
    _dual_bound,
    hall_of_class,
    silence_banner,
    solved_lp,
)
from pavilion.engines.scheduling.generation import generated_bound  # noqa: E402
from pavilion.engines.scheduling.generator import SIZES, generate  # noqa: E402
from pavilion.engines.scheduling.instance import build_instance  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="small", choices=list(SIZES))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=40)
    arguments = parser.parse_args()
    instance = build_instance(load_problem(generate(arguments.size, seed=arguments.seed)))
    silence_banner()
    started = time.perf_counter()
    by_slot = instance.option_count() <= SLOT_LP_OPTIONS  # as the engine's LP (the simplex at every size here)
    lp, _columns, priced = solved_lp(instance, by_slot)
    halls = hall_of_class(instance)
    first, found = priced_blocks(instance, priced, halls)
    print(f"LP {_dual_bound(lp, priced.prices):.3f}, blocks at the LP's prices {first:.3f} "
          f"(the engine's bound), {time.perf_counter() - started:.1f} s", flush=True)
    best = generated_bound(instance, priced, found, first, halls, rounds=arguments.rounds,
                           log=lambda line: print(f"{line}, {time.perf_counter() - started:.1f} s", flush=True)).bound
    print(f"Dantzig-Wolfe bound over the exhibitor blocks: {best:.3f}, proven {math.floor(best + 1e-6)}")


if __name__ == "__main__":
    main()
