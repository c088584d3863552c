"""How ``visits.demo`` makes a demo request: through the services wherever the
rules allow, written directly where they rightly refuse.

A request is submitted with ``visit_request_submit`` when its first step is
taken by an active member of the institution; with no member to submit it,
its "submitted" row is written directly. Every later step staff or the
requester take (review, changes, schedule, decline, cancel) then goes
through ``visits.services.workflow``, and each message through
``visit_message_post``, so loading the demo meets the same checks as users
do (states, roles, opening hours, closed days, capacity). The e-mails those
services queue are dropped (``without_notices``), and the request, its
history and its messages get the demo's dates afterwards.

A visit whose time is already past (the seed visit of 26 March 2024, the
completed one) is written directly, messages aside: the services refuse to
schedule a time in the past, and rightly so.
"""

import contextlib
import datetime
import io
import uuid

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone

from partners.models import Membership
from visits.choices import VisitState
from visits.models import PreferredSlot, VisitMessage, VisitRequest, VisitTransition
from visits.services import availability, submission, workflow

KEY_NAMESPACE = uuid.UUID("6f1c1d3e-8a52-4c55-9d0e-3b1f6b0a7c21")

# The fields a service step sets; a request written as "submitted" leaves
# them to the steps.
STEP_FIELDS = (
    "state",
    "scheduled_start",
    "scheduled_end",
    "venue_place",
    "host_staff",
    "sequence",
    "decline_reason",
    "cancel_reason",
)


def letter_pdf():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return ContentFile(buffer.getvalue(), name="surat-permohonan.pdf")


@contextlib.contextmanager
def without_notices():
    """Drop what the services queue for after the commit (the e-mails):
    loading the demo tells no one anything. The block runs in a transaction
    of its own, so the e-mails are dropped even when nothing encloses it
    (outside a transaction, ``on_commit`` would send them at once)."""
    with transaction.atomic():
        queued = len(connection.run_on_commit)
        try:
            yield
        finally:
            del connection.run_on_commit[queued:]


