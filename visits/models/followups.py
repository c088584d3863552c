from django.db import models
from django.utils.translation import gettext_lazy as _

from visits.models.requests import VisitRequest


class VisitFollowUp(models.Model):
    """Links a follow-up action (partners.FollowUp) to the visit where it was
    agreed; the link lives here because visits sit above partners."""

    visit = models.ForeignKey(
        VisitRequest,
        verbose_name=_("visit request"),
        on_delete=models.CASCADE,
        related_name="follow_up_links",
    )
    follow_up = models.OneToOneField(
        "partners.FollowUp",
        verbose_name=_("follow-up action"),
        on_delete=models.CASCADE,
        related_name="visit_link",
    )

    class Meta:
        verbose_name = _("follow-up of a visit")
        verbose_name_plural = _("follow-ups of visits")
        ordering = ["follow_up__due_date", "pk"]

    def __str__(self):
        return f"{self.visit_id} · {self.follow_up_id}"
