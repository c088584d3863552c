"""Public visiting page and the partner's "Kunjungan saya" (my visits)."""

import calendar
import datetime
import uuid
import zoneinfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from partners import selectors as partner_selectors
from portal import audit
from portal.ratelimit import hit_key, rate_limit
from portal.uploads import held_upload, hold_upload, private_file_response
from visits import selectors
from visits.choices import VisitState
from visits.forms import CancelForm, MessageForm, VisitRequestForm
from visits.models import VisitRequest
from visits.services import workflow
from visits.services.availability import (
    DAY_STATUS_LABELS,
    DayStatus,
    booking_window,
    month_availability,
    venue_today,
)

REQUESTS_PER_PAGE = 20
# New and resubmitted requests, per person and per institution (each mails
# staff); PORTAL_RATE_LIMITS["visit_submissions_user"/"_institution"] override.
SUBMISSIONS_PER_USER = "10/h"
SUBMISSIONS_PER_INSTITUTION = "20/h"
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _month_or_404(year, month):
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        raise Http404(_("There is no such month."))
    return datetime.date(year, month, 1)


def _shift_month(first, months):
    index = first.year * 12 + first.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def visiting_page(request, year=None, month=None):
    """Visiting rules and a month calendar of each active venue; names of visitors never show."""
    venues = list(selectors.public_venues())
    venue = venues[0] if venues else None
    requested = request.GET.get("venue")
    if requested is not None:
        if not requested.isdigit():
            raise Http404(_("There is no such venue."))
        venue = next((v for v in venues if v.pk == int(requested)), None)
        if venue is None:
            raise Http404(_("There is no such venue."))
    if year is None:
        today = venue_today(venue) if venue else timezone.localdate()
        first = today.replace(day=1)
    else:
        first = _month_or_404(year, month)
    context = {"venues": venues, "venue": venue, "month": first}
    if venue is not None:
        window_first, window_last = booking_window(venue)
        previous, following = _shift_month(first, -1), _shift_month(first, 1)
        context.update(
            weeks=month_availability(venue=venue, year=first.year, month=first.month),
            weekday_names=[_(calendar.day_abbr[i]) for i in range(7)],
            legend=[(status.value, DAY_STATUS_LABELS[status]) for status in DayStatus],
            window_first=window_first,
            window_last=window_last,
            previous=previous if previous.year >= FIRST_YEAR else None,
            following=following if following.year <= LAST_YEAR else None,
            opening_hours=list(venue.opening_hours.all()),
        )
    return render(request, "visits/visiting_page.html", context)


