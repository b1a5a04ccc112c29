from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from pavilion.api.api import api

admin.site.site_header = "Pavilion back office"
admin.site.site_title = "Pavilion"

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("portal/", include("pavilion.exhibitors.portal_urls")),
    path("vetting/", include("pavilion.vetting.urls")),
    path("", include("pavilion.accreditation.urls")),
    path("", include("pavilion.meetings.urls")),
    path("", include("pavilion.programme.urls")),
    path("", include("pavilion.deals.urls")),
    path("", include("pavilion.reports.urls")),
    path("", include("pavilion.registrations.urls")),
    path("", include("pavilion.core.urls")),
    path("", include("pavilion.events.urls")),
    path("", include("pavilion.exhibitors.urls")),
]
if settings.DEBUG or settings.MEDIA_URL.startswith("/"):
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
