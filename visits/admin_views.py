"""Custom Wagtail admin views for visit requests: the request page with one
action per allowed transition, replies to the partner and the visit agenda."""

import datetime
import zoneinfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.views.generic import CreateView, IndexView, InspectView

from portal import audit
from visits.admin_forms import NoteForm, ReplyForm, RequiredNoteForm, ScheduleForm, version
from visits.choices import BOOKED_STATES
from visits.models import Venue, VisitMessage, VisitRequest, VisitTransition
from visits.services import reports as report_services
from visits.services import workflow

REVIEW_PERMISSION = workflow.REVIEW_PERMISSION
AGENDA_WEEKS = 4
# The agenda pages through these years only: no visit can be booked
# outside them (see visits.services.availability.HORIZON_DAYS).
AGENDA_FIRST, AGENDA_LAST = datetime.date(2000, 1, 1), datetime.date(2100, 12, 31)

# action -> (button label, form class, service)
ACTIONS = {
    "review": (gettext_lazy("Start the review"), NoteForm, workflow.visit_request_start_review),
    "schedule": (
        gettext_lazy("Approve and schedule"),
        ScheduleForm,
        workflow.visit_request_schedule,
    ),
    "request_changes": (
        gettext_lazy("Ask for changes"),
        RequiredNoteForm,
        workflow.visit_request_request_changes,
    ),
    "decline": (gettext_lazy("Decline"), RequiredNoteForm, workflow.visit_request_decline),
    "cancel": (gettext_lazy("Cancel the visit"), RequiredNoteForm, workflow.visit_request_cancel),
    "complete": (gettext_lazy("Mark as held"), NoteForm, workflow.visit_request_complete),
}


def _initial_schedule(visit, user):
    slot = next(iter(visit.preferred_slots.all()), None)
    venue = visit.venue or Venue.objects.active().first()
    initial = {"venue": venue, "host_staff": user}
    if slot and venue:
        zone = zoneinfo.ZoneInfo(venue.time_zone)
        start, end = timezone.localtime(slot.start, zone), timezone.localtime(slot.end, zone)
        initial.update(date=start.date(), start=start.time(), end=end.time())
    return initial


def action_forms(visit, user):
    """(name, label, form) for each transition staff may take now."""
    result = []
    for name in workflow.staff_actions(visit):
        label, form_class, _service = ACTIONS[name]
        initial = _initial_schedule(visit, user) if name == "schedule" else {}
        initial["seen"] = version(visit)
        result.append((name, label, form_class(initial=initial, prefix=name)))
    return result


class VisitRequestIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("institution", "venue")


