import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.models import ClusterableModel

from partners.models.institutions import Institution

EXPIRING_WITHIN_DAYS = 90


class AgreementKind(models.TextChoices):
    MOU = "mou", _("Memorandum of Understanding (MoU)")
    MOA = "moa", _("Memorandum of Agreement (MoA/PKS)")
    IA = "ia", _("Implementation Arrangement (IA)")
    LOI = "loi", _("Letter of intent")


class AgreementState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    EXPIRING = "expiring", _("Expiring")
    EXPIRED = "expired", _("Expired")
    RENEWED = "renewed", _("Renewed")
    TERMINATED = "terminated", _("Terminated")


# The tiers: an IA sits under an MoA, an MoA under an MoU; an MoU or a
# letter of intent stands on its own.
PARENT_KIND = {AgreementKind.IA: AgreementKind.MOA, AgreementKind.MOA: AgreementKind.MOU}


def hierarchy_errors(*, kind, parent, start_date, end_date, partner_ids=None, pk=None):
    """What breaks the tiers if an agreement of ``kind`` sits under ``parent``:
    a dict of field name to message (empty when all is well). ``partner_ids``
    (when known) must all be parties to the parent."""
    if parent is None or kind not in AgreementKind.values:
        return {}  # no parent, or the kind's own error is shown
    if pk is not None and parent.pk == pk:
        return {"parent": _("An agreement cannot be its own parent.")}
    errors = {}
    expected = PARENT_KIND.get(kind)
    if expected is None:
        errors["parent"] = _("%(kind)s stands on its own: leave the parent agreement empty.") % {
            "kind": AgreementKind(kind).label
        }
        return errors
    if parent.kind != expected:
        errors["parent"] = _(
            "%(kind)s sits under %(expected)s; the chosen parent is %(actual)s."
        ) % {
            "kind": AgreementKind(kind).label,
            "expected": AgreementKind(expected).label,
            "actual": parent.get_kind_display(),
        }
        return errors
    ancestor, seen = parent, set()
    while ancestor is not None and ancestor.pk not in seen:
        if pk is not None and ancestor.pk == pk:
            errors["parent"] = _("An agreement cannot sit under one of its own children.")
            return errors
        seen.add(ancestor.pk)
        ancestor = ancestor.parent
    if parent.start_date and start_date and start_date < parent.start_date:
        errors["start_date"] = _("It cannot start before its parent agreement (%(date)s).") % {
            "date": parent.start_date.isoformat()
        }
    if parent.end_date and (end_date is None or end_date > parent.end_date):
        errors["end_date"] = _(
            "It cannot end after its parent agreement: choose %(date)s or earlier."
        ) % {"date": parent.end_date.isoformat()}
    if partner_ids is not None:
        allowed = set(parent.partners.values_list("pk", flat=True))
        if not set(partner_ids) <= allowed:
            errors["partners"] = _(
                "Every partner must be a party to the parent agreement (%(names)s)."
            ) % {"names": parent.partner_names()}
    return errors


class ScopeArea(models.Model):
    """A field of cooperation, e.g. health literacy or digital repository."""

    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("scope area")
        verbose_name_plural = _("scope areas")
        ordering = ["name"]

    def __str__(self):
        return self.name


