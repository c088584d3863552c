"""People who write and edit news, and the categories articles are filed under."""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class NewsPerson(index.Indexed, models.Model):
    """A writer or editor named in article credits; optionally a portal account."""

    name = models.CharField(_("name"), max_length=150)
    handle = models.CharField(
        _("byline handle"),
        max_length=60,
        blank=True,
        help_text=_(
            'Shown as "By <handle>" at the top of an article. Leave empty to use the '
            "part of the linked account's e-mail address before the @, or the name."
        ),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news_person",
    )

    panels = [FieldPanel("name"), FieldPanel("handle"), FieldPanel("user")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("news person")
        verbose_name_plural = _("news people")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.handle and self.user_id and self.user.email:
            self.handle = self.user.email.split("@", 1)[0][:60]
        super().save(*args, **kwargs)

    @property
    def byline(self):
        return self.handle or self.name


class NewsCategory(index.Indexed, models.Model):
    """A section of the newsroom, e.g. visits, cooperation, literacy."""

    name = models.CharField(_("name (Indonesian)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80, blank=True)
    slug = models.SlugField(
        _("slug"), max_length=80, unique=True, help_text=_("Used in addresses and feeds.")
    )

    panels = [FieldPanel("name"), FieldPanel("name_en"), FieldPanel("slug")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:80] or "kategori"
        super().save(*args, **kwargs)

    @property
    def display_name(self):
        """The name in the reader's language."""
        if translation.get_language() == "en" and self.name_en:
            return self.name_en
        return self.name
