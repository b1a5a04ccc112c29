"""HiGHS solver objects, made alike throughout the engine."""

from __future__ import annotations

import highspy


def quiet_solver() -> highspy.Highs:
    """A HiGHS solver that prints nothing and solves on one thread. Every solver of the engine
    asks for one thread: HiGHS keeps one thread scheduler per process, made by the first solve, and
    a solver that asks for another number of threads than it has fails to run."""
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("threads", 1)
    return highs
