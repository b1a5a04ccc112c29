from django.urls import path

from pavilion.accreditation import scanner_views, views

app_name = "accreditation"
BASE = "events/<slug:event>/accreditation/"
urlpatterns = [
    path(BASE, views.overview, name="overview"),
    path(BASE + "set-up/", views.set_up, name="set_up"),
    path(BASE + "issue/", views.issue_badges, name="issue"),
    path(BASE + "rotate-key/", views.rotate_key, name="rotate_key"),
    path(BASE + "retire-key/", views.retire_key, name="retire_key"),
    path(BASE + "badges/", views.badge_list, name="badges"),
    path(BASE + "badges/<int:serial>/", views.badge_detail, name="badge"),
    path(BASE + "badges/<int:serial>/reprint/", views.badge_reprint, name="reprint"),
    path(BASE + "badges/<int:serial>/revoke/", views.badge_revoke, name="revoke"),
    path(BASE + "badges/<int:serial>/replace/", views.badge_replace, name="replace"),
    path(BASE + "badges/<int:serial>.pdf", views.badge_pdf, name="badge_pdf"),
    path(BASE + "badges/printed/", views.badges_printed, name="badges_printed"),
    path(BASE + "badges/<int:serial>/handed-out/", views.badge_handed_out, name="handed_out"),
    path(BASE + "print/exhibitor/<int:exhibitor>.pdf", views.print_exhibitor, name="print_exhibitor"),
    path(BASE + "print/company/<int:company>.pdf", views.print_company, name="print_company"),
    path(BASE + "print/delegation/<int:delegation>.pdf", views.print_delegation, name="print_delegation"),
    path(BASE + "grants/", views.grant_list, name="grants"),
    path(BASE + "grants/<int:pk>/", views.grant_edit, name="grant"),
    path(BASE + "grants/<int:pk>/delete/", views.grant_delete, name="grant_delete"),
    path(BASE + "zones/", views.zone_list, name="zones"),
    path(BASE + "zones/<int:zone>/", views.zone_list, name="zone"),
    path(BASE + "zones/<int:zone>/delete/", views.zone_delete, name="zone_delete"),
    path(BASE + "gates/", views.gate_list, name="gates"),
    path(BASE + "gates/<int:gate>/", views.gate_list, name="gate"),
    path(BASE + "gates/<int:gate>/delete/", views.gate_delete, name="gate_delete"),
    path(BASE + "devices/", views.device_list, name="devices"),
    path(BASE + "devices/<int:pk>/revoke/", views.device_revoke, name="device_revoke"),
    path(BASE + "override/", views.override, name="override"),
    path(BASE + "occupancy/", views.occupancy, name="occupancy"),
    path(BASE + "occupancy/panel/", views.occupancy_panel, name="occupancy_panel"),
    path(BASE + "occupancy/alerts/acknowledge/", views.alerts_acknowledge, name="alerts_acknowledge"),
    path(BASE + "occupancy/zones/<int:zone>/", views.zone_inside, name="zone_inside"),
    path("gates/scanner/", scanner_views.scanner, name="scanner"),
    path("gates/sw.js", scanner_views.service_worker, name="service_worker"),
    path("my/badges/", scanner_views.my_badges, name="my_badges"),
]
