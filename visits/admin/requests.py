"""The staff's visit requests: the listing, the request's page with one action
per allowed transition, and replies to the partner."""

import datetime
import zoneinfo

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.admin import messages as admin_messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet

from portal import audit
from portal.admin_columns import TextColumn
from portal.admin_filters import KeptChoicesMixin
from portal.uploads import private_file_response
from portal.widgets import show_objects
from visits.admin import slot_statuses
from visits.admin.followups import visit_follow_up_add
from visits.admin.permissions import can_review, review_required, viewer_required
from visits.admin.request_forms import (
    AssignForm,
    InternalNoteForm,
    NoteForm,
    RecordForPartnerForm,
    ReplyForm,
    RequiredNoteForm,
    RescheduleForm,
    ScheduleForm,
)
from visits.choices import HELD_STATES, OPEN_STATES, VisitState
from visits.display import format_visit_time, visit_time_zone
from visits.models import VisitRequest
from visits.selectors import approvers
from visits.selectors import staff as staff_selectors
from visits.services import office, reply_letters, submission, workflow
from visits.services import reports as report_services

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
    "reschedule": (
        gettext_lazy("Move the visit"),
        RescheduleForm,
        workflow.visit_request_reschedule,
    ),
    "cancel": (gettext_lazy("Cancel the visit"), RequiredNoteForm, workflow.visit_request_cancel),
    "complete": (gettext_lazy("Mark as held"), NoteForm, workflow.visit_request_complete),
}


def _initial_reschedule(visit):
    zone = zoneinfo.ZoneInfo(visit.venue.time_zone)
    start = timezone.localtime(visit.scheduled_start, zone)
    end = timezone.localtime(visit.scheduled_end, zone)
    return {"venue": visit.venue, "date": start.date(), "start": start.time(), "end": end.time()}


class PageChoices:
    """The lists a request's page offers, each read once however many of its
    forms ask and kept in the shared cache: the active venues (schedule and
    move forms) and the staff who may host or handle it (schedule and
    assign forms)."""

    @cached_property
    def venues(self):
        return staff_selectors.active_venue_list()

    @cached_property
    def staff(self):
        return staff_selectors.host_candidate_list()

    def offered_venue(self, visit):
        """The request's venue, else the first the schedule form offers."""
        if visit.venue is not None:
            return visit.venue
        return next(iter(self.venues), None)


def _initial_schedule(visit, user, choices):
    slot = next(iter(visit.preferred_slots.all()), None)
    venue = choices.offered_venue(visit)
    initial = {"venue": venue, "host_staff": user}
    if slot and venue:
        zone = zoneinfo.ZoneInfo(venue.time_zone)
        start, end = timezone.localtime(slot.start, zone), timezone.localtime(slot.end, zone)
        initial.update(date=start.date(), start=start.time(), end=end.time())
    return initial


def action_forms(visit, user, choices):
    """(name, label, form) for each transition staff may take now."""
    result = []
    for name in workflow.staff_actions(visit):
        label, form_class, _service = ACTIONS[name]
        if name == "schedule":
            initial = _initial_schedule(visit, user, choices)
        elif name == "reschedule":
            initial = _initial_reschedule(visit)
        else:
            initial = {}
        initial["seen"] = workflow.version(visit)
        form = form_class(initial=initial, prefix=name)
        if "venue" in form.fields:
            show_objects(form.fields["venue"], choices.venues)
        if "host_staff" in form.fields:
            show_objects(form.fields["host_staff"], choices.staff)
        result.append((name, label, form))
    return result


def _assign_form(visit, choices):
    form = AssignForm(
        initial={"handler": visit.handled_by_id, "seen": workflow.version(visit)},
        prefix="assign",
    )
    show_objects(form.fields["handler"], choices.staff)
    return form


class VisitRequestIndexView(IndexView):
    def get_base_queryset(self):
        return staff_selectors.visit_request_queue()

    def user_has_permission(self, permission):
        # "Add" is booking on behalf (record_for_partner): cooperation staff
        # only, whatever the model permissions say.
        if permission == "add":
            return can_review(self.request.user)
        return super().user_has_permission(permission)


