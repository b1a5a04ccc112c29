from django.urls import path

from pavilion.programme import organiser_views, views

app_name = "programme"
public = "events/<slug:event>/programme/"
organiser = "organiser/events/<slug:event>/programme/"
urlpatterns = [
    path(public, views.agenda, name="agenda"),
    path("events/<slug:event>/programme.ics", views.programme_ics, name="ics"),
    path(public + "mine/", views.my_programme, name="mine"),
    path(public + "mine.ics", views.my_programme_ics, name="mine_ics"),
    path(public + "sessions/<int:session>/", views.session_page, name="session"),
    path(public + "sessions/<int:session>.ics", views.session_ics, name="session_ics"),
    path(public + "sessions/<int:session>/bookmark/", views.bookmark_toggle, name="bookmark"),
    path(public + "speakers/", views.speakers, name="speakers"),
    path(public + "speakers/<int:speaker>/", views.speaker_page, name="speaker"),
    path(organiser, organiser_views.sessions, name="organiser_sessions"),
    path(organiser + "sessions/new/", organiser_views.session_edit, name="organiser_session_new"),
    path(organiser + "sessions/<int:session>/", organiser_views.session_edit, name="organiser_session"),
    path(organiser + "sessions/<int:session>/attendance/", organiser_views.session_attendance,
         name="organiser_attendance"),
    path(organiser + "rooms/", organiser_views.rooms, name="organiser_rooms"),
    path(organiser + "rooms/<int:room>/", organiser_views.rooms, name="organiser_room"),
    path(organiser + "tracks/", organiser_views.tracks, name="organiser_tracks"),
    path(organiser + "tracks/<int:track>/", organiser_views.tracks, name="organiser_track"),
    path(organiser + "speakers/", organiser_views.speakers, name="organiser_speakers"),
    path(organiser + "speakers/<int:speaker>/", organiser_views.speakers, name="organiser_speaker"),
    path(organiser + "<str:kind>/<int:pk>/delete/", organiser_views.programme_item_delete,
         name="organiser_item_delete"),
]
