"""A partner institution's event proposals, from its dashboard: the list and
status of each (members), proposing and changing one (coordinators).
Another institution's proposal, or an institution the user is no active
member of, is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe
from wagtail.images import get_image_model

from partners.events import proposal_selectors as selectors
from partners.events import proposals as services
from partners.events.proposal_forms import ProposalForm
from partners.selectors import membership_for_dashboard
from portal.ratelimit import rate_limit


def _membership_or_404(request, slug):
    membership = membership_for_dashboard(user=request.user, slug=slug)
    if membership is None or membership.institution.archived_at is not None:
        raise Http404(_("You are not an active member of this institution."))
    return membership


def _is_coordinator(membership):
    return membership.role == membership.Role.COORDINATOR


def _private(response):
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@never_cache
@require_safe
def proposal_list(request, slug):
    membership = _membership_or_404(request, slug)
    institution = membership.institution
    return _private(
        render(
            request,
            "events/proposals/list.html",
            {
                "institution": institution,
                "proposals": list(selectors.proposals_of_institution(institution=institution)),
                "is_coordinator": _is_coordinator(membership),
            },
        )
    )


@login_required
@never_cache
@require_safe
def proposal_detail(request, slug, pk):
    membership = _membership_or_404(request, slug)
    institution = membership.institution
    proposal = selectors.proposal_of_institution(institution=institution, pk=pk)
    if proposal is None:
        raise Http404(_("There is no such proposal."))
    return _private(
        render(
            request,
            "events/proposals/detail.html",
            {
                "institution": institution,
                "proposal": proposal,
                "is_coordinator": _is_coordinator(membership),
            },
        )
    )


def _image(form, institution):
    upload = form.cleaned_data.get("image")
    if not upload:
        return None
    image = get_image_model()(title=form.cleaned_data["title"][:255], file=upload)
    image.save()
    return image


def _save(request, form, institution, proposal=None):
    """Submit or resubmit; a refusal of the service lands on the form."""
    data = {key: value for key, value in form.cleaned_data.items() if key != "image"}
    try:
        if proposal is None:
            return services.proposal_submit(
                institution=institution, by=request.user, data=data, image=_image(form, institution)
            )
        return services.proposal_resubmit(
            proposal=proposal, by=request.user, data=data, image=_image(form, institution)
        )
    except ValidationError as error:
        form.add_error(None, error)
    return None


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@rate_limit("forms", methods={"POST"})
def proposal_create(request, slug):
    membership = _membership_or_404(request, slug)
    if not _is_coordinator(membership):
        raise PermissionDenied(_("Only a coordinator of the institution can propose events."))
    institution = membership.institution
    form = ProposalForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            proposal = _save(request, form, institution)
            if proposal is not None:
                messages.success(
                    request,
                    _(
                        "Your proposal has been sent. Our staff will review it and tell you by e-mail."
                    ),
                )
                return redirect("events:proposal-detail", slug=slug, pk=proposal.pk)
        status = 400
        if request.FILES.get("image"):
            messages.warning(request, _("Please choose the image again before sending."))
    return _private(
        render(
            request,
            "events/proposals/form.html",
            {"institution": institution, "form": form, "proposal": None},
            status=status,
        )
    )


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@rate_limit("forms", methods={"POST"})
def proposal_edit(request, slug, pk):
    membership = _membership_or_404(request, slug)
    institution = membership.institution
    proposal = selectors.proposal_of_institution(institution=institution, pk=pk)
    if proposal is None:
        raise Http404(_("There is no such proposal."))
    if not _is_coordinator(membership):
        raise PermissionDenied(_("Only a coordinator of the institution can change proposals."))
    if not proposal.is_editable:
        messages.error(
            request,
            _("This proposal can no longer be changed: it has been published or declined."),
        )
        return redirect("events:proposal-detail", slug=slug, pk=pk)
    form = ProposalForm(request.POST or None, request.FILES or None, instance=proposal)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = _save(request, form, institution, proposal)
            except services.ProposalStateError:
                messages.error(request, _("This proposal was decided meanwhile; see below."))
                return redirect("events:proposal-detail", slug=slug, pk=pk)
            if saved is not None:
                messages.success(
                    request, _("Your changes have been sent. Our staff will review them.")
                )
                return redirect("events:proposal-detail", slug=slug, pk=pk)
        status = 400
        if request.FILES.get("image"):
            messages.warning(request, _("Please choose the image again before sending."))
    return _private(
        render(
            request,
            "events/proposals/form.html",
            {"institution": institution, "form": form, "proposal": proposal},
            status=status,
        )
    )
