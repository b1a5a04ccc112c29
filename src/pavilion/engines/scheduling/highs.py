"""HiGHS solver objects, made alike throughout the engine."""

from __future__ import annotations

import highspy
import numpy as np


def quiet_solver() -> highspy.Highs:
    """A HiGHS solver that prints nothing and solves on one thread. Every solver of the engine
    asks for one thread: HiGHS keeps one thread scheduler per process, made by the first solve, and
    a solver that asks for another number of threads than it has fails to run."""
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("threads", 1)
    return highs


def packing_lp(cost, lower, upper, row_upper, starts, indices, values, *, by_rows: bool = False) -> highspy.HighsLp:
    """The LP "maximise cost . x, lower <= x <= upper, A x <= row_upper" (every model of the engine
    has this form), A given column by column (or row by row with `by_rows`) as starts, indices and
    values."""
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = len(cost), len(row_upper)
    lp.col_cost_ = np.asarray(cost, dtype=float)
    lp.col_lower_ = np.asarray(lower, dtype=float)
    lp.col_upper_ = np.asarray(upper, dtype=float)
    lp.row_lower_ = np.full(len(row_upper), -highspy.kHighsInf)
    lp.row_upper_ = np.asarray(row_upper, dtype=float)
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise if by_rows else highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.asarray(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.asarray(indices, dtype=np.int32)
    lp.a_matrix_.value_ = np.asarray(values, dtype=float)
    return lp
