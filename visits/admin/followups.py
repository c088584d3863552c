"""Staff record the actions agreed at a visit (follow-up actions of the
partner, linked to the visit), from the visit request's page."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.widgets import AdminDateInput

from partners.models import FollowUp, SignatorySide
from visits.admin.permissions import review_required
from visits.choices import HELD_STATES
from visits.selectors import staff as staff_selectors
from visits.services.followups import visit_follow_up_create


class VisitFollowUpForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Action"), max_length=255)
    side = forms.ChoiceField(label=gettext_lazy("Responsible side"), choices=SignatorySide.choices)
    owner = forms.CharField(label=gettext_lazy("Owner"), max_length=150)
    due_date = forms.DateField(label=gettext_lazy("Due date"), widget=AdminDateInput)
    agreement = forms.ModelChoiceField(
        label=gettext_lazy("Agreement"),
        queryset=FollowUp._meta.get_field("agreement").related_model.objects.none(),
        required=False,
        help_text=gettext_lazy("Done actions count as implementation evidence of this agreement."),
    )
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, visit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = staff_selectors.agreements_for_visit_follow_up(visit)


@review_required
def visit_follow_up_add(request, pk):
    """GET the form, POST to record the action (the form is shown again,
    everything typed kept, when it is refused)."""
    visit = staff_selectors.visit_request_for_staff(pk)
    if visit is None:
        raise Http404
    if not request.user.has_perm("partners.add_followup"):
        raise PermissionDenied
    if visit.state not in HELD_STATES:
        messages.error(request, _("Actions are agreed at a visit once it has taken place."))
        return redirect("visit_requests:inspect", visit.pk)
    initial = {"agreement": visit.agreement_id, "side": SignatorySide.PARTNER}
    form = VisitFollowUpForm(request.POST or None, visit=visit, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                follow_up = visit_follow_up_create(
                    visit=visit, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(
                    request,
                    _("“%(title)s” was added; the partner sees it on its dashboard.")
                    % {"title": follow_up.title},
                )
                return redirect(reverse("visit_requests:inspect", args=[visit.pk]) + "#follow-ups")
        status = 400
    return TemplateResponse(
        request,
        "visits/admin/follow_up_add.html",
        {
            "visit": visit,
            "form": form,
            "page_title": _("Add an action agreed at the visit"),
            "header_icon": "tasks",
            "cancel_url": reverse("visit_requests:inspect", args=[visit.pk]),
        },
        status=status,
    )
