from django.apps import AppConfig
from django.db.models.signals import post_migrate


def install_missing_taxonomy(sender, apps=None, **kwargs):
    """The shipped taxonomy is data every catalogue needs: migration 0002 installs it, and this puts it
    back after a flush (`pavilion flush`, or a test that empties the database), which deletes it."""
    from pavilion.exhibitors.taxonomy import install_categories, slugs

    try:
        model = (apps or sender.apps).get_model("exhibitors", "ProductCategory")
    except LookupError:  # migrated back before the model existed
        return
    if not slugs() <= set(model.objects.values_list("slug", flat=True)):
        install_categories(model)


class ExhibitorsConfig(AppConfig):
    name = "pavilion.exhibitors"
    label = "exhibitors"
    verbose_name = "Exhibitors and catalogue"

    def ready(self):
        post_migrate.connect(install_missing_taxonomy, sender=self, dispatch_uid="pavilion.exhibitors.taxonomy")
