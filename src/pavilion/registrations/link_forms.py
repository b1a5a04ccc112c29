from django import forms
from django.utils.translation import gettext_lazy as _


class LinkRequestForm(forms.Form):
    """The page "Send me my link again": the address the registration was made with."""

    email = forms.EmailField(label=_("E-mail"), max_length=254,
                             help_text=_("The address you gave when you registered."),
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
