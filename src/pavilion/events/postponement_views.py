"""The organiser's page that postpones (or brings forward) a whole event: a number of days, a preview
of what would move, counted, then the move (events.postponement). Only the organiser's administrators
see it: the preview counts what a change of the event would touch."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from pavilion.core import roles
from pavilion.core.forms import apply_errors
from pavilion.core.models import AuditEntry
from pavilion.events import postponement
from pavilion.events.models import Event
from pavilion.events.organiser_views import organiser_required


class PostponementForm(forms.Form):
    days = forms.CharField(label=gettext_lazy("Days to move the event by"), max_length=8,
                           help_text=gettext_lazy("A whole number: 7 postpones the event by a week, -7 brings it "
                                                  "forward by a week."))
    reprint_badges = forms.BooleanField(
        required=False, label=gettext_lazy("Re-sign the issued badges with the new windows"),
        help_text=gettext_lazy("Each valid badge gets a new generation: its old card is refused at the gates "
                               "(offline scanners from their next sync) and a new card is printed."))

    def clean_days(self) -> int:
        try:
            return postponement.parse_days(self.cleaned_data["days"])
        except ValidationError as error:
            raise forms.ValidationError(error.message_dict["days"]) from None


def _done(event: Event, entry_id: str | None) -> dict | None:
    """The postponement's audit entry, shown after the move: its days, the badges it superseded and, as
    they are now, how many of the event's badges are still to be re-signed (the task's progress) and how
    many cards to print."""
    from pavilion.accreditation import reprint_tasks
    from pavilion.accreditation.models import Badge
    from pavilion.accreditation.selectors import PRINT_STATES

    if not (entry_id or "").isdigit() or len(entry_id) > 18:
        return None
    entry = AuditEntry.objects.filter(pk=int(entry_id), action="event.postpone", object_type="events.event",
                                      object_id=str(event.pk)).first()
    if entry is None:
        return None
    # An entry of before the re-signing was a task lists the serials it reprinted at once.
    resigned = entry.after.get("resigned", len(entry.after.get("reprinted", [])))
    done = {"days": entry.after["days"], "resigned": resigned, "at": entry.at}
    if resigned:
        done["to_sign"] = reprint_tasks.unsigned(event).count()
        done["to_print"] = Badge.objects.filter(PRINT_STATES["to_print"], event=event).exclude(
            key_id=reprint_tasks.UNSIGNED).count()
    return done


@organiser_required
def event_postpone(request, event: str):
    """GET: the form, and with ?days=N the preview of the move; POST: the move, then this page again
    with what was done and the badges to print again."""
    if not roles.has_role(request.user, roles.ORGANISER_ADMIN):
        raise PermissionDenied(_("Only the organiser's administrators may change events."))
    event_obj = get_object_or_404(Event.objects.select_related("venue", "organiser"), slug=event)
    data = request.POST if request.method == "POST" else (request.GET if "days" in request.GET else None)
    form = PostponementForm(data)
    plan = None
    if data is not None and form.is_valid():
        try:
            if request.method == "POST":
                done = postponement.event_postpone(actor=request.user, event=event_obj,
                                                   days=form.cleaned_data["days"],
                                                   reprint_badges=form.cleaned_data["reprint_badges"])
                return _after_move(request, event_obj, done)
            plan = postponement.postponement_plan(event_obj, form.cleaned_data["days"])
            postponement.postponement_refusals(event_obj, plan, reprint_badges=True)  # the box is ticked below
        except ValidationError as error:
            apply_errors(form, error)
            # A refusal on the box alone: the preview again, with the box to tick. A refusal naming no field
            # (one badge's re-signing refused halfway, the whole move undone) shows above the form.
            if hasattr(error, "error_dict") and set(error.message_dict) == {"reprint_badges"}:
                plan = postponement.postponement_plan(event_obj, form.cleaned_data["days"])
            else:
                plan = None
    return render(request, "events/organiser/postpone.html", {
        "event": event_obj, "form": form, "plan": plan,
        "done": _done(event_obj, request.GET.get("done")) if data is None else None,
    }, status=400 if data is not None and not form.is_valid() else 200)


def _after_move(request, event_obj: Event, done: postponement.Postponement):
    plan = done.plan
    text = ngettext("Moved %(event)s by %(days)d day: it now runs from %(start)s to %(end)s.",
                    "Moved %(event)s by %(days)d days: it now runs from %(start)s to %(end)s.", abs(plan.days))
    messages.success(request, text % {"event": event_obj.name, "days": plan.days, "start": plan.start_date.isoformat(),
                                      "end": plan.end_date.isoformat()})
    if done.resigned:
        messages.warning(request, ngettext(
            "%(count)d badge is being re-signed with the new windows: its old card is refused at the gates from now "
            "on. Print its new card once it is signed (counted below) and hand it out.",
            "%(count)d badges are being re-signed with the new windows: their old cards are refused at the gates "
            "from now on. Print the new cards once they are signed (counted below) and hand them out.",
            done.resigned) % {"count": done.resigned})
    return redirect(reverse("events:organiser_event_postpone", args=[event_obj.slug]) + f"?done={done.entry.pk}")
