"""The partner's "Kunjungan saya" (my visits): the list, a request's page, its
cancellation, messages and letter."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from partners import selectors as partner_selectors
from portal import audit
from portal.ratelimit import rate_limit
from portal.uploads import private_file_response
from visits import selectors
from visits.choices import VisitState
from visits.forms import CancelForm, ChangeRequestForm, MessageForm
from visits.services import submission, workflow

REQUESTS_PER_PAGE = 20


@login_required
@never_cache
def request_list(request):
    visits = selectors.visit_requests_for_user(request.user)
    paginator = Paginator(visits, REQUESTS_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except InvalidPage as error:
        raise Http404(_("There is no such page.")) from error
    # The table is kept until a visits or partners record changes
    # ({% private_fragment %}); these are read only when it is not.
    return render(
        request,
        "visits/visitrequest_list.html",
        {
            "page_obj": page,
            "visits": SimpleLazyObject(lambda: list(page.object_list)),
            "can_request": SimpleLazyObject(
                lambda: selectors.member_institutions(request.user).exists()
            ),
            "archived": SimpleLazyObject(
                lambda: partner_selectors.archived_institutions_for_user(user=request.user)
            ),
        },
    )


def visit_or_404(request, pk):
    visit = selectors.visit_request_for_user(request.user, pk)
    if visit is None:
        raise Http404(_("There is no such visit request."))
    return visit


@login_required
@never_cache
def request_detail(request, pk):
    visit = visit_or_404(request, pk)
    return render(
        request,
        "visits/visitrequest_detail.html",
        {
            "visit": visit,
            "message_form": MessageForm(),
            "VisitState": VisitState,
            "can_ask_change": can_ask_change(visit),
            "reply_letter": selectors.partner_reply_letter(visit),
        },
    )


@login_required
@never_cache
def request_cancel(request, pk):
    visit = visit_or_404(request, pk)
    if not visit.is_cancellable:
        messages.warning(request, _("This visit can no longer be cancelled."))
        return redirect(visit)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.visit_request_cancel(
                visit=visit, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except workflow.TransitionError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The visit is cancelled. We have let the host know."))
        return redirect(visit)
    return render(request, "visits/visitrequest_cancel.html", {"visit": visit, "form": form})


def can_ask_change(visit):
    return visit.state == VisitState.SCHEDULED and visit.is_cancellable


@login_required
@never_cache
@rate_limit("forms", methods={"POST"})
def request_change(request, pk):
    """Ask for another time for a scheduled visit; it goes back to review."""
    visit = visit_or_404(request, pk)
    if not can_ask_change(visit):
        messages.warning(request, _("Another time can only be asked for a scheduled visit."))
        return redirect(visit)
    form = ChangeRequestForm(request.POST or None, visit=visit)
    if request.method == "POST" and form.is_valid():
        try:
            submission.visit_request_ask_change(
                visit=visit,
                actor=request.user,
                slots=form.cleaned_data["slots"],
                reason=form.cleaned_data["reason"],
            )
        except workflow.TransitionError as error:
            messages.error(request, error.message)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Your request for another time is sent; the visit is back under review."),
            )
            return redirect(visit)
    return render(request, "visits/visitrequest_change.html", {"visit": visit, "form": form})


@login_required
@never_cache
@require_POST
@rate_limit("forms", methods={"POST"})
def request_message(request, pk):
    visit = visit_or_404(request, pk)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            workflow.visit_message_post(
                visit=visit, author=request.user, body=form.cleaned_data["body"]
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("Your message has been sent."))
        return redirect(visit.get_absolute_url() + "#pesan")
    return render(
        request,
        "visits/visitrequest_detail.html",
        {
            "visit": visit,
            "message_form": form,
            "VisitState": VisitState,
            "reply_letter": selectors.partner_reply_letter(visit),
        },
    )


@login_required
@never_cache
def request_letter(request, pk):
    """The letter, for members of the requesting institution and for visit staff."""
    if workflow.is_visit_staff(request.user):
        visit = selectors.visit_request_by_pk(pk)
        if visit is None:
            raise Http404(_("There is no such visit request."))
    else:
        visit = visit_or_404(request, pk)
    if not visit.request_letter:
        raise Http404(_("This request has no letter."))
    audit.record(request.user, "visit_letter.download", target=visit, request=request)
    return private_file_response(visit.request_letter, download_name=f"surat-{visit.reference}.pdf")


@login_required
@never_cache
def reply_letter_download(request, pk):
    """The host's current reply letter, for members of the requesting institution."""
    visit = visit_or_404(request, pk)
    letter = selectors.partner_reply_letter(visit)
    if letter is None:
        raise Http404(_("This visit has no reply letter yet."))
    audit.record(request.user, "visit_reply_letter.download", target=visit, request=request)
    return private_file_response(letter.file, download_name=letter.download_name)
