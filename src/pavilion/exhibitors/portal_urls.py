from django.urls import path

from pavilion.exhibitors import portal_views

app_name = "portal"
urlpatterns = [
    path("", portal_views.home, name="home"),
    path("companies/<int:company>/", portal_views.company_edit, name="company"),
    path("exhibitors/<int:exhibitor>/products/", portal_views.product_list, name="products"),
    path("exhibitors/<int:exhibitor>/products/new/", portal_views.product_create, name="product_create"),
    path("exhibitors/<int:exhibitor>/products/copy/", portal_views.products_copy, name="products_copy"),
    path("products/<int:product>/", portal_views.product_edit, name="product"),
    path("products/<int:product>/delete/", portal_views.product_delete, name="product_delete"),
    path("products/<int:product>/images/", portal_views.image_add, name="image_add"),
    path("images/<int:image>/delete/", portal_views.image_delete, name="image_delete"),
]
