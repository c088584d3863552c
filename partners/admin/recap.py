"""Staff screen: the yearly recap (IKU 6 and accreditation), its XLSX export
and its evidence pack (ZIP). Each download is written to the audit log.

The figures come from ``partners.recap``; the files from
``partners.recap_export``.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.viewsets.base import ViewSet

from partners import recap as recap_selectors
from partners import recap_export
from partners.admin.permissions import can_view_report, require
from partners.admin.report import YEARS_AHEAD
from portal import audit
from portal.spreadsheets import XLSX_CONTENT_TYPE


def _year(request):
    """(year, problem): the year asked for (this year by default), or None
    with the message to show when it is not a year the portal may hold."""
    today = timezone.localdate()
    raw = request.GET.get("year", "").strip()
    if not raw:
        return today.year, None
    if not raw.isdigit() or len(raw) > 4:
        return None, _("“%(value)s” is not a year: choose one from the list.") % {"value": raw[:20]}
    year = int(raw)
    if not recap_selectors.FIRST_YEAR <= year <= today.year + YEARS_AHEAD:
        return None, _(
            "There is nothing to recap for %(year)s: the portal holds agreements from "
            "%(first)s to %(last)s."
        ) % {
            "year": year,
            "first": recap_selectors.FIRST_YEAR,
            "last": today.year + YEARS_AHEAD,
        }
    return year, None


def recap_view(request):
    """The recap of one year on screen, with the download links."""
    require(can_view_report(request.user))
    year, problem = _year(request)
    recap = recap_selectors.recap_for_year(year) if year else None
    if problem:
        messages.warning(request, problem)
    elif recap.is_empty:
        messages.info(
            request,
            _("No agreement was in force in %(year)s: the recap of that year is empty.")
            % {"year": year},
        )
    today = timezone.localdate()
    return TemplateResponse(
        request,
        "partners/admin/recap.html",
        {
            "recap": recap,
            "year": year,
            "years": recap_selectors.recap_years(today=today),
            "page_title": _("Yearly recap"),
            "header_icon": "table",
        },
        # A malformed year is bad input (400); a year without data is not.
        status=400 if problem and not request.GET.get("year", "").strip().isdigit() else 200,
    )


def _download(request, *, content, filename, content_type, action, **details):
    audit.record(request.user, action, request=request, **details)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _recap_or_redirect(request):
    require(can_view_report(request.user))
    year, problem = _year(request)
    if year is None or not request.GET.get("year"):
        messages.warning(request, problem or _("Choose a year first."))
        return None
    return recap_selectors.recap_for_year(year)


def recap_xlsx_view(request):
    """The recap of one year as an XLSX workbook."""
    recap = _recap_or_redirect(request)
    if recap is None:
        return _back(request)
    return _download(
        request,
        content=recap_export.recap_workbook(recap),
        filename=recap_export.recap_filename(recap, "xlsx"),
        content_type=XLSX_CONTENT_TYPE,
        action="export.yearly_recap",
        year=recap.year,
        format="xlsx",
        agreements=len(recap.agreements),
        activities=len(recap.activities),
    )


def recap_pack_view(request):
    """The evidence pack of one year: a ZIP of the workbook and the files behind it."""
    recap = _recap_or_redirect(request)
    if recap is None:
        return _back(request)
    content, files = recap_export.evidence_pack(recap)
    return _download(
        request,
        content=content,
        filename=recap_export.recap_filename(recap, "zip"),
        content_type="application/zip",
        action="export.recap_evidence_pack",
        year=recap.year,
        files=files,
        agreements=len(recap.agreements),
    )


def _back(request):
    return redirect(reverse("partners_recap:index"))


class YearlyRecapViewSet(ViewSet):
    """The yearly recap (IKU 6, accreditation): screen, XLSX and evidence pack."""

    icon = "table"
    menu_label = gettext_lazy("Yearly recap")
    name = "partners_recap"
    url_prefix = "partners/recap"

    def get_urlpatterns(self):
        return [
            path("", recap_view, name="index"),
            path("xlsx/", recap_xlsx_view, name="xlsx"),
            path("evidence-pack/", recap_pack_view, name="pack"),
        ]
