"""Meeting scheduling: the engine against the greedy first-fit baseline of issue 3 (meetings by
priority, then request order, each into the first free slot and location), in the same process,
on generated shows of the spec's three sizes and on the 20 real JAIR 2022 instances.

    .venv/bin/python bench/scheduling.py                          # all sizes, writes docs/benchmarks.md
    .venv/bin/python bench/scheduling.py --sizes small,adex --no-jair --no-write
"""

import argparse
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # also runnable as `python bench/scheduling.py`

from bench.report import stamp, write_section  # noqa: E402
from pavilion.engines.scheduling import dzn_to_problem_json, load_problem, solution_to_json, solve, validate  # noqa: E402
from pavilion.engines.scheduling.bound import lp_bound  # noqa: E402
from pavilion.engines.scheduling.finish import finish  # noqa: E402
from pavilion.engines.scheduling.generator import SIZES, generate  # noqa: E402
from pavilion.engines.scheduling.instance import build_instance  # noqa: E402
from pavilion.engines.scheduling.solver import DEFAULT_TIME_LIMIT  # noqa: E402
from pavilion.engines.scheduling.state import State  # noqa: E402

JAIR = Path("/work/shared/data/scheduling/jair-2022")
TIME_LIMITS = {"small": 10.0, "adex": 10.0, "idex": 60.0}
TARGETS = {"small": "proven optimal in <= 10 s", "adex": ">= 99.5% of the bound in <= 10 s",
           "idex": ">= 99% of the bound in <= 60 s, peak memory <= 4 GB"}


def target(size: str, limit: float) -> str:
    """Issue 3's target for the size at its limit; other limits have none."""
    if limit == TIME_LIMITS[size]:
        return TARGETS[size]
    return "none (the command's default limit)" if limit == DEFAULT_TIME_LIMIT else "none"


def runs(sizes: str) -> list[tuple[str, float]]:
    """`small,adex,small@60` -> each size with its limit (the target's, unless given after @)."""
    found = []
    for entry in sizes.split(","):
        size, _at, limit = entry.partition("@")
        found.append((size, float(limit) if limit else TIME_LIMITS[size]))
    return found


def first_fit(problem, bound: int):
    """The baseline: by priority, then request order; the first slot, then the first location."""
    started = time.perf_counter()
    instance = build_instance(problem)
    state = State(instance)
    order = sorted(range(instance.n_meetings), key=lambda m: (instance.pinned[m] is None, -instance.priority[m], m))
    for meeting in order:
        placed = next(((s, g) for s in instance.starts[meeting] for g in instance.accepted[meeting]
                       if state.fits(meeting, s, g)), None)
        if placed is not None:
            state.place(meeting, *placed)
    return finish(state, bound, time.perf_counter() - started)


