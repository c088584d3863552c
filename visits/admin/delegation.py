"""The delegation for staff: a visit's participants printed for the door
(a sign-in sheet), exported as CSV or XLSX, and attendance marked at the
visit from a phone. The list also shows on the request's page
(``visits/templatetags/visits_delegation.py``)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from wagtail.admin.viewsets.base import ViewSet

from portal import audit
from portal.models import SiteSettings
from portal.spreadsheets import FORMATS, spreadsheet_response
from visits.admin.permissions import review_required, viewer_required
from visits.display import format_visit_time, visit_time_zone
from visits.models import Attendance
from visits.selectors import delegation as delegation_selectors
from visits.selectors import staff as staff_selectors
from visits.services import delegation

EXPORT_HEADERS = [
    gettext_lazy("No."),
    gettext_lazy("Name"),
    gettext_lazy("Position"),
    gettext_lazy("E-mail"),
    gettext_lazy("Attendance"),
]


def _visit_or_404(pk):
    visit = staff_selectors.visit_request_for_staff(pk)
    if visit is None:
        raise Http404
    return visit


def _visit_time(visit):
    if visit.scheduled_start is None:
        return ""
    return format_visit_time(
        visit.scheduled_start, visit.scheduled_end, time_zone=visit_time_zone(visit)
    )


def inspect_url(visit):
    return reverse("visit_requests:inspect", args=[visit.pk]) + "#participants"


@viewer_required
def participants_print(request, pk):
    """A page made for paper: the visit, then one row per participant with room
    for a signature (the host's sign-in sheet at the door)."""
    visit = _visit_or_404(pk)
    participants = delegation_selectors.participants_of(visit)
    audit.record(request.user, "visit_participants.print", target=visit, request=request)
    return TemplateResponse(
        request,
        "visits/admin/participants_print.html",
        {
            "visit": visit,
            "participants": participants,
            "headcount": delegation_selectors.headcount(participants),
            "visit_time": _visit_time(visit),
            "host_name": SiteSettings.for_request(request).organisation_name,
            "printed_at": format_visit_time(timezone.now(), time_zone=visit_time_zone(visit)),
        },
    )


@viewer_required
def participants_export(request, pk, fmt):
    if fmt not in FORMATS:
        raise Http404
    visit = _visit_or_404(pk)
    participants = delegation_selectors.participants_of(visit)
    rows = [
        [
            number,
            participant.name,
            participant.position,
            participant.email,
            participant.get_attendance_display() if participant.attendance else "",
        ]
        for number, participant in enumerate(participants, start=1)
    ]
    audit.record(
        request.user,
        "export.visit_participants",
        target=visit,
        request=request,
        format=fmt,
        rows=len(rows),
    )
    response = spreadsheet_response(
        f"peserta-{visit.reference}", EXPORT_HEADERS, rows, fmt, title=_("Participants")
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _marks(post, participants):
    """{participant id: value} of the posted radio buttons (unknown values dropped)."""
    marks = {}
    for participant in participants:
        value = post.get(f"attendance-{participant.pk}")
        if value is not None and value in Attendance.values:
            marks[participant.pk] = value
    return marks


@review_required
@require_http_methods(["GET", "HEAD", "POST"])
def attendance(request, pk):
    """One radio group per participant (present / absent), big enough for a
    phone at the door; saving keeps the page so staff can go on marking."""
    visit = _visit_or_404(pk)
    participants = delegation_selectors.participants_of(visit)
    is_open = delegation.attendance_open(visit)
    if request.method == "POST":
        marks = _marks(request.POST, participants)
        try:
            changed = delegation.attendance_mark(
                visit=visit, actor=request.user, marks=marks, request=request
            )
        except delegation.DelegationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            count = delegation_selectors.headcount(delegation_selectors.participants_of(visit))
            messages.success(
                request,
                _("Attendance saved (%(changed)s changed): %(present)s of %(listed)s present.")
                % {"changed": changed, "present": count.present, "listed": count.listed},
            )
        return redirect("visit_delegation:attendance", visit.pk)
    title = _("Attendance")
    return TemplateResponse(
        request,
        "visits/admin/attendance.html",
        {
            "visit": visit,
            "participants": participants,
            "headcount": delegation_selectors.headcount(participants),
            "is_open": is_open,
            "visit_time": _visit_time(visit),
            "header_title": title,
            "page_title": f"{title} · {visit.reference}",
            "breadcrumbs_items": [
                {"url": reverse("wagtailadmin_home"), "label": _("Home")},
                {"url": reverse("visit_requests:index"), "label": _("Visit requests")},
                {"url": inspect_url(visit), "label": visit.reference},
                {"url": "", "label": title},
            ],
        },
    )


class VisitDelegationViewSet(ViewSet):
    """The participants' screens; no menu item (reached from a request's page)."""

    name = "visit_delegation"
    icon = "group"
    add_to_admin_menu = False

    def get_urlpatterns(self):
        return [
            path("<int:pk>/print/", participants_print, name="print"),
            path("<int:pk>/export.<slug:fmt>", participants_export, name="export"),
            path("<int:pk>/attendance/", attendance, name="attendance"),
        ]
