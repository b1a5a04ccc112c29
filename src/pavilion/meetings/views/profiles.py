"""The participant's meeting profile and recommendations pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from pavilion.core.forms import apply_errors
from pavilion.events.models import Event
from pavilion.meetings.forms.profiles import ProfileForm, initial_from
from pavilion.meetings.selectors import profiles as selectors
from pavilion.meetings.services import profiles as services
from pavilion.meetings.services.recommendations import Lists, recommendations_for


def acting(request, event):
    """The participant this page acts for (`?as=`) and all of the user's, or a rendered refusal."""
    choices = selectors.acting_participants(request.user, event)
    wanted = request.GET.get("as") or request.POST.get("as")
    participant = next((c for c in choices if str(c.pk) == str(wanted)), None) if wanted else (
        choices[0] if choices else None)
    if participant is None:
        response = render(request, "meetings/profile_none.html", {"event": event, "choices": choices}, status=403)
        return None, choices, response
    participant.event = event  # the page has it: no query to fetch it again
    return participant, choices, None


def with_as(url: str, participant) -> str:
    return f"{url}?as={participant.pk}"


@login_required
def profile_edit(request, event: str):
    event_obj = get_object_or_404(Event, slug=event)
    participant, choices, refusal = acting(request, event_obj)
    if refusal:
        return refusal
    profile = selectors.profile_of(participant)
    form = ProfileForm(request.POST or None, event=event_obj, initial=initial_from(profile))
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_save(actor=request.user, registration=participant, data=form.profile_data())
        except ValidationError as error:
            apply_errors(form, error)
        except PermissionDenied as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your meeting profile is saved."))
            return redirect(with_as(reverse("meetings:recommendations", args=[event_obj.slug]), participant))
    return render(request, "meetings/profile_edit.html", {
        "event": event_obj, "participant": participant, "choices": choices, "form": form, "profile": profile})


@login_required
def recommendations(request, event: str):
    event_obj = get_object_or_404(Event, slug=event)
    participant, choices, refusal = acting(request, event_obj)
    if refusal:
        return refusal
    try:
        lists = recommendations_for(registration=participant)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        lists = Lists(None)
    stored = lists.stored
    rows = selectors.recommendation_rows(participant=participant, stored=stored)
    return render(request, "meetings/recommendations.html", {
        "event": event_obj, "participant": participant, "choices": choices, "rows": rows, "stored": stored,
        "refreshing": lists.refreshing,
        "has_profile": selectors.profile_of(participant) is not None})