class AgreementQuerySet(models.QuerySet):
    def for_institution(self, institution):
        return self.filter(partners=institution)

    def in_state(self, state, *, on=None):
        """Agreements whose derived state (``Agreement.state_on``) is ``state``
        on ``on`` (today), as one filter the database can run."""
        on = on or timezone.localdate()
        terminated = models.Q(terminated_on__isnull=False, terminated_on__lte=on)
        started = models.Q(signed_on__isnull=False, start_date__lte=on) & ~terminated
        warning = on + datetime.timedelta(days=EXPIRING_WITHIN_DAYS)
        conditions = {
            AgreementState.TERMINATED: terminated,
            AgreementState.DRAFT: ~terminated
            & ~models.Q(signed_on__isnull=False, start_date__lte=on),
            AgreementState.EXPIRED: started & models.Q(end_date__lt=on),
            AgreementState.EXPIRING: started & models.Q(end_date__gte=on, end_date__lte=warning),
            AgreementState.ACTIVE: started
            & (models.Q(end_date__isnull=True) | models.Q(end_date__gt=warning)),
        }
        renewed = _successor_in_force(on)
        if state == AgreementState.RENEWED:
            return self.filter(~terminated & renewed)
        if state != AgreementState.TERMINATED:
            return self.filter(conditions[state]).exclude(renewed)
        return self.filter(conditions[state])

    def in_force(self, *, on=None):
        """Signed, started, not ended and not terminated on ``on`` (today)."""
        on = on or timezone.localdate()
        return self.filter(
            signed_on__isnull=False,
            start_date__lte=on,
            terminated_on__isnull=True,
        ).filter(models.Q(end_date__isnull=True) | models.Q(end_date__gte=on))


def _successor_in_force(on):
    """The agreement's renewal was signed by ``on`` and is not terminated: the
    renewal is settled, even if the successor starts only when this one ends."""
    return models.Q(renewed_by__signed_on__lte=on) & (
        models.Q(renewed_by__terminated_on__isnull=True)
        | models.Q(renewed_by__terminated_on__gt=on)
    )


class Agreement(ClusterableModel):
    """A cooperation agreement between the host and one or more partners."""

    kind = models.CharField(_("kind"), max_length=8, choices=AgreementKind.choices)
    title = models.CharField(_("title"), max_length=255)
    host_number = models.CharField(_("host's number"), max_length=100, blank=True)
    partner_number = models.CharField(_("partner's number"), max_length=100, blank=True)
    partners = models.ManyToManyField(
        Institution,
        verbose_name=_("partner institutions"),
        related_name="agreements",
    )
    scope_areas = models.ManyToManyField(
        ScopeArea, verbose_name=_("scope areas"), blank=True, related_name="agreements"
    )
    summary = models.TextField(_("public summary"), blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agreement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("An IA sits under an MoA, an MoA under an MoU."),
    )
    renews = models.OneToOneField(
        "self",
        verbose_name=_("renews"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="renewed_by",
    )
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    termination_reason = models.TextField(_("reason for termination"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="partners_agreement_end_after_start",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})
        if self.terminated_on and not self.termination_reason.strip():
            raise ValidationError(
                {"termination_reason": _("Say why the agreement was terminated.")}
            )
        errors = hierarchy_errors(
            kind=self.kind,
            parent=self.parent,
            start_date=self.start_date,
            end_date=self.end_date,
            pk=self.pk,
        )
        if self.renews_id and self.renews_id == self.pk:
            errors["renews"] = _("An agreement cannot renew itself.")
        if errors:
            raise ValidationError(errors)

    @property
    def successor(self):
        """The agreement that renews this one, or None."""
        try:
            return self.renewed_by
        except Agreement.DoesNotExist:
            return None

    def state_on(self, day: datetime.date) -> str:
        """The state derived from the dates, as it stands on ``day``."""
        if self.terminated_on and self.terminated_on <= day:
            return AgreementState.TERMINATED
        successor = self.successor
        if (
            successor is not None
            and successor.signed_on
            and successor.signed_on <= day
            and not (successor.terminated_on and successor.terminated_on <= day)
        ):
            return AgreementState.RENEWED
        if not self.signed_on or not self.start_date or self.start_date > day:
            return AgreementState.DRAFT
        if self.end_date and self.end_date < day:
            return AgreementState.EXPIRED
        if self.end_date and (self.end_date - day).days <= EXPIRING_WITHIN_DAYS:
            return AgreementState.EXPIRING
        return AgreementState.ACTIVE

    def partner_names(self):
        return ", ".join(partner.name for partner in self.partners.all())

    partner_names.short_description = _("partners")

    def state_label(self):
        return self.get_state_display()

    state_label.short_description = _("state")

    @property
    def state(self) -> str:
        return self.state_on(timezone.localdate())

    def get_state_display(self):
        return AgreementState(self.state).label
