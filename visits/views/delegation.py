"""The partner's list of participants of a visit (one row at a time, no
script needed), and each participant's certificate of attendance."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from portal import audit
from portal.models import SiteSettings
from portal.ratelimit import rate_limit
from visits import selectors
from visits.certificates import certificate_pdf
from visits.forms import ParticipantForm
from visits.selectors import delegation as delegation_selectors
from visits.services import delegation, workflow
from visits.views.mine import visit_or_404


def _list_url(visit):
    return reverse("visits:participant-list", args=[visit.pk])


def _page(request, visit, form, *, editing=None, status=200):
    participants = delegation_selectors.participants_of(visit)
    count = delegation_selectors.headcount(participants)
    return render(
        request,
        "visits/participant_list.html",
        {
            "visit": visit,
            "participants": participants,
            "headcount": count,
            "room": max(visit.group_size - count.listed, 0),
            "form": form,
            "editing": editing,
            "can_edit": delegation.partner_can_edit(visit),
            "closed_reason": delegation.closed_reason(visit),
            "deadline": delegation.deadline_text(visit),
            "edit_days": delegation.edit_days(),
        },
        status=status,
    )


def _refused(form, error):
    for message in error.messages:
        form.add_error(None, message)


@login_required
@never_cache
@rate_limit("forms", methods={"POST"})
def participant_list(request, pk):
    """GET: the list and the form for one more person; POST: add that person."""
    visit = visit_or_404(request, pk)
    if request.method != "POST":
        return _page(
            request, visit, ParticipantForm() if delegation.partner_can_edit(visit) else None
        )
    form = ParticipantForm(request.POST)
    if form.is_valid():
        try:
            participant = delegation.participant_add(
                visit=visit, actor=request.user, data=form.cleaned_data
            )
        except (delegation.DelegationError, PermissionDenied) as error:
            _refused(form, error)
        else:
            messages.success(request, _("%(name)s is on the list.") % {"name": participant.name})
            return redirect(_list_url(visit))
    # What was typed comes back in the form, with the reason.
    return _page(request, visit, form, status=400 if form.errors else 200)


@login_required
@never_cache
@rate_limit("forms", methods={"POST"})
def participant_edit(request, pk, participant_pk):
    visit = visit_or_404(request, pk)
    participant = delegation_selectors.participant_of(visit, participant_pk)
    if participant is None:
        raise Http404(_("There is no such participant."))
    if not delegation.partner_can_edit(visit):
        messages.warning(request, delegation.closed_reason(visit))
        return redirect(_list_url(visit))
    if request.method == "POST":
        form = ParticipantForm(request.POST)
        if form.is_valid():
            try:
                delegation.participant_update(
                    visit=visit,
                    actor=request.user,
                    participant_id=participant.pk,
                    data=form.cleaned_data,
                )
            except (delegation.DelegationError, PermissionDenied) as error:
                _refused(form, error)
            else:
                messages.success(request, _("The participant's details are saved."))
                return redirect(_list_url(visit))
        return _page(request, visit, form, editing=participant, status=400)
    form = ParticipantForm(
        initial={
            "name": participant.name,
            "position": participant.position,
            "email": participant.email,
        }
    )
    return _page(request, visit, form, editing=participant)


@login_required
@never_cache
@require_POST
@rate_limit("forms", methods={"POST"})
def participant_remove(request, pk, participant_pk):
    visit = visit_or_404(request, pk)
    participant = delegation_selectors.participant_of(visit, participant_pk)
    if participant is None:
        raise Http404(_("There is no such participant."))
    try:
        delegation.participant_remove(
            visit=visit, actor=request.user, participant_id=participant.pk
        )
    except (delegation.DelegationError, PermissionDenied) as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(name)s is off the list.") % {"name": participant.name})
    return redirect(_list_url(visit))


@login_required
@never_cache
def participant_certificate(request, pk, participant_pk):
    """The certificate of a participant marked present, for the visiting
    institution's members and for visit staff, in the request's language."""
    if workflow.is_visit_staff(request.user):
        visit = selectors.visit_request_by_pk(pk)
        if visit is None:
            raise Http404(_("There is no such visit request."))
    else:
        visit = visit_or_404(request, pk)
    participant = delegation_selectors.participant_of(visit, participant_pk)
    if participant is None or not participant.is_present or participant.is_anonymised:
        raise Http404(_("There is no certificate for this participant."))
    host = SiteSettings.for_request(request).organisation_name
    language = delegation.request_language(visit)
    content = certificate_pdf(
        participant=participant, visit=visit, host_name=host, language=language
    )
    audit.record(request.user, "visit_certificate.download", target=visit, request=request)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="sertifikat-{visit.reference}-{participant.pk}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
