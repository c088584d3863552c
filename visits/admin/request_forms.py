"""Forms staff use on a request's page in the Wagtail admin."""

import datetime
import zoneinfo

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from portal.widgets import ISODateInput, ISOTimeInput
from visits.forms import VisitRequestForm
from visits.models import Venue
from visits.selectors import staff as staff_selectors
from visits.services.availability import date_problem

RELOAD_MESSAGE = _(
    "This page did not say which version of the request it showed. "
    "Nothing was done: reload the page, check the request, then act again."
)


class ActionForm(forms.Form):
    """Every action carries the version of the request its page showed, so
    an action taken on a page gone stale is refused instead of applied.

    The version is required: a POST without it (an old page, a script, a
    crafted request) would otherwise skip the check."""

    seen = forms.CharField(
        widget=forms.HiddenInput,
        error_messages={"required": RELOAD_MESSAGE},
    )

    def clean_seen(self):
        seen = self.cleaned_data["seen"]
        try:
            datetime.datetime.fromisoformat(seen)
        except ValueError as error:
            raise forms.ValidationError(RELOAD_MESSAGE, code="invalid") from error
        return seen


class ScheduleForm(ActionForm):
    venue = forms.ModelChoiceField(queryset=Venue.objects.none(), label=_("Venue"))
    date = forms.DateField(label=_("Date"), widget=ISODateInput)
    start = forms.TimeField(label=_("Starts at"), widget=ISOTimeInput)
    end = forms.TimeField(label=_("Ends at"), widget=ISOTimeInput)
    host_staff = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(), label=_("Host"), required=False
    )
    note = forms.CharField(
        label=_("Note to the partner"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = staff_selectors.active_venues()
        self.fields["host_staff"].queryset = staff_selectors.host_candidates()

    def clean(self):
        cleaned = super().clean()
        venue, day = cleaned.get("venue"), cleaned.get("date")
        start, end = cleaned.get("start"), cleaned.get("end")
        if venue and day:
            problem = date_problem(venue=venue, day=day, check_window=False)
            if problem:
                self.add_error("date", problem)
                return cleaned
        if venue and day and start and end:
            zone = zoneinfo.ZoneInfo(venue.time_zone)
            cleaned["start_at"] = datetime.datetime.combine(day, start, tzinfo=zone)
            cleaned["end_at"] = datetime.datetime.combine(day, end, tzinfo=zone)
            if cleaned["end_at"] <= cleaned["start_at"]:
                self.add_error("end", _("The end of the visit must be after its start."))
        return cleaned


class NoteForm(ActionForm):
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class RequiredNoteForm(ActionForm):
    note = forms.CharField(
        label=_("Reason or request to the partner"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Reply to the partner"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AssignForm(ActionForm):
    handler = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(),
        label=_("Assign to"),
        required=False,
        empty_label=_("Unassigned"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = staff_selectors.host_candidates()


class InternalNoteForm(forms.Form):
    body = forms.CharField(
        label=_("Internal note (staff only; the partner never sees it)"),
        max_length=5000,
        error_messages={"required": _("Write the note first.")},
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RescheduleForm(ScheduleForm):
    """Move a scheduled visit: the new time, and why (the partner reads it)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("host_staff")
        self.fields["note"] = forms.CharField(
            label=_("Reason for the move (sent to the partner)"),
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 2}),
            error_messages={"required": _("Give the reason for moving the visit.")},
        )


class RecordForPartnerForm(VisitRequestForm):
    """Booking on behalf: the partner's own request form, filled in by staff
    for a verified institution whose contact phoned or wrote. The same venue
    and slot rules apply; no privacy consent is asked (the partner did not
    fill it in), and the letter is optional (a phone call has none)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, institutions=staff_selectors.institutions_for_recording(), **kwargs)
        self.fields.pop(self.consent_field_name)
        institution = self.fields["institution"]
        institution.widget = forms.Select(choices=institution.choices)
        self.fields["request_letter"].required = False
        self.fields["request_letter"].help_text = _(
            "If the partner sent a signed letter, as a PDF; otherwise leave it empty."
        )
