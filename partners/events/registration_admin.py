"""Staff screens of event registration in the Wagtail admin: turning
registration on per event, the attendee and waiting lists with their
CSV/XLSX export (through portal.spreadsheets, which never lets a cell
become a formula), and the phone-sized check-in page."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, EditView
from wagtail.admin.viewsets.model import ModelViewSet

from partners.events import registration as services
from partners.events import registration_selectors as selectors
from partners.events.models import RegistrationSetup
from partners.events.registration_forms import CheckInSearchForm
from portal import audit
from portal.spreadsheets import FORMATS, spreadsheet_response

PERMISSION = "events.change_registrationsetup"


def _setup_for(request, pk):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    return get_object_or_404(RegistrationSetup.objects.select_related("event"), pk=pk)


def _headers():
    return [
        _("Status"),
        _("Name"),
        _("E-mail address"),
        _("Institution"),
        _("Position"),
        _("Accessibility needs"),
        _("Check-in code"),
        _("Registered at"),
        _("Checked in at"),
    ]


def _row(registration):
    return [
        registration.get_status_display(),
        registration.name,
        registration.email,
        registration.institution,
        registration.position,
        registration.accessibility,
        registration.code,
        registration.created_at.replace(tzinfo=None),
        registration.checked_in_at.replace(tzinfo=None) if registration.checked_in_at else None,
    ]


def attendees_view(request, pk):
    """The attendee and waiting lists of one event, and their export."""
    setup = _setup_for(request, pk)
    attendees = list(selectors.attendees(setup))
    waitlist = list(selectors.waitlist(setup))
    fmt = request.GET.get("format")
    if fmt in FORMATS:
        rows = [_row(r) for r in attendees + waitlist]
        audit.record(
            request.user,
            "export.event_registrations",
            request=request,
            event=setup.event_id,
            format=fmt,
            rows=len(rows),
        )
        response = spreadsheet_response(
            f"pendaftar-{setup.event.slug}", _headers(), rows, fmt, title=_("Registrants")
        )
        response["Cache-Control"] = "private, no-store"
        return response
    return TemplateResponse(
        request,
        "events/registration/admin/attendees.html",
        {
            "setup": setup,
            "event": setup.event,
            "attendees": attendees,
            "waitlist": waitlist,
            "counts": selectors.counts(setup),
            "page_title": _("Registrants: %(title)s") % {"title": setup.event.title},
            "header_icon": "group",
        },
    )


def check_in_view(request, pk):
    """Check people in at the door: search by name or the code of their
    confirmation, then one tap."""
    setup = _setup_for(request, pk)
    if request.method == "POST":
        raw = request.POST.get("registration", "")
        if not raw.isdigit():
            messages.error(request, _("Choose a registrant to check in."))
            return redirect("event_registrations:check_in", setup.pk)
        registration = get_object_or_404(selectors.attendees(setup), pk=int(raw))
        undo = request.POST.get("undo") == "1"
        services.check_in(registration, undo=undo)
        if undo:
            messages.warning(request, _("%(name)s: check-in undone.") % {"name": registration.name})
        else:
            messages.success(request, _("%(name)s is checked in.") % {"name": registration.name})
        url = reverse("event_registrations:check_in", args=[setup.pk])
        query = request.POST.get("q", "")
        return redirect(f"{url}?{urlencode({'q': query})}" if query else url)
    form = CheckInSearchForm(request.GET or None)
    results = []
    if form.is_valid():
        results = list(selectors.check_in_search(setup, form.cleaned_data["q"]))
    return TemplateResponse(
        request,
        "events/registration/admin/check_in.html",
        {
            "setup": setup,
            "event": setup.event,
            "form": form,
            "results": results,
            "searched": form.is_bound,
            "counts": selectors.counts(setup),
            "page_title": _("Check-in: %(title)s") % {"title": setup.event.title},
            "header_icon": "tick",
        },
    )


class ListsColumn(Column):
    """Links to the lists and the check-in page of a row's event."""

    def get_value(self, instance):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("event_registrations:attendees", args=[instance.pk]),
            _("Registrants"),
            reverse("event_registrations:check_in", args=[instance.pk]),
            _("Check-in"),
        )


class SetupCreateView(CreateView):
    def save_instance(self):
        return services.setup_save(self.form.save(commit=False))


class SetupEditView(EditView):
    def save_instance(self):
        return services.setup_save(self.form.save(commit=False))


class RegistrationSetupViewSet(ModelViewSet):
    """Registration per event: seats, dates, questions; and its lists."""

    model = RegistrationSetup
    icon = "group"
    menu_label = gettext_lazy("Event registration")
    menu_order = 251
    add_to_admin_menu = True
    form_fields = [
        "event",
        "is_open",
        "capacity",
        "opens_at",
        "closes_at",
        "ask_institution",
        "ask_position",
        "ask_accessibility",
    ]
    add_view_class = SetupCreateView
    edit_view_class = SetupEditView
    list_display = [
        "event",
        "capacity",
        "is_open",
        "opens_at",
        "closes_at",
        ListsColumn("lists", label=gettext_lazy("Lists")),
    ]
    list_filter = ["is_open"]
    search_fields = ["event__title"]
    search_backend_name = None
    inspect_view_enabled = False
    copy_view_enabled = False

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/pendaftar/", attendees_view, name="attendees"),
            path("<int:pk>/kehadiran/", check_in_view, name="check_in"),
        ]
