from django.urls import path

from pavilion.events import views

app_name = "events"
urlpatterns = [
    path("events/<slug:event>/", views.event_page, name="event"),
]
