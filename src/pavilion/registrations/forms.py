"""Registration forms: one person form plus the fields each category asks for, in en/az/ru."""

import datetime
import zoneinfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField
from PIL import Image

from pavilion.core import parameters
from pavilion.core.i18n import language_labels
from pavilion.core.zones import zone_name
from pavilion.events.forms import EventClockField
from pavilion.exhibitors.images import MAX_PIXELS
from pavilion.registrations import kept_photos, supporting_documents, visits
from pavilion.registrations.kept_upload_forms import KeptUploadsForm
from pavilion.registrations.models import Delegation, DelegationVisit, Person, RegistrationCategory
from pavilion.registrations.photos import badge_photo
from pavilion.registrations.services import PersonData
from pavilion.registrations.validation import (
    check_birth_date,
    check_document_number,
    check_person_name,
    check_phone,
)

Code = RegistrationCategory.Code
PHOTO_FORMATS = {"JPEG", "PNG"}
PHOTO_MIN_SIDE = 200

SECTORS = [
    ("", "—"),
    ("armed-forces", _("armed forces")),
    ("government", _("government and ministries")),
    ("law-enforcement", _("law enforcement and border security")),
    ("emergency", _("civil protection and rescue")),
    ("industry", _("defence and security industry")),
    ("research", _("research and academia")),
    ("other", _("other")),
]

# The extra fields of each category: (name, required).
CATEGORY_FIELDS: dict[str, list[tuple[str, bool]]] = {
    Code.TRADE_VISITOR: [("organisation", True), ("position", True), ("sector", True), ("shares_contact", False)],
    Code.MEDIA: [("media_outlet", True), ("press_card", True), ("position", False), ("shares_contact", False)],
    Code.EXHIBITOR_STAFF: [("position", True)],
    Code.GUEST: [("invitation_code", True), ("organisation", True), ("position", False), ("shares_contact", False)],
    Code.DELEGATION_MEMBER: [("rank", False), ("position", True), ("protocol_order", True)],
    Code.VIP: [("organisation", True), ("position", True), ("shares_contact", False)],
    Code.CONTRACTOR: [("organisation", True), ("position", False)],
    Code.ORGANISER: [("position", True)],
    Code.SECURITY: [("organisation", False), ("position", True)],
}
# A delegation's protocol: set by its liaison and the organiser, never by a member on their own link (a
# member who typed 1 made themself a second head of delegation).
PROTOCOL_FIELDS = {"rank", "protocol_order"}


