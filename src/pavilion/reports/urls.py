from django.urls import path

from pavilion.reports import views

app_name = "reports"
BASE = "events/<slug:event>/reports/"
urlpatterns = [
    path("events/<slug:event>/set-up/", views.setup_page, name="setup"),
    path(BASE, views.dashboard_page, name="dashboard"),
    path(BASE + "press-summary.pdf", views.press_summary, name="press_summary"),
    path(BASE + "exports/<int:pk>/", views.job_page, name="job"),
    path(BASE + "exports/<int:pk>/panel/", views.job_panel, name="job_panel"),
    path(BASE + "exports/<int:pk>/download/", views.job_download, name="job_download"),
    path(BASE + "<slug:kind>/", views.list_page, name="list"),
    path(BASE + "<slug:kind>/export.<str:format>", views.export, name="export"),
]
