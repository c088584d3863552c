"""The partner's feedback on a held visit."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from visits import selectors
from visits.choices import HELD_STATES
from visits.services import reports as report_services

RATING_CHOICES = [
    (5, gettext_lazy("5 – excellent")),
    (4, gettext_lazy("4 – good")),
    (3, gettext_lazy("3 – fair")),
    (2, gettext_lazy("2 – poor")),
    (1, gettext_lazy("1 – very poor")),
]


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=gettext_lazy("How was the visit?"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose a rating from 1 to 5.")},
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("What went well, and what should the host do better?"),
    )


@never_cache
@login_required
def visit_feedback(request, pk):
    """Show the feedback form (or the feedback already given) for a held visit.

    Only the visit's own institution reaches it: any other request id is a 404.
    """
    visit = selectors.visit_request_for_feedback(request.user, pk)
    if visit is None:
        raise Http404
    feedback = selectors.feedback_of_visit(visit)
    held = visit.state in HELD_STATES
    form = None
    if held and feedback is None:
        form = FeedbackForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                report_services.visit_feedback_leave(
                    visit=visit,
                    author=request.user,
                    rating=form.cleaned_data["rating"],
                    comment=form.cleaned_data["comment"],
                )
            except report_services.ReportError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Thank you for your feedback."))
            return redirect("visits:request-feedback", visit.pk)
    elif request.method == "POST":
        messages.error(
            request,
            _("Feedback can be given once the visit has taken place.")
            if not held
            else _("Your institution has already given feedback on this visit."),
        )
        return redirect("visits:request-feedback", visit.pk)
    return TemplateResponse(
        request,
        "visits/reports/feedback.html",
        {"visit": visit, "feedback": feedback, "form": form, "held": held},
    )
