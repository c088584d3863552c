"""Menus editors manage in the admin (Settings → Menus): one per place and language."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, TranslatableMixin


class MenuSlot(models.TextChoices):
    MAIN = "main", _("Main menu (header)")
    FOOTER = "footer", _("Footer menu")


class MenuSection(models.TextChoices):
    """Parts of the portal that are not Wagtail pages (SECTION_URL_NAMES)."""

    EVENTS = "events", _("Shared events")
    EVENTS_MONTH = "events-month", _("Shared events, month view")
    PARTNERS = "partners", _("Partner directory")
    VISITS = "visits", _("Visit guide and calendar")


# Reversed in the reader's language; stored keys stay stable if a URL is renamed.
SECTION_URL_NAMES = {
    MenuSection.EVENTS: "events:event-list",
    MenuSection.EVENTS_MONTH: "events:event-month",
    MenuSection.PARTNERS: "partners:directory",
    MenuSection.VISITS: "visits:visiting",
}


class Menu(TranslatableMixin, ClusterableModel):
    """The ordered links of one menu in one language (translate it to copy the links)."""

    slot = models.CharField(_("place"), max_length=20, choices=MenuSlot.choices)

    panels = [
        FieldPanel("slot"),
        InlinePanel("items", heading=_("Links"), label=_("link")),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("menu")
        verbose_name_plural = _("menus")
        constraints = [
            models.UniqueConstraint(fields=["slot", "locale"], name="portal_menu_one_per_locale"),
        ]

    def __str__(self):
        return f"{self.get_slot_display()} ({self.locale})"


class MenuItem(Orderable):
    """One link: to a page (shown in the reader's language), a portal section or a URL."""

    menu = ParentalKey(Menu, on_delete=models.CASCADE, related_name="items")
    label = models.CharField(
        _("label"),
        max_length=60,
        blank=True,
        help_text=_("Leave empty to use the page's title or the section's usual name."),
    )
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Readers see the page's translation in their language when there is one."),
    )
    link_section = models.CharField(
        _("portal section"), max_length=20, blank=True, choices=MenuSection.choices
    )
    link_url = models.URLField(_("external address"), blank=True)

    panels = [
        FieldPanel("label"),
        MultiFieldPanel(
            [FieldPanel("link_page"), FieldPanel("link_section"), FieldPanel("link_url")],
            heading=_("Link to (choose one)"),
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("menu link")
        verbose_name_plural = _("menu links")

    def __str__(self):
        return self.label or self.get_link_section_display() or self.link_url or str(self.link_page)

    def clean(self):
        targets = [bool(self.link_page_id), bool(self.link_section), bool(self.link_url)]
        if sum(targets) != 1:
            raise ValidationError(
                _("Choose exactly one of a page, a portal section or an address.")
            )
        if self.link_url and not self.label:
            raise ValidationError({"label": _("A link to another site needs a label.")})