def peak_megabytes() -> float:
    """The process's peak plus its largest child's (the search's second process, parallel.py, runs
    beside it): the memory the engine held at most, counted high."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return (own + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024


def cpu_seconds() -> float:
    """CPU time of the process (its threads) and of its finished children (the search's second process)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def checked(problem, solution) -> dict:
    output = solution_to_json(solution)
    problems = validate(problem, output)
    if problems:
        raise SystemExit(f"invalid schedule: {problems[:3]}")
    return output


def placements(instance, solution) -> list[tuple[int, int] | None]:
    """The solution as (start, location group) per meeting, None where left out."""
    group_of = {location: g for g, group in enumerate(instance.groups) for location in group.locations}
    meeting_index = {meeting.id: m for m, meeting in enumerate(instance.problem.meetings)}
    found: list[tuple[int, int] | None] = [None] * instance.n_meetings
    for assignment in solution.assignments:
        found[meeting_index[assignment.meeting]] = (instance.problem.slot_index[assignment.slot],
                                                     group_of[assignment.location])
    return found


def run_size(size: str, seed: int, time_limit: float) -> dict:
    problem = load_problem(generate(size, seed=seed))
    load_before = os.getloadavg()[0]
    cpu = cpu_seconds()  # the LP thread and the search's second process included
    engine = solve(problem, time_limit=time_limit, seed=seed)
    cpu = cpu_seconds() - cpu
    checked(problem, engine)
    baseline = first_fit(problem, engine.upper_bound)
    checked(problem, baseline)
    memory = peak_megabytes()
    # The bound on its own, with time to finish: the LP relaxation, then with every participant
    # block computed and, where the LP is indexed by slot, the column generation over them (started
    # from the engine's schedule): what the engine's bound would be with time to spare.
    instance = build_instance(problem)
    plain = lp_bound(instance, seconds=600, blocks=False)
    started = time.perf_counter()
    alone = lp_bound(instance, seconds=600, known=lambda: placements(instance, engine))
    return {"size": size, "limit": time_limit, "engine": engine, "baseline": baseline, "memory": memory, "lp_alone": alone, "cpu": cpu,
            "lp_plain": plain, "lp_seconds": time.perf_counter() - started,
            "load": (load_before + os.getloadavg()[0]) / 2, "meetings": len(problem.meetings)}


def size_table(rows: list[dict]) -> str:
    lines = [
        "| size | meetings | limit | first-fit priority | engine priority | engine's upper bound | engine / its bound | LP relaxation | bound alone (time) | engine / that | time (CPU) | peak RSS | left without a meeting (first-fit → engine) | load | target |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- |",
    ]
    for row in rows:
        engine, baseline = row["engine"], row["baseline"]
        lines.append(
            f"| {row['size']} | {row['meetings']:,} | {row['limit']:.0f} s | {baseline.objective:,} | "
            f"{engine.objective:,} | {engine.upper_bound:,} | {engine.objective / engine.upper_bound:.2%} | "
            f"{row['lp_plain']:,} | {row['lp_alone']:,} ({row['lp_seconds']:.0f} s) | {engine.objective / row['lp_alone']:.2%} | "
            f"{engine.solve_seconds:.1f} s ({row['cpu']:.1f} s) | {row['memory']:,.0f} MB | "
            f"{baseline.fairness['left_without']} → {engine.fairness['left_without']} of {engine.fairness['could_meet']:,} | "
            f"{row['load']:.1f} | {target(row['size'], row['limit'])} |"
        )
    return "\n".join(lines)


def run_jair(time_limit: float) -> str:
    lines = ["| instance | meetings | first-fit scheduled | engine scheduled | engine status | engine time (CPU) |",
             "| --- | ---: | ---: | ---: | --- | ---: |"]
    totals = [0, 0, 0, 0]
    for path in sorted(JAIR.glob("*.dzn")):
        problem = load_problem(dzn_to_problem_json(path.read_text(), path.stem))
        cpu = cpu_seconds()
        engine = solve(problem, time_limit=time_limit)
        cpu = cpu_seconds() - cpu
        checked(problem, engine)
        baseline = first_fit(problem, engine.upper_bound)
        checked(problem, baseline)
        name = path.name.removesuffix(".original.dzn")
        lines.append(f"| {name} | {len(problem.meetings)} | {len(baseline.assignments)} | {len(engine.assignments)} | "
                     f"{engine.status} | {engine.solve_seconds:.1f} s ({cpu:.1f} s) |")
        totals = [totals[0] + len(problem.meetings), totals[1] + len(baseline.assignments),
                  totals[2] + len(engine.assignments), totals[3] + (len(engine.unscheduled) == 0)]
        print(lines[-1], flush=True)
    lines.append(f"| **all 20** | {totals[0]:,} | {totals[1]:,} ({totals[1] / totals[0]:.1%}) | "
                 f"{totals[2]:,} ({totals[2] / totals[0]:.1%}) | {totals[3]} of 20 complete | |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="small,small@60,adex,idex",
                        help=f"comma-separated, of {', '.join(SIZES)}, each with @seconds for a limit other than its target's")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jair-time-limit", type=float, default=10.0)
    parser.add_argument("--no-jair", action="store_true")
    parser.add_argument("--no-write", action="store_true", help="print the section, do not write docs/benchmarks.md")
    arguments = parser.parse_args()
    rows = []
    for size, limit in runs(arguments.sizes):
        rows.append(run_size(size, arguments.seed, limit))
        print(size_table(rows[-1:]), flush=True)
    body = ["### Meeting scheduling (`bench/scheduling.py`)", stamp(),
            f"Generated shows (seed {arguments.seed}, `pavilion.engines.scheduling.generator`); the engine runs with the time limit "
            "shown and one CP-SAT worker, the LP bound on a second thread (above 20,000 meetings the search "
            "also runs in a second process, merged round by round); first-fit is the baseline of issue 3 on "
            "the same instance in the same process. Peak RSS is the process's, after both (before the LP alone), "
            "plus its largest child's; CPU time includes the threads and the child. "
            "\"LP relaxation\" is the LP alone; \"bound alone\" is the engine's bound computed afterwards "
            "without a time limit (the LP, then every participant block of the hall-change rule, "
            "`blocks.py`, and where the LP is indexed by slot the column generation over the blocks, "
            "`generation.py`, started from the engine's schedule): inside the engine they get the time that "
            "is left and may be stopped; when "
            "the LP itself does not finish in time, the engine falls back to the bound of last resort "
            "(the smaller of every meeting with a possible place and the capacity knapsack). The search stops on "
            "work budgets (CP-SAT deterministic time, LP iterations), so CPU time, not wall time, is what the "
            "engine used; the wall time grows with the load. Load is the machine's 1-minute load average during "
            "the run (2 cores, shared with other engineers' test runs).",
            "", size_table(rows)]
    if not arguments.no_jair:
        body += ["", f"The 20 JAIR 2022 instances (engine time limit {arguments.jair_time_limit:.0f} s):", "",
                 run_jair(arguments.jair_time_limit)]
    text = "\n".join(body)
    print(text)
    if not arguments.no_write:
        write_section("scheduling", text)


if __name__ == "__main__":
    main()
