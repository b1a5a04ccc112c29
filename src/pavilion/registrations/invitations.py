"""A guest's invitation code, read when the guest's form opens (`?code=` of the link the exhibitor sent):
a code that will be refused says so at once, not after the whole form is filled in; a good one names the
exhibitor who invites. The registration itself uses the code under a lock (services._use_invitation),
with the same messages: a code used up meanwhile is still refused there."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from pavilion.exhibitors.models import Exhibitor
from pavilion.registrations.models import InvitationCode


@dataclass
class InvitationCheck:
    invitation: InvitationCode | None
    refusal: str  # "" when the code may be used

    @property
    def company(self) -> str:
        return self.invitation.exhibitor.company.name if self.invitation and not self.refusal else ""


def invitation_check(event, code: str) -> InvitationCheck:
    invitation = (
        InvitationCode.objects.select_related("exhibitor__company")
        .filter(code=(code or "").strip().upper(), exhibitor__show__event=event)
        .first()
    )
    if invitation is None:
        return InvitationCheck(None, _("This invitation code is not valid for this event."))
    if invitation.exhibitor.status == Exhibitor.Status.WITHDRAWN:
        return InvitationCheck(invitation, _("This invitation code is no longer valid."))
    if invitation.used >= invitation.quota:
        return InvitationCheck(invitation, _("This invitation code has been used up."))
    return InvitationCheck(invitation, "")
