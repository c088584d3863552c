"""E-mails about visit requests, each written in its recipient's language.

Called from visits/tasks.py (a background worker in production). Subjects
have their line breaks removed, since they are built from institution names.
Recipients come only from the database (the requester, the contact person,
staff with the review permission), never from request input.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from partners.selectors import coordinators_of
from visits.choices import OPEN_STATES, VisitState
from visits.invitations import build_invitation
from visits.models import (
    AlertMode,
    ClosedDate,
    ReplyLetter,
    VisitAlertPreference,
    VisitMessage,
    VisitRequest,
    VisitTransition,
)
from visits.selectors import approvers

DEFAULT_LANGUAGE = "id"


def absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def partner_url(visit, language):
    with translation.override(language):
        return absolute(reverse("visits:request-detail", kwargs={"pk": visit.pk}))


def admin_url(visit):
    return absolute(reverse("visit_requests:inspect", args=[visit.pk]))


def _visit(visit_id):
    return VisitRequest.objects.select_related(
        "institution", "requester", "venue", "host_staff", "handled_by"
    ).get(pk=visit_id)


def visit_staff(venue=None):
    """Active users who review visit requests (through a group, directly, or as superuser).

    With ``venue``: those who decide its requests, i.e. its approvers when
    it names any (``visits.services.approvers``), else every one of them."""
    permission = Permission.objects.get(
        content_type__app_label="visits", codename="review_visitrequest"
    )
    people = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(groups__permissions=permission)
            | Q(user_permissions=permission)
        )
        .exclude(email="")
        .distinct()
    )
    if venue is not None and approvers.has_approvers(venue):
        people = people.filter(pk__in=approvers.venue_approvers(venue).values("pk"))
    return people


def staff_by_alert_mode(mode, people=None):
    """The staff among ``people`` (default: every cooperation staff member)
    whose alert preference is ``mode``; without a preference, immediate."""
    people = list(visit_staff() if people is None else people)
    chosen = dict(
        VisitAlertPreference.objects.filter(user__in=people).values_list("user_id", "mode")
    )
    return [user for user in people if chosen.get(user.pk, AlertMode.IMMEDIATE) == mode]


def partner_recipients(visit):
    """(e-mail, language) of the requester and the contact person, without duplicates."""
    language = DEFAULT_LANGUAGE
    recipients = {}
    if visit.requester and visit.requester.is_active and visit.requester.email:
        language = visit.requester.preferred_language or DEFAULT_LANGUAGE
        recipients[visit.requester.email.lower()] = language
    if visit.contact_email:  # empty once anonymised
        recipients.setdefault(visit.contact_email.lower(), language)
    return list(recipients.items())


def _send(*, to, language, template, context, attachments=()):
    with translation.override(language):
        context = {**context, "language": language}
        subject = render_to_string(f"visits/emails/{template}_subject.txt", context)
        body = render_to_string(f"visits/emails/{template}_body.txt", context)
    message = EmailMessage(subject=" ".join(subject.split()), body=body.strip() + "\n", to=[to])
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    message.send()
    return to


def new_request_to_staff(visit_id):
    visit = _visit(visit_id)
    sent = []
    for user in staff_by_alert_mode(AlertMode.IMMEDIATE, visit_staff(visit.venue)):
        sent.append(
            _send(
                to=user.email,
                language=user.preferred_language or DEFAULT_LANGUAGE,
                template="new_request",
                context={
                    "visit": visit,
                    "slots": list(visit.preferred_slots.all()),
                    "url": admin_url(visit),
                },
            )
        )
    return sent


def _invitation(visit, url, method):
    """The visit's calendar invitation as an e-mail attachment, in the active
    language: REQUEST adds or updates the event, CANCEL removes it."""
    name = "undangan.ics" if method == "REQUEST" else "pembatalan.ics"
    ics = build_invitation(visit, method=method, url=url)
    return (name, ics, f"text/calendar; method={method}")


def current_reply_letter(visit):
    """The visit's current reply letter, or None."""
    return ReplyLetter.objects.current().filter(request=visit).first()


def _letter_attachment(letter):
    """The reply letter as an e-mail attachment (name, bytes, type)."""
    with letter.file.open("rb") as handle:
        return (letter.download_name, handle.read(), "application/pdf")


