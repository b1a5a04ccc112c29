"""Who may send a meeting request to whom, checked before one is written (meetings.services.requests):
the participants, the sides, the organiser's rules, the exhibitors' state, the request's details and
the requests already open. Every refusal is a ValidationError (PermissionDenied for acting for someone
else) with a clear message; the request form asks the same questions before it lists a counterpart."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from pavilion.core.i18n import localized
from pavilion.exhibitors.models import Product
from pavilion.meetings.models import MeetingRequest, RequestRule
from pavilion.meetings.selectors.profiles import (
    PARTICIPANT_CATEGORIES,
    acting_scope,
    held_back,
    request_scope,
    same_side,
    team_choices,
)
from pavilion.meetings.selectors.requests import reached_counterpart
from pavilion.registrations.models import Registration, RegistrationCategory

Code = RegistrationCategory.Code
Status = MeetingRequest.Status
OPEN = (Status.PENDING, Status.PROPOSED, Status.ACCEPTED)
PRIORITIES = (1, 2, 3, 5)
MAX_LENGTH = 4
MAX_MESSAGE = 2000


def acts_for(user, registration: Registration, *, sending: bool = False) -> bool:
    """Whether this user may act for this participant on a request: send one in their name (`sending`,
    selectors.profiles.acting_scope: a delegation's go out in its head's name), or answer, take or cancel
    one of theirs (request_scope: a delegation's liaison does it for every member)."""
    if not getattr(user, "is_authenticated", False):
        return False
    scope = acting_scope(user) if sending else request_scope(user)
    return Registration.objects.filter(pk=registration.pk).filter(scope).exists()


def require_acting(actor, registration: Registration, *, sending: bool = False) -> None:
    # actor None: a system action (the demo, a command); pages and the API always pass the user.
    if actor is not None and not acts_for(actor, registration, sending=sending):
        raise PermissionDenied(_("You do not act for this participant."))


def answer_refusal(registration: Registration) -> str:
    """Why nobody can take a request addressed to this participant ("" when someone can): a delegation
    member without an account of their own, of a delegation without a liaison to answer for them
    (selectors.profiles.someone_answers)."""
    if (registration.category.code != Code.DELEGATION_MEMBER or registration.person.user_id is not None
            or (registration.delegation_id and registration.delegation.liaison_id is not None)):
        return ""
    if registration.delegation_id:
        return _("%(name)s of the delegation %(delegation)s cannot take meeting requests yet: the delegation "
                 "has no liaison officer to answer them. Ask the organiser.") % {
            "name": registration.person.full_name, "delegation": registration.delegation}
    return _("%(name)s cannot take meeting requests yet: nobody answers them for this delegation member. Ask "
             "the organiser.") % {"name": registration.person.full_name}


def check_answered(registration: Registration) -> None:
    refusal = answer_refusal(registration)
    if refusal:
        raise ValidationError({"counterpart": refusal})


def check_participant(registration: Registration, event, *, who: str) -> None:
    if (registration is None or registration.event_id != event.pk
            or registration.status != Registration.Status.APPROVED
            or registration.category.code not in PARTICIPANT_CATEGORIES):
        if who == "counterpart":
            raise ValidationError({"counterpart": _("This person is not registered as a participant of the event "
                                                    "(only approved registrations take meetings).")})
        raise ValidationError({"requester": _("Only a participant with an approved registration sends requests.")})


def exhibitor_refusal(registration: Registration, *, who: str) -> str:
    """Why this participant takes part in no new request ("" when they do): they are staff of an
    exhibitor the organiser withdrew from the show or has not approved yet (selectors.profiles.
    takes_new_meetings). `who` is "requester" or "counterpart". What they have already stays."""
    from pavilion.exhibitors.models import Exhibitor

    exhibitor = registration.exhibitor if registration.exhibitor_id else None
    if not held_back(registration.category.code, exhibitor.status if exhibitor is not None else None):
        return ""
    values = {"company": exhibitor.company.name, "show": exhibitor.show.name}
    withdrawn = exhibitor.status == Exhibitor.Status.WITHDRAWN
    if who == "requester":
        if withdrawn:
            return _("%(company)s is withdrawn from %(show)s: its staff send no new meeting requests. The "
                     "requests and meetings already made stay as they are.") % values
        return _("%(company)s is not yet an approved exhibitor of %(show)s: its staff send meeting requests "
                 "once the organiser approves it.") % values
    if withdrawn:
        return _("%(company)s is withdrawn from %(show)s: its staff take no new meeting requests.") % values
    return _("%(company)s is not yet an approved exhibitor of %(show)s: its staff take meeting requests once "
             "the organiser approves it.") % values


def check_exhibitor(registration: Registration, *, who: str) -> None:
    refusal = exhibitor_refusal(registration, who=who)
    if refusal:
        raise ValidationError({who: refusal})


def own_company_refusal() -> str:
    """Why a request to a colleague is refused: said here, and by the request form before it lists them."""
    return _("You cannot request a meeting with a colleague of your own company.")


def check_sides(requester: Registration, counterpart: Registration) -> None:
    if requester.pk == counterpart.pk:
        raise ValidationError({"counterpart": _("You cannot request a meeting with yourself.")})
    if requester.delegation_id and requester.delegation_id == counterpart.delegation_id:
        raise ValidationError({"counterpart": _("You cannot request a meeting with a member of your own "
                                                "delegation.")})
    if same_side(requester, counterpart):  # after the delegation, so that the two refusals are worded apart
        raise ValidationError({"counterpart": own_company_refusal()})


def check_rule(requester: Registration, counterpart: Registration) -> None:
    allowed = RequestRule.objects.filter(event_id=requester.event_id, requester_category=requester.category.code,
                                         counterpart_category=counterpart.category.code).exists()
    if not allowed:
        raise ValidationError({"counterpart": _(
            "Under the organiser's rules, participants registered as “%(requester)s” cannot request meetings "
            "with participants registered as “%(counterpart)s”.")
            % {"requester": localized(requester.category, "name"),
               "counterpart": localized(counterpart.category, "name")}})


def check_pair(requester: Registration, counterpart: Registration) -> None:
    """Refuse (ValidationError on `counterpart`) a request to oneself, to one's own side (a colleague
    of the same company, a member of the same delegation) or between categories the organiser's
    rules keep apart, to a delegation member nobody answers for (answer_refusal), or with the staff of an
    exhibitor withdrawn or not yet approved (then on `requester` or `counterpart`); the request form asks
    it before it is shown."""
    check_exhibitor(requester, who="requester")
    check_exhibitor(counterpart, who="counterpart")
    check_answered(counterpart)
    check_sides(requester, counterpart)
    check_rule(requester, counterpart)


def check_details(*, requester, counterpart, message, priority, length, products, team) -> tuple[list, list]:
    if priority not in PRIORITIES:
        raise ValidationError({"priority": _("Priority is 1 (low), 2 (normal), 3 (high) or 5 (essential).")})
    if not 1 <= length <= MAX_LENGTH:
        raise ValidationError({"length": _("A meeting lasts 1 to %(max)d consecutive slots.") % {"max": MAX_LENGTH}})
    if len(message) > MAX_MESSAGE:
        raise ValidationError({"message": _("The message is longer than %(max)d characters.") % {"max": MAX_MESSAGE}})
    product_ids = {getattr(product, "pk", product) for product in products}
    exhibitors = {r.exhibitor_id for r in (requester, counterpart) if r.exhibitor_id}
    found = list(Product.objects.filter(pk__in=product_ids, exhibitor_id__in=exhibitors, is_published=True)
                 .select_related("category"))
    if len(found) != len(product_ids):
        raise ValidationError({"products": _("Choose products of the exhibitor you are meeting.")})
    team_ids = {getattr(member, "pk", member) for member in team}
    members = list(team_choices(requester).filter(pk__in=team_ids))
    if len(members) != len(team_ids):
        raise ValidationError({"team": _("The team are members of your own delegation or colleagues of your "
                                         "own exhibitor, with approved registrations.")})
    return found, members


def lock_pair(requester: Registration, counterpart: Registration) -> None:
    # One order for every pair (lower id first), so two crossing requests cannot deadlock.
    ids = sorted([requester.pk, counterpart.pk])
    list(Registration.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))


def check_open(requester: Registration, counterpart: Registration, quota: int) -> None:
    pair = Q(requester=requester, counterpart=counterpart) | Q(requester=counterpart, counterpart=requester)
    # The counterpart's own request, still in compliance review, is one the requester cannot see: it is
    # not for them to answer or cancel.
    if MeetingRequest.objects.filter(requester=counterpart, counterpart=requester, status__in=OPEN).exclude(
            reached_counterpart()).exists():
        raise ValidationError({"counterpart": _(
            "This participant has already asked to meet you; their request is being checked and will reach you "
            "if it is cleared.")})
    if MeetingRequest.objects.filter(pair, status__in=OPEN).exists():
        raise ValidationError({"counterpart": _("There is already an open request between you and this "
                                                "participant: answer or cancel it first.")})
    open_requests = MeetingRequest.objects.filter(requester=requester, status__in=OPEN).count()
    if open_requests >= quota:
        raise ValidationError(_("You have reached the quota of %(quota)d pending or accepted requests: cancel one "
                                "or wait for answers.") % {"quota": quota})
