"""Forms of the organiser's programme pages; the rules (overlaps, double bookings) live in services."""

from django import forms
from django.utils.translation import gettext_lazy, pgettext_lazy

from pavilion.accreditation.models import Gate, Zone
from pavilion.core import parameters
from pavilion.core.forms import IdModelMultipleChoiceField
from pavilion.core.i18n import language_labels
from pavilion.events.models import Hall
from pavilion.programme.models import SESSION_LANGUAGES, Room, Session, SessionSpeaker, Speaker, Track
from pavilion.registrations.models import Registration

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SessionForm(forms.ModelForm):
    """Times are read in the event's time zone (the view activates it)."""

    languages = forms.MultipleChoiceField(label=gettext_lazy("Spoken languages"), choices=SESSION_LANGUAGES,
                                          widget=forms.CheckboxSelectMultiple)
    interpretation = forms.MultipleChoiceField(label=gettext_lazy("Interpretation into"), choices=SESSION_LANGUAGES,
                                               widget=forms.CheckboxSelectMultiple, required=False)
    chair = forms.ModelChoiceField(label=gettext_lazy("Chair or moderator"), queryset=Speaker.objects.none(),
                                   required=False)
    speakers = IdModelMultipleChoiceField(label=gettext_lazy("Speakers"), queryset=Speaker.objects.none(),
                                          required=False, widget=forms.SelectMultiple(attrs={"size": 8}))
    waitlist_excess = forms.BooleanField(
        label=gettext_lazy("If the new room has fewer seats than are confirmed, move those who booked last to "
                           "the waiting list"),
        help_text=gettext_lazy("They are told by e-mail. Unticked, such a move is refused."), required=False)

    class Meta:
        model = Session
        fields = ["title_en", "title_az", "title_ru", "kind", "status", "track", "room", "starts_at", "ends_at",
                  "admission", "abstract_en", "abstract_az", "abstract_ru"]
        widgets = {"starts_at": DATETIME, "ends_at": DATETIME,
                   "abstract_en": forms.Textarea(attrs={"rows": 3}), "abstract_az": forms.Textarea(attrs={"rows": 3}),
                   "abstract_ru": forms.Textarea(attrs={"rows": 3})}
        labels = {**language_labels("title", gettext_lazy("Title")),
                  **language_labels("abstract", gettext_lazy("Abstract")),
                  "kind": gettext_lazy("Kind"), "status": gettext_lazy("Status"), "track": gettext_lazy("Track"),
                  "room": gettext_lazy("Room"), "starts_at": gettext_lazy("Starts at"),
                  "ends_at": gettext_lazy("Ends at"), "admission": gettext_lazy("Admission")}

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title_en"].required = False
        self.fields["room"].queryset = Room.objects.filter(event=event)
        self.fields["track"].queryset = Track.objects.filter(event=event)
        speakers = Speaker.objects.filter(event=event).order_by("name")
        self.fields["chair"].queryset = speakers
        self.fields["speakers"].queryset = speakers
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
            self.fields[name].validators.append(parameters.validate_moment)
        if not self.instance.pk:
            del self.fields["waitlist_excess"]  # a new session has no seats to move
        if self.instance.pk and not self.is_bound:
            self.initial["languages"] = self.instance.language_codes
            self.initial["interpretation"] = self.instance.interpretation_codes
            appearances = list(self.instance.appearances.all())
            chairs = [a.speaker_id for a in appearances if a.role in (SessionSpeaker.Role.CHAIR,
                                                                       SessionSpeaker.Role.MODERATOR)]
            self.initial["chair"] = chairs[0] if chairs else None
            self.initial["speakers"] = [a.speaker_id for a in appearances if a.speaker_id not in chairs[:1]]

    def session_values(self) -> dict:
        values = {name: self.cleaned_data[name] for name in self.Meta.fields}
        values["languages"] = " ".join(self.cleaned_data["languages"])
        values["interpretation"] = " ".join(self.cleaned_data["interpretation"])
        return values

    def speaker_roles(self) -> list[tuple[Speaker, str]]:
        chair = self.cleaned_data.get("chair")
        roles = [(chair, SessionSpeaker.Role.CHAIR)] if chair else []
        roles += [(speaker, SessionSpeaker.Role.SPEAKER) for speaker in self.cleaned_data.get("speakers", [])
                  if speaker != chair]
        return roles


class RoomForm(forms.ModelForm):
    class Meta:
        model = Room
        fields = ["code", "name_en", "name_az", "name_ru", "capacity", "hall", "zone", "gate", "order"]
        labels = {"code": gettext_lazy("Code"), **language_labels("name", gettext_lazy("Name")),
                  "capacity": gettext_lazy("Capacity"), "hall": gettext_lazy("Hall"), "zone": gettext_lazy("Zone"),
                  "gate": gettext_lazy("Gate"), "order": gettext_lazy("Order")}

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hall"].queryset = Hall.objects.filter(venue_id=event.venue_id)
        self.fields["zone"].queryset = Zone.objects.filter(event=event)
        self.fields["gate"].queryset = Gate.objects.filter(event=event).select_related("zone")


class TrackForm(forms.ModelForm):
    class Meta:
        model = Track
        fields = ["code", "name_en", "name_az", "name_ru", "colour"]
        widgets = {"colour": forms.TextInput(attrs={"type": "color"})}
        labels = {"code": gettext_lazy("Code"), **language_labels("name", gettext_lazy("Name")),
                  "colour": gettext_lazy("Colour")}
        help_texts = {"colour": gettext_lazy("Marks the track's sessions in the programme; white writing must be "
                                             "legible on it.")}


class SpeakerForm(forms.ModelForm):
    class Meta:
        model = Speaker
        fields = ["name", "title_en", "title_az", "title_ru", "organisation_en", "organisation_az", "organisation_ru",
                  "country", "bio_en", "bio_az", "bio_ru"]
        widgets = {"bio_en": forms.Textarea(attrs={"rows": 3}), "bio_az": forms.Textarea(attrs={"rows": 3}),
                   "bio_ru": forms.Textarea(attrs={"rows": 3})}
        labels = {"name": pgettext_lazy("person", "Name"), **language_labels("title", gettext_lazy("Position")),
                  **language_labels("organisation", gettext_lazy("Organisation")),
                  "country": gettext_lazy("Country"), **language_labels("bio", gettext_lazy("Biography"))}


class InviteForm(forms.Form):
    registration = forms.IntegerField(label=gettext_lazy("Registration number"), min_value=1, max_value=2**63 - 1)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event

    def clean_registration(self):
        number = self.cleaned_data["registration"]
        registration = Registration.objects.filter(event=self.event, pk=number).select_related("person").first()
        if registration is None:
            raise forms.ValidationError(gettext_lazy("No registration with this number at this event."))
        return registration
