"""The officers' forms: a decision on an alert, a second officer's refusal, the queue's filters and a
watch-list upload."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pavilion.registrations.models import RegistrationCategory
from pavilion.vetting import lists
from pavilion.vetting.models import Alert, Decision, WatchList

MAX_UPLOAD = 20 * 1024 * 1024
NEW_LIST = "new"


def is_delegation_member(registration) -> bool:
    return registration.delegation_id is not None or registration.category.code == "delegation-member"


class DecisionForm(forms.Form):
    verdict = forms.ChoiceField(label=gettext_lazy("Verdict"), widget=forms.RadioSelect,
                                choices=[(Decision.Verdict.TRUE_MATCH, Decision.Verdict.TRUE_MATCH.label),
                                         (Decision.Verdict.FALSE_POSITIVE, Decision.Verdict.FALSE_POSITIVE.label)])
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    checked = forms.BooleanField(
        label=gettext_lazy("I have checked that this member of an official delegation is the listed person: a true "
                           "match rejects the registration at once."),
        required=False)

    def __init__(self, *args, registration, **kwargs):
        super().__init__(*args, **kwargs)
        # Rejecting an official delegation's member is a diplomatic act: the officer says they checked first.
        self.asks_check = is_delegation_member(registration)
        if not self.asks_check:
            del self.fields["checked"]

    def clean(self):
        cleaned = super().clean()
        if self.asks_check and cleaned.get("verdict") == Decision.Verdict.TRUE_MATCH and not cleaned.get("checked"):
            self.add_error("checked", _("Tick the box to confirm you checked: a true match rejects this delegation "
                                        "member at once."))
        return cleaned


class RefusalForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Why you refuse the clearance"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 3}))


class QueueFilterForm(forms.Form):
    """What the queue shows: the alerts still open by default, the decided ones as a history."""

    OPEN, AWAITING, MINE, DECIDED = "open", "awaiting", "mine", "decided"
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False, choices=[
        ("", gettext_lazy("every alert waiting for a decision")),
        (OPEN, gettext_lazy("open: not decided yet")),
        (AWAITING, gettext_lazy("waiting for a second officer")),
        (MINE, gettext_lazy("waiting for my confirmation")),
        (DECIDED, gettext_lazy("decided (history)")),
    ])
    band = forms.ChoiceField(label=gettext_lazy("Band"), required=False,
                             choices=[("", gettext_lazy("any band")), *Alert.Band.choices])
    category = forms.ChoiceField(label=gettext_lazy("Category"), required=False,
                                 choices=[("", gettext_lazy("any category")), *RegistrationCategory.Code.choices])


class ImportForm(forms.Form):
    into = forms.ChoiceField(label=gettext_lazy("Import into"))
    name = forms.CharField(label=gettext_lazy("List name"), max_length=200, required=False)
    published = forms.CharField(label=gettext_lazy("Publication date"), max_length=40, required=False)
    file = forms.FileField(label=gettext_lazy("File (UN XML, FollowTheMoney JSON lines or CSV)"))
    confirm_drop = forms.BooleanField(label=gettext_lazy("I have checked that this file is the whole list."),
                                      required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # No list is chosen for the officer: a file put into the wrong list re-screens everyone against it.
        self.fields["into"].choices = [
            ("", "—"), *((str(watch_list.pk), watch_list.name) for watch_list in WatchList.objects.order_by("name")),
            (NEW_LIST, _("a new list (give its name below)")),
        ]

    def __iter__(self):
        """The fields shown: the box confirming a file that drops much of its list only once the import
        service asked for it (or it was ticked), so that it is not ticked out of habit on every upload."""
        for field in super().__iter__():
            if field.name != "confirm_drop" or self.asks_drop_confirmation:
                yield field

    @property
    def asks_drop_confirmation(self) -> bool:
        return self.is_bound and bool(self.errors.get("confirm_drop") or self.data.get("confirm_drop"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise ValidationError(_("The file is too large: at most 20 MB."))
        return upload

    def clean(self):
        cleaned = super().clean()
        into = cleaned.get("into")
        if into == NEW_LIST:
            try:
                cleaned["name"] = lists.checked_new_name(cleaned.get("name", ""))
            except ValidationError as error:
                self.add_error("name", error.message_dict["name"])
            cleaned["watch_list"] = None
        elif into:
            cleaned["watch_list"] = WatchList.objects.filter(pk=int(into)).first()
            if cleaned["watch_list"] is None:  # deleted since the page was shown
                self.add_error("into", self.fields["into"].error_messages["invalid_choice"] % {"value": into})
        return cleaned
