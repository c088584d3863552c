"""Events partner coordinators propose for the joint programme calendar.

A proposal is its own record, not an event: nothing of it reaches a page, a
feed, the API or search until staff approve it, when
``partners.events.proposals.proposal_approve`` creates the ``Event`` (with
the proposing institution as partner organiser) and links it here. Until
then only the proposing institution's members and staff see it.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.events.choices import EventKind, EventLanguage, EventMode
from partners.events.recurrence import LocalTimes
from portal.choices import TimeZone


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted, awaiting review")
    CHANGES_REQUESTED = "changes", _("Changes requested")
    DECLINED = "declined", _("Declined")
    PUBLISHED = "published", _("Approved and published")


# The proposing coordinator may still change these.
EDITABLE_STATUSES = (ProposalStatus.SUBMITTED, ProposalStatus.CHANGES_REQUESTED)


class Repeat(models.TextChoices):
    """The series a partner can propose (an editor can refine the rule later)."""

    NONE = "", _("Does not repeat")
    WEEKLY = "weekly", _("Every week")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")
    MONTHLY = "monthly", _("Every month, on the same date")


REPEAT_RULES = {
    Repeat.WEEKLY: "FREQ=WEEKLY",
    Repeat.FORTNIGHTLY: "FREQ=WEEKLY;INTERVAL=2",
    Repeat.MONTHLY: "FREQ=MONTHLY",
}
MAX_REPEATS = 52


class EventProposal(LocalTimes, models.Model):
    institution = models.ForeignKey(
        "partners.Institution",
        verbose_name=_("proposing institution"),
        on_delete=models.CASCADE,
        related_name="event_proposals",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=400)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    language = models.CharField(
        _("language of the event"),
        max_length=5,
        choices=EventLanguage.choices,
        default=EventLanguage.INDONESIAN,
    )
    audience = models.CharField(_("audience"), max_length=200, blank=True)
    mode = models.CharField(
        _("mode"), max_length=10, choices=EventMode.choices, default=EventMode.ON_SITE
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    all_day = models.BooleanField(_("all day"), default=False)
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=TimeZone.choices, default=TimeZone.WIB
    )
    repeat = models.CharField(
        _("repeats"), max_length=12, choices=Repeat.choices, default=Repeat.NONE, blank=True
    )
    repeat_count = models.PositiveSmallIntegerField(_("number of dates"), null=True, blank=True)
    other_organisers = models.CharField(
        _("other co-organisers"),
        max_length=300,
        blank=True,
        help_text=_("Other institutions that organise it with you, by name."),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ProposalStatus.choices,
        default=ProposalStatus.SUBMITTED,
    )
    staff_comment = models.TextField(
        _("comment from the reviewer"),
        blank=True,
        help_text=_("The changes asked for, or the reason for declining."),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    times_submitted = models.PositiveSmallIntegerField(_("times submitted"), default=1)
    event = models.OneToOneField(
        "events.Event",
        verbose_name=_("published event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposal",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("event proposal")
        verbose_name_plural = _("event proposals")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="events_proposal_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[choice.value for choice in ProposalStatus]),
                name="events_proposal_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["institution", "status"])]
        permissions = [("review_eventproposal", "Can review event proposals")]

    def __str__(self):
        return self.title

    @property
    def rrule(self):
        rule = REPEAT_RULES.get(self.repeat)
        if not rule:
            return ""
        return f"{rule};COUNT={self.repeat_count or 2}"

    @property
    def is_editable(self):
        return self.status in EDITABLE_STATUSES

    def get_start_display(self):
        from django.utils.formats import date_format

        from portal.utils.dates import zone_label

        local = self.local_start
        return f"{date_format(local, 'DATETIME_FORMAT')} {zone_label(local)}"