class CountrySelect(forms.Select):
    """A select of some 250 countries, written out directly: rendering each option through the
    template engine made the registration page several times slower."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        options = format_html_join(
            "", '<option value="{}"{}>{}</option>',
            ((code, mark_safe(" selected") if str(code) == str(value or "") else "", label)
             for code, label in self.choices),
        )
        return format_html('<select{}><option value="">—</option>{}</select>', flatatt(attrs), options)


def country_choices() -> list[tuple[str, str]]:
    """The countries named and sorted in the page's language: Django 5 turns `choices=countries` into a
    list once, when the form class is defined, so the selects stayed English on every page."""
    return list(countries)


def _detail_field(name: str, required: bool) -> forms.Field:
    fields = {
        "organisation": lambda: forms.CharField(label=_("Organisation"), max_length=200),
        "position": lambda: forms.CharField(label=_("Position"), max_length=200),
        "sector": lambda: forms.ChoiceField(label=_("Professional sector"), choices=SECTORS),
        "media_outlet": lambda: forms.CharField(label=_("Media outlet"), max_length=200),
        "press_card": lambda: forms.CharField(label=_("Press card number"), max_length=60),
        "invitation_code": lambda: forms.CharField(label=_("Invitation code"), max_length=16),
        "rank": lambda: forms.CharField(label=_("Rank"), max_length=100),
        "shares_contact": lambda: forms.BooleanField(
            label=_("Exhibitors who scan my badge at their stand may also receive my e-mail address and phone number"),
            help_text=_("They always see what the badge shows: name, organisation, position and country. You can "
                        "change your mind on your registration's page.")),
        "protocol_order": lambda: forms.IntegerField(
            label=_("Protocol order (1 = head of delegation)"), min_value=1, max_value=999, initial=2
        ),
    }
    field = fields[name]()
    field.required = required
    return field


class RegistrationForm(KeptUploadsForm, forms.Form):
    """The person's data and the category's own fields; `person_data()` and `details()` feed services."""

    given_name = forms.CharField(label=_("Given name"), max_length=100)
    family_name = forms.CharField(label=_("Family name"), max_length=100)
    patronymic = forms.CharField(label=_("Patronymic"), max_length=100, required=False)
    name_original_script = forms.CharField(
        label=_("Name as written in the passport's own script"), max_length=200, required=False
    )
    gender = forms.ChoiceField(label=_("Gender"), choices=[("", "—"), ("f", _("female")), ("m", _("male"))],
                               required=False)
    nationality = LazyTypedChoiceField(label=_("Nationality"), choices=country_choices, widget=CountrySelect)
    # The browser's date field reads only an ISO value: a localised one (29.02.1992 in ru and az) was dropped,
    # and an edit then said the date was missing.
    birth_date = forms.DateField(label=_("Date of birth"),
                                 widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    email = forms.EmailField(label=_("E-mail"), max_length=254)  # the column's length, as the API's
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    language = forms.ChoiceField(label=_("Language for messages"), choices=settings.LANGUAGES)
    document_type = forms.ChoiceField(label=_("Identity document"), choices=Person.DocumentType.choices)
    document_number = forms.CharField(label=_("Document number"), max_length=40)
    document_country = LazyTypedChoiceField(label=_("Issuing country"), choices=country_choices,
                                            widget=CountrySelect)
    # Only the formats a badge prints: a phone offered HEIC for "image/*".
    photo = forms.ImageField(label=_("Photo for the badge (JPEG or PNG)"),
                             widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}))
    # A photo already checked, kept while the form came back for another field (kept_photos).
    kept_photo = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, category: RegistrationCategory, editing: bool = False, keep_identity: bool = False,
                 sets_protocol: bool = True, document_on_file: bool = False, asks_consent: bool = True, **kwargs):
        """`asks_consent`: the form asks whether exhibitors who scan the badge may have the e-mail and
        phone; only the person answers that (someone editing for them leaves the answer as it is)."""
        super().__init__(*args, **kwargs)
        self.category = category
        # Someone who manages the registration (an exhibitor, a liaison) edits it without seeing the
        # birth date or the document number: left empty, the ones on file stay.
        self.keep_identity = keep_identity
        self.fields["language"].initial = (get_language() or "en").split("-")[0]
        for name, required in CATEGORY_FIELDS.get(category.code, []):
            if ((editing and name == "invitation_code") or (not sets_protocol and name in PROTOCOL_FIELDS)
                    or (not asks_consent and name == "shares_contact")):
                continue
            self.fields[name] = _detail_field(name, required)
        if not category.requires_document:
            for name in ["document_type", "document_number", "document_country"]:
                self.fields[name].required = False
        # An edit keeps the photo already given unless a new one is uploaded.
        self.fields["photo"].required = category.requires_photo and not editing
        limit = getattr(settings, "PAVILION_PHOTO_MAX_BYTES", 2 * 1024 * 1024)
        self.fields["photo"].help_text = _(
            "A JPEG or PNG file of at most %(size)s MB, at least %(pixels)d × %(pixels)d pixels: your face, "
            "as on a passport photo.") % {"size": f"{limit / (1024 * 1024):g}", "pixels": PHOTO_MIN_SIDE}
        if category.asks_supporting_document:
            self.fields["supporting_document"] = supporting_documents.document_field(
                category, editing=editing, on_file=document_on_file)
            self.fields["kept_document"] = forms.CharField(required=False, widget=forms.HiddenInput)
            if "shares_contact" in self.fields:  # the document with the details it backs up, the consent last
                self.fields["shares_contact"] = self.fields.pop("shares_contact")
        # Uploads checked before the form came back for another field (kept_uploads): not asked for again.
        self.kept_names = {}
        for field, hidden, keeper in self._keepers():
            self.kept_names[field] = keeper.kept_name(self.data.get(self.add_prefix(hidden), "")) \
                if self.is_bound else None
            if self.kept_names[field]:
                self.fields[field].required = False
        if keep_identity:
            for name in ("birth_date", "document_number"):
                self.fields[name].required = False
                self.fields[name].help_text = _("Not shown here; leave empty to keep the one on file.")

    def _clean_name(self, name: str) -> str:
        try:
            return check_person_name(self.cleaned_data.get(name, ""), field=name)
        except ValidationError as error:
            raise ValidationError(error.message_dict[name]) from error

    def clean_given_name(self):
        return self._clean_name("given_name")

    def clean_family_name(self):
        return self._clean_name("family_name")

    def clean_patronymic(self):
        return self._clean_name("patronymic")

    def clean_name_original_script(self):
        return self._clean_name("name_original_script")

    def clean_birth_date(self):
        value = self.cleaned_data["birth_date"]
        if value is None and self.keep_identity:
            return None
        try:
            check_birth_date(value, min_age=self.category.min_age, on=self.category.event.start_date, required=True)
        except ValidationError as error:
            raise ValidationError(error.message_dict["birth_date"]) from error
        return value

    def clean_document_number(self):
        if self.keep_identity and not self.cleaned_data.get("document_number"):
            return ""
        try:
            return check_document_number(self.cleaned_data.get("document_number", ""))
        except ValidationError as error:
            raise ValidationError(error.message_dict["document_number"]) from error

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if not photo and self.kept_photo_name:
            return kept_photos.load(self.kept_photo_name)
        if not photo or not hasattr(photo, "image"):
            return photo
        limit = getattr(settings, "PAVILION_PHOTO_MAX_BYTES", 2 * 1024 * 1024)
        if photo.size > limit:
            raise ValidationError(
                _("The photo is too large: at most %(size)d MB.") % {"size": limit // (1024 * 1024)}
            )
        if photo.image.format not in PHOTO_FORMATS:
            raise ValidationError(_("The photo must be a JPEG or PNG image."))
        width, height = photo.image.size
        if width < PHOTO_MIN_SIDE or height < PHOTO_MIN_SIDE:
            raise ValidationError(_("The photo must be at least 200 × 200 pixels."))
        if width * height > MAX_PIXELS:  # as for product images: refused before it is decoded
            raise ValidationError(_("The image is too large (%(width)s × %(height)s pixels).") % {
                "width": width, "height": height})
        try:
            return badge_photo(photo)
        except (OSError, ValueError, Image.DecompressionBombError):  # its header was sound, its pixels are not
            raise ValidationError(self.fields["photo"].error_messages["invalid_image"]) from None

    def clean(self):
        data = super().clean()
        if self.errors:  # sent back: the photo and the document, if they were fine, are not asked for again
            self.keep_uploads()
        return data

    def person_data(self) -> PersonData:
        data = self.cleaned_data
        return PersonData(**{
            field: data.get(field) or ("" if field != "birth_date" else None)
            for field in PersonData.__dataclass_fields__
        })

    def details(self) -> dict:
        names = [name for name, _required in CATEGORY_FIELDS.get(self.category.code, []) if name in self.fields]
        return {name: self.cleaned_data.get(name) for name in names if name != "invitation_code"}


def initial_from(registration, *, keep_identity: bool = False) -> dict:
    """A form's initial values from a stored registration (for editing); with `keep_identity`
    without the birth date and the document number (see RegistrationForm)."""
    person = registration.person
    initial = {field: getattr(person, field) for field in PersonData.__dataclass_fields__
               if not (keep_identity and field in ("birth_date", "document_number"))}
    for field in ["nationality", "document_country"]:
        initial[field] = str(initial[field] or "")
    for name, _required in CATEGORY_FIELDS.get(registration.category.code, []):
        if hasattr(registration, name):
            initial[name] = getattr(registration, name)
    return initial


STAY_MARGIN_DAYS = 30


class DelegationForm(forms.ModelForm):
    class Meta:
        model = Delegation
        fields = ["country", "sending_body", "liaison_officer", "liaison_officer_phone", "arrival", "departure",
                  "interpreter_languages", "notes"]
        labels = {"country": _("Country"), "sending_body": _("Sending body"),
                  "liaison_officer": _("Escort officer"), "liaison_officer_phone": _("Escort officer's phone"),
                  "arrival": _("Arrival"), "departure": _("Departure"),
                  "interpreter_languages": _("Interpreter languages"), "notes": _("Notes")}
        help_texts = {"sending_body": _("e.g. Ministry of Defence")}
        widgets = {
            # The browser's date-time field reads only this form of an initial value (an edited delegation's).
            "arrival": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "departure": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }

    def __init__(self, *args, organiser: bool = False, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        if self.instance.pk is not None:  # editing: the country stays (its screening and embargo checks)
            self.fields["country"].disabled = True
            self.fields["country"].help_text = _("The country stays: the members were screened and the meeting "
                                                 "requests checked for it.")
        if organiser:
            # The organiser hands the delegation to a liaison account; a liaison creates their own.
            from django.contrib.auth import get_user_model

            from pavilion.core import roles

            self.fields["liaison"] = forms.ModelChoiceField(
                label=_("Liaison account"), required=False,
                queryset=get_user_model().objects.filter(groups__name=roles.DELEGATION_LIAISON).order_by("username"),
                initial=self.instance.liaison_id,
            )

    def clean_liaison_officer_phone(self):
        try:  # as a registrant's phone: the escort officer is called from the brief
            return check_phone(self.cleaned_data.get("liaison_officer_phone", ""), field="liaison_officer_phone")
        except ValidationError as error:
            raise ValidationError(error.message_dict["liaison_officer_phone"]) from error

    def clean(self):
        data = super().clean()
        if data.get("arrival") and data.get("departure") and data["departure"] < data["arrival"]:
            self.add_error("departure", _("The departure must be after the arrival."))
        if self.event is not None:  # the stay meets the event: a mistyped year (2031) was taken
            zone = zoneinfo.ZoneInfo(self.event.time_zone)
            arrival, departure = data.get("arrival"), data.get("departure")
            # Within a month of the event: a year typed as 0001 or 9999 was saved (or overflowed: a 500).
            earliest = self.event.start_date - datetime.timedelta(days=STAY_MARGIN_DAYS)
            latest = self.event.end_date + datetime.timedelta(days=STAY_MARGIN_DAYS)
            for name in ("arrival", "departure"):
                moment = data.get(name)
                if moment and not (parameters.moment_in_range(moment)
                                   and earliest <= timezone.localtime(moment, zone).date() <= latest):
                    self.add_error(name, _("A delegation arrives and leaves within %(days)d days of the event, "
                                           "between %(first)s and %(last)s.") % {
                        "days": STAY_MARGIN_DAYS, "first": f"{earliest:%Y-%m-%d}", "last": f"{latest:%Y-%m-%d}"})
                    data.pop(name, None)
            arrival, departure = data.get("arrival"), data.get("departure")
            if arrival and timezone.localtime(arrival, zone).date() > self.event.end_date:
                self.add_error("arrival", _("The delegation must arrive by the event's last day, %(last)s.") % {
                    "last": f"{self.event.end_date:%Y-%m-%d}"})
            if departure and timezone.localtime(departure, zone).date() < self.event.start_date:
                self.add_error("departure", _("The delegation must leave on or after the event's first day, "
                                              "%(first)s.") % {"first": f"{self.event.start_date:%Y-%m-%d}"})
        return data


class DelegationVisitForm(forms.ModelForm):
    class Meta:
        model = DelegationVisit
        fields = ["title", "starts_at", "ends_at", "exhibitor", "place"]
        labels = {"title": _("Title"), "starts_at": _("Starts at"), "ends_at": _("Ends at"),
                  "exhibitor": _("Exhibitor"), "place": _("Place")}
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }

    def __init__(self, *args, delegation: Delegation, **kwargs):
        super().__init__(*args, **kwargs)
        from pavilion.exhibitors.models import Exhibitor

        # A company at both shows is listed twice: each with its show and stand, told apart.
        self.fields["exhibitor"].queryset = (
            Exhibitor.objects.filter(show__event=delegation.event_id).select_related("company", "show")
            .prefetch_related(visits.stands_prefetch()).order_by("company__name", "show__name_en", "pk")
        )
        self.fields["exhibitor"].label_from_instance = visits.exhibitor_label
        self.event = delegation.event

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The end must be after the start."))
        # A visit on the show's days: a mistyped year (2031) was saved and listed in the programme and the brief.
        zone = zoneinfo.ZoneInfo(self.event.time_zone)
        for name in ("starts_at", "ends_at"):
            moment = data.get(name)
            if moment and not self.event.start_date <= timezone.localtime(moment, zone).date() <= self.event.end_date:
                self.add_error(name, _("A visit takes place during the event, from %(first)s to %(last)s.") % {
                    "first": f"{self.event.start_date:%Y-%m-%d}", "last": f"{self.event.end_date:%Y-%m-%d}"})
        return data


class CategoryForm(forms.ModelForm):
    """A registration category's settings (its code is fixed: the forms and the rules know it by it)."""

    class Meta:
        model = RegistrationCategory
        fields = ["name_en", "name_az", "name_ru", "self_service", "auto_approve", "min_age", "requires_photo",
                  "requires_document", "asks_supporting_document", "supporting_document_label_en",
                  "supporting_document_label_az", "supporting_document_label_ru", "access", "staff_per_100_m2",
                  "badge_colour", "order", "closes_at"]
        labels = {**language_labels("name", _("Name")),
                  **language_labels("supporting_document_label", _("Name of the supporting document")),
                  "asks_supporting_document": _("Supporting document required"),
                  "self_service": _("On the public registration form"),
                  "auto_approve": _("Approve at once when screening raises no alert"),
                  "min_age": _("Least age"), "requires_photo": _("Photo required"),
                  "requires_document": _("Identity document required"), "access": _("Badges valid on"),
                  "staff_per_100_m2": _("Exhibitor staff badges per started 100 m² of stand"),
                  "badge_colour": _("Badge colour"), "order": _("Order in lists")}
        help_texts = {"self_service": _("else only the organiser, an exhibitor or a delegation liaison registers people"),
                      "asks_supporting_document": _("The form asks for a PDF, JPEG or PNG file, e.g. media for a "
                                                    "press card or a letter of their editor; only the organiser "
                                                    "and security officers open it."),
                      "supporting_document_label_en": _("As the form names it, e.g. “Press card or editor's "
                                                        "letter”. Empty: “Supporting document”."),
                      "auto_approve": _("else an organiser approves each registration"),
                      "staff_per_100_m2": _("0: no quota"),
                      "badge_colour": _("white writing is printed on it: a dark colour"), "access": ""}
        widgets = {"badge_colour": forms.TextInput(attrs={"type": "color"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone = self.instance.event.time_zone
        self.fields["closes_at"] = EventClockField(
            zone=zone, required=False, label=_("Registration in this category closes"),
            help_text=_("On the event's clock (%(zone)s), if earlier than the event's closing: e.g. media "
                        "accreditation closes days before the show, so that every request is vetted in time. "
                        "Empty: with the event's.") % {"zone": zone_name(zone)})
        # The same ranges on SQLite and PostgreSQL (the model's come from the database's integer).
        for name, most in (("min_age", 99), ("staff_per_100_m2", 100), ("order", 999)):
            field = self.fields[name]
            field.validators = [v for v in field.validators if not isinstance(v, MaxValueValidator)]
            field.validators.append(MaxValueValidator(most))
            field.max_value = most
            field.widget.attrs.update(min=0, max=most)


class RejectForm(forms.Form):
    # The reason goes to the person word for word (the decision e-mail, their status page): the officer
    # must know it before writing it.
    reason = forms.CharField(label=_("Reason (sent to the person)"), max_length=300,
                             help_text=_("The person reads it word for word, in the e-mail and on their "
                                         "registration's page."))


class ReopenForm(forms.Form):
    # Kept with the registration (the organiser's page) and in the audit log: the person is told only that it
    # is being reviewed again.
    reason = forms.CharField(label=_("Reason for reopening"), max_length=300,
                             error_messages={"required": _("Give the reason for reopening the registration.")},
                             help_text=_("For example the appeal received. It is kept with the registration; the "
                                         "person is told only that it is being reviewed again."))


class InvitationForm(forms.Form):
    quota = forms.IntegerField(label=_("Guests"), min_value=1, max_value=500, initial=10)


class RegistrationFilterForm(forms.Form):
    """The organiser's list filters; invalid values are ignored rather than failing the page."""

    q = forms.CharField(label=pgettext_lazy("person", "Name"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    alerts = forms.ChoiceField(label=_("Alerts"), required=False,
                               choices=[("", _("any")), ("open", _("open alert")), ("none", _("no open alert"))])
    held = forms.BooleanField(label=_("held only"), required=False)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        from pavilion.registrations.models import Registration

        self.fields["status"].choices = [("", _("any")), *Registration.Status.choices]
        self.fields["category"].choices = [("", _("any"))] + [
            (category.code, category.name) for category in event.registration_categories.all()
        ]

