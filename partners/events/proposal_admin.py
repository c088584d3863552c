"""Staff review of partners' event proposals in the Wagtail admin: the
"Event proposals" listing (filters by status and institution) and one
review page per proposal (approve and publish, ask for changes, decline).
Proposals are written by partners and changed only through the review, so
the viewset allows viewing only (no add, edit or delete screens)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from partners.events import proposal_selectors as selectors
from partners.events import proposals as services
from partners.events.models import EventProposal, ProposalStatus
from partners.events.proposal_forms import ReviewForm
from portal import audit
from portal.privacy.permissions import RestrictedPermissionPolicy

REVIEW_PERMISSION = "events.review_eventproposal"

register_permission_policy(
    EventProposal, RestrictedPermissionPolicy(EventProposal, allowed_actions=("view",))
)


def review_view(request, pk):
    if not request.user.has_perm(REVIEW_PERMISSION):
        raise PermissionDenied
    proposal = get_object_or_404(selectors.proposals_for_review().select_related("image"), pk=pk)
    form = ReviewForm(request.POST or None, proposal=proposal)
    status = 200
    if request.method == "POST":
        if proposal.status != ProposalStatus.SUBMITTED:
            messages.error(request, _("This proposal is not awaiting review."))
            return redirect("event_proposals:review", pk)
        if form.is_valid():
            decision = form.cleaned_data["decision"]
            comment = form.cleaned_data["comment"]
            try:
                if decision == "approve":
                    proposal = services.proposal_approve(
                        proposal=proposal,
                        by=request.user,
                        comment=comment,
                        partners=form.cleaned_data["partners"],
                    )
                    done = _("“%(title)s” is approved and published on the joint calendar.")
                elif decision == "changes":
                    proposal = services.proposal_request_changes(
                        proposal=proposal, by=request.user, comment=comment
                    )
                    done = _("Changes asked for “%(title)s”; the partner has been told.")
                else:
                    proposal = services.proposal_decline(
                        proposal=proposal, by=request.user, comment=comment
                    )
                    done = _("“%(title)s” is declined; the partner has been told.")
            except services.ProposalStateError:
                messages.error(request, _("This proposal is not awaiting review."))
                return redirect("event_proposals:review", pk)
            except ValidationError as error:
                # The dates no longer fit (e.g. the start has passed).
                form.add_error(None, error)
            else:
                audit.record(
                    request.user,
                    f"event_proposal.{decision}",
                    request=request,
                    proposal=proposal.pk,
                    institution=proposal.institution_id,
                )
                messages.success(request, done % {"title": proposal.title})
                return redirect("event_proposals:index")
        status = 400
    return TemplateResponse(
        request,
        "events/proposals/admin/review.html",
        {
            "proposal": proposal,
            "form": form,
            "awaiting": proposal.status == ProposalStatus.SUBMITTED,
            "page_title": _("Review: %(title)s") % {"title": proposal.title},
            "header_icon": "tasks",
        },
        status=status,
    )


class ReviewColumn(Column):
    def get_value(self, instance):
        label = (
            _("Review") if instance.status == ProposalStatus.SUBMITTED else _("See the decision")
        )
        return format_html(
            '<a href="{}">{}</a>', reverse("event_proposals:review", args=[instance.pk]), label
        )


class StartColumn(Column):
    def get_value(self, instance):
        return instance.get_start_display()


class ProposalIndexView(IndexView):
    def get_base_queryset(self):
        return selectors.proposals_for_review()


class EventProposalViewSet(ModelViewSet):
    """Partners' proposals for the joint calendar, newest first."""

    model = EventProposal
    index_view_class = ProposalIndexView
    icon = "tasks"
    menu_label = gettext_lazy("Event proposals")
    menu_order = 252
    add_to_admin_menu = True
    list_display = [
        "title",
        "institution",
        StartColumn("start", label=gettext_lazy("Start")),
        "status",
        "submitted_at",
        "times_submitted",
        ReviewColumn("review", label=gettext_lazy("Review")),
    ]
    list_filter = ["status", "institution"]
    search_fields = ["title", "institution__name"]
    search_backend_name = None
    inspect_view_enabled = False
    copy_view_enabled = False
    form_fields = ["title"]  # no create or edit screens (permission policy)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/tinjau/", review_view, name="review"),
        ]
