"""Changes to one date of a series: moved, at another venue, with a note,
or cancelled, while the other dates keep following the repeat rule.

Editors make them on the event's edit screen (an inline); what a save
derives from them is kept on the event (``Event.date_changes``, see
``partners.events.occurrences``), so lists and feeds read no extra rows.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey


class OccurrenceChange(models.Model):
    """One date of a series, changed. Times are wall-clock times in the
    event's own zone, as the editor types them."""

    event = ParentalKey(
        "events.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="occurrence_changes",
    )
    occurrence_date = models.DateField(
        _("date in the series"),
        help_text=_("The date as the repeat rule gives it, e.g. the second Saturday."),
    )
    is_cancelled = models.BooleanField(
        _("cancelled"),
        default=False,
        help_text=_("This date does not take place; the other dates stay."),
    )
    new_date = models.DateField(
        _("moved to"), null=True, blank=True, help_text=_("Empty: the same date.")
    )
    new_start_time = models.TimeField(
        _("new start time"), null=True, blank=True, help_text=_("Empty: the series' time.")
    )
    new_end_time = models.TimeField(
        _("new end time"), null=True, blank=True, help_text=_("Empty: the series' length.")
    )
    venue = models.CharField(
        _("venue"), max_length=200, blank=True, help_text=_("Empty: the series' venue.")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    note = models.CharField(
        _("note"),
        max_length=200,
        blank=True,
        help_text=_("Shown with this date, e.g. “Moved because of the public holiday”."),
    )

    class Meta:
        verbose_name = _("change to one date")
        verbose_name_plural = _("changes to single dates")
        ordering = ["occurrence_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "occurrence_date"], name="events_one_change_per_date"
            ),
            models.CheckConstraint(
                condition=Q(new_end_time__isnull=True)
                | Q(new_start_time__isnull=True)
                | Q(new_end_time__gt=models.F("new_start_time")),
                name="events_change_end_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.event} – {self.occurrence_date:%Y-%m-%d}"

    @property
    def is_moved(self):
        return bool(self.new_date or self.new_start_time or self.new_end_time)

    @property
    def changes_anything(self):
        return self.is_cancelled or self.is_moved or bool(self.venue or self.address or self.note)