@login_required
@never_cache
def request_list(request):
    visits = selectors.visit_requests_for_user(request.user)
    paginator = Paginator(visits, REQUESTS_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except InvalidPage as error:
        raise Http404(_("There is no such page.")) from error
    institutions = list(selectors.member_institutions(request.user))
    return render(
        request,
        "visits/visitrequest_list.html",
        {
            "page_obj": page,
            "visits": page.object_list,
            "can_request": bool(institutions),
            "archived": partner_selectors.archived_institutions_for_user(user=request.user),
        },
    )


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


class LetterKeeper:
    """Keeps the request letter between posts of the form (``portal.uploads.hold_upload``).

    ``files`` is what the form gets: the posted files, plus the letter a
    ``kept_letter`` token names when no new letter was chosen. After a post
    that did not go through, ``keep(form)`` holds a letter that passed its
    checks and returns what the template shows (None when nothing is kept);
    after a successful one, ``done()`` drops the held copy. Use it as a
    context manager so the held file is closed.
    """

    FIELD = "request_letter"

    def __init__(self, request):
        self.request = request
        token = request.POST.get("kept_letter", "")
        self.held = held_upload(token, user=request.user)
        self.expired = bool(token) and self.held is None
        self.opened = None
        self.files = request.FILES
        if self.held is not None and not request.FILES.get(self.FIELD):
            self.opened = self.held.open()
            self.files = request.FILES.copy()
            self.files[self.FIELD] = self.opened

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        if self.opened is not None:
            self.opened.close()

    def check(self, form):
        """Validate ``form``; a letter chosen before that is no longer kept must be chosen again
        (else an edit would go through without the new letter the partner meant to send)."""
        form.is_valid()
        if self.expired and not self.request.FILES.get(self.FIELD):
            form.errors.pop(self.FIELD, None)
            form.add_error(
                self.FIELD,
                _(
                    "The letter you chose before is no longer kept (we keep it for two "
                    "hours). Choose the file again."
                ),
            )
        return form.is_valid()

    def keep(self, form):
        letter = form.cleaned_data.get(self.FIELD) if hasattr(form, "cleaned_data") else None
        if self.FIELD in form.errors or not letter:
            if self.held is not None and self.request.FILES.get(self.FIELD):
                self.held.discard()  # replaced by a file that did not pass
            return None
        if self.opened is None or letter is not self.opened:
            if self.held is not None:
                self.held.discard()  # replaced by the new file
            self.held = hold_upload(letter, user=self.request.user)
        # The file input comes back empty: let it point at the notice that says why.
        field_id = form[self.FIELD].auto_id
        form.fields[self.FIELD].widget.attrs["aria-describedby"] = (
            f"{field_id}_kept {field_id}_helptext"
        )
        return self.held

    def done(self):
        if self.held is not None:
            self.held.discard()


def _existing_for_key(request, institutions):
    """The request an earlier copy of this very form created, if any."""
    try:
        key = uuid.UUID(request.POST.get("idempotency_key", ""))
    except ValueError:
        return None
    return VisitRequest.objects.filter(idempotency_key=key, institution__in=institutions).first()


@login_required
@never_cache
@rate_limit("forms", methods={"POST"})
def request_create(request):
    institutions = selectors.member_institutions(request.user)
    if not institutions.exists():
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
                    visit, created = workflow.visit_request_submit(
                        institution=data["institution"],
                        requester=request.user,
                        idempotency_key=data["idempotency_key"],
                        data={name: data[name] for name in workflow.PARTNER_FIELDS if name in data}
                        | {"venue": data["venue"]},
                        topics=data["topics"],
                        slots=data["slots"],
                        request_letter=data["request_letter"],
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    letter.done()
                    if created:
                        form.record_consent(request.user, request)
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
    return render(request, "visits/visitrequest_form.html", {"form": form})


def _visit_or_404(request, pk):
    visit = selectors.visit_request_for_user(request.user, pk)
    if visit is None:
        raise Http404(_("There is no such visit request."))
    return visit


@login_required
@never_cache
def request_detail(request, pk):
    visit = _visit_or_404(request, pk)
    return render(
        request,
        "visits/visitrequest_detail.html",
        {
            "visit": visit,
            "message_form": MessageForm(),
            "VisitState": VisitState,
        },
    )


def slot_zone(visit):
    return zoneinfo.ZoneInfo(visit.venue.time_zone if visit.venue else settings.TIME_ZONE)


@login_required
@never_cache
@rate_limit("forms", methods={"POST"})
def request_edit(request, pk):
    visit = _visit_or_404(request, pk)
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
                    workflow.visit_request_resubmit(
                        visit=visit,
                        actor=request.user,
                        data={name: data[name] for name in workflow.PARTNER_FIELDS if name in data}
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


@login_required
@never_cache
def request_cancel(request, pk):
    visit = _visit_or_404(request, pk)
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


@login_required
@never_cache
@require_POST
@rate_limit("forms", methods={"POST"})
def request_message(request, pk):
    visit = _visit_or_404(request, pk)
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
        {"visit": visit, "message_form": form, "VisitState": VisitState},
    )


@login_required
@never_cache
def request_letter(request, pk):
    """The letter, for members of the requesting institution and for visit staff."""
    if workflow.is_visit_staff(request.user):
        visit = VisitRequest.objects.filter(pk=pk).first()
        if visit is None:
            raise Http404(_("There is no such visit request."))
    else:
        visit = _visit_or_404(request, pk)
    if not visit.request_letter:
        raise Http404(_("This request has no letter."))
    audit.record(request.user, "visit_letter.download", target=visit, request=request)
    return private_file_response(visit.request_letter, download_name=f"surat-{visit.reference}.pdf")
