"""What study visits offer other parts of the portal through the extension
points of portal.extensions (registered in wagtail_hooks.py).

Their part in privacy requests lives in visits/privacy.py and is offered
from here.
"""

import datetime
import zoneinfo

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.calendars import CalendarItem
from portal.extensions import FACTS, Activity, EvidenceFile, Section
from portal.sitemaps import SectionPagesSitemap
from visits import selectors
from visits.choices import VisitState
from visits.emails import absolute, partner_url
from visits.invitations import invitation_summary
from visits.privacy import erase_personal_data, personal_data, retention_purge
from visits.selectors import delegation as delegation_selectors

__all__ = [
    "account_menu_links",
    "agreement_activities",
    "dashboard_sections",
    "erase_personal_data",
    "partner_page_sections",
    "personal_data",
    "private_calendar_items",
    "recap_evidence_files",
    "retention_purge",
    "sitemap_sections",
]

DASHBOARD_VISITS = 5
CANCELLED_IN_FEED_DAYS = 90


def account_menu_links(*, user, request):
    """``account_menu_links``: the way to the user's visit requests."""
    return [
        Section(
            title=_("My visits"),
            template="visits/sections/account_link.html",
            order=20,
        )
    ]


def dashboard_sections(*, institution, user):
    """``dashboard_sections``: the institution's latest requests on "My institution"."""
    return [
        Section(
            title=_("Study visits"),
            template="visits/sections/dashboard_visits.html",
            context={
                "visits": selectors.visit_requests_for_institution(
                    institution, limit=DASHBOARD_VISITS
                ),
                "institution": institution,
            },
            order=20,
        )
    ]


def partner_page_sections(*, institution, request):
    """``partner_page_sections``: how many visits the partner has made (a
    fact at the top of its page, no details)."""
    return [
        Section(
            title=_("Completed study visits"),
            template="visits/sections/partner_completed_visits.html",
            context={"count": selectors.completed_visits_count(institution)},
            order=10,
            area=FACTS,
        )
    ]


def visit_calendar_item(visit, *, language=None):
    zone = zoneinfo.ZoneInfo(visit.venue.time_zone)
    location = ", ".join(
        part for part in (visit.venue.name, " ".join(visit.venue.address.split())) if part
    )
    return CalendarItem(
        uid=visit.ical_uid,
        summary=invitation_summary(visit),
        start=visit.scheduled_start.astimezone(zone),
        end=visit.scheduled_end.astimezone(zone),
        time_zone=visit.venue.time_zone,
        sequence=visit.sequence,
        last_modified=visit.updated_at,
        url=partner_url(visit, language or "id"),
        location=location,
        description=_("Reference: %(reference)s") % {"reference": visit.reference},
        status="CANCELLED" if visit.state == VisitState.CANCELLED else "CONFIRMED",
    )


def private_calendar_items(*, user, institutions):
    """``private_calendar_items``: the member's institutions' scheduled visits,
    and recently cancelled ones so that subscribed calendars drop them."""
    since = timezone.now() - datetime.timedelta(days=CANCELLED_IN_FEED_DAYS)
    visits = selectors.scheduled_visits_for_institutions(institutions).exclude(
        state=VisitState.CANCELLED, updated_at__lt=since
    )
    language = getattr(user, "preferred_language", None)
    items = []
    for visit in visits:
        try:
            items.append(visit_calendar_item(visit, language=language))
        except OverflowError:
            continue  # a time beyond year 9999 in the venue's zone: no calendar can hold it
    return items


def _held_in_period(agreement_ids, start, end):
    """(visit, local day) of the visits held under the agreements in the period."""
    # Narrowed in the database first, so a visit stored far outside the
    # period is never converted to local time.
    for visit in selectors.held_visits_for_agreements(agreement_ids, start=start, end=end):
        day = timezone.localtime(
            visit.scheduled_start, zoneinfo.ZoneInfo(visit.venue.time_zone)
        ).date()
        if (start and day < start) or (end and day > end):
            continue
        yield visit, day


def agreement_activities(*, agreement_ids, start, end):
    """``agreement_activities``: visits held under the agreements, with the
    visitors actually present (``_who_came``)."""
    held = list(_held_in_period(agreement_ids, start, end))
    present = delegation_selectors.present_counts(visit.pk for visit, _day in held)
    activities = []
    for visit, day in held:
        article = visit.report_article
        report = selectors.visit_report_of(visit)
        participants, basis = _who_came(visit, present)
        activities.append(
            Activity(
                agreement_id=visit.agreement_id,
                kind=_("Study visit"),
                title=_("Study visit of %(institution)s") % {"institution": visit.institution.name},
                date=day,
                participants=participants,
                evidence_url=absolute(article.url)
                if article and article.live and article.url
                else "",
                participants_basis=basis,
                category="visit",
                institution_id=visit.institution_id,
                evidence=_("Visit report %(reference)s") % {"reference": visit.reference}
                if report
                else "",
            )
        )
    return activities


def _who_came(visit, present):
    """(count, where it comes from) for the evidence and the yearly recap: who
    was marked present at the visit, else the attendance of its report, else
    the announced group."""
    if visit.pk in present:
        return present[visit.pk], _("marked present at the visit")
    report = selectors.visit_report_of(visit)
    if report is not None:
        return report.attendance_count, _("visit report")
    return visit.group_size, _("announced group size")


def recap_evidence_files(*, agreement_ids, start, end):
    """``recap_evidence_files``: the report of each visit held in the period
    under the agreements, as a text file (``visit-reports/<reference>.txt``)."""
    files = []
    for visit, day in _held_in_period(agreement_ids, start, end):
        report = selectors.visit_report_of(visit)
        if report is None:
            continue
        text = render_to_string(
            "visits/reports/evidence.txt", {"visit": visit, "report": report, "day": day}
        )
        files.append(
            EvidenceFile(path=f"visit-reports/{visit.reference}.txt", content=text.encode())
        )
    return files


def sitemap_sections(*, request):
    """``sitemap_sections``: the visit guide and calendar, in both languages."""
    return {"visit-guide": SectionPagesSitemap(["visits:visiting"])}
