from tests.accreditation.support import badge_of, gates, russian, scan  # noqa: F401
from tests.registrations.support import _registration_settings, commit, submit, un_list, world  # noqa: F401
