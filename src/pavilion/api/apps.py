from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "pavilion.api"
    label = "api"
    verbose_name = "API"
