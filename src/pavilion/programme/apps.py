from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "pavilion.programme"
    label = "programme"
    verbose_name = "Programme"
