from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partners.models.agreements import Agreement


class PartnerActivityKind(models.TextChoices):
    WORKSHOP = "workshop", _("Workshop or training")
    PUBLICATION = "publication", _("Joint publication")
    EXCHANGE = "exchange", _("Staff or collection exchange")
    RESEARCH = "research", _("Joint research")
    OTHER = "other", _("Other activity")


class PartnerActivity(models.Model):
    """An activity carried out under an agreement that no other app records
    (a workshop, a joint publication...): evidence for accreditation."""

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=PartnerActivityKind.choices)
    title = models.CharField(_("title"), max_length=255)
    date = models.DateField(_("date"))
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    evidence_url = models.URLField(
        _("evidence link"),
        blank=True,
        help_text=_("A report, article, photo album or publication that proves it took place."),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("partner activity")
        verbose_name_plural = _("partner activities")
        ordering = ["-date", "title"]
        indexes = [models.Index(fields=["agreement", "date"])]

    def __str__(self):
        return self.title
