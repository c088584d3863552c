"""Reads for partner pages, the member dashboard and the staff screens, ready for templates."""

from django.contrib.auth import get_user_model
from django.db.models import Case, Count, F, Max, Prefetch, Q, When
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.search.backends import get_search_backend

from partners.models import (
    Agreement,
    AgreementDocument,
    AgreementDraft,
    DraftApproval,
    FollowUp,
    Institution,
    InstitutionChange,
    Invitation,
    Membership,
    PartnerActivity,
    ScopeArea,
)
from partners.models.invitations import INVITATION_MAX_AGE
from portal import extensions, page_cache

LOGO_SPEC = "max-240x120"
STAFF_GROUP = "Cooperation staff"


def _logos():
    return Prefetch("logo", queryset=get_image_model().objects.prefetch_renditions(LOGO_SPEC))


def institutions_directory(*, kind="", province="", query=""):
    """Verified, unarchived institutions, filtered; logos and their renditions prefetched."""
    queryset = Institution.objects.public().prefetch_related(_logos())
    if kind:
        queryset = queryset.filter(kind=kind)
    if province:
        queryset = queryset.filter(province=province)
    for word in query.split()[:8]:
        queryset = queryset.filter(
            Q(name__icontains=word) | Q(short_name__icontains=word) | Q(city__icontains=word)
        )
    return queryset.order_by("name", "pk")


def institution_public_get(*, slug):
    """The public institution with this slug, or None."""
    return Institution.objects.public().prefetch_related(_logos()).filter(slug=slug).first()


def agreements_in_force_for_institution(*, institution, on=None):
    """Agreements in force on ``on`` (today), with their scope areas; no documents."""
    return (
        Agreement.objects.for_institution(institution)
        .in_force(on=on)
        .prefetch_related("scope_areas")
        .order_by("start_date", "title")
    )


def partner_logos_for_home(*, limit=12):
    """Public institutions for the home page's partner strip, logos first."""
    return list(
        Institution.objects.public()
        .prefetch_related(_logos())
        .order_by(F("logo").asc(nulls_last=True), "name")[:limit]
    )


def memberships_for_user(*, user):
    """The user's memberships in any state, institutions loaded."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.filter(user=user)
        .exclude(institution__archived_at__isnull=False)
        .select_related("institution")
        .order_by("institution__name")
    )


def membership_for_dashboard(*, user, slug=None):
    """The active membership whose institution the dashboard shows, or None."""
    queryset = memberships_for_user(user=user).filter(
        state=Membership.State.ACTIVE, institution__in=Institution.objects.for_user(user)
    )
    if slug:
        queryset = queryset.filter(institution__slug=slug)
    # The logo is read with the dashboard's body, only when that is not kept.
    return queryset.first()


def archived_institution_for_user(*, user, slug=None):
    """An archived institution the user was an active member of (the one
    with ``slug`` if given), to explain why its pages are closed; or None."""
    queryset = Institution.objects.archived_for_user(user)
    if slug:
        queryset = queryset.filter(slug=slug)
    return queryset.order_by("name").first()


def archived_institutions_for_user(*, user):
    """Every archived institution the user was an active member of, by name."""
    return list(Institution.objects.archived_for_user(user).order_by("name"))


def institution_members(*, institution):
    """Every membership of the institution, pending first, users loaded."""
    return (
        Membership.objects.filter(institution=institution)
        .select_related("user")
        .order_by("state", "-role", "user__full_name", "user__email")
    )


def institution_agreements(*, institution):
    """All the institution's agreements with partners, scope areas and documents."""
    return (
        Agreement.objects.for_institution(institution)
        .prefetch_related(
            "scope_areas",
            "partners",
            Prefetch(
                "documents",
                queryset=AgreementDocument.objects.only(
                    "id", "agreement_id", "title", "uploaded_at"
                ).order_by("-uploaded_at"),
            ),
        )
        .select_related("parent__parent", "renews", "renewed_by")
        .prefetch_related("signatories")
        .order_by("-start_date", "title")
    )


def institution_agreement_chains(*, institution):
    """The institution's agreements for its dashboard, each with the tiers
    above it and its place in a chain of renewals, limited to agreements the
    institution is a party to (a partner never sees anyone else's)."""
    agreements = list(institution_agreements(institution=institution))
    visible = {agreement.pk for agreement in agreements}
    by_pk = {agreement.pk: agreement for agreement in agreements}
    rows = []
    for agreement in agreements:
        successor = agreement.successor
        rows.append(
            {
                "agreement": agreement,
                "ancestors": [
                    a for a in agreement_ancestors(agreement=agreement) if a.pk in visible
                ],
                "renews": by_pk.get(agreement.renews_id),
                "successor": by_pk.get(successor.pk) if successor else None,
                "signatories": list(agreement.signatories.all()),
            }
        )
    return rows


