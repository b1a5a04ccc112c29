"""Slots, locations, runs, the grid (organiser) and the personal agendas."""

from django.urls import path

from pavilion.meetings.views import agendas, grid, schedule

BASE = "events/<slug:event>/schedule/"
AGENDA = "events/<slug:event>/agenda/"
urlpatterns = [
    path(BASE, schedule.overview, name="schedule"),
    path(BASE + "slots/", schedule.slot_plan, name="schedule_slots"),
    path(BASE + "locations/", schedule.location_list, name="schedule_locations"),
    path(BASE + "locations/<int:pk>/toggle/", schedule.location_toggle, name="schedule_location_toggle"),
    path(BASE + "runs/start/", schedule.run_start, name="schedule_run_start"),
    path(BASE + "runs/<int:pk>/", schedule.run_detail, name="schedule_run"),
    path(BASE + "runs/<int:pk>/progress/", schedule.run_progress, name="schedule_run_progress"),
    path(BASE + "runs/<int:pk>/publish/", schedule.run_publish, name="schedule_run_publish"),
    path(BASE + "grid/", grid.grid, name="schedule_grid"),
    path(BASE + "meetings/<int:pk>/cancel/", schedule.meeting_cancel, name="schedule_meeting_cancel"),
    path(BASE + "meetings/<int:pk>/move/", schedule.meeting_move_view, name="schedule_meeting_move"),
    path(AGENDA, agendas.agenda_mine, name="agenda_mine"),
    path(AGENDA + "<int:registration>/", agendas.agenda, name="agenda"),
    path(AGENDA + "<int:registration>.pdf", agendas.agenda_pdf, name="agenda_pdf"),
    path(AGENDA + "<int:registration>/meetings/<int:meeting>/attendance/", agendas.attendance,
         name="agenda_attendance"),
]
