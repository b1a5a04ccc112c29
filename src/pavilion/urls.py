import posixpath
import re

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import Http404
from django.urls import include, path, re_path
from django.views.static import serve

from pavilion.api.api import api
from pavilion.core import account_views
from pavilion.registrations import photos

admin.site.site_header = "Pavilion back office"
admin.site.site_title = "Pavilion"

urlpatterns = [
    # Django's language switch, which also keeps a signed-in person's choice for their account.
    path("i18n/setlang/", account_views.language_set, name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Choosing a password: a forgotten one, or the first one from an invitation (core.accounts).
    # (Templates named here: the admin app ships registration/password_reset_*.html of its own.)
    path("accounts/password/reset/", auth_views.PasswordResetView.as_view(
        template_name="core/password/form.html", email_template_name="core/password/email.txt",
        subject_template_name="core/password/subject.txt"), name="password_reset"),
    path("accounts/password/reset/sent/", auth_views.PasswordResetDoneView.as_view(
        template_name="core/password/done.html"), name="password_reset_done"),
    path("accounts/password/set/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(
        template_name="core/password/confirm.html"), name="password_reset_confirm"),
    path("accounts/password/set/done/", auth_views.PasswordResetCompleteView.as_view(
        template_name="core/password/complete.html"), name="password_reset_complete"),
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


def uploads(request, path: str):
    """The development server's uploads (logos, product images), as nginx serves them in production;
    never the badge photos, which only their signed addresses open (registrations.photos), however the
    path is written (`//photos/…`, `./photos/…` and `x/../photos/…` are tidied into `photos/…` by serve)."""
    tidy = posixpath.normpath("/" + path).lstrip("/")
    if tidy == photos.DIRECTORY.rstrip("/") or tidy.startswith(photos.DIRECTORY):
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)


if settings.DEBUG and settings.MEDIA_URL.startswith("/"):
    urlpatterns += [re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$", uploads)]
