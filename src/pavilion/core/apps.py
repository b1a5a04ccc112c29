from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "pavilion.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from pavilion.core import checks, countries, stored_files  # noqa: F401 (checks registers itself)
        from pavilion.core.accounts import restore_language

        user_logged_in.connect(restore_language, dispatch_uid="pavilion.core.restore_language")
        countries.install()  # country names in Azerbaijani (django-countries has none)
        stored_files.connect()  # a deleted row's files leave the storage, cascades included
