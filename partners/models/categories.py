from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class PartnerCategory(models.Model):
    """A category of partner for the yearly recap (IKU 6), with its weight:
    e.g. a QS-ranked university, a national institution, industry."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("10"))],
        help_text=_(
            "How much one agreement with a partner of this category counts in the weighted "
            "recap (IKU 6), e.g. 1.00 for a QS-ranked university, 0.50 for a local community."
        ),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("partner category")
        verbose_name_plural = _("partner categories")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.localized_name

    @property
    def localized_name(self):
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name
