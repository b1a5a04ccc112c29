"""solve(problem) -> Solution: construct, solve exactly when small, improve by LNS, prove a bound."""

from __future__ import annotations

import time

from .bound import SLOT_LP_OPTIONS, LpGuide, class_of_group, simple_bound
from .bound_job import BoundJob, left_over
from .finish import finish
from .gap import gap_neighbourhood
from .instance import Instance, build_instance
from .jump import JumpJob, as_state, half_days, redo, runs
from .model import Problem, Solution
from .parallel import available as parallel_available
from .parallel import improve_in_parallel
from .search import improve
from .split import SplitJob
from .state import Demand, construct, fill
from .submodel import resolve

NEIGHBOURHOOD = 400  # meetings re-decided at once by the large-neighbourhood search
EXACT_OPTIONS = 8_000  # up to this many options CP-SAT takes the whole problem at once
DEFAULT_TIME_LIMIT = 60.0  # seconds, the command's default (cli.py)


def _pinned_priority(instance: Instance) -> int:
    return sum(p for p, pin in zip(instance.priority, instance.pinned, strict=True) if pin is not None)


# Work budgets, in CP-SAT's deterministic time per second of the time limit (for the search, plus
# the counted Python work of each neighbourhood: submodel.WORK_PER_OPTION, search.SCAN_WORK). What
# a unit costs in CPU depends on the day: on 28 November 2026 this machine (shared, 2 cores) took
# 4-5 s of CPU a unit, on 29 November about 1.5-2 s (the whole ADEX-size run 3.1 s of CPU with
# 0.12 per second of limit). 0.25 per second of limit: ADEX 2.5 units, 5.2-5.6 s of CPU on the
# faster day (the IDEX size has PARALLEL_SEARCH_WORK, below). On a slow day that is more than the limit allows and the
# wall-clock safety stop ends the search instead (see docs/algorithms/scheduling.md, "Determinism").
EXACT_WORK = 0.05  # CP-SAT on the whole problem (small instances)
SEARCH_WORK = 0.25  # all neighbourhoods of the large-neighbourhood search together
# A second greedy follows the LP's solution (see state.construct), up to GUIDED_MEETINGS meetings:
# the ADEX size's atom LP is done about 1.7 s after the start. At the IDEX size it was done about
# 19 s after the start on 28 November and the second greedy cost 5-6 s more, which left the search
# too little room before its safety stop, so that size was not guided; on 29 November, with the
# larger search budget, the whole guided IDEX-size run took 37 s and gave 64,372 against 64,142
# unguided (seed 1), so it is guided again (see docs/algorithms/scheduling.md). The first, unguided greedy runs
# while the LP does; the wait for the LP ends at GUIDE_WAIT of the limit (a safety stop like the
# others: then the unguided greedy's schedule goes on alone, and the result depends on timing).
GUIDED_MEETINGS = 70_000
GUIDE_WAIT = 0.4
# Feasibility Jump's runs (jump.py) are expected to take at most jump.SHARE_OF_LIMIT of the limit on
# a quiet machine; the engine waits for them until JUMP_WAIT of the limit at most (a safety stop:
# on a machine loaded several times over the other starts go on alone).
JUMP_WAIT = 0.6
QUICK_SEARCH_WORK = 0.15  # the same where the LP is indexed by slot (small instances, see below)
# One Feasibility Jump pass over the half-days before the search (jump.redo), its work out of the
# search's budget, up to HALFDAY_MEETINGS meetings (at the IDEX size the search gains more per CPU second).
HALFDAY_MEETINGS = 20_000
# Above this many meetings the search runs in two processes, merged round by round (parallel.py),
# with PARALLEL_SEARCH_WORK per second of limit for each: with the scans in numpy (29 November
# 2026) the IDEX size's search took 24 s of wall time for 0.25 units per second of limit, ending at
# 37 s of its 60; 0.32 ends it at about 43 s on the same machine.
PARALLEL_MEETINGS = 20_000
PARALLEL_SEARCH_WORK = 0.32
# Meetings re-decided at once by the search in two processes (NEIGHBOURHOOD elsewhere). At the IDEX size
# (seed 1, 2 December 2026, from the five parts' schedule, 0.75 of the budget) 150 / 200 / 250 / 300 /
# 400 / 600 gave 65,078 / 65,083 / 65,127 / 65,118 / 65,099 / 65,064, and 250 spends its budget
# sooner than 400 (done at 47 s, where 400 ran into its safety stop at 50 s); at the ADEX size (one
# process) 250 changed nothing that counts (seeds 1-3 +2 / +6 / -2), so it stays there.
PARALLEL_NEIGHBOURHOOD = 250
# Feasibility Jump on runs of half-days of the show (split.SplitJob: two at the ADEX size at 10 s, five
# at the IDEX size at 60 s), where no whole-model run fits: the engine waits for it until SPLIT_WAIT
# of the limit at most (a safety stop like JUMP_WAIT); when its schedule is taken it stands in for
# the half-day pass and the search gets SPLIT_SEARCH_SHARE of its budget (measured at the ADEX size
# on 29 November 2026: the halves done about 4 s after the start, then 1 unit of search ends the run
# at 6.2-6.6 s, as the pass and 2.5 units did at 6.1-7.1 s; 0.5 since 1 December 2026, when the IDEX
# size's five parts came in: there 0.3 / 0.4 / 0.5 / 0.6 left the search 7.6 / 11 / 12 / 15 s and
# the participant blocks after it 11 / 6 / 10 / 4 s, 98.78% / 98.67% / 98.88% / 98.69% of the bound,
# and at the ADEX size seeds 1-3 gave 9,646 / 9,735 / 9,555 against 9,643 / 9,722 / 9,551).
# 0.8 since the seventh session of that day: on a machine 1.6 times slower the halves ended at 5.9-7.8 s,
# so a wait until 6 s dropped them in every run (9,501-9,514 at the ADEX size); until 8 s took them in
# most (9,617-9,637, the whole run still 9.4-9.6 s), and where they came later still the result was
# the same as without them (9,496). On a machine where they end by 6 s nothing changes.
# 0.75 since 2 December 2026, when the parts came 4-5 s sooner at the IDEX size (each part answers as
# soon as Feasibility Jump reports, the guided greedy no longer runs beside them, the parts' set-up is
# quicker): there the search then ends on its budget at 47 s on a quick machine (65,127, 99.04% of the
# bound with 0.6 s more for the blocks, where 0.65 gave 65,089 with 400 meetings a neighbourhood), and on its safety stop at 50 s
# where the machine ran 10-15% slower within the same hour (65,069-65,085, 98.90-98.96%); at the ADEX
# size seeds 1-3 give 9,651 / 9,732 / 9,575 in 6.4-6.7 s against 9,646 / 9,724 / 9,563 in 5.4-5.8 s.
SPLIT_WAIT = 0.8
SPLIT_SEARCH_SHARE = 0.75
# The guided greedy takes about this many times the first greedy's time (IDEX size: 2.3 s and 1.0 s).
GUIDED_COST = 3.0
# A first greedy slower than this a meeting marks a slow or loaded machine (IDEX size, 2 December
# 2026: 1.7e-5 quiet, 5.2e-5 beside three CPU-burning processes; machines 2.5 times slower than that
# day's had 4e-5 quiet).
SLOW_GREEDY = 3.5e-5
# When column generation converged above the schedule (small instances), CP-SAT on the options of
# its master's last solution, with MASTER_WORK per second of limit, from limits of MASTER_LIMIT (the
# command's default). Below, the search and the column generation end too close to the limit for it
# to end on its work budget rather than the clock: at 30 s on a slow machine (29 November 2026) it
# had 12-16 s, and two tests beside it made it run into its safety stop. It needed 3.1-5.9 units on
# the generated small shows (see docs/algorithms/scheduling.md, "Algorithm", step 5).
MASTER_LIMIT = DEFAULT_TIME_LIMIT
MASTER_WORK = 0.12
# Where column generation converged above the schedule, CP-SAT first re-decides the blocks that fall
# short of the bound (gap.py), at most GAP_NEIGHBOURHOOD meetings with GAP_WORK per second of limit.
GAP_NEIGHBOURHOOD = 600
GAP_WORK = 0.2
# The closing's time and the search's safety stop (see solve). At the IDEX size the closing after the
# bound took 0.7-0.9 s on 2 December 2026 of the 6.7 s kept for it (3 s of them the share of the
# limit, 3 s the reserve), and the search stopped on its safety stop at 0.85 of the limit: with the
# share at most CLOSING_MOST and the safety stop at 0.88, the run ends at about 56 s of 60 there
# instead of 54 s, and the search gets its budget. The reserve stays: beside eight CPU-burning
# processes the last fill ran until its stop and the locations and reasons then took 4 s (at
# 4e-5 s a meeting the run ended at 59.2 s).
CLOSING_SHARE = 0.05  # of the time limit, kept for the closing beside the measured share
CLOSING_MOST = 1.0  # seconds at most of that share
RESERVE_PER_MEETING = 5e-5  # seconds kept at the end for each meeting
SEARCH_DEADLINE = 0.88  # of the time limit, less the reserve: the search's safety stop


