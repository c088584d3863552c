"""Site-wide settings edited in the Wagtail admin (Settings → Site settings)."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import TranslatableMixin

from portal.utils.reference_numbers import DEFAULT_PATTERN, validate_pattern


class SiteSettings(BaseSiteSetting):
    """Contact details and social links shown in the footer and contact page."""

    organisation_name = models.CharField(
        _("organisation name"), max_length=160, default="Open Library Bandung"
    )
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    opening_hours_en = models.CharField(
        _("opening hours (English)"),
        max_length=200,
        blank=True,
        help_text=_("Shown on the English pages; leave empty to show the Indonesian text."),
    )
    map_url = models.URLField(_("map link"), blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)
    youtube_url = models.URLField(_("YouTube"), blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)
    x_url = models.URLField(_("X (Twitter)"), blank=True)
    tiktok_url = models.URLField(_("TikTok"), blank=True)

    # The host's official letters (the reply to a visit request).
    letter_logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("letterhead logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    letter_place = models.CharField(
        _("place of issue"),
        max_length=80,
        blank=True,
        default="Bandung",
        help_text=_("The city written before a letter's date, e.g. Bandung."),
    )
    letter_signatory_name = models.CharField(
        _("signatory's name"),
        max_length=160,
        blank=True,
        help_text=_("Who signs the reply letters. Without a name and a position none is issued."),
    )
    letter_signatory_position = models.CharField(
        _("signatory's position"), max_length=160, blank=True
    )
    letter_signatory_position_en = models.CharField(
        _("signatory's position (English)"),
        max_length=160,
        blank=True,
        help_text=_("Written on letters in English; leave empty to use the Indonesian one."),
    )
    letter_number_pattern = models.CharField(
        _("reference number format"),
        max_length=80,
        default=DEFAULT_PATTERN,
        validators=[validate_pattern],
        help_text=_(
            "{seq} is the letter's number in the year (write {seq:03d} for 012), {month_roman} "
            "the month in Roman numerals, {month} its number, {year} the year. The numbers start "
            "again at 1 each year and are never given twice."
        ),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation_name"),
                FieldPanel("address"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("opening_hours"),
                FieldPanel("opening_hours_en"),
                FieldPanel("map_url"),
            ],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("instagram_url"),
                FieldPanel("youtube_url"),
                FieldPanel("facebook_url"),
                FieldPanel("x_url"),
                FieldPanel("tiktok_url"),
            ],
            heading=_("Social media"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("letter_logo"),
                FieldPanel("letter_place"),
                FieldPanel("letter_signatory_name"),
                FieldPanel("letter_signatory_position"),
                FieldPanel("letter_signatory_position_en"),
                FieldPanel("letter_number_pattern"),
            ],
            heading=_("Reply letters"),
            help_text=_(
                "The letterhead takes the organisation's name, address, phone and e-mail above."
            ),
        ),
    ]

    class Meta:
        verbose_name = _("site settings")

    @classmethod
    def for_request(cls, request):
        """The site's settings, kept in the cache until a setting changes
        (portal.page_cache), so a page render need not query them."""
        from wagtail.models import Site

        from portal import page_cache

        attr_name = cls.get_cache_attr_name()
        if hasattr(request, attr_name):
            return getattr(request, attr_name)
        site = Site.find_for_request(request)
        if site is None:
            return super().for_request(request)
        instance = page_cache.cached_fragment(
            f"site-settings:{site.pk}", ("settings",), lambda: cls.for_site(site)
        )
        instance._request = request
        setattr(request, attr_name, instance)
        return instance

    @property
    def opening_hours_display(self):
        """The opening hours in the reader's language."""
        if translation.get_language() == "en" and self.opening_hours_en:
            return self.opening_hours_en
        return self.opening_hours

    def letter_signatory_position_in(self, language):
        """The signatory's position as a letter in ``language`` writes it."""
        if language == "en" and self.letter_signatory_position_en:
            return self.letter_signatory_position_en
        return self.letter_signatory_position

    @property
    def social_links(self):
        links = [
            ("Instagram", self.instagram_url),
            ("YouTube", self.youtube_url),
            ("Facebook", self.facebook_url),
            ("X", self.x_url),
            ("TikTok", self.tiktok_url),
        ]
        return [(name, url) for name, url in links if url]


class FooterText(TranslatableMixin, models.Model):
    """The short text in the footer, one per language."""

    body = models.TextField(_("body"))

    panels = [FieldPanel("body")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("footer text")
        verbose_name_plural = _("footer texts")

    def __str__(self):
        return self.body[:60]
