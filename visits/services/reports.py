"""After the visit: recording the host's report, turning it into a news draft, partner feedback.

Recording a report is the step that closes a held visit: the request moves
from "completed" to "reported" through ``visits.services.workflow`` (which
locks the row, records the transition and tells the partner), in the same
transaction as the report, so there is never a report on a visit that is
still "completed", nor a "reported" visit without its report.
"""

import re
import zoneinfo

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from news import services as news_services
from visits.choices import HELD_STATES, VisitState
from visits.models import VisitFeedback, VisitReport, VisitRequest
from visits.services import workflow

NEWS_LANGUAGE = "id"
SUMMARY_LENGTH = 400


def _require_staff(actor):
    if not workflow.is_visit_staff(actor):
        raise PermissionDenied(_("Only cooperation staff may do this."))


class ReportError(Exception):
    """A report step the visit's state does not allow; the message is translated."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def get_report_url(visit):
    """Where staff go from a visit request to its report: record it, or open the existing one.

    ``None`` while the visit has not been held (nothing to report yet).
    """
    report_id = _report_id(visit)
    if report_id is not None:
        return reverse("visit_reports:detail", args=[report_id])
    if visit.state in HELD_STATES:
        return reverse("visit_reports:record", args=[visit.pk])
    return None


def get_feedback_url(visit):
    """The partner's feedback page for a held visit, ``None`` before that."""
    if visit.state in HELD_STATES:
        return reverse("visits:request-feedback", args=[visit.pk])
    return None


def has_report(visit):
    return _report_id(visit) is not None


def _report_id(visit):
    try:
        return visit.report.pk
    except VisitReport.DoesNotExist:
        return None


def visit_report_record(*, visit, report, actor):
    """Save a new ``report`` (unsaved, with its photos) for a held ``visit``.

    Staff only. The visit must be "completed" (it then becomes "reported",
    with a transition row and the partner's e-mail) or already "reported"
    without a report (marked by hand before reports existed). A visit has at
    most one report: a second one raises ``ReportError``.
    """
    _require_staff(actor)
    with transaction.atomic():
        locked = VisitRequest.objects.select_for_update().get(pk=visit.pk)
        if VisitReport.objects.filter(request=locked).exists():
            raise ReportError(_("This visit already has a report."))
        if locked.state not in HELD_STATES:
            raise ReportError(_("A report can only be recorded once the visit is marked as held."))
        report.request = locked
        report.recorded_by = actor
        report.recorded_at = timezone.now()
        report.full_clean(exclude=["request"])
        report.save()
        if locked.state == VisitState.COMPLETED:
            workflow.visit_request_mark_reported(
                visit=locked, actor=actor, note=_("The visit report was recorded.")
            )
    return report


@transaction.atomic
def visit_report_update(*, report, actor):
    """Save staff corrections to an existing report; the visit's state does not change."""
    _require_staff(actor)
    report.full_clean(exclude=["request"])
    report.save()
    return report


def _paragraphs(text):
    return [part.strip() for part in re.split(r"\n\s*\n", text or "") if part.strip()]


def _rich_paragraph(text):
    lines = [escape(line.strip()) for line in text.splitlines() if line.strip()]
    return "<p>" + "<br/>".join(lines) + "</p>"


def _news_body(report, photos):
    body = [("paragraph", _rich_paragraph(part)) for part in _paragraphs(report.summary)]
    if report.participants_note.strip():
        body.append(("heading", {"text": _("Who took part"), "level": "h2"}))
        body.append(("paragraph", _rich_paragraph(report.participants_note)))
    more = photos[1:]
    if len(more) == 1:
        body.append(("image", {"image": more[0].image, "alt_text": "", "caption": more[0].caption}))
    elif more:
        body.append(
            (
                "gallery",
                {
                    "title": _("Photos of the visit"),
                    "images": [
                        {"image": photo.image, "alt_text": "", "caption": photo.caption}
                        for photo in more
                    ],
                },
            )
        )
    return body


def visit_report_create_news_draft(*, report, actor):
    """Make a draft ``news.NewsPage`` from the report under the Indonesian news index.

    Staff only. The draft is pre-filled (title, date of the visit, summary,
    body paragraphs, the first photo as main image, the visiting institution
    as partner, the actor as writer when they have a newsroom profile), saved
    as a revision and NOT published: writers and editors take it through the
    newsroom workflow. The visit's ``report_article`` points at it. Calling
    again returns the existing article instead of making a second one.
    Returns ``(page, created)``.
    """
    from news.models import NewsPage

    _require_staff(actor)
    with transaction.atomic():
        visit = (
            VisitRequest.objects.select_for_update(of=("self",))
            .select_related("institution", "venue")
            .get(pk=report.request_id)
        )
        if visit.report_article_id:
            existing = NewsPage.objects.filter(pk=visit.report_article_id).first()
            if existing is not None:
                return existing, False
        photos = list(report.photos.select_related("image").order_by("sort_order", "pk"))
        day = timezone.localtime(
            visit.scheduled_start or report.recorded_at,
            timezone=_zone(visit),
        ).date()
        with translation.override(NEWS_LANGUAGE):
            title = _("Study visit of %(institution)s") % {"institution": visit.institution.name}
            host = visit.venue.name if visit.venue else ""
            if host:
                title = _("Study visit of %(institution)s to %(venue)s") % {
                    "institution": visit.institution.name,
                    "venue": host,
                }
            body = _news_body(report, photos)
        first_paragraph = (_paragraphs(report.summary) or [report.summary])[0]
        hero = photos[0] if photos else None
        try:
            page = news_services.news_draft_create(
                title=title,
                slug_base=f"{title} {day:%Y}",
                date=day,
                summary=Truncator(" ".join(first_paragraph.split())).chars(SUMMARY_LENGTH),
                body=body,
                owner=actor,
                language=NEWS_LANGUAGE,
                hero_image=hero.image if hero else None,
                hero_image_alt=(hero.caption or title) if hero else "",
                hero_caption=hero.caption if hero else "",
                partners=[visit.institution],
            )
        except news_services.NoNewsIndex as error:
            raise ReportError(
                _("There is no Indonesian news index page to put the draft under.")
            ) from error
        visit.report_article = page
        visit.save(update_fields=["report_article", "updated_at"])
    return page, True


def _zone(visit):
    name = visit.venue.time_zone if visit.venue else None
    try:
        return zoneinfo.ZoneInfo(name) if name else timezone.get_current_timezone()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return timezone.get_current_timezone()


def can_leave_feedback(user, visit):
    return visit.state in HELD_STATES and workflow.is_institution_member(user, visit.institution_id)


@transaction.atomic
def visit_feedback_leave(*, visit, author, rating, comment=""):
    """The visiting institution's one rating (1-5) and comment on a held visit.

    Only an active member of the visit's institution, and only once the visit
    is completed or reported; a second feedback for the same visit raises
    ``ReportError``.
    """
    if not workflow.is_institution_member(author, visit.institution_id):
        raise PermissionDenied(_("Only members of the visiting institution may give feedback."))
    locked = VisitRequest.objects.select_for_update().get(pk=visit.pk)
    if locked.state not in HELD_STATES:
        raise ReportError(_("Feedback can be given once the visit has taken place."))
    if VisitFeedback.objects.filter(request=locked).exists():
        raise ReportError(_("Your institution has already given feedback on this visit."))
    feedback = VisitFeedback(
        request=locked, rating=rating, comment=(comment or "").strip(), author=author
    )
    feedback.full_clean(exclude=["request"])
    feedback.save()
    return feedback
