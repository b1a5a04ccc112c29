from django.urls import path

from pavilion.exhibitors import organiser_views, views

app_name = "exhibitors"
urlpatterns = [
    path("events/<slug:event>/exhibitors/", views.directory, name="directory"),
    path("events/<slug:event>/exhibitors/<int:exhibitor>/", views.exhibitor_page, name="exhibitor"),
    path("events/<slug:event>/products/", views.products, name="products"),
    path("events/<slug:event>/products/<int:product>/", views.product_page, name="product"),
    path("organiser/events/<slug:event>/exhibitors/", organiser_views.exhibitors, name="organiser_exhibitors"),
    path("organiser/events/<slug:event>/pavilions/", organiser_views.pavilions, name="organiser_pavilions"),
    path("organiser/events/<slug:event>/pavilions/<int:pavilion>/", organiser_views.pavilions,
         name="organiser_pavilion"),
]