def state_change_to_partner(visit_id, transition_id):
    """Tell the partner about a change of state; scheduling and cancelling carry an .ics."""
    visit = _visit(visit_id)
    transition = VisitTransition.objects.select_related("actor").get(pk=transition_id)
    letter = None
    if transition.to_state == VisitState.SCHEDULED and visit.state == VisitState.SCHEDULED:
        letter = current_reply_letter(visit)
    sent = []
    for email, language in partner_recipients(visit):
        url = partner_url(visit, language)
        attachments = []
        with translation.override(language):
            if transition.to_state == VisitState.SCHEDULED:
                attachments.append(_invitation(visit, url, "REQUEST"))
                if letter is not None:
                    attachments.append(_letter_attachment(letter))
            elif (
                transition.to_state == VisitState.CANCELLED
                and transition.from_state == VisitState.SCHEDULED
            ):
                attachments.append(_invitation(visit, url, "CANCEL"))
        sent.append(
            _send(
                to=email,
                language=language,
                template="state_changed",
                context={
                    "visit": visit,
                    "transition": transition,
                    "url": url,
                    "letter": letter,
                },
                attachments=attachments,
            )
        )
    return sent


def rescheduled(visit_id, transition_id):
    """A scheduled visit moved: the partner and the host get the updated
    invitation (same UID, higher SEQUENCE, METHOD:REQUEST)."""
    visit = _visit(visit_id)
    moved = VisitTransition.objects.select_related("actor").get(pk=transition_id)
    recipients = [
        (email, language, partner_url(visit, language), visit.contact_name)
        for email, language in partner_recipients(visit)
    ]
    host = visit.host_staff
    known = {email for email, *_rest in recipients}
    if host and host.is_active and host.email and host.email.lower() not in known:
        language = host.preferred_language or DEFAULT_LANGUAGE
        recipients.append((host.email.lower(), language, admin_url(visit), str(host)))
    letter = current_reply_letter(visit)
    sent = []
    for email, language, url, name in recipients:
        with translation.override(language):
            attachments = [_invitation(visit, url, "REQUEST")]
        if letter is not None:
            attachments.append(_letter_attachment(letter))
        sent.append(
            _send(
                to=email,
                language=language,
                template="rescheduled",
                context={
                    "visit": visit,
                    "transition": moved,
                    "url": url,
                    "name": name,
                    "letter": letter,
                },
                attachments=attachments,
            )
        )
    return sent


def scheduled_to_host(visit_id):
    """The host staff member of a visit just scheduled gets its invitation
    (they are among its attendees) and the reply letter, in their language;
    unless they are also the partner's contact, who has both already."""
    visit = _visit(visit_id)
    host = visit.host_staff
    if visit.state != VisitState.SCHEDULED or not (host and host.is_active and host.email):
        return []
    if host.email.lower() in {email for email, _language in partner_recipients(visit)}:
        return []
    language = host.preferred_language or DEFAULT_LANGUAGE
    url = admin_url(visit)
    with translation.override(language):
        attachments = [_invitation(visit, url, "REQUEST")]
    letter = current_reply_letter(visit)
    if letter is not None:
        attachments.append(_letter_attachment(letter))
    return [
        _send(
            to=host.email,
            language=language,
            template="scheduled_host",
            context={"visit": visit, "url": url, "name": str(host), "letter": letter},
            attachments=attachments,
        )
    ]


def change_asked_to_staff(visit_id):
    """The partner asked for another time: whoever handles or hosts the visit
    is told, or every cooperation staff member when nobody does."""
    visit = _visit(visit_id)
    moved = visit.transitions.filter(to_state=VisitState.UNDER_REVIEW).order_by("-pk").first()
    people = [user for user in (visit.handled_by, visit.host_staff) if user and user.is_active]
    people = list({user.pk: user for user in people}.values()) or list(visit_staff(visit.venue))
    people = staff_by_alert_mode(AlertMode.IMMEDIATE, people)
    return [
        _send(
            to=user.email,
            language=user.preferred_language or DEFAULT_LANGUAGE,
            template="change_asked",
            context={
                "visit": visit,
                "transition": moved,
                "slots": list(visit.preferred_slots.all()),
                "url": admin_url(visit),
            },
        )
        for user in people
        if user.email
    ]


def partner_event_to_staff(visit_id, transition_id):
    """The partner resubmitted (after editing) or cancelled a request: staff
    whose alerts are immediate are told, with a direct link."""
    visit = _visit(visit_id)
    transition = VisitTransition.objects.select_related("actor").get(pk=transition_id)
    return [
        _send(
            to=user.email,
            language=user.preferred_language or DEFAULT_LANGUAGE,
            template="partner_event",
            context={"visit": visit, "transition": transition, "url": admin_url(visit)},
        )
        for user in staff_by_alert_mode(AlertMode.IMMEDIATE, visit_staff(visit.venue))
    ]


DIGEST_OVERDUE_DAYS = 3


def working_days_between(first, last, closed):
    """Weekdays after ``first`` up to ``last`` (both dates), not in ``closed``."""
    days, day = 0, first
    while day < last:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5 and day not in closed:
            days += 1
    return days


