import pytest

from tests.engines.matching.sample import rules_data, sample_catalogue


@pytest.fixture(scope="session")
def rules():
    return rules_data()


@pytest.fixture(scope="session")
def catalogue():
    return sample_catalogue()
