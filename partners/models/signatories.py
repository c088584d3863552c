from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from partners.models.agreements import Agreement


class SignatorySide(models.TextChoices):
    HOST = "host", _("Our side")
    PARTNER = "partner", _("Partner's side")


class Signatory(models.Model):
    """Who signed (or is to sign) an agreement, on either side."""

    agreement = ParentalKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="signatories",
    )
    side = models.CharField(_("side"), max_length=8, choices=SignatorySide.choices)
    name = models.CharField(_("name"), max_length=150)
    position = models.CharField(_("position"), max_length=150)
    signed_on = models.DateField(_("date signed"), null=True, blank=True)
    sort_order = models.IntegerField(null=True, blank=True, editable=False)

    sort_order_field = "sort_order"
    panels = [
        FieldPanel("side"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("position"), FieldPanel("signed_on")]),
    ]

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["side", "sort_order", "pk"]

    def __str__(self):
        return f"{self.name} ({self.position})"
