from django.urls import path

from pavilion.core import account_views, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("organiser/accounts/", account_views.account_list, name="accounts"),
    path("organiser/accounts/<int:pk>/<str:action>/", account_views.account_action, name="account_action"),
    path("accounts/", account_views.my_account, name="my_account"),
    path("accounts/language/", account_views.my_language, name="my_language"),
    path("accounts/tokens/", account_views.my_token_create, name="my_token_create"),
    path("accounts/tokens/<int:pk>/revoke/", account_views.my_token_revoke, name="my_token_revoke"),
    path("accounts/password/change/", account_views.PasswordChange.as_view(), name="password_change"),
]