def solve(problem: Problem, time_limit: float = DEFAULT_TIME_LIMIT, seed: int = 0, *, work: float | None = None) -> Solution:
    """The best schedule found within `time_limit` seconds. Every stop of the search is a work
    budget (CP-SAT's deterministic time and counted Python work, LP iterations), so the same input, seed
    and time limit give the same schedule whatever the machine's load; the wall clock is only a
    safety stop, and only when it fires does the result depend on timing. `work` overrides the
    search's budget (work units; by default QUICK_SEARCH_WORK, SEARCH_WORK or PARALLEL_SEARCH_WORK per
    second of the limit, by the instance's size)."""
    started = time.monotonic()
    limit = max(0.1, time_limit)
    # Room at the end for handing out locations and writing reasons (grows with the meetings; the
    # closing below adds more on a machine that runs slowly). On a quiet machine the closing takes
    # 1.2 s at the IDEX size (60,000 meetings) and 0.1 s at the ADEX size; 2e-4 s a meeting until
    # 29 November 2026 kept 12 s of the IDEX size's 60 s unused (RESERVE_PER_MEETING).
    reserve = 0.05 + RESERVE_PER_MEETING * len(problem.meetings)
    deadline = started + limit * SEARCH_DEADLINE - reserve
    bound_deadline = started + limit * 0.95 - reserve  # the LP may use the last stretch alone
    instance = build_instance(problem)
    job = BoundJob(instance, seconds=max(1.0, bound_deadline - time.monotonic()))
    jumps = runs(instance, limit)
    jumping = JumpJob(instance, seed, jumps, seconds=max(0.1, JUMP_WAIT * limit)) if jumps else None
    job.handed_over(started + GUIDE_WAIT * limit)
    building = time.monotonic()
    demand = Demand(instance)
    state = construct(instance, demand=demand)  # while the LP runs on the other thread
    # The closing work (a last fill, locations, reasons) costs about half the construction; on a
    # machine so loaded that the construction ran slowly, keep that much more time for it. (A
    # quarter instead made the IDEX size overrun its limit at a load of 10: 61.8 s for 60.)
    constructed = time.monotonic() - building
    placeable = simple_bound(instance)  # every meeting that can be placed at all
    guide = None
    if instance.n_meetings <= GUIDED_MEETINGS and state.objective < placeable:
        guide = job.guide(started + GUIDE_WAIT * limit)
    # Where no run on the whole model fits (the ADEX size at 10 s, the IDEX size at 60 s),
    # Feasibility Jump on runs of half-days of the show, on the options the LP holds, in processes
    # of their own.
    splitting = None
    if guide is not None and not jumps:
        splitting = SplitJob(instance, guide, seed, seconds=max(0.1, started + SPLIT_WAIT * limit - time.monotonic()),
                             time_limit=limit)
    # While the parts run, the guided greedy would only share the cores with them: it waits, and
    # is built only where the parts fall short (see below). Not on a machine that runs slowly (the
    # first greedy took more than SLOW_GREEDY s a meeting), where the parts may miss their wait and
    # there would be no time left for it: there it is built beside them, the start to fall back on.
    guided_later = (splitting is not None and splitting.started
                    and constructed <= SLOW_GREEDY * instance.n_meetings)
    try:
        if guide is not None and not guided_later:
            state = _guided(instance, guide, demand, state)
        if jumping is not None:
            schedule = jumping.result(started + JUMP_WAIT * limit)
            if jumping.thread.is_alive():  # a machine too loaded for it: go on without it
                left_over.add(jumping.thread)
            if schedule is not None:
                jumped = as_state(instance, schedule)
                if (jumped.objective, jumped.covered()) > (state.objective, state.covered()):
                    state = jumped
    except BaseException:
        if splitting is not None:
            splitting.result(0.0)  # ends the parts' processes
        raise
    split = False  # the halves' schedule was taken: it stands in for the half-day pass
    if splitting is not None and splitting.started:
        # A core the parts leave free at their end (the last of them running alone) goes to the
        # participant blocks, paused again before the search in two processes.
        schedule = splitting.result(started + SPLIT_WAIT * limit, idle=job.release_blocks)
        # Where the parts fell short, the guided greedy's placements fill in, if it still has the
        # time (late parts on a loaded machine come at the wait, near the search's safety stop).
        in_time = time.monotonic() + GUIDED_COST * constructed < deadline
        if (schedule is None or not splitting.complete) and in_time:
            state, guided_later = _guided(instance, guide, demand, state), False
        if schedule is not None:
            pins = {m: pin for m, pin in enumerate(instance.pinned) if pin is not None}
            # Every pin (the parts hold theirs; a part that found nothing or did not answer, not), and
            # where a part was late (the safety stop), failed or found nothing, the greedy's
            # placements where they still fit: the parts that answered keep their half-days.
            schedule = {**pins, **schedule}
            halves = as_state(instance, schedule)
            if not splitting.complete:
                for meeting, placed in enumerate(state.assign):
                    if placed is not None and halves.assign[meeting] is None and halves.fits(meeting, *placed):
                        halves.place(meeting, *placed)
            fill(halves)  # Feasibility Jump's schedule need not be maximal
            # A safeguard: a schedule that left a pin out would not be taken.
            pins_kept = all(halves.assign[m] == pin for m, pin in pins.items())
            split = pins_kept and (halves.objective, halves.covered()) > (state.objective, state.covered())
            if split:
                state = halves
        if guided_later and not split and in_time:
            state = _guided(instance, guide, demand, state)
    # And a share of the limit: the waits for the bound end only when its thread's current LP
    # returns, which on a slow machine beside another busy process overran a 3 s limit by 0.16 s
    # (30 November 2026, a CI run); 5% of the limit kept it inside there.
    closing = reserve + 0.6 * constructed + min(CLOSING_SHARE * limit, CLOSING_MOST)
    closes = started + limit - closing  # what runs on (the bound, the exact steps) stops here
    deadline = min(deadline, closes)
    if state.objective == placeable:  # everything that can be placed is placed
        job.stop(closes)
        return _finished(state, state.objective, started)
    proven = None
    parallel = instance.n_meetings > PARALLEL_MEETINGS and parallel_available()
    if not parallel:
        # The participant blocks (blocks.py) on the core the search leaves free (after the halves'
        # two processes, where they ran); the search in two processes leaves none, and gains more
        # per CPU second than the blocks: they come after it.
        job.release_blocks()
    if work is None:
        # With the time-indexed LP (small instances) the LP and the participant blocks keep the
        # other core busy for about as long as the search runs, and the search no longer waits
        # for them: it gets more work in the same wall time.
        if instance.option_count() <= SLOT_LP_OPTIONS:
            work = QUICK_SEARCH_WORK * limit
        elif parallel:
            work = PARALLEL_SEARCH_WORK * limit
        else:
            work = SEARCH_WORK * limit
        if split:
            work *= SPLIT_SEARCH_SHARE
    if instance.n_meetings <= HALFDAY_MEETINGS and not split:
        for number, window in enumerate(half_days(instance)):
            better, counted = redo(state, window, seed * 1_000 + number, deadline - time.monotonic(), most=work)
            work -= counted
            if better is None or state.objective == placeable or time.monotonic() > deadline:
                break  # the budget is spent (or everything placeable is placed, or the safety stop)
        fill(state)  # a window may have left a participant room below their maximum elsewhere
    free = [m for m in range(instance.n_meetings) if instance.pinned[m] is None]
    if instance.option_count() <= EXACT_OPTIONS:
        outcome = resolve(state, free, window=None, effort=EXACT_WORK * limit,
                          seconds=max(0.05, deadline - time.monotonic()), seed=seed)
        if outcome.proven:
            proven = state.objective
            job.stop(closes)
        elif outcome.priority_bound is not None:
            job.tighten(_pinned_priority(instance) + outcome.priority_bound)
    bound = proven
    if bound is None:
        job.start_from(state.assign)  # column generation runs beside the search (where the LP is by slot)
        if parallel:
            job.pause_blocks()
        search = improve_in_parallel if parallel else improve
        search(state, seed=seed, deadline=deadline, stall_limit=40, effort=0.5,
               neighbourhood=PARALLEL_NEIGHBOURHOOD if parallel else NEIGHBOURHOOD,
               work=work, bound=lambda: job.lp_value(deadline), ready=job.lp_known)
        job.release_blocks()
        job.add_helper()
    # The last fill (left-out meetings that still fit), while the blocks run and before the wait
    # for them: that wait may last until the closing, and a fill after it was cut short whenever
    # the blocks used all of that time (the IDEX size, seed 1: 64,893 or 64,922 by the timing).
    last_fill = started + limit - reserve - 0.35 * constructed
    fill(state, deadline=last_fill)
    if bound is None:
        # The LP, then the blocks, may use the time until the closing: after a search in two
        # processes (the IDEX size) that is when the blocks run, on both cores.
        bound = job.value(closes)
        generated = job.generated()
        if generated is not None and state.objective < bound:
            # Column generation converged above the schedule: CP-SAT on the blocks where the
            # schedule is worth less than the bound counts (gap.py; see docs/algorithms/scheduling.md,
            # "Algorithm", step 6).
            around = gap_neighbourhood(instance, generated, state.assign, GAP_NEIGHBOURHOOD)
            if around:
                before = state.snapshot()
                outcome = resolve(state, around, window=None, effort=GAP_WORK * limit,
                                  seconds=max(0.05, closes - time.monotonic()), seed=seed,
                                  enough=bound)
                if outcome.improved:
                    fill(state, deadline=last_fill)
                else:  # the same priority placed otherwise: the master's step below starts from the schedule it had
                    state.restore(before)
        if generated is not None and state.objective < bound and limit >= MASTER_LIMIT:
            # Its master's options as an exact model, where a schedule at the bound is most likely
            # to be (see docs/algorithms/scheduling.md, "Algorithm", step 5).
            resolve(state, free, window=None, effort=MASTER_WORK * limit,
                    seconds=max(0.05, closes - time.monotonic()), seed=seed,
                    allowed=_groups_of(instance, generated.support), enough=bound)
            fill(state, deadline=last_fill)
    job.stop(closes)
    return _finished(state, bound, started)


def _guided(instance: Instance, guide: LpGuide, demand: Demand, state):
    """The greedy guided by the LP's solution, or `state` where that is better."""
    guided = construct(instance, guide, demand)
    return guided if (guided.objective, guided.covered()) >= (state.objective, state.covered()) else state


def _groups_of(instance: Instance, options: set[tuple[int, int, int]]) -> set[tuple[int, int, int]]:
    """(meeting, start, location class) -> every (meeting, start, group) of that class."""
    classes, _capacity = class_of_group(instance)
    groups: dict[int, list[int]] = {}
    for group, cls in enumerate(classes):
        groups.setdefault(cls, []).append(group)
    return {(meeting, start, group) for meeting, start, cls in options for group in groups[cls]}


def _finished(state, bound: int, started: float):
    solution = finish(state, bound, 0.0)
    solution.solve_seconds = time.monotonic() - started  # everything, locations and reasons included
    return solution