class VisitRequestInspectView(InspectView):
    """The request with its letter, times, history, messages and the actions staff may take."""

    template_name = "visits/admin/visitrequest_inspect.html"

    def get_object(self, queryset=None):
        visit = staff_selectors.visit_request_for_staff(self.pk)
        if visit is None:
            raise Http404
        return visit

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visit = self.object
        # Staff reading a request's personal data is part of the breach-readiness log.
        audit.record(self.request.user, "visit_request.view", target=visit, request=self.request)
        can_act = can_review(self.request.user)
        # A venue with approvers is decided by them: other staff read, reply and note.
        can_decide = can_act and approvers.may_decide(self.request.user, visit.venue)
        slots = list(visit.preferred_slots.all())
        choices = PageChoices()
        context["follow_ups"] = staff_selectors.visit_follow_ups(visit)
        context["can_add_follow_up"] = can_act and visit.state in HELD_STATES
        context.update(
            visit=visit,
            can_act=can_act,
            can_decide=can_decide,
            actions=action_forms(visit, self.request.user, choices) if can_decide else [],
            decider_notice=(
                approvers.refusal_message(visit.venue)
                if can_act and not can_decide and workflow.staff_actions(visit)
                else ""
            ),
            slots=slots,
            slot_statuses=_slot_statuses(visit, slots, choices),
            seen=workflow.version(visit),
            transitions=staff_selectors.visit_request_history(visit),
            thread=staff_selectors.visit_request_thread(visit),
            reply_form=ReplyForm(),
            assign_form=_assign_form(visit, choices) if can_act else None,
            internal_notes=staff_selectors.visit_request_internal_notes(visit),
            note_form=InternalNoteForm(prefix="internal") if can_act else None,
            report_link=_report_link(visit, can_act),
            **_reply_letter_context(visit, can_act),
        )
        return context


def _slot_statuses(visit, slots, choices):
    """Free or busy for each preferred time, while the request may be
    scheduled (at its venue, else the venue the schedule form offers)."""
    if "schedule" not in workflow.staff_actions(visit):
        return []
    venue = choices.offered_venue(visit)
    if venue is None:
        return []
    return slot_statuses.preferred_slot_statuses(visit, slots, venue)


def _reply_letter_context(visit, can_act):
    """The request's reply letters (current and superseded), and whether staff
    can issue one now or what they must set first."""
    letters = staff_selectors.visit_request_reply_letters(visit)
    scheduled = visit.state == VisitState.SCHEDULED
    problem = reply_letters.settings_problem() if scheduled and can_act else None
    return {
        "reply_letters": letters,
        "has_current_letter": any(letter.is_current for letter in letters),
        "can_issue_letter": scheduled and can_act and problem is None,
        "letter_problem": problem,
        "letter_settings_url": reply_letters.settings_url() if problem else "",
    }


def _report_link(visit, can_act):
    """(label, url) from the request to its report: open it once recorded,
    record it (staff only) once the visit has been held; else None."""
    url = report_services.get_report_url(visit)
    if url is None:
        return None
    if report_services.has_report(visit):
        return _("Open the visit report"), url
    return (_("Record the visit report"), url) if can_act else None


@review_required
@require_http_methods(["GET", "HEAD", "POST"])
def record_for_partner(request):
    """Booking on behalf: staff record a request for a partner who phoned or
    wrote, through the partner's own submission (same venue and slot rules)."""
    form = RecordForPartnerForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit, created = submission.visit_request_record_for_partner(
                staff=request.user,
                institution=data["institution"],
                idempotency_key=data["idempotency_key"],
                data={name: data[name] for name in submission.PARTNER_FIELDS if name in data},
                topics=data["topics"],
                slots=data["slots"],
                request_letter=data.get("request_letter"),
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error)
        else:
            if created:
                audit.record(request.user, "visit_request.recorded", target=visit, request=request)
                messages.success(
                    request,
                    _(
                        "Request %(reference)s recorded for %(institution)s; "
                        "its coordinators have been told."
                    )
                    % {"reference": visit.reference, "institution": visit.institution.name},
                )
            return redirect(_inspect_url(visit))
    title = _("Record a request for a partner")
    return TemplateResponse(
        request,
        "visits/admin/record_for_partner.html",
        {"form": form, "header_title": title, "page_title": title},
    )


def _inspect_url(visit):
    return reverse("visit_requests:inspect", args=[visit.pk])


