from django.urls import path

from pavilion.vetting import views

app_name = "vetting"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("alerts/<int:pk>/", views.alert_detail, name="alert"),
    path("alerts/<int:pk>/decide/", views.alert_decide, name="decide"),
    path("alerts/<int:pk>/confirm/", views.alert_confirm, name="confirm"),
    path("alerts/<int:pk>/refuse/", views.alert_refuse, name="refuse"),
    path("lists/", views.watch_lists, name="lists"),
    path("runs/<int:pk>/", views.run_progress, name="run"),
    path("imports/<int:pk>/", views.import_progress, name="import"),
]
