"""Drafting an agreement with its partners: sharing the draft, versions,
comments and agreeing to a version.

The rules, in one place:

- Drafting is open while the agreement is neither signed nor terminated;
  afterwards every write is refused and what was written stays readable.
- Staff may upload and comment before sharing; the partners' coordinators see
  everything once the draft is shared, and are e-mailed then.
- A version is *agreed* when both sides have agreed to it, in either order:
  one side proposes, the other confirms. Only the latest version can be
  agreed to, and once a version is agreed the text is settled: no new
  version, no further agreeing (comments stay open until the signing).
  On the partner's side one coordinator's agreement stands for the side.
- Nothing is edited or deleted: each write adds a row, logged in the
  agreement's history, and e-mails the other side.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from partners import selectors
from partners.models import (
    Agreement,
    AgreementDraft,
    DraftApproval,
    DraftComment,
    DraftVersion,
    SignatorySide,
)
from partners.services.notices import notify


def draft_is_open(agreement):
    """Whether the agreement's text may still change: not signed, not terminated."""
    return agreement.signed_on is None and agreement.terminated_on is None


def _locked(agreement):
    """The agreement and its drafting row, locked for this transaction; a
    closed draft is refused with a message that says why."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.terminated_on is not None:
        raise ValidationError(
            _("This agreement was terminated; its draft is closed and can only be read.")
        )
    if agreement.signed_on is not None:
        raise ValidationError(
            _(
                "This agreement was signed on %(date)s; its draft is closed and can only be "
                "read. Upload the signed copy as a signed document instead."
            )
            % {"date": date_format(agreement.signed_on, "DATE_FORMAT")}
        )
    draft, _created = AgreementDraft.objects.select_for_update().get_or_create(agreement=agreement)
    return agreement, draft


def _side(agreement, institution):
    """The side writing: the host's staff (no institution) or a partner that is
    a party to the agreement."""
    if institution is None:
        return SignatorySide.HOST
    if not agreement.partners.filter(pk=institution.pk).exists():
        raise ValidationError(_("Your institution is not a party to this agreement."))
    return SignatorySide.PARTNER


def _agreed_version(draft):
    return draft.versions.filter(agreed_at__isnull=False).first()


def _tell_the_others(notice, *, agreement, draft, by, institution, **objects):
    """E-mail everyone on the draft but the side that wrote: the cooperation
    staff, and (once shared) the coordinators of each partner institution,
    each with a link to their own draft page."""
    if institution is not None:
        staff = [
            user for user in selectors.staff_recipients() if user.pk != getattr(by, "pk", None)
        ]
        notify(notice, users=staff, agreement=agreement, **objects)
    if not draft.is_shared:
        return
    for partner in agreement.partners.all():
        if institution is not None and partner.pk == institution.pk:
            continue
        coordinators = [
            user
            for user in selectors.coordinators_of(institution=partner)
            if user.pk != getattr(by, "pk", None)
        ]
        notify(notice, users=coordinators, agreement=agreement, institution=partner, **objects)


@transaction.atomic
def agreement_draft_share(*, agreement, by):
    """Share the draft of ``agreement`` with its partners' coordinators, who are
    e-mailed a link to it. Refused when drafting is closed, when the agreement
    names no partner, or when it is already shared. Returns the AgreementDraft."""
    agreement, draft = _locked(agreement)
    if not agreement.partners.exists():
        raise ValidationError(
            _("Choose the partner institution in the agreement first, then share the draft.")
        )
    if draft.is_shared:
        raise ValidationError(
            _("This draft was already shared on %(date)s.")
            % {"date": date_format(timezone.localtime(draft.shared_at), "DATE_FORMAT")}
        )
    draft.shared_at = timezone.now()
    draft.shared_by = by
    draft.save(update_fields=["shared_at", "shared_by"])
    log(agreement, "partners.draft_share", user=by)
    for partner in agreement.partners.all():
        notify(
            "draft_shared",
            users=selectors.coordinators_of(institution=partner),
            agreement=agreement,
            institution=partner,
        )
    return draft


@transaction.atomic
def draft_version_add(*, agreement, file, note="", by, institution=None):
    """Add the next version of the agreement's text (a PDF or DOCX, checked by
    parsing it) from the host's staff, or from ``institution``'s coordinator.
    Refused once a version is agreed or drafting is closed. E-mails the other side."""
    agreement, draft = _locked(agreement)
    side = _side(agreement, institution)
    agreed = _agreed_version(draft)
    if agreed is not None:
        raise ValidationError(
            _(
                "Both sides have agreed to version %(number)s; the text is settled. "
                "Write a comment if something must still change."
            )
            % {"number": agreed.number}
        )
    last = draft.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = DraftVersion(
        draft=draft,
        number=last + 1,
        side=side,
        institution=institution,
        file=file,
        original_name=(getattr(file, "name", "") or "")[-150:],
        note=note.strip(),
        uploaded_by=by,
    )
    version.full_clean()
    version.save()
    log(agreement, "partners.draft_version", user=by, data={"version": version.number})
    _tell_the_others(
        "draft_version",
        agreement=agreement,
        draft=draft,
        by=by,
        institution=institution,
        draft_version=version,
    )
    return version


@transaction.atomic
def draft_comment_add(*, agreement, body, by, version=None, institution=None):
    """Post a comment on the draft (or on one of its versions). An empty
    comment, or one on another draft's version, is refused. E-mails the other side."""
    agreement, draft = _locked(agreement)
    side = _side(agreement, institution)
    if version is not None and version.draft_id != draft.pk:
        raise ValidationError(_("Choose a version of this draft."))
    comment = DraftComment(
        draft=draft,
        version=version,
        side=side,
        institution=institution,
        author=by,
        body=(body or "").strip(),
    )
    if not comment.body:
        raise ValidationError(_("Write a comment before posting it."))
    comment.full_clean()
    comment.save()
    log(
        agreement,
        "partners.draft_comment",
        user=by,
        data={"version": version.number if version else None},
    )
    _tell_the_others(
        "draft_comment",
        agreement=agreement,
        draft=draft,
        by=by,
        institution=institution,
        draft_comment=comment,
    )
    return comment


