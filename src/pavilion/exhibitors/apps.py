from django.apps import AppConfig


class ExhibitorsConfig(AppConfig):
    name = "pavilion.exhibitors"
    label = "exhibitors"
    verbose_name = "Exhibitors and catalogue"