def agreement_ancestors(*, agreement):
    """The agreements above this one, nearest first (its MoA, then the MoU)."""
    ancestors, seen, parent = [], {agreement.pk}, agreement.parent
    while parent is not None and parent.pk not in seen:
        ancestors.append(parent)
        seen.add(parent.pk)
        parent = parent.parent
    return ancestors


def agreement_renewals(*, agreement):
    """The chain of renewals ``agreement`` belongs to, oldest first (itself included)."""
    chain, seen, current = [agreement], {agreement.pk}, agreement.renews
    while current is not None and current.pk not in seen:
        chain.insert(0, current)
        seen.add(current.pk)
        current = current.renews
    current = agreement.successor
    while current is not None and current.pk not in seen:
        chain.append(current)
        seen.add(current.pk)
        current = current.successor
    return chain


def agreement_signatories(*, agreement):
    """Who signed the agreement, our side first."""
    return list(agreement.signatories.order_by("side", "sort_order", "pk"))


# Drafting with the partner -------------------------------------------------------------


def drafts_under_discussion(*, institution):
    """The drafts shared with ``institution`` whose agreement is not yet signed
    (nor terminated), newest first, each with its latest version number and
    how many versions and comments it has: one query."""
    return list(
        AgreementDraft.objects.filter(
            agreement__partners=institution,
            shared_at__isnull=False,
            agreement__signed_on__isnull=True,
            agreement__terminated_on__isnull=True,
        )
        .select_related("agreement")
        .annotate(
            version_count=Count("versions", distinct=True),
            comment_count=Count("comments", distinct=True),
            latest_number=Max("versions__number"),
            agreed_number=Max("versions__number", filter=Q(versions__agreed_at__isnull=False)),
        )
        .order_by("-shared_at", "pk")
    )


def draft_for_institution(*, institution, agreement_id):
    """The shared draft of agreement ``agreement_id`` if ``institution`` is a
    party to it, else None (an unshared draft does not exist for partners)."""
    return (
        AgreementDraft.objects.filter(
            agreement_id=agreement_id, agreement__partners=institution, shared_at__isnull=False
        )
        .select_related("agreement")
        .first()
    )


def draft_for_agreement(*, agreement):
    """The agreement's drafting row, or None before anything was shared or uploaded."""
    return AgreementDraft.objects.filter(agreement=agreement).select_related("shared_by").first()


def draft_versions(*, draft):
    """Every version of the draft, newest first, with who uploaded it and which
    sides agreed to it (three queries, however many versions)."""
    return list(
        draft.versions.select_related("uploaded_by", "institution").prefetch_related(
            Prefetch(
                "approvals", queryset=DraftApproval.objects.select_related("by", "institution")
            )
        )
    )


def draft_comments(*, draft):
    """Every comment on the draft, oldest first, authors and versions loaded."""
    return list(draft.comments.select_related("author", "institution", "version"))


def draft_version_get(*, draft, pk):
    """The version ``pk`` of ``draft``, or None."""
    return draft.versions.filter(pk=pk).select_related("draft__agreement").first()


def institution_follow_ups(*, institution):
    """The institution's follow-up actions (both sides), open ones first by due date."""
    return list(
        FollowUp.objects.filter(institution=institution)
        .select_related("agreement")
        .order_by(
            Case(When(status__in=["open", "in_progress"], then=0), default=1), "due_date", "pk"
        )
    )


def institution_follow_up_get(*, institution, pk):
    """The follow-up ``pk`` of ``institution``, or None."""
    return FollowUp.objects.filter(institution=institution, pk=pk).first()


def follow_ups_done_for_agreements(*, agreement_ids, start=None, end=None):
    """Done follow-up actions under these agreements: implementation evidence."""
    queryset = FollowUp.objects.filter(
        agreement_id__in=agreement_ids, status=FollowUp.Status.DONE, done_on__isnull=False
    )
    if start:
        queryset = queryset.filter(done_on__gte=start)
    if end:
        queryset = queryset.filter(done_on__lte=end)
    return queryset.order_by("done_on", "pk")


def institution_pending_change(*, institution):
    """The change of name or legal data waiting for staff verification, or None."""
    return InstitutionChange.objects.filter(
        institution=institution, state=InstitutionChange.State.PENDING
    ).first()


def institution_change_for_staff(*, pk):
    """Any change request, its institution loaded, or None."""
    return InstitutionChange.objects.select_related("institution").filter(pk=pk).first()


def institution_open_invitations(*, institution):
    return Invitation.objects.filter(
        institution=institution,
        accepted_at__isnull=True,
        created_at__gte=timezone.now() - INVITATION_MAX_AGE,
    ).select_related("invited_by")


