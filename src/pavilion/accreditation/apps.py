from django.apps import AppConfig


class AccreditationConfig(AppConfig):
    name = "pavilion.accreditation"
    label = "accreditation"
    verbose_name = "Accreditation"

    def ready(self):
        # A registration rejected, withdrawn or held again changes what its badge opens.
        from pavilion.accreditation import signals  # noqa: F401
