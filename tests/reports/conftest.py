from tests.accreditation.support import badge_of, gates, scan  # noqa: F401
from tests.registrations.support import _registration_settings, commit, submit, un_list, world  # noqa: F401
from tests.reports.support import show_data  # noqa: F401