@require_POST
@review_required
def visit_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    visit = staff_selectors.visit_request(pk)
    if visit is None:
        raise Http404
    label, form_class, service = ACTIONS[action]
    form = form_class(request.POST, prefix=action)
    if not form.is_valid():
        if "seen" in form.errors:  # no version, no action: the page must be reloaded
            messages.error(request, form.errors["seen"][0])
            _keep_note(request, form.cleaned_data.get("note"))
            return redirect(_inspect_url(visit))
        _flash_errors(request, form.errors)
        return redirect(_inspect_url(visit))
    data = form.cleaned_data
    try:
        _apply(action, service, visit, request.user, data)
    except PermissionDenied as error:
        # Not an approver of the request's venue (or of the venue chosen).
        messages.error(request, str(error))
        _keep_note(request, data.get("note"))
    except workflow.StaleVersion as error:
        messages.error(request, error.message)
        _keep_note(request, data.get("note"))
    except workflow.TransitionError as error:
        messages.error(request, error.message)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        visit.refresh_from_db()
        if action in ("schedule", "reschedule"):
            _warn_without_letter(request, visit)
        if action == "reschedule":
            messages.success(
                request,
                _("%(reference)s is moved to %(time)s; the partner and the host get the update.")
                % {"reference": visit.reference, "time": _visit_time(visit)},
            )
        else:
            messages.success(
                request,
                _("%(reference)s is now “%(state)s”.")
                % {"reference": visit.reference, "state": visit.get_state_display()},
            )
    return redirect(_inspect_url(visit))


def _warn_without_letter(request, visit):
    """After scheduling or moving: say so when no current reply letter was
    issued, what to set, and where."""
    if any(letter.is_current for letter in staff_selectors.visit_request_reply_letters(visit)):
        return
    problem = reply_letters.settings_problem() or _(
        "No reply letter was issued. Issue it from the request's page."
    )
    admin_messages.warning(
        request,
        problem,
        buttons=[admin_messages.button(reply_letters.settings_url(), _("Open the site settings"))],
    )


@require_POST
@review_required
def reply_letter_issue(request, pk):
    """Issue the reply letter (or a new one, superseding the current letter)."""
    visit = staff_selectors.visit_request(pk)
    if visit is None:
        raise Http404
    try:
        letter = workflow.visit_request_issue_letter(visit=visit, actor=request.user)
    except reply_letters.LetterNotIssued as error:
        admin_messages.error(
            request,
            error.message,
            buttons=[
                admin_messages.button(reply_letters.settings_url(), _("Open the site settings"))
            ],
        )
    else:
        audit.record(request.user, "visit_reply_letter.issue", target=visit, request=request)
        messages.success(
            request,
            _("Reply letter %(number)s is issued; the partner can download it from their page.")
            % {"number": letter.number},
        )
    return redirect(_inspect_url(visit) + "#reply-letter")


@viewer_required
def reply_letter_download(request, pk, letter_pk):
    """A reply letter of the request, current or superseded, for staff."""
    letter = staff_selectors.reply_letter_of(pk, letter_pk)
    if letter is None or not letter.file:  # no file: removed after the retention period
        raise Http404
    audit.record(
        request.user, "visit_reply_letter.download", target=letter.request, request=request
    )
    return private_file_response(letter.file, download_name=letter.download_name)


def _flash_errors(request, errors):
    """Show every message of a form's ``errors`` on the page redirected to."""
    for field_errors in errors.values():
        for error in field_errors:
            messages.error(request, error)


def _keep_note(request, note):
    """Show a note that was not sent, so staff need not type it again."""
    if note:
        messages.info(request, _("Your note, not sent: %(note)s") % {"note": note})


def _apply(action, service, visit, user, data):
    """Call the action's service; it checks the version the page showed under its own lock."""
    seen = data["seen"]
    if action == "schedule":
        service(
            visit=visit,
            actor=user,
            venue=data["venue"],
            start=data["start_at"],
            end=data["end_at"],
            host_staff=data["host_staff"],
            note=data["note"],
            expected_version=seen,
        )
    elif action == "reschedule":
        service(
            visit=visit,
            actor=user,
            venue=data["venue"],
            start=data["start_at"],
            end=data["end_at"],
            reason=data["note"],
            expected_version=seen,
        )
    elif action in ("decline", "cancel"):
        service(visit=visit, actor=user, reason=data["note"], expected_version=seen)
    else:
        service(visit=visit, actor=user, note=data["note"], expected_version=seen)


@require_POST
@review_required
def visit_reply(request, pk):
    visit = staff_selectors.visit_request(pk)
    if visit is None:
        raise Http404
    form = ReplyForm(request.POST)
    if form.is_valid():
        workflow.visit_message_post(
            visit=visit, author=request.user, body=form.cleaned_data["body"]
        )
        messages.success(request, _("Your reply has been sent to the partner."))
    else:
        messages.error(request, _("Write a message first."))
    return redirect(_inspect_url(visit) + "#thread")


