"""What the apps' form views share: a service's refusal put on the form, the row as stored."""

from django import forms
from django.core.exceptions import ValidationError


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's ValidationError on the form: each message on the field it names when the form has
    that field, else above the form (as for a refusal that names no field)."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def stored(obj):
    """The row as stored: a bound model form has already written its input into its instance,
    and the service must see (and audit) the values before the change."""
    return type(obj).objects.get(pk=obj.pk)
