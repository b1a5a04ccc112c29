"""What the apps' form views share: a service's refusal put on the form, the row as stored; the accounts form."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from pavilion.core.parameters import id_or_none


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


class IdModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField of ids that refuses, as "Select a valid choice", a value that is not
    a whole number within the ids the databases store (`parameters.LARGEST_ID`): Django's own field
    lets 99999999999999999999 reach the query, an OverflowError (a 500) on SQLite."""

    def _check_values(self, value):
        if not isinstance(value, (str, bytes)) and hasattr(value, "__iter__"):
            for pk in value:
                if id_or_none(str(pk)) is None:
                    raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                          params={"value": pk})
        return super()._check_values(value)


def language_choices() -> list[tuple[str, str]]:
    """Each language in its own name (English, Azərbaycanca, Русский), as the header's switch offers them."""
    return [(code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES]


class LanguagePreferenceForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=language_choices, widget=forms.RadioSelect,
                                 help_text=_("Pavilion turns to it when you sign in, on any device, and writes its "
                                             "e-mails to you in it. The EN, AZ and RU buttons at the top of every "
                                             "page change it too."))


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("What will use the token"), max_length=80,
                           help_text=_("For example \"CRM import\" or \"badge printer\": to tell your tokens apart."))


class AccountForm(forms.Form):
    """A new account: who, which role, for which company (an exhibitor's roles), the invitation's language."""

    first_name = forms.CharField(label=_("Given name"), max_length=150)
    last_name = forms.CharField(label=_("Family name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    role = forms.ChoiceField(label=_("Role"))
    company = forms.ModelChoiceField(label=_("Company"), queryset=None, required=False,
                                     help_text=_("For an exhibitor's administrator or staff only."))
    language = forms.ChoiceField(label=_("Language of the invitation"), choices=language_choices,
                                 help_text=_("Also the account's language until the person chooses another."))

    def __init__(self, *args, **kwargs):
        from pavilion.core.roles import ALL_ROLES, LABELS
        from pavilion.exhibitors.models import Company

        super().__init__(*args, **kwargs)
        # No role chosen beforehand: an administrator's account is not opened by a slip.
        self.fields["role"].choices = [("", "—"), *((role, LABELS[role]) for role in ALL_ROLES)]
        self.fields["company"].queryset = Company.objects.order_by("name")