@require_POST
@review_required
def visit_assign(request, pk):
    visit = staff_selectors.visit_request(pk)
    if visit is None:
        raise Http404
    form = AssignForm(request.POST, prefix="assign")
    if not form.is_valid():
        _flash_errors(request, form.errors)
        return redirect(_inspect_url(visit) + "#handler")
    handler = form.cleaned_data["handler"]
    try:
        office.visit_request_assign(
            visit=visit,
            actor=request.user,
            handler=handler,
            expected_version=form.cleaned_data["seen"],
            request=request,
        )
    except workflow.StaleVersion as error:
        messages.error(request, error.message)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if handler is None:
            messages.success(
                request, _("%(reference)s is unassigned.") % {"reference": visit.reference}
            )
        else:
            messages.success(
                request,
                _("%(reference)s is now handled by %(name)s.")
                % {"reference": visit.reference, "name": handler},
            )
    return redirect(_inspect_url(visit) + "#handler")


@require_POST
@review_required
def visit_internal_note(request, pk):
    visit = staff_selectors.visit_request(pk)
    if visit is None:
        raise Http404
    form = InternalNoteForm(request.POST, prefix="internal")
    if not form.is_valid():
        _flash_errors(request, form.errors)
        _keep_note(request, request.POST.get("internal-body", "").strip()[:5000])
        return redirect(_inspect_url(visit) + "#internal-notes")
    try:
        office.visit_internal_note_add(
            visit=visit, author=request.user, body=form.cleaned_data["body"], request=request
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Your internal note is saved."))
    return redirect(_inspect_url(visit) + "#internal-notes")


MINE, UNASSIGNED = "mine", "unassigned"
DECIDE_CHOICES = [(MINE, gettext_lazy("Requests I can decide"))]


def _handler_choices():
    return [
        (MINE, gettext_lazy("Mine")),
        (UNASSIGNED, gettext_lazy("Unassigned")),
        *((str(user.pk), str(user)) for user in staff_selectors.host_candidate_list()),
    ]


WAITING_CHOICES = [
    ("3", gettext_lazy("Waiting more than 3 days")),
    ("7", gettext_lazy("Waiting more than a week")),
    ("14", gettext_lazy("Waiting more than two weeks")),
]


class VisitRequestFilterSet(KeptChoicesMixin, WagtailFilterSet):
    # The institution and venue selects are kept rendered under the tags of
    # their lists (staff_selectors.request_filter_choices).
    kept_choices = {
        "institution": (
            lambda: staff_selectors.request_filter_choices()[0],
            ("visit-request-filter-institutions", ("partners", "visits")),
        ),
        "venue": (
            lambda: staff_selectors.request_filter_choices()[1],
            ("visit-request-filter-venues", ("partners", "visits")),
        ),
    }

    state = django_filters.ChoiceFilter(label=gettext_lazy("State"), choices=VisitState.choices)
    handled_by = django_filters.ChoiceFilter(
        label=gettext_lazy("Handled by"), choices=_handler_choices, method="filter_handled_by"
    )
    waiting = django_filters.ChoiceFilter(
        label=gettext_lazy("Age"), choices=WAITING_CHOICES, method="filter_waiting"
    )
    decide = django_filters.ChoiceFilter(
        label=gettext_lazy("Approval"),
        choices=DECIDE_CHOICES,
        method="filter_decide",
        empty_label=gettext_lazy("All venues"),
    )
    institution = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Institution"),
        queryset=staff_selectors.institutions_with_visit_requests(),
    )
    venue = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Venue"), queryset=staff_selectors.all_venues()
    )
    preferred = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Preferred date"),
        field_name="preferred_slots__start",
        distinct=True,
        widget=DateRangePickerWidget,
    )
    scheduled_start = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Visit date"), widget=DateRangePickerWidget
    )
    created_at = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Submitted"), widget=DateRangePickerWidget
    )

    class Meta:
        model = VisitRequest
        fields = [
            "state",
            "handled_by",
            "waiting",
            "decide",
            "institution",
            "venue",
            "preferred",
            "scheduled_start",
            "created_at",
        ]

    def filter_handled_by(self, queryset, name, value):
        if value == MINE:
            return queryset.filter(handled_by=self.request.user)
        if value == UNASSIGNED:
            return queryset.filter(handled_by__isnull=True)
        return queryset.filter(handled_by_id=value)

    def filter_decide(self, queryset, name, value):
        """The requests whose venue the user approves, or whose venue names no approver."""
        return approvers.decidable_by(queryset, self.request.user)

    def filter_waiting(self, queryset, name, value):
        """Open requests submitted more than ``value`` days ago."""
        since = timezone.now() - datetime.timedelta(days=int(value))
        return queryset.filter(state__in=OPEN_STATES, created_at__lt=since)


def _request_url(visit):
    return reverse("visit_requests:inspect", args=[visit.pk])


