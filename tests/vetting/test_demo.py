"""The demo's vetting step: registrations in every state, a delegation, the UN list, waiting alerts."""

from pavilion.core import demo
from pavilion.registrations.models import Delegation, Registration
from pavilion.vetting.models import Alert, WatchListVersion


def test_the_demo_leaves_work_for_the_officers_and_runs_twice_without_change(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        demo.run(demo.Demo(scale=0.05))
    assert set(Registration.objects.values_list("status", flat=True)) == set(Registration.Status.values)
    version = WatchListVersion.objects.get()
    assert (version.number, version.watch_list.slug) == (1, "un-consolidated-list") and version.entry_count > 900
    delegation = Delegation.objects.get(country="TR")  # the meetings step adds two more (BY, IQ)
    assert delegation.members.count() == 5 and delegation.programme.exists()
    assert Alert.objects.filter(status="open", band="hold").exists()
    waiting = Alert.objects.get(status="awaiting")
    assert waiting.registration.delegation == delegation and waiting.decisions.get().officer.username == "security"
    assert Registration.objects.get(person__user__username="visitor").category.code == "trade-visitor"
    count = Registration.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        created = demo.run(demo.Demo(scale=0.05))
    assert Registration.objects.count() == count and not created
