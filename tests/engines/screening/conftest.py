import pytest

from pavilion.engines.screening import build_index, read_watchlist
from tests.engines.screening.screening_data import UN_LIST


@pytest.fixture(scope="session")
def un_watchlist():
    return read_watchlist(UN_LIST)


@pytest.fixture(scope="session")
def un_index(un_watchlist):
    return build_index(un_watchlist.entries)
