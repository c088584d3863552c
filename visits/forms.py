"""Forms of the partner side: the request, its cancellation and messages."""

import datetime
import uuid
import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.models.privacy import ConsentPurpose
from portal.privacy.forms import ConsentFormMixin
from portal.uploads import validate_pdf
from portal.widgets import ISODateInput, ISOTimeInput, show_objects
from visits import selectors
from visits.models import MAX_PREFERRED_SLOTS, VisitRequest
from visits.services.availability import slot_problems

MAKE_UP_FIELDS = (
    "leaders_count",
    "staff_count",
    "librarians_count",
    "students_count",
    "others_count",
)


SLOT_NAMES = {
    1: _("1st preferred time"),
    2: _("2nd preferred time"),
    3: _("3rd preferred time"),
}


class TopicChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class PreferredSlotsMixin:
    """Up to MAX_PREFERRED_SLOTS preferred times (date, from, until; the first
    required), read in the venue's zone and checked against its rules."""

    def add_slot_fields(self):
        for position in range(1, MAX_PREFERRED_SLOTS + 1):
            required = position == 1
            self.fields[f"slot_{position}_date"] = forms.DateField(
                label=_("Preferred date %(number)s") % {"number": position},
                required=required,
                widget=ISODateInput,
            )
            self.fields[f"slot_{position}_start"] = forms.TimeField(
                label=_("From"), required=required, widget=ISOTimeInput
            )
            self.fields[f"slot_{position}_end"] = forms.TimeField(
                label=_("Until"), required=required, widget=ISOTimeInput
            )

    def slot_field_names(self):
        return [
            (
                self[f"slot_{position}_date"],
                self[f"slot_{position}_start"],
                self[f"slot_{position}_end"],
            )
            for position in range(1, MAX_PREFERRED_SLOTS + 1)
        ]

    def clean_slots(self, cleaned, *, venue, current=None, **rules):
        """The complete, distinct slots as (start, end) in the venue's zone;
        each problem is added to its row's date field, naming the slot.
        ``current``: the visit's present time, refused as a new choice;
        ``rules``: more arguments for ``slot_problems``."""
        slots, seen = [], set()
        for position in range(1, MAX_PREFERRED_SLOTS + 1):
            parts = [cleaned.get(f"slot_{position}_{part}") for part in ("date", "start", "end")]
            if not any(parts):
                continue
            field = f"slot_{position}_date"

            def refuse(problem, field=field, position=position):
                # Name the slot: the message may be read away from its row
                # (a screen reader's list of errors, a summary at the top).
                self.add_error(
                    field,
                    _("%(slot)s: %(problem)s") % {"slot": SLOT_NAMES[position], "problem": problem},
                )

            if not all(parts):
                if field not in self.errors:
                    refuse(_("Give the date, the start and the end time."))
                continue
            if venue is None:
                continue
            day, start, end = parts
            zone = zoneinfo.ZoneInfo(venue.time_zone)
            start_at = datetime.datetime.combine(day, start, tzinfo=zone)
            end_at = datetime.datetime.combine(day, end, tzinfo=zone)
            if (start_at, end_at) in seen:
                refuse(_("This time is already one of your choices."))
                continue
            if current is not None and (start_at, end_at) == current:
                refuse(_("This is the time the visit has now."))
                continue
            seen.add((start_at, end_at))
            for problem in slot_problems(
                venue=venue, start=start_at, end=end_at, now=self.now, **rules
            ):
                refuse(problem)
            slots.append((start_at, end_at))
        return slots