def member_of(institution):
    """An active member of ``institution`` (its first), or None."""
    membership = (
        Membership.objects.filter(institution=institution, state=Membership.State.ACTIVE)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def open_time(venue, wanted_day, *, hour=9):
    """The first visit of the venue's usual length the rules accept on
    ``wanted_day`` or the next open day (not closed, not full), starting at
    ``hour`` (or at the first free time of that day when nothing is free from
    ``hour`` on); as (start, end)."""
    length = venue.default_duration
    after = wanted_day - datetime.timedelta(days=1)
    days = availability.free_days(venue=venue, after=after, count=1, check_window=False)
    if not days:
        raise ValueError(f"{venue} has no free time from {wanted_day}.")
    earliest = datetime.datetime.combine(
        days[0], datetime.time(hour), tzinfo=availability.venue_zone(venue)
    )
    stretches = availability.free_times(venue=venue, day=days[0], length=length)
    for begin, finish in stretches:
        start = max(begin, earliest)
        if start + length <= finish:
            return start, start + length
    return stretches[0][0], stretches[0][0] + length


def _in_the_past(fields):
    start = fields.get("scheduled_start")
    return start is not None and start <= timezone.now()


def _submitted_by_member(fields):
    requester = fields.get("requester")
    return (
        requester is not None
        and fields["history"][0][1] == requester
        and workflow.is_institution_member(requester, fields["institution"].pk)
    )


def _write_directly(idempotency_key, fields, history):
    """The request, its preferred times and ``history`` as rows."""
    data = {
        name: value
        for name, value in fields.items()
        if name not in ("slots", "topics", "history", "messages")
    }
    visit = VisitRequest(idempotency_key=idempotency_key, **data)
    visit.request_letter.save("surat-permohonan.pdf", letter_pdf(), save=False)
    visit.save()
    visit.topics.set(fields.get("topics", []))
    for position, (start, end) in enumerate(fields["slots"], start=1):
        PreferredSlot.objects.create(request=visit, position=position, start=start, end=end)
    previous = ""
    for state, actor, at, note in history:
        VisitTransition.objects.create(
            request=visit, from_state=previous, to_state=state, actor=actor, at=at, note=note
        )
        previous = state
    return visit


def _submit(idempotency_key, fields):
    """The request in state "submitted": by its requester through the
    submission service, or written directly when no member submits it."""
    if not _submitted_by_member(fields):
        submitted = {name: value for name, value in fields.items() if name not in STEP_FIELDS}
        return _write_directly(idempotency_key, submitted, fields["history"][:1])
    visit, _created = submission.visit_request_submit(
        institution=fields["institution"],
        requester=fields["requester"],
        idempotency_key=idempotency_key,
        data={name: fields[name] for name in submission.PARTNER_FIELDS if name in fields},
        topics=fields.get("topics", []),
        slots=fields["slots"],
        request_letter=letter_pdf(),
    )
    return visit


def _take_step(visit, state, actor, note, fields):
    """One step of the history through its workflow service."""
    if state == VisitState.SCHEDULED:
        return workflow.visit_request_schedule(
            visit=visit,
            actor=actor,
            venue=fields["venue"],
            start=fields["scheduled_start"],
            end=fields["scheduled_end"],
            host_staff=fields.get("host_staff"),
            note=note,
        )
    if state == VisitState.UNDER_REVIEW:
        return workflow.visit_request_start_review(visit=visit, actor=actor, note=note)
    if state == VisitState.CHANGES_REQUESTED:
        return workflow.visit_request_request_changes(visit=visit, actor=actor, note=note)
    if state == VisitState.DECLINED:
        return workflow.visit_request_decline(visit=visit, actor=actor, reason=note)
    if state == VisitState.CANCELLED:
        return workflow.visit_request_cancel(visit=visit, actor=actor, reason=note)
    raise ValueError(f"The demo takes no {state!r} step through the services.")


def _post_messages(visit, messages):
    """The thread through ``visit_message_post`` (written directly when its
    author may not post), then dated as the demo says."""
    for author, from_staff, at, body in messages:
        may_post = workflow.is_visit_staff(author) or workflow.is_institution_member(
            author, visit.institution_id
        )
        if may_post and workflow.is_visit_staff(author) == from_staff:
            message = workflow.visit_message_post(visit=visit, author=author, body=body)
            VisitMessage.objects.filter(pk=message.pk).update(created_at=at)
        else:
            VisitMessage.objects.create(
                request=visit, author=author, from_staff=from_staff, created_at=at, body=body
            )


def make_request(idempotency_key, fields):
    """Create the demo request ``fields`` describe (its ``history`` as
    (state, actor, at, note) steps, its ``messages`` as (author, from_staff,
    at, body)); returns it."""
    history = fields["history"]
    with without_notices():
        if _in_the_past(fields):
            visit = _write_directly(idempotency_key, fields, history)
        else:
            visit = _submit(idempotency_key, fields)
            for state, actor, _at, note in history[1:]:
                visit = _take_step(visit, state, actor, note, fields)
            VisitRequest.objects.filter(pk=visit.pk).update(created_at=fields["created_at"])
            steps = VisitTransition.objects.filter(request=visit).order_by("pk")
            for step, (_state, _actor, at, _note) in zip(steps, history, strict=True):
                step.at = at
                step.save(update_fields=["at"])
        _post_messages(visit, fields.get("messages", []))
    visit.refresh_from_db()
    return visit


def demo_request(key, **fields):
    """The demo request with this key, created once with its history; (visit, created)."""
    idempotency_key = uuid.uuid5(KEY_NAMESPACE, key)
    existing = VisitRequest.objects.filter(idempotency_key=idempotency_key).first()
    if existing:
        return existing, False
    return make_request(idempotency_key, fields), True
