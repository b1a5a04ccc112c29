"""The B2B meeting scheduling engine (specs/meeting-schedule.md). No Django here.

    problem = load_problem(data)              # InputError names the offending item
    solution = solve(problem, time_limit=10, seed=0)
    document = solution_to_json(solution)
    problems = validate(problem, document)    # [] when every rule of the spec holds
"""

from .dzn import dzn_to_problem_json
from .loading import load_problem, load_problem_file, solution_to_json
from .model import Assignment, InputError, Problem, Solution, Unscheduled
from .solver import solve
from .validation import validate

__all__ = [
    "Assignment", "InputError", "Problem", "Solution", "Unscheduled", "dzn_to_problem_json", "load_problem",
    "load_problem_file", "solution_to_json", "solve", "validate",
]