def _visit_time(visit):
    # Absolute, in the venue's zone: Wagtail's DateColumn says "0 minutes ago"
    # of a visit next month.
    if visit.scheduled_start is None:
        return ""
    return format_visit_time(
        visit.scheduled_start, visit.scheduled_end, time_zone=visit_time_zone(visit)
    )


def _submitted(visit):
    return format_visit_time(visit.created_at, time_zone=visit_time_zone(visit))


def _age(visit):
    """How long an open request has waited for the host's decision, in whole
    days (never "ago"); nothing for a decided one."""
    if visit.state not in OPEN_STATES:
        return "—"
    days = (timezone.now() - visit.created_at).days
    if days < 1:
        return _("Today")
    return ngettext("%(days)s day", "%(days)s days", days) % {"days": days}


def _preferred(visit):
    """The first preferred time (in the venue's zone), and how many more there are."""
    slots = list(visit.preferred_slots.all())
    if not slots:
        return "—"
    first = format_visit_time(slots[0].start, slots[0].end, time_zone=visit_time_zone(visit))
    if len(slots) == 1:
        return first
    more = len(slots) - 1
    return ngettext("%(first)s (+%(more)s other)", "%(first)s (+%(more)s others)", more) % {
        "first": first,
        "more": more,
    }


def _venue(visit):
    return visit.venue.name if visit.venue else "—"


def _handler(visit):
    return str(visit.handled_by) if visit.handled_by else _("Unassigned")


class VisitRequestViewSet(ModelViewSet):
    """Staff review requests here; every change of state goes through the inspect page's actions."""

    model = VisitRequest
    name = "visit_requests"
    icon = "clipboard-list"
    menu_label = gettext_lazy("Visit requests")
    filterset_class = VisitRequestFilterSet
    search_fields = ["contact_name", "contact_email", "purpose", "institution__name"]
    inspect_view_enabled = True
    index_view_class = VisitRequestIndexView
    inspect_view_class = VisitRequestInspectView
    copy_view_enabled = False
    list_per_page = 25
    ordering = ["-created_at"]
    list_display = [
        # Each row opens the request's page, where staff read and act on it.
        TitleColumn(
            "reference",
            label=gettext_lazy("Reference"),
            accessor="reference",
            get_url=_request_url,
            classname="portal-nowrap",
        ),
        TextColumn("institution", label=gettext_lazy("Institution"), accessor="institution"),
        TextColumn(
            "state", label=gettext_lazy("State"), accessor="get_state_display", sort_key="state"
        ),
        TextColumn("age", label=gettext_lazy("Age"), accessor=_age),
        TextColumn(
            "first_preferred",
            label=gettext_lazy("Preferred times"),
            accessor=_preferred,
            sort_key="first_preferred",
        ),
        TextColumn(
            "scheduled_start",
            label=gettext_lazy("Visit"),
            accessor=_visit_time,
            sort_key="scheduled_start",
        ),
        TextColumn("venue", label=gettext_lazy("Venue"), accessor=_venue, sort_key="venue__name"),
        TextColumn(
            "handled_by",
            label=gettext_lazy("Handled by"),
            accessor=_handler,
            sort_key="handled_by__full_name",
        ),
        TextColumn("group_size", label=gettext_lazy("Group"), accessor="group_size"),
        TextColumn(
            "created_at",
            label=gettext_lazy("Submitted"),
            accessor=_submitted,
            sort_key="created_at",
        ),
    ]
    # Staff may correct contact details and needs; state, times and venue
    # change only through the actions on the request's page.
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")]),
            ],
            heading=gettext_lazy("Contact person"),
        ),
        FieldPanel("accessibility_needs"),
        FieldRowPanel([FieldPanel("interpreter_needed"), FieldPanel("interpreter_language")]),
        FieldPanel("notes"),
    ]

    @property
    def add_view(self):
        # The queue's "Add" button leads to booking on behalf.
        return record_for_partner

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("action/<int:pk>/<slug:action>/", visit_action, name="action"),
            path("reply/<int:pk>/", visit_reply, name="reply"),
            path("assign/<int:pk>/", visit_assign, name="assign"),
            path("internal-note/<int:pk>/", visit_internal_note, name="internal_note"),
            path("reply-letter/<int:pk>/issue/", reply_letter_issue, name="reply_letter_issue"),
            path(
                "reply-letter/<int:pk>/<int:letter_pk>/",
                reply_letter_download,
                name="reply_letter",
            ),
            path("follow-up/<int:pk>/", visit_follow_up_add, name="follow_up_add"),
        ]
