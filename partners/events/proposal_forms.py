"""Forms of event proposals: the coordinator's proposal (times typed in the
event's own zone) and the reviewer's decision."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.events import proposals
from partners.events.models import FIRST_YEAR, YEARS_AHEAD, EventProposal, Repeat
from partners.events.models.proposals import MAX_REPEATS
from partners.forms import LogoField
from partners.models import Institution

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


def _https_urls(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


def _local_input():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_FORMAT)


class ProposalForm(forms.ModelForm):
    """What a coordinator proposes. The institution is the coordinator's own
    (never a field); other co-organisers are named as text."""

    start = forms.DateTimeField(
        label=_("Start"),
        widget=_local_input(),
        input_formats=[LOCAL_FORMAT, "%Y-%m-%d %H:%M"],
        help_text=_("Local time where the event takes place (see the time zone)."),
    )
    end = forms.DateTimeField(
        label=_("End"),
        widget=_local_input(),
        input_formats=[LOCAL_FORMAT, "%Y-%m-%d %H:%M"],
        help_text=_("For a series, the end of the first date; for all-day events, the last day."),
    )
    image = LogoField(
        label=_("Image"),
        required=False,
        help_text=_("Optional. PNG, JPEG or WebP."),
    )

    class Meta:
        model = EventProposal
        formfield_callback = _https_urls
        fields = [
            "title",
            "summary",
            "description",
            "kind",
            "language",
            "audience",
            "start",
            "end",
            "all_day",
            "time_zone",
            "repeat",
            "repeat_count",
            "mode",
            "venue",
            "address",
            "online_url",
            "other_organisers",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "summary": _("One or two sentences shown in lists and calendars."),
            "repeat_count": _("For a series: how many dates in all (2 to 52)."),
            "online_url": _("Meeting or streaming link, for online and hybrid events."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["repeat"].choices = Repeat.choices
        self.fields["repeat_count"].widget.attrs.update({"min": 2, "max": MAX_REPEATS})
        instance = self.instance
        if instance.pk:
            self.initial["start"] = instance.local_start.replace(tzinfo=None)
            end = instance.local_end.replace(tzinfo=None)
            if instance.all_day:
                end = end - datetime.timedelta(days=1)
            self.initial["end"] = end

    def clean_repeat_count(self):
        value = self.cleaned_data.get("repeat_count")
        if value is not None and not 2 <= value <= MAX_REPEATS:
            raise ValidationError(_("Give between 2 and %(most)s dates.") % {"most": MAX_REPEATS})
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("repeat") and not cleaned.get("repeat_count"):
            self.add_error("repeat_count", _("Say how many dates the series has."))
        start, end, zone_name = cleaned.get("start"), cleaned.get("end"), cleaned.get("time_zone")
        if start is None or end is None or not zone_name:
            return cleaned
        start = timezone.make_naive(start) if timezone.is_aware(start) else start
        end = timezone.make_naive(end) if timezone.is_aware(end) else end
        last_year = timezone.localdate().year + YEARS_AHEAD
        for name, value in (("start", start), ("end", end)):
            if not FIRST_YEAR <= value.year <= last_year:
                self.add_error(
                    name,
                    _("Choose a date between the years %(first)s and %(last)s.")
                    % {"first": FIRST_YEAR, "last": last_year},
                )
                return cleaned
        if cleaned.get("all_day"):
            start = datetime.datetime.combine(start.date(), datetime.time())
            end = datetime.datetime.combine(
                end.date() + datetime.timedelta(days=1), datetime.time()
            )
        zone = EventProposal(time_zone=zone_name).zone
        start, end = start.replace(tzinfo=zone), end.replace(tzinfo=zone)
        cleaned["start"], cleaned["end"] = start, end
        if start <= timezone.now():
            self.add_error("start", _("Choose a start in the future."))
        if end < start:
            self.add_error("end", _("The end cannot be before the start."))
        if self.errors:
            return cleaned
        # What the event itself would refuse (place, link, series).
        trial = EventProposal(
            **{
                name: cleaned.get(name)
                for name in self.Meta.fields
                if name in cleaned and name != "image"
            }
        )
        try:
            proposals.proposal_check(trial)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                target = field if field in self.fields else None
                if field == "rrule":
                    target = "repeat"
                for message in messages:
                    self.add_error(target, message)
        return cleaned


DECISIONS = [
    ("approve", _("Approve and publish on the joint calendar")),
    ("changes", _("Ask for changes")),
    ("decline", _("Decline")),
]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Comment to the partner"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when asking for changes (what should change) or declining (why)."),
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Also organised by these partner institutions"),
        queryset=Institution.objects.none(),
        required=False,
        help_text=_(
            "When approving: link the other co-organisers the partner named, if they "
            "are partners. The proposing institution is always an organiser."
        ),
    )

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = (
            Institution.objects.filter(archived_at__isnull=True)
            .exclude(pk=proposal.institution_id)
            .order_by("name")
        )

    def clean(self):
        cleaned = super().clean()
        decision, comment = cleaned.get("decision"), (cleaned.get("comment") or "").strip()
        if decision == "changes" and not comment:
            self.add_error("comment", _("Say what should change."))
        if decision == "decline" and not comment:
            self.add_error("comment", _("Give the reason for declining."))
        return cleaned
