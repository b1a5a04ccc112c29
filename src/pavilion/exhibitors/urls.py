from django.urls import path

from pavilion.exhibitors import lead_views, organiser_views, views

app_name = "exhibitors"
urlpatterns = [
    path("events/<slug:event>/exhibitors/", views.directory, name="directory"),
    path("events/<slug:event>/exhibitors/<int:exhibitor>/", views.exhibitor_page, name="exhibitor"),
    path("events/<slug:event>/products/", views.products, name="products"),
    path("events/<slug:event>/products/<int:product>/", views.product_page, name="product"),
    path("events/<slug:event>/leads/", lead_views.lead_list, name="leads"),
    path("events/<slug:event>/leads/<int:pk>/", lead_views.lead_edit, name="lead_edit"),
    path("events/<slug:event>/leads/export.csv", lead_views.lead_export, {"fmt": "csv"}, name="leads_csv"),
    path("events/<slug:event>/leads/export.xlsx", lead_views.lead_export, {"fmt": "xlsx"}, name="leads_xlsx"),
    path("organiser/events/<slug:event>/exhibitors/", organiser_views.exhibitors, name="organiser_exhibitors"),
    path("organiser/events/<slug:event>/exhibitors/<int:exhibitor>/", organiser_views.exhibitor_change,
         name="organiser_exhibitor"),
    path("organiser/events/<slug:event>/pavilions/", organiser_views.pavilions, name="organiser_pavilions"),
    path("organiser/events/<slug:event>/pavilions/<int:pavilion>/", organiser_views.pavilions,
         name="organiser_pavilion"),
    path("organiser/events/<slug:event>/pavilions/<int:pavilion>/delete/", organiser_views.pavilion_delete,
         name="organiser_pavilion_delete"),
]
