from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "pavilion.reports"
    label = "reports"
    verbose_name = "Reports"
