"""Every model in the Django admin opens: its list and its add page with its inlines' forms (a field
renamed in a model but not in its admin is a 500 only when the page is opened: Django's checks do
not see a wrong name in `fields`). A zone's change page with its gates: tests/accreditation."""

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _pages():
    return sorted((model._meta.app_label, model._meta.model_name) for model in admin.site._registry)


@pytest.mark.parametrize(("app", "model"), _pages())
def test_every_admin_list_and_add_page_opens(admin_client, app, model):
    assert admin_client.get(reverse(f"admin:{app}_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:{app}_{model}_add")).status_code in (200, 403)



def test_every_models_plural_name_is_a_word():
    """Django adds an "s" to a model's name: the back office listed "Meeting settingss"."""
    doubled = [f"{model._meta.app_label}.{model.__name__}: {model._meta.verbose_name_plural}"
               for model in admin.site._registry if str(model._meta.verbose_name_plural).endswith(("ss", "sss"))
               and not str(model._meta.verbose_name).endswith("ss")]
    assert doubled == []
