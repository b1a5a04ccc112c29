from django.urls import path

from pavilion.exhibitors import portal_views

app_name = "portal"
urlpatterns = [
    path("", portal_views.home, name="home"),
]
