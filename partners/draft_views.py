"""The partner's side of drafting an agreement: the draft page (versions,
comments, agreeing) and the download of a version.

Who sees what: the active members of a party institution read a shared
draft; only its coordinators upload, comment and agree. Anyone else gets a
404 for every draft URL, whatever the ids.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from partners import selectors
from partners.draft_forms import DraftActions, draft_page_context
from partners.models import Membership
from partners.views import _dashboard_membership_or_404, _explain_archived
from portal import audit
from portal.models import SiteSettings
from portal.ratelimit import hit_user_and_ip
from portal.uploads import private_file_response

# Every version, comment and agreement e-mails the other side.
DRAFT_RATES = {"user_rate": "30/h", "ip_rate": "60/h"}
TOO_MANY_DRAFT_POSTS = gettext_lazy(
    "You have posted many times in a short time. Nothing was posted; please try again later."
)


def host_name(request):
    """The host library's name, as the other side of every draft."""
    return SiteSettings.for_request(request).organisation_name.strip() or _("The host library")


def _draft_or_404(membership, pk):
    draft = selectors.draft_for_institution(institution=membership.institution, agreement_id=pk)
    if draft is None:
        raise Http404(_("There is no such draft."))
    return draft


@login_required
@never_cache
@_explain_archived
def draft_detail(request, slug, pk):
    """A shared draft: its versions, comments and the forms to add to them."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    membership = _dashboard_membership_or_404(request, slug)
    draft = _draft_or_404(membership, pk)
    agreement = draft.agreement
    institution = membership.institution
    is_coordinator = membership.role == Membership.Role.COORDINATOR
    actions = DraftActions(
        agreement=agreement, draft=draft, user=request.user, institution=institution
    )
    status = 200
    if request.method == "POST":
        if not is_coordinator:
            raise PermissionDenied
        if hit_user_and_ip(request, "partners_draft", **DRAFT_RATES):
            actions.refuse(request, TOO_MANY_DRAFT_POSTS)
            status = 429
        else:
            done = actions.post(request)
            if done:
                messages.success(request, done)
                url = reverse("partners:draft-detail", args=[slug, agreement.pk])
                return redirect(url + actions.anchor)
            status = 400
    context = draft_page_context(
        agreement=agreement,
        draft=draft,
        actions=actions,
        our_side="partner",
        may_act=is_coordinator,
        host_name=host_name(request),
    )
    context.update(institution=institution, membership=membership)
    return render(request, "partners/draft_detail.html", context, status=status)


@login_required
@require_safe
@_explain_archived
def draft_version_download(request, slug, pk, version):
    """One version's file, for the active members of a party institution."""
    membership = _dashboard_membership_or_404(request, slug)
    draft = _draft_or_404(membership, pk)
    found = selectors.draft_version_get(draft=draft, pk=version)
    if found is None:
        raise Http404(_("There is no such version."))
    audit.record(
        request.user,
        "agreement_draft.download",
        target=found,
        request=request,
        agreement=draft.agreement_id,
        version=found.number,
    )
    return private_file_response(
        found.file, download_name=found.download_name, content_type=found.content_type
    )
