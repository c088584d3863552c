"""Staff screens of event registration in the Wagtail admin: turning
registration on per event, the attendee and waiting lists with their
CSV/XLSX export (through portal.spreadsheets, which never lets a cell
become a formula), and the phone-sized check-in page."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
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
from partners.events.models import RegistrationOccurrence, RegistrationSetup
from partners.events.registration_forms import CheckInSearchForm, OccurrenceForm
from portal import audit
from portal.spreadsheets import FORMATS, spreadsheet_response

PERMISSION = "events.change_registrationsetup"


DATE_PARAMETER = "tanggal"


def _setup_for(request, pk):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    return get_object_or_404(RegistrationSetup.objects.select_related("event"), pk=pk)


def _seating_for(request, setup, value=None):
    """For sign-up per date, the date named in the address (or ``value``);
    None when none is named. A name that is no date of the series is a 404."""
    value = value if value is not None else request.GET.get(DATE_PARAMETER)
    if not setup.per_occurrence or not value:
        return None
    seating = selectors.seating(setup, value)
    if seating is None:
        raise Http404
    return seating


def _with_date(url, seating, **query):
    if seating is not None:
        query[DATE_PARAMETER] = seating.slug
    query = {key: value for key, value in query.items() if value}
    return f"{url}?{urlencode(query)}" if query else url


def _date_label(seating):
    from partners.events.templatetags.events_tags import event_when

    return event_when(seating.start, seating.end, seating.setup.event.all_day)


def dates_view(request, setup):
    """Sign-up per date: the coming dates with their figures, each linked
    to its lists, its check-in and its own settings."""
    return TemplateResponse(
        request,
        "events/registration/admin/dates.html",
        {
            "setup": setup,
            "event": setup.event,
            "seatings": selectors.upcoming_seatings(setup, limit=50),
            "page_title": _("Registrants: %(title)s") % {"title": setup.event.title},
            "header_icon": "group",
        },
    )


def occurrence_view(request, pk, occurrence):
    """One date's own settings (seats, opening, closing, on or off)."""
    setup = _setup_for(request, pk)
    seating = _seating_for(request, setup, occurrence)
    if seating is None:
        raise Http404
    instance = seating.override or RegistrationOccurrence(setup=setup, start=seating.key)
    form = OccurrenceForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.occurrence_save(form.save(commit=False))
        messages.success(
            request, _("Settings saved for %(date)s.") % {"date": _date_label(seating)}
        )
        return redirect("event_registrations:attendees", setup.pk)
    return TemplateResponse(
        request,
        "events/registration/admin/occurrence.html",
        {
            "setup": setup,
            "seating": seating,
            "form": form,
            "page_title": _("%(title)s, %(date)s")
            % {"title": setup.event.title, "date": _date_label(seating)},
            "header_icon": "date",
        },
        status=400 if form.is_bound else 200,
    )


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
    seating = _seating_for(request, setup)
    if setup.per_occurrence and seating is None:
        return dates_view(request, setup)
    attendees = list(selectors.attendees(setup, seating))
    waitlist = list(selectors.waitlist(setup, seating))
    fmt = request.GET.get("format")
    if fmt in FORMATS:
        rows = [_row(r) for r in attendees + waitlist]
        audit.record(
            request.user,
            "export.event_registrations",
            request=request,
            event=setup.event_id,
            date=seating.slug if seating else None,
            format=fmt,
            rows=len(rows),
        )
        name = f"pendaftar-{setup.event.slug}"
        if seating is not None:
            name = f"{name}-{seating.start:%Y%m%d-%H%M}"
        response = spreadsheet_response(name, _headers(), rows, fmt, title=_("Registrants"))
        response["Cache-Control"] = "private, no-store"
        return response
    return TemplateResponse(
        request,
        "events/registration/admin/attendees.html",
        {
            "setup": setup,
            "event": setup.event,
            "seating": seating,
            "capacity": seating.capacity if seating else setup.capacity,
            "check_in_url": _with_date(
                reverse("event_registrations:check_in", args=[setup.pk]), seating
            ),
            "export_url": _with_date("", seating),
            "attendees": attendees,
            "waitlist": waitlist,
            "counts": selectors.counts(setup, seating),
            "page_title": (
                _("Registrants: %(title)s, %(date)s")
                % {"title": setup.event.title, "date": _date_label(seating)}
                if seating
                else _("Registrants: %(title)s") % {"title": setup.event.title}
            ),
            "header_icon": "group",
        },
    )


def check_in_view(request, pk):
    """Check people in at the door: search by name or the code of their
    confirmation, then one tap."""
    setup = _setup_for(request, pk)
    seating = _seating_for(request, setup, request.POST.get(DATE_PARAMETER))
    if setup.per_occurrence and seating is None:
        return dates_view(request, setup)
    url = reverse("event_registrations:check_in", args=[setup.pk])
    if request.method == "POST":
        raw = request.POST.get("registration", "")
        if not raw.isdigit():
            messages.error(request, _("Choose a registrant to check in."))
            return redirect(_with_date(url, seating))
        registration = get_object_or_404(selectors.attendees(setup, seating), pk=int(raw))
        undo = request.POST.get("undo") == "1"
        services.check_in(registration, undo=undo)
        if undo:
            messages.warning(request, _("%(name)s: check-in undone.") % {"name": registration.name})
        else:
            messages.success(request, _("%(name)s is checked in.") % {"name": registration.name})
        return redirect(_with_date(url, seating, q=request.POST.get("q", "")))
    form = CheckInSearchForm(request.GET if "q" in request.GET else None)
    results = []
    if form.is_valid():
        results = list(selectors.check_in_search(setup, form.cleaned_data["q"], seating))
    return TemplateResponse(
        request,
        "events/registration/admin/check_in.html",
        {
            "setup": setup,
            "event": setup.event,
            "seating": seating,
            "attendees_url": _with_date(
                reverse("event_registrations:attendees", args=[setup.pk]), seating
            ),
            "form": form,
            "results": results,
            "searched": form.is_bound,
            "counts": selectors.counts(setup, seating),
            "page_title": (
                _("Check-in: %(title)s, %(date)s")
                % {"title": setup.event.title, "date": _date_label(seating)}
                if seating
                else _("Check-in: %(title)s") % {"title": setup.event.title}
            ),
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
        "per_occurrence",
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
            path("<int:pk>/tanggal/<str:occurrence>/", occurrence_view, name="occurrence"),
        ]
