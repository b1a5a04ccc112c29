from django.apps import AppConfig


class DealsConfig(AppConfig):
    name = "pavilion.deals"
    label = "deals"
    verbose_name = "Deals"
