"""Reads of participants and their meeting profiles.

A participant is an approved registration of the event in a category that takes meetings. A user
acts for the participants that are theirs: their own registration, the staff registrations of the
exhibitors whose company they belong to, and the head of each delegation they are the liaison of.

A delegation's new requests go out in its head's name, but the liaison looks after the whole
delegation's requests and meetings. Members rarely have an account of their own, so the liaison sees
and answers the requests of every member of it, addressed to them or sent before (request_scope), sees
the agenda of every approved member and cancels its meetings as the member could (agenda_scope), and
the request and meeting e-mails for its members reach them (liaison_for). A member nobody answers for
(no account, no liaison) is offered to no one and takes no request (someone_answers).
"""

from django.db.models import Prefetch, Q, QuerySet

from pavilion.meetings.models import Availability, MeetingProfile, RequestRule
from pavilion.registrations.models import Registration, RegistrationCategory

Code = RegistrationCategory.Code
PEOPLE_SHOWN = 10
PARTICIPANT_CATEGORIES = (Code.EXHIBITOR_STAFF, Code.TRADE_VISITOR, Code.MEDIA, Code.DELEGATION_MEMBER)
# The engine's kinds of participant, by registration category.
ENGINE_KINDS = {
    Code.EXHIBITOR_STAFF: "exhibitor", Code.TRADE_VISITOR: "visitor", Code.MEDIA: "media",
    Code.DELEGATION_MEMBER: "delegation",
}


def participants(event) -> QuerySet:
    """Every participant of the event, with what a row or the engine needs."""
    return (
        Registration.objects.filter(event=event, status=Registration.Status.APPROVED,
                                    category__code__in=PARTICIPANT_CATEGORIES)
        .select_related("person", "category", "delegation", "exhibitor__company")
    )


def takes_new_meetings() -> Q:
    """The participants new requests may involve: all but the staff of an exhibitor the organiser has not
    approved (withdrawn from the show, or still waiting for approval). Such staff keep acting for what
    they already have (their requests, their agenda); only nothing new starts with them."""
    from pavilion.exhibitors.models import Exhibitor

    return (~Q(category__code=Code.EXHIBITOR_STAFF) | Q(exhibitor__isnull=True)
            | Q(exhibitor__status=Exhibitor.Status.APPROVED))


def held_back(category_code: str, exhibitor_status: str | None) -> bool:
    """takes_new_meetings for a row already read: whether a participant of this category, of an exhibitor
    of this status (None without one), is left out of anything new."""
    from pavilion.exhibitors.models import Exhibitor

    return (category_code == Code.EXHIBITOR_STAFF and exhibitor_status is not None
            and exhibitor_status != Exhibitor.Status.APPROVED)


def acting_scope(user) -> Q:
    """The participants a user acts for (see the module's docstring)."""
    scope = Q(person__user=user)
    scope |= Q(category__code=Code.EXHIBITOR_STAFF, exhibitor__company__members__user=user)
    scope |= Q(delegation__liaison=user, protocol_order=1)
    return scope


def request_scope(user) -> Q:
    """The participants whose requests a user sees and answers (accept, decline, propose another time;
    for their sent ones, take the other time proposed or cancel): those they act for (acting_scope), and
    every member of the delegations they are the liaison of. A member whose registration is no longer
    approved stays in it, so that the requests still open with them can be declined or cancelled (none
    can be accepted: services.requests). New requests go out only for acting_scope."""
    return acting_scope(user) | Q(delegation__liaison=user)


def agenda_scope(user) -> Q:
    """The participants whose agendas a user sees and whose meetings they cancel: those they act for
    (acting_scope), and every approved member of the delegations they are the liaison of."""
    return acting_scope(user) | Q(delegation__liaison=user, status=Registration.Status.APPROVED)


def someone_answers() -> Q:
    """The participants someone can answer requests for: all but a delegation member without an account
    of their own in a delegation without a liaison (or in none)."""
    return ~Q(category__code=Code.DELEGATION_MEMBER) | Q(person__user__isnull=False) \
        | Q(delegation__liaison__isnull=False)


def liaison_for(registration: Registration, *, on_requests: bool):
    """The delegation's liaison (a user) who looks after this participant, on a row already read (with
    its delegation's liaison): on the request pages (`on_requests`) for every member, as request_scope
    says; for the agenda and the meetings, for every approved member, as agenda_scope says. None for a
    participant of no delegation, or of one without a liaison."""
    if not registration.delegation_id or registration.delegation.liaison_id is None:
        return None
    if on_requests:
        return registration.delegation.liaison
    return registration.delegation.liaison if registration.status == Registration.Status.APPROVED else None


