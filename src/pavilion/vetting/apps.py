from django.apps import AppConfig


class VettingConfig(AppConfig):
    name = "pavilion.vetting"
    label = "vetting"
    verbose_name = "Vetting"
