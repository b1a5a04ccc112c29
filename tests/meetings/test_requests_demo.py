"""The demo's meeting step: profiles with availability for the demo accounts' participants, and
requests in every state with the export-control decisions the README's tour shows."""

from collections import Counter

import pytest
from django.core.management import call_command

from pavilion.meetings.models import MeetingProfile, MeetingRequest

pytestmark = pytest.mark.django_db


def test_the_demo_has_profiles_and_requests_in_every_state():
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    profiles = MeetingProfile.objects.filter(availability__isnull=False).distinct()
    assert profiles.count() >= 60
    owners = set(profiles.values_list("registration__person__user__username", flat=True))
    assert "visitor" in owners
    assert profiles.filter(registration__exhibitor__company__members__user__username="exhibitor").exists()
    assert profiles.filter(registration__delegation__liaison__username="liaison",
                           registration__protocol_order=1).exists()
    requests = MeetingRequest.objects.all()
    statuses = Counter(requests.values_list("status", flat=True))
    assert set(statuses) == set(MeetingRequest.Status.values)
    assert 180 <= requests.count() <= 360 and statuses["accepted"] >= 150
    blocked = requests.get(status="blocked")
    assert blocked.requester.delegation.country.code == "BY" and "EU full arms embargo on BY" in \
        blocked.compliance_message
    assert requests.filter(review="waiting", requester__delegation__country="IQ").exists()
    assert requests.filter(compliance="warning", requester__person__user__username="visitor").exists()
    accepted = requests.filter(status="accepted")
    assert not accepted.filter(requester__meeting_profile__availability__isnull=True).exists()
