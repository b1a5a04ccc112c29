"""Demo meeting profiles and requests: the default request rules, staff of a few dozen exhibitors,
two more official delegations (Belarus, under the EU's full arms embargo, and Iraq, under the UN
and EU non-state embargoes, each with a liaison user who has no password), profiles with availability
for about sixty participants (the `visitor`, `exhibitor` and `liaison` accounts' among them), and
about two hundred requests sent through the service, so every export-control decision is the engine's:
one blocked (the Belarusian delegation asking about lethal products), the two embargoed delegations'
other requests to exhibitors waiting for compliance review (the reviewers' queue), warnings
(Azerbaijani participants and controlled products: the OSCE advisory embargo), and at least 150
accepted requests for the schedule step, and a few requests to the `exhibitor` account's company
left pending, for its inbox to answer, and one from its staff to a member of the `liaison`'s delegation
who is not the head, for the liaison to answer. A delegation asks in its head's name only. All people
are invented."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.test.utils import override_settings

from pavilion.accreditation import issuing
from pavilion.core import roles
from pavilion.core.demo import EVENT_SLUG, Demo
from pavilion.events.models import Event
from pavilion.exhibitors.models import CompanyMember, Exhibitor, Product
from pavilion.meetings.models import MeetingRequest
from pavilion.meetings.selectors.profiles import exhibitor_contacts, participants
from pavilion.meetings.services import profiles, recommendations, requests, requests_rules
from pavilion.registrations import services as registration_services
from pavilion.registrations.categories import ensure_categories
from pavilion.registrations.models import Registration
from pavilion.vetting.screening import screen_batch

# Requests are sent a week before the show and answered the next days (the embargoes are judged then).
SENT = "2024-09-16T10:00:00+04:00"
ANSWERED = "2024-09-18T15:00:00+04:00"
STAFF_EXHIBITORS = 40
INBOX_PENDING = 3  # requests to the `exhibitor` account's company nobody has answered yet
INBOX_MESSAGES = ["Could we see your systems at the stand and talk about a local partner?",
                  "We are looking for a supplier for a national tender next year.",
                  "Our readers would like to know more about your new products."]
GIVEN = ["Rəşad", "Günay", "Emre", "Zeynep", "Giorgi", "Nino", "Marco", "Anna", "Jean", "Claire", "Piotr", "Ewa",
         "Kenji", "Ayşe", "David", "Sara", "Omar", "Lena", "Tomás", "Ingrid"]
FAMILY = ["Kaya", "Demir", "Beridze", "Rossi", "Novak", "Dubois", "Martin", "Schmidt", "Kowalski", "Tanaka",
          "Yıldız", "Cohen", "Haddad", "Berg", "Silva", "Larsen", "Nasirli", "Qasımov", "Aliyev", "Huseynli"]
DELEGATIONS = [
    ("BY", "State Authority for Military Industry", [("Viktor", "Sidorenko", "Major General"),
                                                     ("Irina", "Kovalenko", "Colonel")]),
    ("IQ", "Ministry of Defence", [("Karim", "Al-Jabouri", "Lieutenant General"), ("Sami", "Hassan", "Colonel")]),
]
# Each delegation's liaison (an embassy's protocol officer): a user with no password of the demo's (not a
# demo account), so the delegations' requests still open have someone to answer and cancel them.
LIAISONS = {"BY": ("liaison-by", "Andrei", "Petrov"), "IQ": ("liaison-iq", "Hussein", "Al-Saadi")}
# The request the `exhibitor` account's staff sends to a member of the `liaison`'s delegation who is not its
# head, left pending: the liaison answers it for him ("For Selim Aydın of the delegation …").
MEMBER_ORDER = 2
MEMBER_MESSAGE = "Could we present our procurement offer to you at our stand?"
ABOUT = {
    "visitor": "Procurement of {things} for national agencies; interested in local production and training.",
    "media": "Reporting on {things} and the companies behind them for a defence magazine.",
    "delegation": "Official delegation looking at {things}, cooperation and technology transfer.",
    "exhibitor": "We make {things} and look for distributors, integrators and government buyers.",
}


def create_meeting_requests(demo: Demo) -> None:
    event = Event.objects.filter(slug=EVENT_SLUG).first()
    organiser = get_user_model().objects.filter(username="organiser").first()
    if event is None:
        return
    requests_rules.request_rules_default(actor=organiser, event=event)
    if MeetingRequest.objects.filter(event=event).exists():
        return  # profiles and requests are created together or not at all
    with override_settings(PAVILION_CLOCK=SENT):
        categories = ensure_categories(event)
        _approve_account_participants(event, organiser)
        _register(demo, event, categories, organiser)
        people = list(participants(event).order_by("pk"))
        with_profile = _profiles(demo, event, people)
        demo.count("meeting profiles", len(with_profile))
        # Only participants with a profile (and so with availability) send and receive requests.
        sent = _requests(demo, event, [p for p in people if p.pk in with_profile])
        unanswered = _inbox(event, [p for p in people if p.pk in with_profile], sent)
    with override_settings(PAVILION_CLOCK=ANSWERED):
        _answer(demo, [request for request in sent if request.pk not in unanswered])
    demo.count("meeting requests", len(sent))
    # The participants approved here get their badges as the accreditation step gave the others.
    demo.count("badges", len(issuing.badges_issue_for_event(actor=organiser, event=event)))


def _approve_account_participants(event, organiser) -> None:
    """The `liaison`'s delegation and the `exhibitor`'s staff wait in review after the vetting step:
    the organiser approves those without an open alert, so the accounts have participants."""
    waiting = Registration.objects.filter(event=event, status=Registration.Status.IN_REVIEW, is_held=False) \
        .filter(category__code__in=["delegation-member", "exhibitor-staff"])
    for registration in waiting.order_by("pk"):
        if not registration.alerts.open().exists():
            registration_services.registration_approve(actor=organiser, registration=registration)


def _person(demo: Demo, number: int, nationality: str, **overrides) -> registration_services.PersonData:
    rng = demo.rng(f"meetings-person-{number}")
    values = {"given_name": rng.choice(GIVEN), "family_name": rng.choice(FAMILY), "nationality": nationality,
              "email": f"meetings{number}@demo.pavilion.invalid", "language": rng.choice(["en", "az", "ru"]),
              "birth_date": datetime.date(rng.randint(1962, 1996), rng.randint(1, 12), rng.randint(1, 28)),
              "document_type": "passport", "document_number": f"M{number:08d}", "document_country": nationality}
    values.update(overrides)
    return registration_services.PersonData(**values)


def _register(demo: Demo, event, categories, organiser) -> None:
    """Staff for exhibitors with booked stands and two delegations, screened and approved."""
    submitted = []
    exhibitors = Exhibitor.objects.filter(show__event=event, stands__state="booked", products__isnull=False) \
        .exclude(staff_registrations__isnull=False).select_related("company").distinct().order_by("pk")
    for number, exhibitor in enumerate(exhibitors[: max(4, round(STAFF_EXHIBITORS * demo.scale))]):
        try:
            submitted.append(registration_services.registration_submit(
                actor=organiser, category=categories["exhibitor-staff"], exhibitor=exhibitor,
                person=_person(demo, 400 + number, exhibitor.company.country.code or "AZ"),
                details={"position": "Business development manager"}))
        except ValidationError:
            continue  # the exhibitor's staff quota is used up
    liaison_role = roles.ensure_roles()[roles.DELEGATION_LIAISON]
    for offset, (country, body, members) in enumerate(DELEGATIONS):
        username, given_name, family_name = LIAISONS[country]
        liaison = get_user_model().objects.create_user(
            username=username, email=f"{username}@demo.pavilion.invalid", first_name=given_name,
            last_name=family_name)  # no password given: an unusable one (not a demo account)
        liaison.groups.add(liaison_role)
        delegation = registration_services.delegation_create(actor=organiser, event=event, country=country,
                                                              sending_body=body, interpreter_languages="en, ru",
                                                              liaison=liaison)
        for order, (given, family, rank) in enumerate(members, start=1):
            submitted.append(registration_services.registration_submit(
                actor=organiser, category=categories["delegation-member"], delegation=delegation,
                person=_person(demo, 500 + offset * 10 + order, country, given_name=given, family_name=family),
                details={"rank": rank, "position": "Head of delegation" if order == 1 else "Adviser",
                         "protocol_order": order}))
        demo.count("delegations", 1)
    screen_batch(Registration.objects.filter(pk__in=[r.pk for r in submitted]).select_related("person", "category"))
    for registration in Registration.objects.filter(pk__in=[r.pk for r in submitted], status="in-review"):
        if not registration.alerts.open().exists():
            registration_services.registration_approve(actor=organiser, registration=registration)
    demo.count("registrations", len(submitted))


def _profiles(demo: Demo, event, people) -> set[int]:
    """A profile for each participant but every tenth visitor (so some have none); returns the
    registrations that have one."""
    from pavilion.exhibitors.models import ProductCategory

    rng = demo.rng("meeting-profiles")
    categories = list(ProductCategory.objects.select_related("parent").order_by("pk"))
    catalogue = {}
    for product in Product.objects.filter(exhibitor__staff_registrations__in=people).select_related("category") \
            .distinct().order_by("pk"):
        catalogue.setdefault(product.exhibitor_id, []).append(product)
    created = set()
    for index, registration in enumerate(people):
        kind = recommendations.ENGINE_KINDS[registration.category.code]
        if kind == "visitor" and index % 10 == 9:
            continue
        own = catalogue.get(registration.exhibitor_id, []) if kind == "exhibitor" else []
        offers = list({product.category_id: product.category for product in own}.values())[:4]
        seeks = rng.sample(categories, rng.randint(2, 4))
        things = ", ".join(category.name_en.lower() for category in (offers or seeks)[:3])
        start = rng.choice([datetime.time(9), datetime.time(10)])
        if index % 4 == 0:
            start = datetime.time(9)  # enough people free from 09:00 for the schedule's first morning
        days = [event.start_date + datetime.timedelta(days=d) for d in range((event.end_date - event.start_date).days + 1)]
        data = profiles.ProfileData(
            headline=registration.position or registration.organisation or "",
            about=ABOUT[kind].format(things=things), offers_categories=offers, seeks_categories=seeks,
            offers_controls=sorted({product.control for product in own})[:4],
            seeks_controls=rng.sample(["ML5", "ML6", "ML10", "ML11", "ML13", "5A002", "6A003", "none"],
                                      rng.randint(0, 2)),
            countries=rng.sample(["AZ", "TR", "IT", "FR", "DE", "GB", "IL", "PK", "KZ"], rng.randint(0, 2)),
            languages=rng.choice(["en", "en, ru", "az, en", "az, ru, en"]),
            availability=[(day, start, datetime.time(18)) for day in days if rng.random() < 0.9] or
            [(days[0], start, datetime.time(18))])
        profiles.profile_save(actor=None, registration=registration, data=data)
        created.add(registration.pk)
    return created


def _send(sent: list, **kwargs) -> MeetingRequest | None:
    try:
        request = requests.request_send(actor=None, **kwargs)
    except (ValidationError, PermissionDenied):
        return None  # a duplicate the other way round, or over quota: the demo moves on
    sent.append(request)
    return request


def _requests(demo: Demo, event, people) -> list[MeetingRequest]:
    """Each participant asks the exhibitors and people it is recommended (as the rules allow),
    then the compliance cases: a blocked request, one for review and a warning."""
    recommendations.recommendations_compute(event=event)
    stored = {row.registration_id: row.data for row in recommendations.RecommendationSet.objects.filter(event=event)}
    by_pk = {registration.pk: registration for registration in people}
    contacts = exhibitor_contacts(event, {item["id"] for data in stored.values() for item in data["exhibitors"]})
    sent: list[MeetingRequest] = []
    for registration in people:
        if registration.delegation_id and registration.protocol_order != 1:
            continue  # a delegation's requests go out in its head's name only (selectors.profiles.acting_scope)
        data = stored.get(registration.pk, {})
        people_targets = [by_pk.get(item["id"]) for item in data.get("people", [])]
        if registration.category.code == "exhibitor-staff":
            targets = people_targets[:2]
        else:
            # Visitors, media and delegations ask exhibitors: the recommended ones that have staff
            # here, then the exhibitor staff among the recommended people.
            targets = [contacts.get(item["id"]) for item in data.get("exhibitors", [])]
            targets += [p for p in people_targets if p is not None and p.category.code == "exhibitor-staff"]
            targets = list(dict.fromkeys(t for t in targets if t is not None and t.pk in by_pk))[:5]
        for priority, counterpart in enumerate(targets):
            if counterpart is not None and counterpart.pk != registration.pk:
                _send(sent, requester=registration, counterpart=counterpart, priority=(5, 3, 2, 2, 1)[priority],
                      message="We would like to meet at the show.")
    _compliance_cases(event, people, sent)
    return sent


def _compliance_cases(event, people, sent) -> None:
    heads = {r.delegation.country.code: r for r in people if r.delegation_id and r.protocol_order == 1}
    staff = [r for r in people if r.category.code == "exhibitor-staff"]
    lethal = Product.objects.filter(exhibitor__in=[r.exhibitor_id for r in staff], is_published=True,
                                    control__in=["ML1", "ML2", "ML3", "ML4"]).order_by("pk").first()
    controlled = Product.objects.filter(exhibitor__in=[r.exhibitor_id for r in staff], is_published=True,
                                        control__startswith="ML").exclude(pk=getattr(lethal, "pk", None)) \
        .order_by("pk").first()
    seller = {r.exhibitor_id: r for r in staff}
    if "BY" in heads and lethal is not None:
        _send(sent, requester=heads["BY"], counterpart=seller[lethal.exhibitor_id], products=[lethal], priority=5,
              message="Procurement of the system for our armed forces.")
    if "IQ" in heads and controlled is not None:
        _send(sent, requester=heads["IQ"], counterpart=seller[controlled.exhibitor_id], products=[controlled],
              priority=3, message="Interested in this equipment for the Ministry of Defence.")
    visitor = next((r for r in people if r.person.user and r.person.user.username == "visitor"), None)
    if visitor is not None and controlled is not None:
        _send(sent, requester=visitor, counterpart=seller[controlled.exhibitor_id], products=[controlled],
              priority=3, message="Can we see the specifications of this system?")


def _inbox(event, people, sent) -> set[int]:
    """Requests to the `exhibitor` account's company from visitors and media who have not asked it
    yet, left pending (so not in the schedule): its inbox has something to accept, decline or answer
    with another time. Returns them."""
    companies = set(CompanyMember.objects.filter(user__username="exhibitor").values_list("company_id", flat=True))
    staff = [r for r in people if r.category.code == "exhibitor-staff" and r.exhibitor.company_id in companies]
    if not staff:
        return set()
    asked = {request.requester_id for request in sent if request.counterpart_id in {r.pk for r in staff}}
    requesters = [r for r in people if r.category.code in ("trade-visitor", "media") and r.pk not in asked
                  and not (r.person.user and r.person.user.username == "visitor")]
    left: set[int] = set()
    for requester in requesters:
        if len(left) == INBOX_PENDING:
            break
        number = len(left)
        request = _send(sent, requester=requester, counterpart=staff[number % len(staff)], priority=3,
                        message=INBOX_MESSAGES[number % len(INBOX_MESSAGES)])
        if request is not None and request.status == MeetingRequest.Status.PENDING \
                and request.review != MeetingRequest.Review.WAITING:
            left.add(request.pk)
    member = _to_member(people, staff, sent)
    if member is not None:
        left.add(member.pk)
    return left


def _to_member(people, staff, sent) -> MeetingRequest | None:
    """A request from the `exhibitor` account's staff to the member of the `liaison`'s delegation after its
    head (Selim Aydın), left pending: the liaison answers the requests of every member, though only the head
    sends them. Returns it (or the one the staff had sent him already)."""
    member = next((r for r in people if r.delegation_id and r.protocol_order == MEMBER_ORDER
                   and r.delegation.liaison and r.delegation.liaison.username == "liaison"), None)
    if member is None:
        return None
    ours = {r.pk for r in staff}
    earlier = next((request for request in sent if request.counterpart_id == member.pk
                    and request.requester_id in ours), None)
    request = earlier or _send(sent, requester=staff[0], counterpart=member, priority=3, message=MEMBER_MESSAGE)
    if request is None or request.status != MeetingRequest.Status.PENDING \
            or request.review == MeetingRequest.Review.WAITING:
        return None
    return request


def _answer(demo: Demo, sent) -> None:
    """About four in five requests accepted; the rest declined, answered with another time,
    cancelled, or left pending."""
    rng = demo.rng("meeting-answers")
    for request in sent:
        if request.status != MeetingRequest.Status.PENDING or request.review == MeetingRequest.Review.WAITING:
            continue
        draw = rng.random()
        if draw < 0.86:
            requests.request_accept(actor=None, request=request)
        elif draw < 0.9:
            requests.request_decline(actor=None, request=request, message="Our team is fully booked, sorry.")
        elif draw < 0.93:
            requests.request_propose(actor=None, request=request, message="Could we meet on the last day at 11:00?")
        elif draw < 0.96:
            requests.request_cancel(actor=None, request=request)