def answered_by_liaison(user, registration: Registration) -> bool:
    """Whether this user answers for this participant as their delegation's liaison, not as themself
    (on a row already read with its delegation): what the request pages say as "for <member> of
    <delegation>"."""
    return (bool(registration.delegation_id) and registration.delegation.liaison_id == getattr(user, "pk", None)
            and registration.person.user_id != user.pk)


def answers_only(user, registration: Registration) -> bool:
    """Whether this user answers this participant's requests without sending any in their name: a
    member of their delegation other than its head (acting_scope), on a row already read."""
    return answered_by_liaison(user, registration) and not registration.is_head_of_delegation


def delegation_agendas(user, registration: Registration) -> list[Registration]:
    """For the liaison of this participant's delegation: its approved members who take meetings, head
    first, whose agendas they may open (agenda_scope); an empty list for anyone else."""
    if not registration.delegation_id or registration.delegation.liaison_id != getattr(user, "pk", None):
        return []
    return list(participants(registration.event_id).filter(delegation_id=registration.delegation_id)
                .order_by("protocol_order", "person__family_name", "pk"))


def acting_participants(user, event) -> list[Registration]:
    if not getattr(user, "is_authenticated", False):
        return []
    queryset = participants(event).filter(acting_scope(user)).distinct()
    return list(queryset.order_by("category__order", "person__family_name", "pk"))


def request_participants(user, event) -> list[Registration]:
    """The participants whose requests this user sees and answers (request_scope), in one query: those
    they act for, then for a liaison the delegation's members in protocol order; the ones whose
    registration is no longer approved too (callers offer only the approved ones as a choice)."""
    if not getattr(user, "is_authenticated", False):
        return []
    queryset = (Registration.objects.filter(event=event, category__code__in=PARTICIPANT_CATEGORIES)
                .filter(request_scope(user)).distinct()
                .select_related("person", "category", "delegation", "exhibitor__company"))
    return list(queryset.order_by("category__order", "protocol_order", "person__family_name", "pk"))


def same_side(first: Registration, second: Registration) -> bool:
    """Whether two participants stand on the same side of a meeting: staff of one company (at any of
    its exhibitors) or members of one delegation. The same account acts for both, so a request
    between them would be answered by the one who sent it."""
    if first.delegation_id and first.delegation_id == second.delegation_id:
        return True
    return bool(first.exhibitor_id and second.exhibitor_id
                and first.exhibitor.company_id == second.exhibitor.company_id)


def other_sides(queryset: QuerySet, participant: Registration) -> QuerySet:
    """The queryset without the participant and the others on its side (see same_side)."""
    queryset = queryset.exclude(pk=participant.pk)
    if participant.delegation_id:
        queryset = queryset.exclude(delegation_id=participant.delegation_id)
    if participant.exhibitor_id:
        queryset = queryset.exclude(exhibitor__company_id=participant.exhibitor.company_id)
    return queryset


def can_request_meetings(user, event) -> bool:
    """Whether the meeting request pages let this user in: they act for a participant of the event.
    Pages that link to them ask this, so that nobody is shown a link that answers 403."""
    return bool(acting_participants(user, event))


def acting_participant(user, event, registration_id=None) -> Registration | None:
    """The participant chosen by `?as=` among the user's, else the first of them; None if none."""
    choices = acting_participants(user, event)
    if registration_id not in (None, ""):
        return next((item for item in choices if str(item.pk) == str(registration_id)), None)
    return choices[0] if choices else None


def profile_of(registration) -> MeetingProfile | None:
    return (
        MeetingProfile.objects.filter(registration=registration)
        .prefetch_related("offers_categories", "seeks_categories",
                          Prefetch("availability", queryset=Availability.objects.order_by("day", "start")))
        .first()
    )


def team_choices(registration) -> QuerySet:
    """Who may attend with this participant: members of the same delegation or colleagues of the
    same exhibitor, approved."""
    queryset = Registration.objects.filter(event_id=registration.event_id, status=Registration.Status.APPROVED) \
        .exclude(pk=registration.pk).select_related("person")
    if registration.delegation_id:
        return queryset.filter(delegation_id=registration.delegation_id).order_by("protocol_order", "pk")
    if registration.exhibitor_id and registration.category.code == Code.EXHIBITOR_STAFF:
        return queryset.filter(exhibitor_id=registration.exhibitor_id,
                               category__code=Code.EXHIBITOR_STAFF).order_by("person__family_name", "pk")
    return queryset.none()


