from django.urls import path

from pavilion.deals import views

app_name = "deals"
urlpatterns = [
    path("events/<slug:event>/deals/", views.public_deals, name="public"),
    path("events/<slug:event>/deals/press.csv", views.press_csv, name="press_csv"),
    path("events/<slug:event>/deals/press.xlsx", views.press_xlsx, name="press_xlsx"),
    path("events/<slug:event>/deals/press.pdf", views.press_pdf, name="press_pdf"),
    path("events/<slug:event>/deals/register/", views.register, name="register"),
    path("events/<slug:event>/deals/mine/", views.mine, name="mine"),
    path("events/<slug:event>/deals/new/", views.deal_new, name="new"),
    path("events/<slug:event>/deals/<int:pk>/", views.deal_page, name="detail"),
    path("events/<slug:event>/deals/<int:pk>/edit/", views.deal_edit, name="edit"),
    path("events/<slug:event>/deals/<int:pk>/announce/", views.deal_announce, name="announce"),
    path("events/<slug:event>/deals/<int:pk>/withdraw/", views.deal_withdraw, name="withdraw"),
]
