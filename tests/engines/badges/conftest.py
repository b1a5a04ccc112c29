import pytest

from pavilion.engines.badges import KeyRing, Revocations, issue_token
from tests.engines.badges.moments import CLOSES, DURING, OPENS


@pytest.fixture(scope="module")
def ring() -> KeyRing:
    return KeyRing.generate(7)


@pytest.fixture
def revocations() -> Revocations:
    return Revocations()


@pytest.fixture
def make_token(ring):
    """A token of event 7 signed with the ring's active key; any claim can be overridden."""

    def make(keyring=None, **claims):
        values = {"serial": 1001, "generation": 1, "zones": {0, 3, 5}, "not_before": OPENS, "not_after": CLOSES}
        values.update(claims)
        return issue_token(keyring or ring, **values)

    return make


@pytest.fixture
def check(ring, revocations):
    """verify() at event 7 in zone 3 during the show, unless told otherwise."""
    from pavilion.engines.badges import verify

    def run(text, *, keyring=None, event=7, now=DURING, zone=3, revoked=None):
        return verify(text, keyring or ring, event=event, now=now, zone=zone,
                      revocations=revoked if revoked is not None else revocations)

    return run
