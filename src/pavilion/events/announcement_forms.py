"""The organiser's announcement form: texts in the three languages, audience, importance and times on
the event's clock. The services check everything again and name the field."""

from django import forms
from django.utils.translation import gettext_lazy

from pavilion.core.i18n import CONTENT_LANGUAGES, language_labels
from pavilion.events.announcements import AUDITED
from pavilion.events.forms import EventClockField
from pavilion.events.models import ANNOUNCEMENT_BODY_MAX, ANNOUNCEMENT_TITLE_MAX, Announcement

TITLE_LABELS = language_labels("title", gettext_lazy("Title"))
BODY_LABELS = language_labels("body", gettext_lazy("Text"))


class AnnouncementForm(forms.Form):
    audience = forms.ChoiceField(label=gettext_lazy("For"), choices=Announcement.Audience.choices,
                                 initial=Announcement.Audience.EVERYONE)
    importance = forms.ChoiceField(label=gettext_lazy("Importance"), choices=Announcement.Importance.choices,
                                   initial=Announcement.Importance.NORMAL,
                                   help_text=gettext_lazy("Urgent ones stand out at the top of every page."))
    send_email = forms.BooleanField(label=gettext_lazy("Also e-mail it"), required=False,
                                    help_text=gettext_lazy("Once, when it is published, to the people of its "
                                                           "audience whose registration is approved."))

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        for code in CONTENT_LANGUAGES:
            required = code == "en"
            self.fields[f"title_{code}"] = forms.CharField(
                label=TITLE_LABELS[f"title_{code}"], required=required, max_length=ANNOUNCEMENT_TITLE_MAX)
            self.fields[f"body_{code}"] = forms.CharField(
                label=BODY_LABELS[f"body_{code}"], required=required, max_length=ANNOUNCEMENT_BODY_MAX,
                widget=forms.Textarea(attrs={"rows": 4}))
        self.fields["publish_at"] = EventClockField(
            zone=event.time_zone, label=gettext_lazy("Publish at"), required=False,
            help_text=gettext_lazy("On the event's clock; leave it empty to publish now."))
        self.fields["expires_at"] = EventClockField(
            zone=event.time_zone, label=gettext_lazy("Expires at"), required=False,
            help_text=gettext_lazy("On the event's clock; leave it empty to keep it until it is withdrawn."))
        self.order_fields([f"{base}_{code}" for code in CONTENT_LANGUAGES for base in ("title", "body")]
                          + ["audience", "importance", "publish_at", "expires_at", "send_email"])

    @classmethod
    def initial_of(cls, announcement: Announcement) -> dict:
        return {field: getattr(announcement, field) for field in AUDITED}

    def service_fields(self) -> dict:
        return {field: self.cleaned_data.get(field) for field in AUDITED}