def agreement_document_for_user(*, user, document_id):
    """The document if ``user`` may download it (staff, or an active member of
    a party institution), else None."""
    document = AgreementDocument.objects.select_related("agreement").filter(pk=document_id).first()
    if document is None or not user.is_authenticated:
        return None
    if user_is_partner_staff(user):
        return document
    member_of_party = (
        Institution.objects.for_user(user)
        .filter(pk__in=document.agreement.partners.values("pk"))
        .exists()
    )
    return document if member_of_party else None


def user_is_partner_staff(user):
    """Cooperation staff, administrators and anyone who may change agreements."""
    return user.is_authenticated and (
        user.is_superuser or user.has_perm("partners.change_agreement")
    )


def staff_recipients():
    """Active users in the cooperation staff group (they get partner notices)."""
    return list(
        get_user_model()
        .objects.filter(is_active=True, groups__name=STAFF_GROUP)
        .distinct()
        .order_by("pk")
    )


def coordinators_of(*, institution):
    """Active coordinators of ``institution``; nobody while it is archived
    (its members are cut off, so the portal writes to them no more)."""
    if institution.archived_at is not None:
        return []
    return list(
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__institution=institution,
            memberships__state=Membership.State.ACTIVE,
            memberships__role=Membership.Role.COORDINATOR,
        )
        .distinct()
        .order_by("pk")
    )


def institutions_to_join():
    """Public institutions a user may ask to join, by name (the onboarding choice)."""
    return Institution.objects.public().order_by("name")


def institution_membership_get(*, institution, pk):
    """The membership ``pk`` of ``institution``, or None."""
    return Membership.objects.filter(institution=institution, pk=pk).first()


# The staff screens ---------------------------------------------------------------------


def institution_for_staff(*, pk):
    """Any institution (archived and unverified ones too), or None."""
    return Institution.objects.filter(pk=pk).first()


def membership_for_staff(*, pk):
    """Any membership, its user loaded, or None."""
    return Membership.objects.select_related("user").filter(pk=pk).first()


def institution_agreement_count(*, institution):
    """How many agreements name the institution as a partner."""
    return institution.agreements.count()


def agreement_for_staff(*, pk):
    """Any agreement, or None."""
    return Agreement.objects.filter(pk=pk).first()


def agreement_documents(*, agreement):
    """The agreement's signed documents, uploaders loaded."""
    return agreement.documents.select_related("uploaded_by")


def agreement_children(*, agreement):
    """The agreements made under this one (e.g. the MoAs under an MoU)."""
    return agreement.children.all()


def activities_for_agreements(*, agreement_ids, start=None, end=None):
    """Manual activities recorded in this app, for the activities hook."""
    queryset = PartnerActivity.objects.filter(agreement_id__in=agreement_ids)
    if start:
        queryset = queryset.filter(date__gte=start)
    if end:
        queryset = queryset.filter(date__lte=end)
    return queryset.order_by("date", "pk")


# The implementation report -------------------------------------------------------------


def report_headings():
    """The column headings of the implementation report, in the reader's language."""
    return [
        _("Agreement"),
        _("Kind of agreement"),
        _("Partner"),
        _("Activity"),
        _("Kind of activity"),
        _("Date"),
        _("Participants"),
        _("Evidence link"),
        _("Participants counted from"),
    ]


def report_rows(*, start=None, end=None):
    """One row per activity in the period, oldest first, as plain values.

    The activities come from the ``agreement_activities`` extension point
    (visits, events and this app's own activities).
    """
    agreements = {
        agreement.pk: agreement
        for agreement in Agreement.objects.prefetch_related("partners").order_by("pk")
    }
    rows = []
    for activity in extensions.agreement_activities(
        agreement_ids=set(agreements), start=start, end=end
    ):
        agreement = agreements.get(activity.agreement_id)
        if agreement is None:
            continue
        rows.append(
            [
                agreement.title,
                agreement.get_kind_display(),
                agreement.partner_names(),
                activity.title,
                str(activity.kind),
                activity.date,
                activity.participants,
                activity.evidence_url,
                str(activity.participants_basis),
            ]
        )
    return rows


# The sitemap ---------------------------------------------------------------------------


def institutions_for_sitemap():
    """Public (verified, unarchived) institutions with what a sitemap entry
    needs: the slug and the last change."""
    return Institution.objects.public().only("pk", "slug", "updated_at").order_by("pk")


def institutions_search(*, words):
    """Verified, unarchived institutions matching ``words`` (Wagtail search;
    see portal.search), best match first, logos prefetched."""
    queryset = Institution.objects.public().prefetch_related(_logos())
    return get_search_backend().search(words, queryset)


def agreement_filter_choices():
    """(institutions, scope areas) the agreements listing's filters offer, as
    lists kept in the shared cache until a partners record changes."""
    return page_cache.cached_fragment(
        "agreement-filter-choices",
        ("partners",),
        lambda: (list(Institution.objects.all()), list(ScopeArea.objects.all())),
    )
