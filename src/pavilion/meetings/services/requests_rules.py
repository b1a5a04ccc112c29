"""Writes of the organiser's settings of the B2B programme: who may request whom, quotas."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pavilion.core import roles
from pavilion.core.services import audit_record
from pavilion.meetings.models import MeetingSettings, RequestRule
from pavilion.meetings.selectors.profiles import PARTICIPANT_CATEGORIES
from pavilion.registrations.models import RegistrationCategory

Code = RegistrationCategory.Code
# Delegations may ask anyone; visitors and media ask exhibitors; exhibitor staff ask anyone.
DEFAULT_RULES = [
    *[(Code.DELEGATION_MEMBER, other) for other in PARTICIPANT_CATEGORIES if other != Code.DELEGATION_MEMBER],
    (Code.TRADE_VISITOR, Code.EXHIBITOR_STAFF),
    (Code.MEDIA, Code.EXHIBITOR_STAFF),
    *[(Code.EXHIBITOR_STAFF, other) for other in PARTICIPANT_CATEGORIES],
]


def meeting_settings(event) -> MeetingSettings:
    return MeetingSettings.objects.get_or_create(event=event)[0]


def _check_organiser(actor) -> None:
    if actor is not None and not roles.is_organiser(actor):
        raise PermissionDenied(_("Only the organiser sets the rules of meeting requests."))


def request_rules_set(*, actor, event, pairs) -> list[RequestRule]:
    """Replace the event's rules by these (requester category, counterpart category) pairs."""
    _check_organiser(actor)
    wanted = set()
    for requester, counterpart in pairs:
        if requester not in PARTICIPANT_CATEGORIES or counterpart not in PARTICIPANT_CATEGORIES:
            raise ValidationError(_("%(pair)s is not a pair of participant categories.")
                                  % {"pair": f"{requester} → {counterpart}"})
        wanted.add((str(requester), str(counterpart)))
    with transaction.atomic():
        existing = {(rule.requester_category, rule.counterpart_category): rule
                    for rule in RequestRule.objects.select_for_update().filter(event=event)}
        before = sorted(f"{a}>{b}" for a, b in existing)
        RequestRule.objects.filter(pk__in=[rule.pk for pair, rule in existing.items() if pair not in wanted]).delete()
        RequestRule.objects.bulk_create([RequestRule(event=event, requester_category=a, counterpart_category=b)
                                         for a, b in sorted(wanted - set(existing))])
        audit_record(actor=actor, action="meeting_rules.set", obj=event, before={"rules": before},
                     after={"rules": sorted(f"{a}>{b}" for a, b in wanted)})
    return list(RequestRule.objects.filter(event=event))


def request_rules_default(*, actor, event) -> list[RequestRule]:
    """Install the default rules when the event has none yet."""
    if RequestRule.objects.filter(event=event).exists():
        return list(RequestRule.objects.filter(event=event))
    return request_rules_set(actor=actor, event=event, pairs=DEFAULT_RULES)


def meeting_settings_update(*, actor, event, requests_open: bool, request_quota: int) -> MeetingSettings:
    _check_organiser(actor)
    if not 1 <= request_quota <= 500:
        raise ValidationError({"request_quota": _("The quota is between 1 and 500 requests.")})
    with transaction.atomic():
        settings = MeetingSettings.objects.select_for_update().get(pk=meeting_settings(event).pk)
        before = {"requests_open": settings.requests_open, "request_quota": settings.request_quota}
        settings.requests_open, settings.request_quota = requests_open, request_quota
        settings.save(update_fields=["requests_open", "request_quota"])
        audit_record(actor=actor, action="meeting_settings.update", obj=settings, before=before,
                     after={"requests_open": requests_open, "request_quota": request_quota})
    return settings
