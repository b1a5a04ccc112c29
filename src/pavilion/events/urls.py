from django.urls import path

from pavilion.events import (
    announcement_views,
    edition_views,
    event_views,
    organiser_views,
    postponement_views,
    views,
)

app_name = "events"
organiser_hall = "organiser/events/<slug:event>/halls/<str:hall>/"
urlpatterns = [
    path("events/<slug:event>/", views.event_page, name="event"),
    path("events/<slug:event>/floorplan/", views.floorplan, name="floorplan"),
    path("events/<slug:event>/stands/book/", views.stand_booking, name="stand_booking"),
    path("events/<slug:event>/stands/book/<int:booking>/cancel/", views.stand_booking_cancel,
         name="stand_booking_cancel"),
    path("events/<slug:event>/announcements/", announcement_views.event_announcements, name="announcements"),
    path("announcements/banner/", announcement_views.banner, name="announcement_banner"),
    path("organiser/events/", event_views.event_list, name="organiser_events"),
    path("organiser/events/<slug:event>/announcements/", announcement_views.organiser_list,
         name="organiser_announcements"),
    path("organiser/events/<slug:event>/announcements/new/", announcement_views.organiser_create,
         name="organiser_announcement_new"),
    path("organiser/events/<slug:event>/announcements/<int:announcement>/", announcement_views.organiser_edit,
         name="organiser_announcement"),
    path("organiser/events/<slug:event>/announcements/<int:announcement>/withdraw/",
         announcement_views.organiser_withdraw, name="organiser_announcement_withdraw"),
    path("organiser/events/<slug:event>/", event_views.event_settings, name="organiser_event"),
    path("organiser/events/<slug:event>/delete/", event_views.event_delete, name="organiser_event_delete"),
    path("organiser/events/<slug:event>/postpone/", postponement_views.event_postpone,
         name="organiser_event_postpone"),
    path("organiser/events/<slug:event>/edition/", edition_views.edition_create, name="organiser_event_edition"),
    path("organiser/events/<slug:event>/shows/<int:show>/", event_views.event_settings, name="organiser_show"),
    path("organiser/events/<slug:event>/shows/<int:show>/delete/", event_views.show_delete,
         name="organiser_show_delete"),
    path("organiser/events/<slug:event>/halls/", event_views.venue_halls, name="organiser_halls"),
    path(organiser_hall + "edit/", event_views.venue_halls, name="organiser_hall_edit"),
    path(organiser_hall + "delete/", event_views.hall_delete, name="organiser_hall_delete"),
    path(organiser_hall, organiser_views.hall_page, name="organiser_hall"),
    path(organiser_hall + "import/", organiser_views.stands_import, name="organiser_stands_import"),
    path(organiser_hall + "import/template.csv", organiser_views.stands_template, name="organiser_stands_template"),
    path(organiser_hall + "stands/<int:stand>/", organiser_views.stand_edit, name="organiser_stand"),
    *[
        path(organiser_hall + f"stands/<int:stand>/{action}/", organiser_views.stand_action, {"action": action},
             name=f"organiser_stand_{action}")
        for action in organiser_views.STATE_ACTIONS
    ],
    path("organiser/events/<slug:event>/bookings/", organiser_views.booking_queue, name="booking_queue"),
    *[
        path(f"organiser/events/<slug:event>/bookings/<int:booking>/{decision}/", organiser_views.booking_decide,
             {"decision": decision}, name=f"booking_{decision}")
        for decision in organiser_views.DECISIONS
    ],
]
