"""Forms: the admin event form (times in the event's own zone) and the
public filters."""

import datetime
import re
from zoneinfo import ZoneInfo

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateTimeInput

from partners.events import occurrences, selectors, services
from partners.events.choices import EventKind, EventMode
from partners.events.models import FIRST_YEAR, YEARS_AHEAD
from portal.models import ProgrammePage

MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


def _wall_clock(value):
    """What the editor typed: Django made it aware in the admin's zone."""
    return timezone.make_naive(value) if timezone.is_aware(value) else value


class EventAdminForm(WagtailAdminModelForm):
    """Start and end are typed in the event's own zone, whatever the editor's."""

    start = forms.DateTimeField(
        label=_("Start"),
        widget=AdminDateTimeInput,
        help_text=_(
            "Local time in the event's time zone. For all-day events only the date counts."
        ),
    )
    end = forms.DateTimeField(
        label=_("End"),
        widget=AdminDateTimeInput,
        help_text=_("Local time in the event's time zone; for all-day events, the last day."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance.pk and instance.start and instance.end:
            try:
                self.initial["start"] = instance.local_start.replace(tzinfo=None)
                end = instance.local_end.replace(tzinfo=None)
                if instance.all_day:
                    end = datetime.datetime.combine(instance.last_day, datetime.time())
            except OverflowError:
                # Stored around the form, beyond year 9999 in the event's
                # zone: show the stored UTC times; saving asks for new ones.
                self.initial["start"] = instance.start.replace(tzinfo=None)
                end = instance.end.replace(tzinfo=None)
            self.initial["end"] = end

    def clean(self):
        cleaned = super().clean()
        zone_name = cleaned.get("time_zone")
        start, end = cleaned.get("start"), cleaned.get("end")
        if not zone_name or start is None or end is None:
            return cleaned
        zone = ZoneInfo(zone_name)
        start, end = _wall_clock(start), _wall_clock(end)
        last_year = timezone.localdate().year + YEARS_AHEAD
        outside = [
            name
            for name, value in (("start", start), ("end", end))
            if not FIRST_YEAR <= value.year <= last_year
        ]
        for name in outside:
            self.add_error(
                name,
                _("Choose a date between the years %(first)s and %(last)s.")
                % {"first": FIRST_YEAR, "last": last_year},
            )
        if outside:
            return cleaned
        if cleaned.get("all_day"):
            start = datetime.datetime.combine(start.date(), datetime.time())
            end = datetime.datetime.combine(
                end.date() + datetime.timedelta(days=1), datetime.time()
            )
        cleaned["start"] = start.replace(tzinfo=zone)
        cleaned["end"] = end.replace(tzinfo=zone)
        if cleaned["end"] < cleaned["start"]:
            self.add_error("end", _("The end cannot be before the start."))
        return cleaned

    def is_valid(self):
        """The event and its changed dates each valid, then the changes
        checked against the series as typed (partners.events.occurrences);
        each problem is shown on its change."""
        valid = super().is_valid()
        formset = self.formsets.get("occurrence_changes")
        if not valid or formset is None:
            return valid
        deleted = set(formset.deleted_forms)
        kept = [form for form in formset.forms if form not in deleted and form.cleaned_data]
        problems = occurrences.check(self.instance, [form.instance for form in kept])
        for index, field, message in problems:
            kept[index].add_error(field, message)
        return not problems

    def save(self, commit=True):
        """The admin's create, copy and edit views save here: through
        services.event_save, then the partner organisers."""
        event = super().save(commit=False)
        if commit:
            services.event_save(event)
            self.save_m2m()
        return event


def parse_month(value):
    """(year, month) from "YYYY-MM", or None when malformed or out of range."""
    match = MONTH_PATTERN.match(value or "")
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not (1900 <= year <= 2999 and 1 <= month <= 12):
        return None
    return year, month


class EventFilterForm(forms.Form):
    """The filters of the public event lists; every value is checked."""

    partner = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=selectors.partners_for_filter(),
        to_field_name="slug",
        required=False,
        empty_label=_("All partners"),
    )
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=ProgrammePage.objects.none(),
        required=False,
        empty_label=_("All programmes"),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *EventKind.choices], required=False
    )
    mode = forms.ChoiceField(
        label=_("Mode"), choices=[("", _("Any mode")), *EventMode.choices], required=False
    )
    # A month input may not carry placeholder or maxlength (HTML spec); the
    # length is still checked here, and a malformed value gets a message.
    month = forms.CharField(
        label=_("Month"),
        required=False,
        validators=[MaxLengthValidator(7)],
        widget=forms.TextInput(attrs={"type": "month"}),
    )

    def __init__(self, *args, locale=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = selectors.programmes_for_filter(locale=locale)

    def clean_month(self):
        value = self.cleaned_data["month"]
        if not value:
            return None
        parsed = parse_month(value)
        if parsed is None:
            raise forms.ValidationError(_("Write the month as YYYY-MM, e.g. 2026-12."))
        return parsed

    def apply(self, queryset):
        """Filter ``queryset`` by the valid values (call after is_valid())."""
        data = self.cleaned_data
        return selectors.events_filtered(
            queryset,
            partner=data.get("partner"),
            programme=data.get("programme"),
            kind=data.get("kind"),
            mode=data.get("mode"),
        )
