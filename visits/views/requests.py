"""The partner's request form: a new visit request, and the edit after staff
asked for changes (rate-limited; the letter is kept between posts)."""

import uuid
import zoneinfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from partners import selectors as partner_selectors
from portal.ratelimit import hit_key, rate_limit
from visits import selectors
from visits.forms import VisitRequestForm
from visits.services import submission, workflow
from visits.views.letters import LetterKeeper
from visits.views.mine import visit_or_404

# New and resubmitted requests, per person and per institution (each mails
# staff); PORTAL_RATE_LIMITS["visit_submissions_user"/"_institution"] override.
SUBMISSIONS_PER_USER = "10/h"
SUBMISSIONS_PER_INSTITUTION = "20/h"


def _too_many_submissions(request, institution):
    """Count one submission of the user and of the institution; True when either is over.

    Each submission mails the cooperation staff. The per-address limit of
    every form does not hold a person who changes address, nor several
    accounts of one institution; these counters key on neither the address
    nor anything the client sends (such as X-Forwarded-For).
    """
    limits = settings.PORTAL_RATE_LIMITS
    over_user = hit_key(
        "visit_submissions_user",
        f"user-{request.user.pk}",
        limits.get("visit_submissions_user", SUBMISSIONS_PER_USER),
    )
    over_institution = hit_key(
        "visit_submissions_institution",
        f"institution-{institution.pk}",
        limits.get("visit_submissions_institution", SUBMISSIONS_PER_INSTITUTION),
    )
    return over_user or over_institution


def _submission_limited(request, form, kept_letter, *, visit=None):
    """The form again, with what was typed, a plain message and a 429 status."""
    form.add_error(
        None,
        _(
            "You or your institution have sent many requests in the last hour. "
            "Nothing was sent: wait an hour, then send this one again. "
            "If it is urgent, write to the cooperation staff."
        ),
    )
    context = {"form": form, "kept_letter": kept_letter}
    if visit is not None:
        context["visit"] = visit
    response = render(request, "visits/visitrequest_form.html", context, status=429)
    response["Retry-After"] = "3600"
    return response


def _existing_for_key(request, institutions):
    """The request an earlier copy of this very form created, if any."""
    try:
        key = uuid.UUID(request.POST.get("idempotency_key", ""))
    except ValueError:
        return None
    return selectors.visit_request_for_key(key, institutions)


@login_required
@never_cache
@rate_limit("forms", methods={"POST"})
def request_create(request):
    institutions = selectors.member_institutions(request.user)
    if not institutions:  # read once: the form lists the same rows
        archived = partner_selectors.archived_institution_for_user(user=request.user)
        if archived is not None:
            # Say why, instead of "not yet a member".
            return render(
                request,
                "partners/institution_archived.html",
                {"institution": archived},
                status=403,
            )
        return render(request, "visits/not_a_member.html", status=403)
    if request.method == "POST":
        existing = _existing_for_key(request, institutions)
        if existing is not None:
            messages.info(request, _("We already have this request; here it is."))
            return redirect(existing)
        letter = LetterKeeper(request)
        form = VisitRequestForm(request.POST, letter.files, institutions=institutions)
        with letter:
            if letter.check(form) and _too_many_submissions(
                request, form.cleaned_data["institution"]
            ):
                return _submission_limited(request, form, letter.keep(form))
            if form.is_valid():
                data = form.cleaned_data
                try:
                    visit, created = submission.visit_request_submit(
                        institution=data["institution"],
                        requester=request.user,
                        idempotency_key=data["idempotency_key"],
                        data={
                            name: data[name] for name in submission.PARTNER_FIELDS if name in data
                        }
                        | {"venue": data["venue"]},
                        topics=data["topics"],
                        slots=data["slots"],
                        request_letter=data["request_letter"],
                        consent=True,
                        consent_request=request,
                        language=request.LANGUAGE_CODE,
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    letter.done()
                    if created:
                        messages.success(
                            request,
                            _("Your request %(reference)s has been sent. We will e-mail you.")
                            % {"reference": visit.reference},
                        )
                    else:
                        messages.info(request, _("We already have this request; here it is."))
                    return redirect(visit)
            kept_letter = letter.keep(form)
        return render(
            request, "visits/visitrequest_form.html", {"form": form, "kept_letter": kept_letter}
        )
    else:
        initial = {
            "contact_name": request.user.full_name,
            "contact_email": request.user.email,
            "contact_phone": request.user.phone,
        }
        form = VisitRequestForm(initial=initial, institutions=institutions)
    # The blank form's fields are the same on every visit of this user
    # (its hidden fields, the one-time key among them, are not kept).
    return render(
        request,
        "visits/visitrequest_form.html",
        {"form": form, "form_fragment": "visit-request-form"},
    )


def slot_zone(visit):
    return zoneinfo.ZoneInfo(visit.venue.time_zone if visit.venue else settings.TIME_ZONE)


@login_required
@never_cache
@rate_limit("forms", methods={"POST"})
def request_edit(request, pk):
    visit = visit_or_404(request, pk)
    if not visit.is_editable_by_partner:
        messages.warning(request, _("This request can only be edited while changes are requested."))
        return redirect(visit)
    institutions = selectors.member_institutions(request.user)
    initial = {"topics": list(visit.topics.all())}
    for slot in visit.preferred_slots.all():
        zone_start = timezone.localtime(slot.start, slot_zone(visit))
        zone_end = timezone.localtime(slot.end, slot_zone(visit))
        initial[f"slot_{slot.position}_date"] = zone_start.date()
        initial[f"slot_{slot.position}_start"] = zone_start.time()
        initial[f"slot_{slot.position}_end"] = zone_end.time()
    kept_letter = None
    if request.method == "POST":
        letter = LetterKeeper(request)
        form = VisitRequestForm(
            request.POST, letter.files, instance=visit, institutions=institutions, editing=True
        )
        with letter:
            if letter.check(form) and _too_many_submissions(request, visit.institution):
                return _submission_limited(request, form, letter.keep(form), visit=visit)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    submission.visit_request_resubmit(
                        visit=visit,
                        actor=request.user,
                        data={
                            name: data[name] for name in submission.PARTNER_FIELDS if name in data
                        }
                        | {"venue": data["venue"]},
                        topics=data["topics"],
                        slots=data["slots"],
                        request_letter=data.get("request_letter"),
                    )
                except (ValidationError, workflow.TransitionError) as error:
                    messages.error(
                        request, getattr(error, "message", None) or " ".join(error.messages)
                    )
                else:
                    messages.success(request, _("Your changes have been sent for review."))
                letter.done()
                return redirect(visit)
            kept_letter = letter.keep(form)
    else:
        form = VisitRequestForm(
            instance=visit, initial=initial, institutions=institutions, editing=True
        )
    return render(
        request,
        "visits/visitrequest_form.html",
        {"form": form, "visit": visit, "kept_letter": kept_letter},
    )
