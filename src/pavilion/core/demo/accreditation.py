"""Demo accreditation: the zones, gates and grants of the show, three contractors for the build-up
days and two VIPs, badges for every approved registration, enrolled gate scanners and the scans
of the build-up days and the first morning (entries and exits from 08:00, a revoked badge refused
at a hall gate, a passback alert in a hall and a passback denial at the VIP lounge), so that the
occupancy dashboard has people inside at the demo clock (2024-09-24 10:00 in Baku)."""

import datetime
import zoneinfo

from django.contrib.auth import get_user_model
from django.db.models import Max

from pavilion.accreditation import defaults, issuing, scanning, services
from pavilion.accreditation.models import Badge, Device, Gate, Grant, Scan
from pavilion.core.demo import EVENT_SLUG, Demo
from pavilion.events.models import Event
from pavilion.registrations import services as registration_services
from pavilion.registrations.models import Registration
from pavilion.vetting.screening import screen_batch

BAKU = zoneinfo.ZoneInfo("Asia/Baku")
# category, given name, family name, organisation (all invented)
PEOPLE = [("contractor", "Rövşən", "Məmmədli", "Expo Build LLC"), ("contractor", "Tural", "Həsənov", "Expo Build LLC"),
          ("contractor", "Sergey", "Volkov", "Stand Systems Ltd"), ("vip", "Fərid", "Quliyev", "Guest of honour"),
          ("vip", "Marta", "Kowalska", "Guest of honour")]
DEVICES = {"hall-1-a": "Hall 1 gate A scanner", "hall-1-b": "Hall 1 gate B scanner",
           "hall-2-a": "Hall 2 gate A scanner", "vip-lounge-a": "VIP lounge scanner",
           "build-up-areas-a": "Loading bay scanner"}


def create_badges(demo: Demo) -> None:
    event = Event.objects.filter(slug=EVENT_SLUG).first()
    organiser = get_user_model().objects.filter(username="organiser").first()
    if event is None:
        return
    created = defaults.set_up(actor=organiser, event=event)
    demo.count("zones", created["zones"])
    demo.count("gates", created["gates"])
    demo.count("grants", created["grants"])
    _press_briefing(demo, event, organiser)
    _people(demo, event, organiser)
    demo.count("badges", len(issuing.badges_issue_for_event(actor=organiser, event=event)))
    devices = _devices(demo, event, organiser)
    if devices and not Scan.objects.filter(event=event).exists():
        _scans(demo, event, organiser, devices)


def print_badges(demo: Demo) -> None:
    """By the first morning the cards were printed on the eve of the show and handed out at the
    accreditation desk to those who came (a granted scan); the last five approved wait in the print
    queue. A step after every other that issues badges (staff and delegations with the meetings, the
    programme's guests); done through the services, then dated as at the desk (the demo runs at the
    show's clock)."""
    event = Event.objects.filter(slug=EVENT_SLUG).first()
    organiser = get_user_model().objects.filter(username="organiser").first()
    if event is None:
        return
    waiting = list(Badge.objects.filter(event=event, status=Badge.Status.VALID, printed_at__isnull=True)
                   .order_by("serial").values_list("serial", flat=True))
    printed = waiting[:-5]
    if not printed:
        return
    demo.count("badges printed", issuing.badges_mark_printed(actor=organiser, event=event, serials=printed))
    Badge.objects.filter(event=event, serial__in=printed).update(printed_at=_at(23, 16, 0))
    came = Badge.objects.filter(event=event, serial__in=printed, scans__result="granted").distinct()
    for badge in came:
        issuing.badge_hand_out(actor=organiser, badge=badge)
        first = badge.scans.filter(result="granted").order_by("scanned_at").values_list("scanned_at", flat=True)[0]
        Badge.objects.filter(pk=badge.pk).update(handed_out_at=min(first, _at(24, 9, 0)) - datetime.timedelta(minutes=15))
    demo.count("badges handed out", len(came))


def _press_briefing(demo: Demo, event, organiser) -> None:
    """The organiser moves a window on the grants page: the press centre opens to media at 08:00 on
    the first day for the opening briefing (once: afterwards no 09:00 window is left to move)."""
    grant = Grant.objects.filter(category__event=event, category__code="media", zone__code="press-centre",
                                 opens_at=_at(24, 9, 0)).select_related("category", "zone").first()
    if grant is not None:
        services.grant_update(actor=organiser, grant=grant, zone=grant.zone, opens_at=_at(24, 8, 0),
                              closes_at=grant.closes_at)
        demo.count("grant windows moved", 1)