class VisitRequestInspectView(InspectView):
    """The request with its letter, times, history, messages and the actions staff may take."""

    template_name = "visits/admin/visitrequest_inspect.html"

    def get_object(self, queryset=None):
        return get_object_or_404(
            VisitRequest.objects.select_related(
                "institution", "requester", "venue", "host_staff", "agreement", "report"
            ),
            pk=self.pk,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visit = self.object
        # Staff reading a request's personal data is part of the breach-readiness log.
        audit.record(self.request.user, "visit_request.view", target=visit, request=self.request)
        can_act = self.request.user.has_perm(REVIEW_PERMISSION)
        context.update(
            visit=visit,
            can_act=can_act,
            actions=action_forms(visit, self.request.user) if can_act else [],
            slots=list(visit.preferred_slots.all()),
            transitions=list(VisitTransition.objects.filter(request=visit).select_related("actor")),
            thread=list(VisitMessage.objects.filter(request=visit).select_related("author")),
            reply_form=ReplyForm(),
            report_link=_report_link(visit, can_act),
        )
        return context


def _report_link(visit, can_act):
    """(label, url) from the request to its report: open it once recorded,
    record it (staff only) once the visit has been held; else None."""
    url = report_services.get_report_url(visit)
    if url is None:
        return None
    if report_services.has_report(visit):
        return _("Open the visit report"), url
    return (_("Record the visit report"), url) if can_act else None


class VisitRequestCreateView(CreateView):
    """Requests come from partners through the site; the admin never creates one."""

    def dispatch(self, request, *args, **kwargs):
        raise PermissionDenied


def _inspect_url(visit):
    return reverse("visit_requests:inspect", args=[visit.pk])


@require_POST
@permission_required(REVIEW_PERMISSION, raise_exception=True)
def visit_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    visit = get_object_or_404(VisitRequest, pk=pk)
    label, form_class, service = ACTIONS[action]
    form = form_class(request.POST, prefix=action)
    if not form.is_valid():
        if "seen" in form.errors:  # no version, no action: the page must be reloaded
            messages.error(request, form.errors["seen"][0])
            _keep_note(request, form.cleaned_data.get("note"))
            return redirect(_inspect_url(visit))
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(_inspect_url(visit))
    data = form.cleaned_data
    try:
        with transaction.atomic():
            if action == "schedule":  # the workflow's lock order: the venue, then the request
                Venue.objects.select_for_update().filter(pk=data["venue"].pk).first()
            current = VisitRequest.objects.select_for_update().get(pk=visit.pk)
            if data["seen"] != version(current):
                raise StaleAction
            _apply(action, service, current, request.user, data)
    except StaleAction:
        messages.error(
            request,
            _(
                "Someone changed this request while you had it open; it is now “%(state)s”. "
                "Nothing was done: check it again, then act."
            )
            % {"state": current.get_state_display()},
        )
        _keep_note(request, data.get("note"))
    except workflow.TransitionError as error:
        messages.error(request, error.message)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        visit.refresh_from_db()
        messages.success(
            request,
            _("%(reference)s is now “%(state)s”.")
            % {"reference": visit.reference, "state": visit.get_state_display()},
        )
    return redirect(_inspect_url(visit))


def _keep_note(request, note):
    """Show a note that was not sent, so staff need not type it again."""
    if note:
        messages.info(request, _("Your note, not sent: %(note)s") % {"note": note})


class StaleAction(Exception):
    """The request changed after the page with the action was shown."""


def _apply(action, service, visit, user, data):
    if action == "schedule":
        service(
            visit=visit,
            actor=user,
            venue=data["venue"],
            start=data["start_at"],
            end=data["end_at"],
            host_staff=data["host_staff"],
            note=data["note"],
        )
    elif action in ("decline", "cancel"):
        service(visit=visit, actor=user, reason=data["note"])
    else:
        service(visit=visit, actor=user, note=data["note"])


@require_POST
@permission_required(REVIEW_PERMISSION, raise_exception=True)
def visit_reply(request, pk):
    visit = get_object_or_404(VisitRequest, pk=pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        workflow.visit_message_post(
            visit=visit, author=request.user, body=form.cleaned_data["body"]
        )
        messages.success(request, _("Your reply has been sent to the partner."))
    else:
        messages.error(request, _("Write a message first."))
    return redirect(_inspect_url(visit) + "#thread")


def _agenda_start(text, default):
    """The Monday-or-any day ``?from=`` names, or None when it is not a date in range."""
    if not text:
        return default
    try:
        first = datetime.date.fromisoformat(text)
    except ValueError:
        return None
    return first if AGENDA_FIRST <= first <= AGENDA_LAST else None


@permission_required("visits.view_visitrequest", raise_exception=True)
def agenda(request):
    """Booked visits day by day for four weeks from ``?from=YYYY-MM-DD`` (default: this week).

    Any other ``from`` (not a date, or outside 2000-2100) gets a 404 page
    that says so and leads back to this week, never an error.
    """
    today = timezone.localdate()
    this_week = today - datetime.timedelta(days=today.weekday())
    context = {
        "header_title": _("Visit agenda"),
        "page_title": _("Visit agenda"),
        "this_week": this_week.isoformat(),
    }
    first = _agenda_start(request.GET.get("from", "").strip(), this_week)
    if first is None:
        context["error"] = _(
            "There is no agenda for “%(value)s”: choose a date from %(first)s to %(last)s."
        ) % {
            "value": request.GET["from"][:40],
            "first": date_format(AGENDA_FIRST, "j F Y"),
            "last": date_format(AGENDA_LAST, "j F Y"),
        }
        return TemplateResponse(request, "visits/admin/agenda.html", context, status=404)
    step = datetime.timedelta(weeks=AGENDA_WEEKS)
    last = first + step
    zone = timezone.get_current_timezone()
    visits = (
        VisitRequest.objects.filter(
            state__in=BOOKED_STATES,
            scheduled_start__gte=datetime.datetime.combine(first, datetime.time.min, tzinfo=zone),
            scheduled_start__lt=datetime.datetime.combine(last, datetime.time.min, tzinfo=zone),
        )
        .select_related("institution", "venue", "host_staff")
        .order_by("scheduled_start")
    )
    days = {}
    for visit in visits:
        visit.zone_name = visit.venue.time_zone if visit.venue else settings.TIME_ZONE
        local = timezone.localtime(visit.scheduled_start, zoneinfo.ZoneInfo(visit.zone_name))
        days.setdefault(local.date(), []).append(visit)
    previous, following = first - step, last
    context.update(
        days=sorted(days.items()),
        first=first,
        last=last - datetime.timedelta(days=1),
        previous=previous.isoformat() if previous >= AGENDA_FIRST else None,
        following=following.isoformat() if following <= AGENDA_LAST else None,
    )
    return TemplateResponse(request, "visits/admin/agenda.html", context)