def participant_country(registration) -> str:
    """The country a participant stands for: the delegation's, the exhibitor company's, else the
    person's nationality."""
    if registration.delegation_id:
        return registration.delegation.country.code
    if registration.exhibitor_id:
        return registration.exhibitor.company.country.code
    return registration.person.nationality.code


def listed_people(event) -> QuerySet:
    """Participants others may find: those whose profile is listed or who have none yet, who take new
    requests (see takes_new_meetings) and whom someone answers for (see someone_answers)."""
    return (participants(event).exclude(meeting_profile__is_listed=False).filter(takes_new_meetings())
            .filter(someone_answers()))


def exhibitor_contacts(event, exhibitor_ids) -> dict[int, Registration]:
    """The first listed staff participant of each exhibitor: whom a request "to the exhibitor" goes to."""
    contacts: dict[int, Registration] = {}
    staff = listed_people(event).filter(exhibitor_id__in=list(exhibitor_ids), category__code=Code.EXHIBITOR_STAFF)
    for registration in staff.order_by("exhibitor_id", "pk"):
        contacts.setdefault(registration.exhibitor_id, registration)
    return contacts


def recommendation_rows(*, participant, stored) -> dict:
    """The stored lists with their rows loaded in a few queries (never one per item): products,
    exhibitors, people, category names, the exhibitors' contacts and the open requests."""
    from pavilion.exhibitors.models import Exhibitor, Product, ProductCategory
    from pavilion.meetings.models import MeetingRequest

    data = stored.data if stored is not None else {"exhibitors": [], "products": [], "people": []}
    products = Product.objects.filter(pk__in=[item["id"] for item in data["products"]]) \
        .select_related("exhibitor__company", "category").in_bulk()
    exhibitors = Exhibitor.objects.filter(pk__in=[pk for item in data["exhibitors"]
                                                  for pk in [item["id"], *item.get("also", [])]]) \
        .select_related("company", "show").in_bulk()
    # Only the people this participant may request under the organiser's rules.
    allowed = RequestRule.objects.filter(event_id=participant.event_id, requester_category=participant.category.code) \
        .values("counterpart_category")
    people = participants(participant.event).filter(pk__in=[item["id"] for item in data["people"]],
                                                    category__code__in=allowed) \
        .filter(takes_new_meetings()).filter(someone_answers()).select_related("meeting_profile").in_bulk()
    slugs = {slug.split(" ")[0] for key in ("exhibitors", "products", "people") for item in data[key]
             for slug in item["reasons"]["categories"]}
    names = {category.slug: category.name for category in ProductCategory.objects.filter(slug__in=slugs)}
    contacts = exhibitor_contacts(participant.event, {*exhibitors, *(p.exhibitor_id for p in products.values())})
    open_with = set()
    for requester, counterpart in MeetingRequest.objects.filter(
            Q(requester=participant) | Q(counterpart=participant),
            status__in=["pending", "proposed", "accepted"]).values_list("requester", "counterpart"):
        open_with.add(counterpart if requester == participant.pk else requester)

    def rows(items, objects, contact_of):
        result = []
        for item in items:
            obj = objects.get(item["id"])
            if obj is None:
                continue  # withdrawn or unpublished since the lists were computed
            contact = contact_of(obj)
            # A company at several shows is one row naming each show (the exhibitors `also` lists).
            others = [objects[pk] for pk in item.get("also", []) if pk in objects]
            result.append({**item, "object": obj, "contact": contact, "others": others,
                           "requested": contact is not None and contact.pk in open_with,
                           "category_names": [_category_name(slug, names) for slug in item["reasons"]["categories"]]})
        return result

    return {
        "products": rows(data["products"], products, lambda product: contacts.get(product.exhibitor_id)),
        "exhibitors": rows(data["exhibitors"], exhibitors, lambda exhibitor: contacts.get(exhibitor.pk)),
        "people": rows(data["people"], people, lambda person: person)[:PEOPLE_SHOWN],
        "exhibitors_without_staff": data.get("exhibitors_without_staff", 0),
    }


def _category_name(reason: str, names: dict) -> dict:
    # The engine marks half credit as "slug (same family: parent)".
    slug, _space, rest = reason.partition(" ")
    return {"name": names.get(slug, slug), "same_family": bool(rest)}