def digest_rows(today=None):
    """(visit, working days waited, overdue) of every open request, those
    waiting longer than ``VISITS_DIGEST_OVERDUE_DAYS`` working days first,
    then the rest, oldest first. Days closed for every venue (public
    holidays) and weekends do not count."""
    today = today or timezone.localdate()
    limit = getattr(settings, "VISITS_DIGEST_OVERDUE_DAYS", DIGEST_OVERDUE_DAYS)
    visits = list(
        VisitRequest.objects.filter(state__in=OPEN_STATES)
        .select_related("institution", "venue", "handled_by")
        .order_by("created_at", "pk")
    )
    if not visits:
        return [], limit
    first = min(timezone.localdate(visit.created_at) for visit in visits)
    closed = set(
        ClosedDate.objects.filter(venue__isnull=True, date__gte=first, date__lte=today).values_list(
            "date", flat=True
        )
    )
    rows = []
    for visit in visits:
        waited = working_days_between(timezone.localdate(visit.created_at), today, closed)
        rows.append((visit, waited, waited > limit))
    rows.sort(key=lambda row: (not row[2], row[0].created_at, row[0].pk))
    return rows, limit


def digest_recipients():
    """Staff who chose the daily digest and have an e-mail address."""
    return [user for user in staff_by_alert_mode(AlertMode.DIGEST) if user.email]


def digest_to_staff(today=None, *, people=None):
    """The daily digest of open requests, to ``people`` (default: every staff
    member who chose the digest). Once a day per person: see
    ``visits.services.alerts.digest_send_daily``."""
    people = digest_recipients() if people is None else people
    if not people:
        return []
    rows, limit = digest_rows(today)
    all_entries = [
        {"visit": visit, "waited": waited, "overdue": overdue, "url": admin_url(visit)}
        for visit, waited, overdue in rows
    ]
    # A venue with approvers is in its approvers' digests only.
    restricted = set(approvers.restricted_venues().values_list("pk", flat=True))
    sent = []
    for user in people:
        mine = (
            set()
            if user.is_superuser
            else set(approvers.venues_decided_by(user).values_list("pk", flat=True))
        )
        entries = [
            entry
            for entry in all_entries
            if user.is_superuser
            or entry["visit"].venue_id not in restricted
            or entry["visit"].venue_id in mine
        ]
        sent.append(
            _send(
                to=user.email,
                language=user.preferred_language or DEFAULT_LANGUAGE,
                template="digest",
                context={
                    "entries": entries,
                    "overdue": [entry for entry in entries if entry["overdue"]],
                    "others": [entry for entry in entries if not entry["overdue"]],
                    "limit": limit,
                    "queue_url": absolute(reverse("visit_requests:index")),
                },
            )
        )
    return sent


def message_notice(message_id):
    """A new message: staff write to the partner, the partner to staff."""
    message = VisitMessage.objects.select_related("author").get(pk=message_id)
    visit = _visit(message.request_id)
    if message.from_staff:
        recipients = [
            (email, lang, partner_url(visit, lang)) for email, lang in partner_recipients(visit)
        ]
    else:
        people = [visit.host_staff] if visit.host_staff else list(visit_staff(visit.venue))
        people = staff_by_alert_mode(AlertMode.IMMEDIATE, people)
        recipients = [
            (user.email, user.preferred_language or DEFAULT_LANGUAGE, admin_url(visit))
            for user in people
            if user.email
        ]
    return [
        _send(
            to=email,
            language=language,
            template="message",
            context={"visit": visit, "message": message, "url": url},
        )
        for email, language, url in recipients
    ]


def reminder_to_partner(visit_id):
    """The reminder a few days before; it carries the invitation again (same
    UID and SEQUENCE), so whoever missed it can still put the visit in their
    calendar, and a calendar that holds it keeps one event."""
    visit = _visit(visit_id)
    if visit.state != VisitState.SCHEDULED:
        return []
    sent = []
    for email, language in partner_recipients(visit):
        url = partner_url(visit, language)
        with translation.override(language):
            invitation = _invitation(visit, url, "REQUEST")
        sent.append(
            _send(
                to=email,
                language=language,
                template="reminder",
                context={"visit": visit, "url": url},
                attachments=[invitation],
            )
        )
    return sent


def recorded_for_partner(visit_id):
    """Staff recorded a request for the institution: its coordinators hear of
    it, each in their language, with the link to follow it."""
    visit = _visit(visit_id)
    sent = []
    for user in coordinators_of(institution=visit.institution):
        if not user.email:
            continue
        language = user.preferred_language or DEFAULT_LANGUAGE
        sent.append(
            _send(
                to=user.email,
                language=language,
                template="recorded_for_partner",
                context={
                    "visit": visit,
                    "name": str(user),
                    "slots": list(visit.preferred_slots.all()),
                    "url": partner_url(visit, language),
                },
            )
        )
    return sent
