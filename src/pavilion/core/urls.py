from django.urls import path

from pavilion.core import account_views, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("organiser/accounts/", account_views.account_list, name="accounts"),
    path("organiser/accounts/<int:pk>/<str:action>/", account_views.account_action, name="account_action"),
]
