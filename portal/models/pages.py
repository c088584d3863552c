"""Wagtail page types owned by the portal: home, standard and programme pages."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from portal import extensions
from portal.blocks import RICH_TEXT_FEATURES, BaseStreamBlock


class KnownRestrictionsMixin:
    """A page whose view restrictions ``portal.routing`` already knows.

    Wagtail asks every page it serves for the restrictions of the page and
    its ancestors (two queries). A kept route records whether there were
    any; when there were none, the page it hands to Wagtail says so without
    asking (a restriction saved flushes the kept routes, ``portal.receivers``).
    """

    known_unrestricted = False

    def get_view_restrictions(self):
        if self.known_unrestricted:
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class HomePage(KnownRestrictionsMixin, Page):
    """The site root: hero, the call to request a visit and the latest content."""

    hero_title = models.CharField(_("hero title"), max_length=160)
    hero_text = models.TextField(_("hero text"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_image_alt = models.CharField(_("hero image alternative text"), max_length=250, blank=True)
    visit_call_title = models.CharField(
        _("visit call title"),
        max_length=160,
        blank=True,
        help_text=_("Heading of the box that invites partners to request a study visit."),
    )
    visit_call_text = models.TextField(_("visit call text"), blank=True)
    visit_call_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("visit call link"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The page with the visiting guidelines."),
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_title"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
                FieldPanel("hero_image_alt"),
            ],
            heading=_("Hero"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("visit_call_title"),
                FieldPanel("visit_call_text"),
                FieldPanel("visit_call_page"),
            ],
            heading=_("Study visit call"),
        ),
        FieldPanel("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        """The blocks below the hero come from the apps (and the portal's own
        programmes) through the ``home_sections`` extension point."""
        from django.utils.functional import SimpleLazyObject

        from portal import page_cache

        context = super().get_context(request, *args, **kwargs)
        # Read only when the template's cached fragment of the page's content
        # (keyed on content_cache_key: this revision, the language and the
        # versions of what the sections show, see portal.page_cache) is missing.
        context["sections"] = SimpleLazyObject(
            lambda: extensions.home_sections(home=self, request=request)
        )
        context["content_cache_key"] = (
            f"{self.pk}:{self.latest_revision_id}:{translation.get_language()}:"
            f"{page_cache.stamp(page_cache.DEFAULT_TAGS)}"
        )
        return context


class StandardPage(KnownRestrictionsMixin, Page):
    """A plain content page: about, visiting guidelines, contact."""

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]
    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]

    parent_page_types = ["portal.HomePage", "portal.StandardPage"]
    subpage_types = ["portal.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")


class ProgrammeIndexPage(KnownRestrictionsMixin, Page):
    """Lists the literacy programmes the host runs with its partners."""

    introduction = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.ProgrammePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("programme index page")
        verbose_name_plural = _("programme index pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["programmes"] = (
            ProgrammePage.objects.child_of(self)
            .live()
            .public()
            .select_related("image")
            .order_by("-start_date", "title")
        )
        return context


class ProgrammePage(KnownRestrictionsMixin, Page):
    """A literacy programme, e.g. health literacy run together with a partner."""

    summary = models.TextField(_("summary"), max_length=400)
    focus_area = models.CharField(
        _("focus area"),
        max_length=120,
        blank=True,
        help_text=_("For example: health literacy, digital literacy."),
    )
    partner_names = models.CharField(
        _("partners"),
        max_length=300,
        blank=True,
        help_text=_("Institutions that run the programme with the host."),
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(_("image alternative text"), max_length=250, blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("focus_area"),
        index.SearchField("partner_names"),
        index.SearchField("body"),
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("focus_area"),
                FieldPanel("partner_names"),
                FieldPanel("start_date"),
                FieldPanel("end_date"),
            ],
            heading=_("Programme details"),
        ),
        FieldPanel("image"),
        FieldPanel("image_alt"),
        FieldPanel("body"),
    ]

    parent_page_types = ["portal.ProgrammeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("programme page")
        verbose_name_plural = _("programme pages")

    def get_context(self, request, *args, **kwargs):
        """Other apps add blocks (the programme's shared events) through the
        ``programme_page_sections`` extension point."""
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = extensions.programme_page_sections(page=self, request=request)
        return context

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})
