"""View counts, kept out of the page model.

Wagtail writes a page's revision content back onto the page on every
publish, which would overwrite a counter stored on the page itself; so the
count lives in its own table, one row per article, raised with an atomic
``UPDATE ... SET count = count + 1``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NewsPageViews(models.Model):
    page = models.OneToOneField(
        "news.NewsPage",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="view_stats",
    )
    count = models.PositiveBigIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("article view count")
        verbose_name_plural = _("article view counts")

    def __str__(self):
        return f"{self.page_id}: {self.count}"
