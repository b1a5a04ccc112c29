from django.urls import path

from pavilion.registrations import delegation_views, organiser_views, staff_views, views

app_name = "registrations"
urlpatterns = [
    path("events/<slug:event>/register/", views.categories, name="categories"),
    path("events/<slug:event>/register/<slug:category>/", views.register, name="register"),
    path("events/<slug:event>/registration-link/", views.link_request, name="link_request"),
    path("registration/<str:token>/", views.status, name="status"),
    path("registration/<str:token>/edit/", views.edit, name="edit"),
    path("registration/<str:token>/withdraw/", views.withdraw, name="withdraw"),
    path("registration/<str:token>/contact-sharing/", views.contact_sharing, name="contact_sharing"),
    path("my/registrations/", views.mine, name="mine"),
    path("photos/<str:signed>", views.photo, name="photo"),
    path("registrations/<int:pk>/manage/", views.manage_link, name="manage"),
    path("registrations/<int:pk>/manage/edit/", views.manage_edit, name="manage_edit"),
    path("registrations/<int:pk>/manage/withdraw/", views.manage_withdraw, name="manage_withdraw"),
    path("events/<slug:event>/registrations/", organiser_views.registration_list, name="list"),
    path("events/<slug:event>/registrations/export.csv", organiser_views.registration_export, name="export"),
    path("events/<slug:event>/registrations/<int:pk>/", organiser_views.registration_detail, name="detail"),
    path("events/<slug:event>/registrations/<int:pk>/approve/", organiser_views.registration_approve,
         name="approve"),
    path("events/<slug:event>/registrations/<int:pk>/reject/", organiser_views.registration_reject, name="reject"),
    path("events/<slug:event>/registrations/<int:pk>/reopen/", organiser_views.registration_reopen, name="reopen"),
    path("events/<slug:event>/country-policies/", organiser_views.country_policies, name="country_policies"),
    path("events/<slug:event>/registration-categories/", organiser_views.categories, name="category_list"),
    path("events/<slug:event>/registration-categories/defaults/", organiser_views.category_defaults,
         name="category_defaults"),
    path("events/<slug:event>/registration-categories/<int:pk>/", organiser_views.categories, name="category"),
    path("events/<slug:event>/country-policies/<int:pk>/delete/", organiser_views.country_policy_delete,
         name="country_policy_delete"),
    path("portal/exhibitors/<int:exhibitor>/staff/", staff_views.staff, name="staff"),
    path("portal/exhibitors/<int:exhibitor>/invitations/", staff_views.invitation_create, name="invitation_create"),
    path("events/<slug:event>/delegations/", delegation_views.delegation_list, name="delegations"),
    path("delegations/<int:pk>/", delegation_views.delegation_detail, name="delegation"),
    path("delegations/<int:pk>/brief.pdf", delegation_views.delegation_brief, name="delegation_brief"),
]
