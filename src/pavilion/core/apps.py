from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "pavilion.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from pavilion.core import checks, countries  # noqa: F401 (checks registers itself)

        countries.install()  # country names in Azerbaijani (django-countries has none)
