from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "pavilion.core"
    label = "core"
    verbose_name = "Core"
