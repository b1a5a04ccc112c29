from tests.deals.support import _deal_settings, every_state, world  # noqa: F401
