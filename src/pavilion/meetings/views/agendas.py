"""The personal agenda: the participant's own published meetings (also seen by whoever acts for
them on the request pages, by their delegation's liaison, and by the organiser), the printable PDF, and the held / no-show
report after a meeting's start."""

import zoneinfo
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pavilion.core import clock, roles
from pavilion.core.i18n import speaks
from pavilion.events.models import Event
from pavilion.meetings import pdf
from pavilion.meetings.forms.schedule import AttendanceForm, MoveForm
from pavilion.meetings.models import Meeting
from pavilion.meetings.selectors import agendas as selectors
from pavilion.meetings.selectors.profiles import delegation_agendas
from pavilion.meetings.services.attendance import attendance_mark
from pavilion.registrations.models import Registration


def _registration(request, event_obj, registration_id: int) -> Registration:
    registration = (Registration.objects.select_related("person", "exhibitor__company", "category", "delegation")
                    .filter(pk=registration_id, event=event_obj).first())
    if registration is None or not selectors.may_see_agenda(request.user, registration):
        # Another person's agenda and a missing one look the same: nobody learns who takes part.
        raise Http404
    return registration


@login_required
def agenda_mine(request, event: str):
    event_obj = get_object_or_404(Event, slug=event)
    choices = selectors.agenda_choices(request.user, event_obj)
    if len(choices) == 1:
        return redirect("meetings:agenda", event_obj.slug, choices[0].pk)
    return render(request, "meetings/agenda_choose.html", {"event": event_obj, "registrations": choices,
                                                           "is_organiser": roles.is_organiser(request.user)})


@login_required
def agenda(request, event: str, registration: int):
    event_obj = get_object_or_404(Event, slug=event)
    person = _registration(request, event_obj, registration)
    zone = zoneinfo.ZoneInfo(event_obj.time_zone)
    now = clock.now()
    rows = []
    for meeting in selectors.agenda(person):
        rows.append({
            "meeting": meeting, "start": meeting.starts_at.astimezone(zone), "end": meeting.ends_at.astimezone(zone),
            "others": [selectors.display_name(row.registration) for row in selectors.others(meeting, person.pk)],
            "own": selectors.own_row(meeting, person.pk), "started": meeting.starts_at <= now,
        })
    days = [(day, list(items)) for day, items in groupby(rows, key=lambda row: row["start"].date())]
    return render(request, "meetings/agenda.html", {
        "event": event_obj, "registration": person, "name": selectors.display_name(person), "days": days,
        "count": len(rows), "ics_url": reverse("api:agenda_ics", kwargs={"event": event_obj.slug,
                                                                          "participant": person.pk}),
        "is_organiser": roles.is_organiser(request.user),
        "may_mark": selectors.may_mark_attendance(request.user, person),
        # The liaison moves from one member's agenda to another's.
        "delegation_members": delegation_agendas(request.user, person),
        **_move_choices(event_obj, request.user, rows),
    })


def _move_choices(event_obj, user, rows) -> dict:
    """For the organiser, who moves a meeting still ahead from here (views.schedule.meeting_move_view):
    the slots and locations of the move's form, read once for every meeting of the page."""
    if not roles.is_organiser(user) or all(row["started"] for row in rows):
        return {}
    fields = MoveForm(event=event_obj).fields
    return {name: [(item.pk, fields[field].label_from_instance(item)) for item in fields[field].queryset]
            for name, field in (("move_slots", "slot"), ("move_locations", "location"))}


@login_required
def agenda_pdf(request, event: str, registration: int):
    event_obj = get_object_or_404(Event, slug=event)
    person = _registration(request, event_obj, registration)
    # Printed from their own agenda page, the participant gets it in the page's language (the link says
    # which); anyone printing it for them, in the participant's own.
    asked = request.GET.get("language")
    language = asked if person.person.user_id == request.user.pk and asked and speaks(asked) else None
    response = HttpResponse(pdf.agenda_pdf(event_obj, person, selectors.agenda(person), language=language),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="agenda-{event_obj.slug}-{person.pk}.pdf"'
    return response


@login_required
@require_POST
def attendance(request, event: str, registration: int, meeting: int):
    event_obj = get_object_or_404(Event, slug=event)
    person = _registration(request, event_obj, registration)
    meeting_obj = get_object_or_404(Meeting, pk=meeting, event=event_obj)
    form = AttendanceForm(request.POST)
    if not form.is_valid() or form.cleaned_data["registration"] != person.pk:
        messages.error(request, _("Say whether the meeting was held or a no-show."))
    else:
        try:
            attendance_mark(actor=request.user, meeting=meeting_obj, registration_id=person.pk,
                            attendance=form.cleaned_data["attendance"])
            messages.success(request, _("Thank you: your report is saved."))
        except PermissionDenied:
            raise
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
    return redirect("meetings:agenda", event_obj.slug, person.pk)
