"""Screening registrants against sanctions and watch lists, across scripts and spellings.

The app (registration vetting) uses this API; `pavilion screen` wraps it for the command line:

    watchlist = read_watchlist("un-consolidated.xml")      # plain WatchlistEntry values
    index = build_index(watchlist.entries)                  # once per list version; picklable
    matches = screen(Subject(id="r-1", name="Hüseynov Əli"), index)   # best first
    per_subject = screen_many(subjects, index)              # a batch, in parallel when large
    band(matches[0].score)                                  # "hold", "review" or "clear"
"""

from pavilion.engines.screening.batch import screen_many
from pavilion.engines.screening.fields import FieldError, country_code, parse_birth_date
from pavilion.engines.screening.index import ScreeningIndex, build_index
from pavilion.engines.screening.matcher import compare, name_score, screen
from pavilion.engines.screening.model import (
    BAND_CLEAR,
    BAND_HOLD,
    BAND_REVIEW,
    DEFAULT_THRESHOLD,
    HOLD_THRESHOLD,
    BirthDate,
    Match,
    Subject,
    WatchlistEntry,
    band,
)
from pavilion.engines.screening.sources import InputError
from pavilion.engines.screening.subjects import Problem, read_subjects
from pavilion.engines.screening.watchlists import Watchlist, read_watchlist

__all__ = [
    "BAND_CLEAR", "BAND_HOLD", "BAND_REVIEW", "DEFAULT_THRESHOLD", "HOLD_THRESHOLD", "BirthDate",
    "FieldError", "InputError", "Match", "Problem", "ScreeningIndex", "Subject", "Watchlist",
    "WatchlistEntry", "band", "build_index", "compare", "country_code", "name_score",
    "parse_birth_date", "read_subjects", "read_watchlist", "screen", "screen_many",
]