class VisitRequestForm(PreferredSlotsMixin, ConsentFormMixin, forms.ModelForm):
    """What a partner fills in; state, schedule and staff fields are not on it.

    A new request also asks for consent to the current privacy notice for this
    purpose (UU PDP), which ``visit_request_submit`` records with the request;
    an edit after "changes requested" does not ask again."""

    consent_purpose = ConsentPurpose.VISIT_REQUEST

    institution = forms.ModelChoiceField(queryset=None, label=_("Institution"), required=True)
    venue = forms.ModelChoiceField(queryset=None, label=_("Venue"), required=True)
    topics = TopicChoiceField(
        queryset=None, label=_("Topics"), required=False, widget=forms.CheckboxSelectMultiple
    )
    request_letter = forms.FileField(
        label=_("Official request letter (PDF)"),
        validators=[validate_pdf],
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        help_text=_("The signed letter of your institution, as a PDF."),
    )
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)

    class Meta:
        model = VisitRequest
        fields = [
            "institution",
            "venue",
            "purpose",
            "topics",
            "other_topics",
            "group_size",
            *MAKE_UP_FIELDS,
            "contact_name",
            "contact_email",
            "contact_phone",
            "accessibility_needs",
            "interpreter_needed",
            "interpreter_language",
            "notes",
            "agreement",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "accessibility_needs": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, institutions, now=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now
        self.editing = editing
        # Each list of choices is read once (venues and topics from the
        # shared cache); the querysets check what is submitted.
        self.fields["institution"].queryset = institutions
        institutions = list(institutions)
        show_objects(self.fields["institution"], institutions)
        if len(institutions) == 1:
            self.fields["institution"].initial = institutions[0].pk
            self.fields["institution"].widget = forms.HiddenInput()
        venues, topics = selectors.request_form_choices()
        self.fields["venue"].queryset = selectors.public_venues()
        show_objects(self.fields["venue"], venues)
        if len(venues) == 1:
            self.fields["venue"].initial = venues[0].pk
            self.fields["venue"].widget = forms.HiddenInput()
        self.fields["topics"].queryset = selectors.active_topics()
        show_objects(self.fields["topics"], topics)
        agreements = selectors.agreements_for_institutions(institutions)
        self.fields["agreement"].queryset = agreements
        show_objects(self.fields["agreement"], list(agreements))
        self.fields["agreement"].required = False
        if editing:
            self.fields["institution"].disabled = True
            self.fields["request_letter"].required = False
            self.fields["request_letter"].help_text = _(
                "Upload a new letter only if it has changed."
            )
            self.fields.pop("idempotency_key")
            self.fields.pop(self.consent_field_name)
        elif not self.is_bound:
            self.fields["idempotency_key"].initial = uuid.uuid4()
        self.add_slot_fields()
        for name in MAKE_UP_FIELDS:
            self.fields[name].widget.attrs["min"] = 0
        self.fields["group_size"].widget.attrs["min"] = 1

    def main_fields(self):
        slot_names = {f"slot_{p}_{part}" for p in range(1, 4) for part in ("date", "start", "end")}
        return [field for field in self.visible_fields() if field.name not in slot_names]

    def clean(self):
        cleaned = super().clean()
        institution = cleaned.get("institution")
        agreement = cleaned.get("agreement")
        if agreement and institution and not selectors.agreement_covers(agreement, institution):
            self.add_error(
                "agreement", _("Choose an agreement of the institution the request is for.")
            )
        size = cleaned.get("group_size")
        if size is not None and all(cleaned.get(name) is not None for name in MAKE_UP_FIELDS):
            total = sum(cleaned[name] for name in MAKE_UP_FIELDS)
            if total != size:
                self.add_error(
                    "group_size",
                    _(
                        "The group make-up adds up to %(total)s people, "
                        "but the group size is %(size)s."
                    )
                    % {"total": total, "size": size},
                )
        venue = cleaned.get("venue")
        if venue and size and size > venue.max_group_size:
            self.add_error(
                "group_size",
                _("The group is too large: %(venue)s receives at most %(limit)s visitors at once.")
                % {"venue": venue.name, "limit": venue.max_group_size},
            )
        # The venue's quota counts the institution's other requests (an edit
        # after "changes requested" does not count against itself).
        cleaned["slots"] = self.clean_slots(
            cleaned,
            venue=venue,
            institution=cleaned.get("institution"),
            exclude_request=self.instance if self.instance.pk else None,
        )
        return cleaned


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you cancelling?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The host's staff will read this."),
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ChangeRequestForm(PreferredSlotsMixin, forms.Form):
    """The partner asks for another time for a scheduled visit: up to three
    new preferred times (in the venue's zone, checked against its rules) and
    the reason."""

    reason = forms.CharField(
        label=_("Why do you need another time?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The host's staff will read this."),
    )

    def __init__(self, *args, visit, now=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.visit = visit
        self.now = now
        self.add_slot_fields()

    def clean(self):
        cleaned = super().clean()
        cleaned["slots"] = self.clean_slots(
            cleaned,
            venue=self.visit.venue,
            current=(self.visit.scheduled_start, self.visit.scheduled_end),
            group_size=self.visit.group_size,
            exclude_request=self.visit,
            institution=self.visit.institution,
        )
        return cleaned


class ParticipantForm(forms.Form):
    """One member of the delegation (the partner's list, one row at a time)."""

    name = forms.CharField(label=_("Name"), max_length=150)
    position = forms.CharField(
        label=_("Position"),
        max_length=150,
        required=False,
        help_text=_("For example: Head librarian, lecturer, student."),
    )
    email = forms.EmailField(
        label=_("E-mail (optional)"),
        required=False,
        help_text=_("Only if the host may need to reach them; other institutions never see it."),
    )
