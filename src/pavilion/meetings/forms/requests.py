"""Forms of meeting requests: send, decline, propose another time, review, and the rules matrix."""

import zoneinfo

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from pavilion.core import clock
from pavilion.core.i18n import localized
from pavilion.meetings.models import MeetingSlot
from pavilion.meetings.selectors.availability import slots_all_can_meet
from pavilion.meetings.selectors.profiles import PARTICIPANT_CATEGORIES
from pavilion.meetings.selectors.schedule import runs_of_slots

PRIORITY_CHOICES = [(1, _("low")), (2, _("normal")), (3, _("high")), (5, _("essential"))]


def priority_label(priority: int) -> str:
    """A request's priority in words, as the form offers it ("high", not "3")."""
    return str(dict(PRIORITY_CHOICES).get(priority, priority))
LENGTH_CHOICES = [(1, _("one slot")), (2, _("two slots")), (3, _("three slots")), (4, _("four slots"))]


def person_label(registration) -> str:
    label = registration.person.full_name
    where = registration.exhibitor.company.name if registration.exhibitor_id else (
        str(registration.delegation) if registration.delegation_id else registration.organisation)
    return f"{label} · {where}" if where else label


class RequestForm(forms.Form):
    counterpart = forms.TypedChoiceField(label=_("With"), coerce=int)
    message = forms.CharField(label=_("Message"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 4}))
    priority = forms.TypedChoiceField(label=_("Priority"), choices=PRIORITY_CHOICES, coerce=int, initial=2)
    length = forms.TypedChoiceField(label=_("Length"), choices=LENGTH_CHOICES, coerce=int, initial=1)
    products = forms.TypedMultipleChoiceField(label=_("Products concerned"), coerce=int, required=False,
                                              widget=forms.CheckboxSelectMultiple)
    team = forms.TypedMultipleChoiceField(label=_("Team attending with you"), coerce=int, required=False,
                                          widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, candidates, products, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["counterpart"].choices = [(r.pk, person_label(r)) for r in candidates]
        self.fields["products"].choices = [  # an uncontrolled product shows no class ("none" is not a word)
            (p.pk, localized(p, "name") if p.control == "none" else f"{localized(p, 'name')} · {p.control}")
            for p in products]
        self.fields["team"].choices = [(r.pk, person_label(r)) for r in team]
        if not products:
            del self.fields["products"]
        if not team:
            del self.fields["team"]


class DeclineForm(forms.Form):
    message = forms.CharField(label=_("Message to the requester"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))


class SlotField(forms.ModelChoiceField):
    """Offers the slots of its queryset (those still ahead) but takes any slot of the event, so that
    one that began while the page was open reaches the service, which refuses it with its reason, not
    "not a choice"."""

    def __init__(self, *args, **kwargs):
        self.event_slots = MeetingSlot.objects.none()
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.event_slots.get(pk=int(value))
        except (TypeError, ValueError, OverflowError, MeetingSlot.DoesNotExist):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None


class ProposeForm(forms.Form):
    slot = SlotField(label=_("Slot you propose"), queryset=MeetingSlot.objects.none(), required=False,
                     error_messages={"invalid_choice": _("Choose one of this event's meeting slots.")})
    message = forms.CharField(label=_("Other time and message"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, event, length: int = 1, people=(), **kwargs):
        """`people`: the registrations of the request (both sides and the team): only the times all of
        them can meet are offered (a time sent from an older page is refused by the service, saying why)."""
        super().__init__(*args, **kwargs)
        slots = MeetingSlot.objects.filter(event=event).order_by("starts_at")
        self.fields["slot"].event_slots = slots
        # Only the slots that start `length` back-to-back slots, each shown to the end of the whole meeting.
        ahead = list(slots.filter(starts_at__gt=clock.now()))
        ends = runs_of_slots(ahead, max(1, length))
        self.fields["slot"].queryset = slots.filter(pk__in=list(ends))
        zone = zoneinfo.ZoneInfo(event.time_zone)
        self.fields["slot"].label_from_instance = lambda slot: slot_label(slot, zone, until=ends.get(slot.pk))
        if people:
            free = slots_all_can_meet(people, ahead, zone)
            position = {slot.pk: index for index, slot in enumerate(ahead)}
            offered = {start for start, last in ends.items()
                       if all(slot.pk in free for slot in ahead[position[start]:position[last.pk] + 1])}
            self.fields["slot"].widget.choices = [(value, label) for value, label in self.fields["slot"].choices
                                                  if value == "" or int(str(value)) in offered]


def slot_label(slot: MeetingSlot, zone, *, until: MeetingSlot | None = None) -> str:
    """A slot as its day and times at the venue, in the page's language ("Вт 24 Сен 09:00–09:30"); str(slot)
    is its UTC start, four hours early in Baku. `until`: the last slot of a longer meeting, whose end is shown."""
    starts = timezone.localtime(slot.starts_at, zone)
    ends = timezone.localtime((until or slot).ends_at, zone)
    return f"{date_format(starts, 'D j M H:i')}–{date_format(ends, 'H:i')}"


class ReviewForm(forms.Form):
    verdict = forms.ChoiceField(label=_("Decision"), choices=[("clear", _("clear: the request goes to the "
                                                                          "counterpart")),
                                                              ("refuse", _("refuse: the request is blocked"))])
    note = forms.CharField(label=_("Internal reason (seen by reviewers only)"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))
    message = forms.CharField(label=_("Message to the requester (shown to them)"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))


class RulesForm(forms.Form):
    requests_open = forms.BooleanField(label=_("Participants may send new requests"), required=False)
    request_quota = forms.IntegerField(label=_("Pending or accepted requests per participant"), min_value=1,
                                       max_value=500)

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = [category for category in categories if category.code in PARTICIPANT_CATEGORIES]
        self.matrix = []
        for requester in self.categories:
            row = []
            for counterpart in self.categories:
                name = f"rule__{requester.code}__{counterpart.code}"
                self.fields[name] = forms.BooleanField(required=False, label=_("%(a)s may request %(b)s") % {
                    "a": localized(requester, "name"), "b": localized(counterpart, "name")})
                row.append(self[name])
            self.matrix.append((requester, row))

    def pairs(self) -> list[tuple[str, str]]:
        return [tuple(name.split("__")[1:]) for name, value in self.cleaned_data.items()
                if name.startswith("rule__") and value]