def _people(demo: Demo, event, organiser) -> None:
    """Contractors for the build-up days and two VIPs for the lounge, screened and approved."""
    categories = {category.code: category for category in event.registration_categories.all()}
    if Registration.objects.filter(event=event, category__code__in=["contractor", "vip"]).exists():
        return
    submitted = [registration_services.registration_submit(
        actor=organiser, category=categories[code], details={"organisation": organisation},
        person=registration_services.PersonData(
            given_name=given, family_name=family, nationality="PL" if family == "Kowalska" else "AZ",
            email=f"accreditation{number}@demo.pavilion.invalid", birth_date=datetime.date(1970 + number, 4, 12),
            document_type="passport", document_number=f"C{number:08d}", document_country="AZ"))
        for number, (code, given, family, organisation) in enumerate(PEOPLE)]
    screen_batch(Registration.objects.filter(pk__in=[r.pk for r in submitted]).select_related("person", "category"))
    for registration in Registration.objects.filter(pk__in=[r.pk for r in submitted], status="in-review"):
        registration_services.registration_approve(actor=organiser, registration=registration)
    demo.count("registrations", len(submitted))


def _devices(demo: Demo, event, organiser) -> dict:
    gates = {gate.code: gate for gate in Gate.objects.filter(event=event, code__in=DEVICES)}
    devices = {}
    for code, name in DEVICES.items():
        if code not in gates:
            continue
        device = Device.objects.filter(event=event, name=name).first()
        if device is None:
            device, _token = services.device_enrol(actor=organiser, gate=gates[code], name=name)
            demo.count("gate devices", 1)
        devices[code] = device
    return devices


def _at(day: int, hour: int, minute: int) -> datetime.datetime:
    return datetime.datetime(2024, 9, day, hour, minute, tzinfo=BAKU)


def _scan(devices, code, badge, direction, moment, nonce) -> None:
    device = devices.get(code)
    if device is None:
        return
    point = scanning.Checkpoint.load(device)
    scanning.scan_record(point=point, offline=True, scan=scanning.ScanInput(
        qr=badge.token, gate=code, direction=direction, scanned_at=moment, nonce=nonce))


def _scans(demo: Demo, event, organiser, devices) -> None:
    rng = demo.rng("accreditation-scans")
    badges = list(Badge.objects.filter(event=event, status="valid").select_related("registration__category")
                  .order_by("serial"))
    for badge in badges:
        code = badge.registration.category.code
        if code == "contractor":  # the build-up days: in at 07:30, out in the evening
            for day in (21, 22, 23):
                _scan(devices, "build-up-areas-a", badge, "in", _at(day, 7, rng.randint(5, 55)), f"demo-{badge.serial}-{day}-in")
                _scan(devices, "build-up-areas-a", badge, "out", _at(day, 19, rng.randint(0, 55)), f"demo-{badge.serial}-{day}-out")
            continue
        gate = rng.choice(["hall-1-a", "hall-1-b", "hall-2-a"])
        arrival = _at(24, 8 if code in ("exhibitor-staff", "organiser", "security") else 9, rng.randint(0, 55))
        _scan(devices, gate, badge, "in", arrival, f"demo-{badge.serial}-in")
        if rng.random() < 0.3:  # some have gone out again by 10:00
            _scan(devices, gate, badge, "out", arrival + datetime.timedelta(minutes=rng.randint(2, 4)),
                  f"demo-{badge.serial}-out")
        if code in ("delegation-member", "vip"):
            _scan(devices, "vip-lounge-a", badge, "in", _at(24, 9, 40), f"demo-{badge.serial}-vip")
    _incidents(demo, event, organiser, devices, badges)
    last_contact(devices.values())
    demo.count("scans", Scan.objects.filter(event=event).count())


def last_contact(devices) -> None:
    """A scanner that handed in scans reached the server then: its last contact is its latest scan's
    arrival, as the API notes it (services.device_seen) for a real one."""
    for device in devices:
        arrived = Scan.objects.filter(device=device).aggregate(last=Max("received_at"))["last"]
        if arrived is not None:
            services.device_seen(device=device, at=arrived)


def _incidents(demo: Demo, event, organiser, devices, badges) -> None:
    """A badge lent to someone else revoked and then refused; one revoked in error and replaced by a new
    serial; a badge passed back at a hall (allowed, alerted) and at the VIP lounge (refused)."""
    visitors = [badge for badge in badges if badge.registration.category.code == "trade-visitor"]
    delegates = [badge for badge in badges if badge.registration.category.code in ("delegation-member", "vip")]
    if len(visitors) >= 2:
        lent = issuing.badge_revoke(actor=organiser, badge=visitors[-1], reason="lent to another person")
        _scan(devices, "hall-1-a", lent, "in", _at(24, 9, 50), "demo-revoked")
    if len(visitors) >= 3:
        mistaken = issuing.badge_revoke(actor=organiser, badge=visitors[-2],
                                        reason="revoked in error: another visitor of the same name")
        issuing.badge_replace(actor=organiser, badge=mistaken, reason="revoked in error: the person may come in")
        _scan(devices, "hall-1-b", visitors[0], "in", _at(24, 9, 55), "demo-passback-hall")
    if delegates:
        _scan(devices, "vip-lounge-a", delegates[0], "in", _at(24, 9, 58), "demo-passback-vip")
