"""Matchmaking recommendations and export-control decisions (plain Python, no Django).

The app's adapter loads the rows once, builds these dataclasses and calls:

- `load_rules(directory)` -> ExportControlRules (or build them in memory),
- `recommend(participants, catalogue, rules, on=date, top=10)` -> ranked exhibitors, products and
  people per participant, with reasons, scores in [0, 1] and the outcome a request would get,
- `check_request(requester, counterpart, products, rules, on=date)` -> Decision.

The model, scoring and rules are described in docs/algorithms/matching.md.
"""

from .compliance import check_request
from .model import (
    ALLOWED,
    BLOCKED,
    REVIEW,
    WARNING,
    AppliedRule,
    Catalogue,
    Decision,
    Exhibitor,
    InputError,
    Interests,
    Participant,
    ParticipantRecommendations,
    Product,
    Reasons,
    Recommendation,
)
from .recommend import recommend
from .rules import Embargo, ExportControlRules, MunitionsCategory, load_rules

__all__ = [
    "ALLOWED", "BLOCKED", "REVIEW", "WARNING", "AppliedRule", "Catalogue", "Decision", "Embargo", "Exhibitor",
    "ExportControlRules", "InputError", "Interests", "MunitionsCategory", "Participant",
    "ParticipantRecommendations", "Product", "Reasons", "Recommendation", "check_request", "load_rules",
    "recommend",
]
