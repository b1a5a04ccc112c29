from django.apps import AppConfig


class RegistrationsConfig(AppConfig):
    name = "pavilion.registrations"
    label = "registrations"
    verbose_name = "Registrations and delegations"
