"""A deleted row takes its stored files with it: a person's photo, a press card, a logo, a product
image. The services that delete one row said so themselves, but a row deleted with another (an event
removed in the administration, its registrations and their people with it; an exhibitor with its
products) left its files on disk for good, personal data among them, where no page could show or erase
them any more.

Every model with a file field gets a `post_delete` receiver (Django sends it for rows deleted by cascade
too). The file is removed once the transaction commits, so a rolled-back deletion keeps it, and only when
no row of the model still names it: a new edition or a copied person may share the file."""

import functools

from django.apps import apps
from django.db import models, transaction
from django.db.models.signals import post_delete


def file_fields(model) -> list[str]:
    return [field.name for field in model._meta.get_fields()
            if isinstance(field, models.FileField) and not field.auto_created]


def _erase_unless_named(model, field: str, storage, name: str) -> None:
    if not model._base_manager.filter(**{field: name}).exists():
        storage.delete(name)


_FIELDS: dict[type, list[str]] = {}  # each watched model's file fields, found once by connect()


def _deleted(sender, instance, **kwargs) -> None:
    for field in _FIELDS[sender]:
        stored = getattr(instance, field)
        if stored and stored.name:
            transaction.on_commit(functools.partial(_erase_unless_named, sender, field, stored.storage, stored.name),
                                  using=kwargs.get("using"))


def connect() -> None:
    """The receiver on every installed model with a file field (called once the apps are ready)."""
    for model in apps.get_models():
        if fields := file_fields(model):
            _FIELDS[model] = fields
            post_delete.connect(_deleted, sender=model, dispatch_uid=f"pavilion.core.stored_files.{model._meta.label}")
