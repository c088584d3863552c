"""The named delegation of a visit: who the partner brings, and who came."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from visits.models.requests import VisitRequest


class Attendance(models.TextChoices):
    UNMARKED = "", pgettext_lazy("attendance", "Not marked")
    PRESENT = "present", pgettext_lazy("attendance", "Present")
    ABSENT = "absent", pgettext_lazy("attendance", "Absent")


class VisitParticipantQuerySet(models.QuerySet):
    def present(self):
        return self.filter(attendance=Attendance.PRESENT)

    def marked(self):
        return self.exclude(attendance=Attendance.UNMARKED)


class VisitParticipant(models.Model):
    """One named member of a visiting group, listed by the partner; staff mark
    at the visit whether they came. An empty name means the row was
    anonymised (account deletion or retention): the attendance stays for the
    statistics."""

    request = models.ForeignKey(
        VisitRequest,
        verbose_name=_("visit request"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    name = models.CharField(_("name"), max_length=150, blank=True)
    position = models.CharField(
        _("position"),
        max_length=150,
        blank=True,
        help_text=_("For example: Head librarian, lecturer, student."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    attendance = models.CharField(
        _("attendance"),
        max_length=8,
        choices=Attendance.choices,
        default=Attendance.UNMARKED,
        blank=True,
    )
    attendance_marked_at = models.DateTimeField(_("attendance marked at"), null=True, blank=True)
    attendance_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attendance marked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("added at"), default=timezone.now)

    objects = VisitParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["request", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(attendance__in=Attendance.values),
                name="visits_visitparticipant_attendance_valid",
            ),
        ]

    def __str__(self):
        return self.name or str(_("(anonymised)"))

    @property
    def is_present(self):
        return self.attendance == Attendance.PRESENT

    @property
    def is_anonymised(self):
        return not self.name