@transaction.atomic
def draft_version_agree(*, version, by, institution=None):
    """Record that one side agrees to ``version``. Only the latest version can
    be agreed to, once per side; when both sides have agreed the version is
    marked agreed (the text of record) and both sides are e-mailed, otherwise
    the other side is asked to confirm. Returns the version."""
    agreement, draft = _locked(version.draft.agreement)
    version = DraftVersion.objects.get(pk=version.pk)
    side = _side(agreement, institution)
    agreed = _agreed_version(draft)
    if agreed is not None:
        raise ValidationError(
            _("Both sides have already agreed to version %(number)s.") % {"number": agreed.number}
        )
    latest = draft.versions.order_by("-number").first()
    if latest.pk != version.pk:
        raise ValidationError(
            _(
                "Version %(number)s is not the latest: version %(latest)s was uploaded since. "
                "Read it, then agree to that one."
            )
            % {"number": version.number, "latest": latest.number}
        )
    if version.approvals.filter(side=side).exists():
        raise ValidationError(
            _("Your side has already agreed to version %(number)s; the other side must confirm.")
            % {"number": version.number}
        )
    DraftApproval.objects.create(version=version, side=side, institution=institution, by=by)
    log(agreement, "partners.draft_agree", user=by, data={"version": version.number})
    if version.approvals.count() == len(SignatorySide.values):
        version.agreed_at = timezone.now()
        version.save(update_fields=["agreed_at"])
        notice = "draft_agreed"
        staff = [
            user for user in selectors.staff_recipients() if user.pk != getattr(by, "pk", None)
        ]
        notify(notice, users=staff, agreement=agreement, draft_version=version)
        for partner in agreement.partners.all():
            coordinators = [
                user
                for user in selectors.coordinators_of(institution=partner)
                if user.pk != getattr(by, "pk", None)
            ]
            notify(
                notice,
                users=coordinators,
                agreement=agreement,
                institution=partner,
                draft_version=version,
            )
    else:
        _tell_the_others(
            "draft_agree_proposed",
            agreement=agreement,
            draft=draft,
            by=by,
            institution=institution,
            draft_version=version,
        )
    return version
