from django.urls import path

from pavilion.meetings.views import profiles, requests

urlpatterns = [
    path("events/<slug:event>/meetings/profile/", profiles.profile_edit, name="profile"),
    path("events/<slug:event>/meetings/recommendations/", profiles.recommendations, name="recommendations"),
    path("events/<slug:event>/meetings/requests/", requests.request_list, name="request_list"),
    path("events/<slug:event>/meetings/requests/new/", requests.request_new, name="request_new"),
    path("events/<slug:event>/meetings/requests/<int:pk>/", requests.request_detail, name="request_detail"),
    path("events/<slug:event>/meetings/requests/<int:pk>/<slug:action>/", requests.request_action,
         name="request_action"),
    path("events/<slug:event>/meetings/review/", requests.review_list, name="review_list"),
    path("events/<slug:event>/meetings/review/<int:pk>/", requests.review_decide, name="review_decide"),
    path("events/<slug:event>/meetings/rules/", requests.rules, name="rules"),
]
