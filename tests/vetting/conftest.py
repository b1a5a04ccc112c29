from tests.registrations.support import _registration_settings, commit, submit, un_list, world  # noqa: F401
