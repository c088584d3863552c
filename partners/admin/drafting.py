"""Staff screen: drafting an agreement with its partners (share the draft,
versions, comments, agreeing), linked from the agreement listing and its
inspect view. Reading needs the view permission on agreements; every action
needs the change permission (``partners.admin.permissions``)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from partners import selectors, services
from partners.admin.permissions import can_view_draft, can_work_on_draft, require
from partners.draft_forms import DraftActions, draft_page_context
from partners.draft_views import host_name
from portal import audit
from portal.uploads import private_file_response


def _agreement_or_404(pk):
    agreement = selectors.agreement_for_staff(pk=pk)
    if agreement is None:
        raise Http404
    return agreement


def _share(request, agreement):
    try:
        services.agreement_draft_share(agreement=agreement, by=request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return
    silent = [
        partner.name
        for partner in agreement.partners.all()
        if not selectors.coordinators_of(institution=partner)
    ]
    messages.success(
        request, _("The draft is shared; the partner's coordinators have been e-mailed.")
    )
    if silent:
        messages.warning(
            request,
            _("%(names)s has no active coordinator: nobody there was e-mailed.")
            % {"names": ", ".join(silent)},
        )


@never_cache
def agreement_draft_view(request, pk):
    """The draft of agreement ``pk``: GET shows it; POST shares it, adds a
    version or a comment, or agrees to the latest version. A refusal comes
    back on the same page (status 400) with what was typed."""
    require(can_view_draft(request.user))
    agreement = _agreement_or_404(pk)
    draft = selectors.draft_for_agreement(agreement=agreement)
    can_act = can_work_on_draft(request.user)
    actions = DraftActions(agreement=agreement, draft=draft, user=request.user)
    status = 200
    if request.method == "POST":
        require(can_act)
        url = reverse("partners_agreements:draft", args=[agreement.pk])
        if request.POST.get("action") == "share":
            _share(request, agreement)
            return redirect(url)
        done = actions.post(request)
        if done:
            messages.success(request, done)
            return redirect(url + actions.anchor)
        status = 400
    context = draft_page_context(
        agreement=agreement,
        draft=draft,
        actions=actions,
        our_side="host",
        may_act=can_act,
        host_name=host_name(request),
    )
    context.update(
        {
            "object": agreement,
            "page_title": _("Drafting with the partner"),
            "page_subtitle": agreement.title,
            "header_icon": "doc-full-inverse",
            "breadcrumbs_items": [
                {"url": reverse("wagtailadmin_home"), "label": _("Home")},
                {"url": reverse("partners_agreements:index"), "label": _("Agreements")},
                {
                    "url": reverse("partners_agreements:inspect", args=[agreement.pk]),
                    "label": str(agreement),
                },
                {"url": "", "label": _("Drafting with the partner")},
            ],
        }
    )
    return TemplateResponse(request, "partners/admin/agreement_draft.html", context, status=status)


def draft_version_download_view(request, pk, version):
    """One version's file, for staff who may see agreements."""
    require(can_view_draft(request.user))
    agreement = _agreement_or_404(pk)
    draft = selectors.draft_for_agreement(agreement=agreement)
    found = selectors.draft_version_get(draft=draft, pk=version) if draft else None
    if found is None:
        raise Http404
    audit.record(
        request.user,
        "agreement_draft.download",
        target=found,
        request=request,
        agreement=agreement.pk,
        version=found.number,
    )
    return private_file_response(
        found.file, download_name=found.download_name, content_type=found.content_type
    )
