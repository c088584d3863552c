from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from partners.provinces import Province, time_zone_for_province
from portal.choices import TimeZone


class InstitutionKind(models.TextChoices):
    UNIVERSITY_LIBRARY = "university", _("University library")
    HEALTH_POLYTECHNIC = "health_polytechnic", _("Health polytechnic")
    PUBLIC_LIBRARY = "public", _("Public library")
    SCHOOL_LIBRARY = "school", _("School library")
    SPECIAL_LIBRARY = "special", _("Special library")
    COMMUNITY = "community", _("Community reading centre")
    GOVERNMENT = "government", _("Government agency")
    OTHER = "other", _("Other")


class InstitutionQuerySet(models.QuerySet):
    def public(self):
        """What anyone may see: verified and not archived."""
        return self.unarchived().filter(is_verified=True)

    def unarchived(self):
        return self.filter(archived_at__isnull=True)

    def for_user(self, user):
        """The institutions on whose behalf ``user`` may act: an active
        membership, and the institution not archived.

        Every partner-facing read and permission check goes through this, so
        archiving an institution cuts its members off everywhere at once.
        """
        if not user.is_authenticated:
            return self.none()
        return (
            self.unarchived()
            .filter(memberships__user=user, memberships__state=Membership.State.ACTIVE)
            .distinct()
        )

    def archived_for_user(self, user):
        """Archived institutions in which ``user`` still holds an active
        membership: only to tell them why their pages are gone."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            archived_at__isnull=False,
            memberships__user=user,
            memberships__state=Membership.State.ACTIVE,
        ).distinct()


class Institution(index.Indexed, models.Model):
    """A partner organisation: a library, school, agency or community."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=False)
    kind = models.CharField(_("kind"), max_length=32, choices=InstitutionKind.choices)
    category = models.ForeignKey(
        "partners.PartnerCategory",
        verbose_name=_("partner category (IKU 6)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="institutions",
        help_text=_("Weighs the partner's agreements in the yearly recap."),
    )
    address = models.TextField(_("address"), blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    province = models.CharField(_("province"), max_length=16, choices=Province.choices)
    country = models.CharField(_("country"), max_length=2, default="ID")
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        choices=TimeZone.choices,
        blank=True,
        help_text=_("Leave empty to use the province's zone (WIB, WITA or WIT)."),
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = models.TextField(_("public description"), blank=True)
    description_en = models.TextField(_("public description in English"), blank=True)
    is_verified = models.BooleanField(
        _("verified"),
        default=False,
        help_text=_("Only verified institutions are listed publicly."),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = InstitutionQuerySet.as_manager()

    # Site search (portal.search): public fields only; the filters are those
    # of InstitutionQuerySet.public().
    search_fields = [
        index.SearchField("name", boost=3),
        index.SearchField("short_name", boost=2),
        index.SearchField("city"),
        index.SearchField("description"),
        index.FilterField("is_verified"),
        index.FilterField("archived_at"),
    ]

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name"]
        indexes = [models.Index(fields=["is_verified", "kind", "province"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            base = slugify(self.short_name or self.name)[:100] or "institusi"
            slug, n = base, 2
            while Institution.objects.filter(slug=slug).exclude(pk=self.pk).exists():
                slug, n = f"{base}-{n}", n + 1
            self.slug = slug
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        # Agreements are evidence for accreditation: an institution that signed
        # one is archived, never deleted. (Visits and events protect it with
        # PROTECT foreign keys of their own.)
        agreements = list(self.agreements.all()[:10])
        if agreements:
            raise models.ProtectedError(
                _("This institution has agreements; archive it instead of deleting it."),
                set(agreements),
            )
        return super().delete(*args, **kwargs)

    @property
    def is_archived(self):
        return self.archived_at is not None

    @property
    def localized_description(self):
        """The public description in the active language (Indonesian when
        there is no English one)."""
        if get_language() == "en" and self.description_en:
            return self.description_en
        return self.description

    @property
    def display_name(self):
        return self.short_name or self.name

    @property
    def effective_time_zone(self):
        return self.time_zone or time_zone_for_province(self.province) or TimeZone.WIB


class Membership(models.Model):
    """A user's place in an institution; only active ones grant access."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        COORDINATOR = "coordinator", _("Coordinator")

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACTIVE = "active", _("Active")
        REVOKED = "revoked", _("Revoked")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.PENDING
    )
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["institution__name", "user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "institution"], name="partners_membership_unique_user_institution"
            )
        ]
        indexes = [models.Index(fields=["user", "state"])]

    def __str__(self):
        return f"{self.user} · {self.institution}"

    @property
    def is_active(self):
        return self.state == self.State.ACTIVE

    @property
    def is_coordinator(self):
        return self.is_active and self.role == self.Role.COORDINATOR


ACTIVE_MEMBERSHIP = Q(memberships__state=Membership.State.ACTIVE)
