"""Writes with business meaning on visit requests: review, schedule, decide.

The partner's side (submitting a request, resubmitting it after changes
were asked for) is in ``visits.services.submission``.

Every transition runs in one transaction that locks the request row, checks
``visits.choices.TRANSITIONS``, saves the changed fields, writes one
``VisitTransition`` (who, when, why) and queues the e-mails with
``transaction.on_commit``, so nothing is sent for a change that rolled back.
An illegal step raises ``TransitionError`` with a translated message.

Staff act from a page that showed one version of the request (``version``);
each staff action takes it as ``expected_version=`` and checks it under its
own lock, raising ``StaleVersion`` when the request changed meanwhile, so an
action taken on a stale page is refused instead of applied.

Scheduling also locks the venue row, counts the visits booked at an
overlapping time (each visit's time with its set-up and clear-up buffers:
its blocked time) and takes a free place (1..concurrent_visits); two staff
scheduling into the last place at once are served one after the other, the
second gets ``SlotUnavailable`` naming the visit in the way. On PostgreSQL
an exclusion constraint on (venue, place, blocked time range) backs this up.

A venue that names approvers (``visits.services.approvers``) has its
requests decided by them alone: the staff steps check it under the lock.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partners.models import Institution
from visits import tasks
from visits.choices import OPEN_STATES, VisitState, can_transition
from visits.display import format_visit_time
from visits.models import (
    TransitionKind,
    Venue,
    VisitMessage,
    VisitReport,
    VisitRequest,
    VisitTransition,
)
from visits.selectors.approvers import require_decider
from visits.services import reply_letters, venue_rules
from visits.services.availability import slot_problems

REVIEW_PERMISSION = "visits.review_visitrequest"
LOCK_TIMEOUT = "5s"


class TransitionError(Exception):
    """A step the request's state (or the actor) does not allow; the message is translated."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class SlotUnavailable(TransitionError):
    """The chosen time breaks a rule or the venue is full then."""

    def __init__(self, problems):
        super().__init__(" ".join(str(problem) for problem in problems))
        self.problems = problems


class StaleVersion(TransitionError):
    """The request changed after the page staff acted from was shown."""

    def __init__(self, visit):
        super().__init__(
            _(
                "Someone changed this request while you had it open; it is now “%(state)s”. "
                "Nothing was done: check it again, then act."
            )
            % {"state": visit.get_state_display()}
        )
        self.visit = visit


def version(visit):
    """What a staff member saw of a request: it changes with every save."""
    return visit.updated_at.isoformat() if visit.updated_at else ""


def is_visit_staff(user):
    return bool(user and user.is_authenticated and user.has_perm(REVIEW_PERMISSION))


def is_institution_member(user, institution_id):
    if not (user and user.is_authenticated):
        return False
    return Institution.objects.for_user(user).filter(pk=institution_id).exists()


def require_staff(actor):
    if not is_visit_staff(actor):
        raise PermissionDenied(_("Only cooperation staff may do this."))


def require_member(actor, visit):
    if not is_institution_member(actor, visit.institution_id):
        raise PermissionDenied(_("Only members of the requesting institution may do this."))


def lock(visit, expected_version=None):
    """The request's row, locked; ``StaleVersion`` if it is no longer ``expected_version``."""
    locked = VisitRequest.objects.select_for_update().get(pk=visit.pk)
    if expected_version is not None and expected_version != version(locked):
        raise StaleVersion(locked)
    return locked


def refuse_transition(from_state, to_state):
    raise TransitionError(
        _("A request that is “%(state)s” cannot become “%(target)s”.")
        % {
            "state": VisitState(from_state).label,
            "target": VisitState(to_state).label,
        }
    )


def transition(locked, *, to_state, actor, note="", fields=(), **recorded):
    """Move ``locked`` (already row-locked) to ``to_state`` and record it
    (``recorded``: more fields of the ``VisitTransition``)."""
    from_state = locked.state
    if not can_transition(from_state, to_state):
        refuse_transition(from_state, to_state)
    locked.state = to_state
    locked.save(update_fields=["state", "updated_at", *fields])
    transition = VisitTransition.objects.create(
        request=locked,
        from_state=from_state,
        to_state=to_state,
        actor=actor,
        note=note,
        **recorded,
    )
    transaction.on_commit(lambda: tasks.send_state_change.enqueue(locked.pk, transition.pk))
    return locked


@transaction.atomic
def visit_request_start_review(*, visit, actor, note="", expected_version=None):
    """Staff take the request up; the partner is told it is being reviewed.
    (A scheduled visit goes back to review only when its partner asks for
    another time: ``submission.visit_request_ask_change``.)"""
    require_staff(actor)
    locked = lock(visit, expected_version)
    require_decider(actor, locked.venue)
    if locked.state != VisitState.SUBMITTED:
        refuse_transition(locked.state, VisitState.UNDER_REVIEW)
    return transition(locked, to_state=VisitState.UNDER_REVIEW, actor=actor, note=note)


@transaction.atomic
def visit_request_request_changes(*, visit, actor, note, expected_version=None):
    """Staff send the request back to the partner, saying what to change."""
    require_staff(actor)
    locked = lock(visit, expected_version)
    require_decider(actor, locked.venue)
    if not note.strip():
        raise ValidationError(_("Say what the partner should change."))
    return transition(locked, to_state=VisitState.CHANGES_REQUESTED, actor=actor, note=note.strip())


@transaction.atomic
def visit_request_decline(*, visit, actor, reason, expected_version=None):
    """Staff decline the request with a reason the partner sees."""
    require_staff(actor)
    locked = lock(visit, expected_version)
    require_decider(actor, locked.venue)
    if not reason.strip():
        raise ValidationError(_("Give the reason for declining."))
    locked.decline_reason = reason.strip()
    return transition(
        locked,
        to_state=VisitState.DECLINED,
        actor=actor,
        note=locked.decline_reason,
        fields=["decline_reason"],
    )


@transaction.atomic
def visit_request_cancel(*, visit, actor, reason, expected_version=None):
    """The partner (or staff on their behalf) cancels before the visit starts.

    A scheduled visit's invitation is withdrawn: the sequence grows and the
    e-mail carries METHOD:CANCEL with the same UID.
    """
    by_partner = not is_visit_staff(actor)
    if by_partner:
        require_member(actor, visit)
    locked = lock(visit, expected_version)
    if not by_partner:
        require_decider(actor, locked.venue)
    if not reason.strip():
        raise ValidationError(_("Give the reason for cancelling."))
    if locked.scheduled_start and locked.scheduled_start <= timezone.now():
        raise TransitionError(_("A visit that has already started can no longer be cancelled."))
    locked.cancel_reason = reason.strip()
    fields = ["cancel_reason"]
    if locked.state == VisitState.SCHEDULED:
        locked.sequence += 1
        fields.append("sequence")
    transition(
        locked,
        to_state=VisitState.CANCELLED,
        actor=actor,
        note=locked.cancel_reason,
        fields=fields,
    )
    if by_partner:  # staff hear of a partner's cancellation
        cancelled = VisitTransition.objects.filter(request=locked).latest("pk")
        transaction.on_commit(
            lambda: tasks.send_partner_event_to_staff.enqueue(locked.pk, cancelled.pk)
        )
    return locked


def _set_lock_timeout():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")


def visit_request_schedule(
    *, visit, actor, venue, start, end, host_staff=None, note="", expected_version=None
):
    """Approve and schedule: staff choose venue, start, end and host.

    Locks the venue row, then counts the visits booked there at an
    overlapping time; if all ``concurrent_visits`` places are taken (or the
    day is closed, or the group is too large) raises ``SlotUnavailable``.
    Otherwise the visit takes the lowest free place, its calendar sequence
    grows and the requester gets an invitation (METHOD:REQUEST).
    """
    require_staff(actor)
    try:
        with transaction.atomic():
            _set_lock_timeout()
            venue = Venue.objects.select_for_update().get(pk=venue.pk)
            locked = lock(visit, expected_version)
            require_decider(actor, locked.venue, venue)
            if not can_transition(locked.state, VisitState.SCHEDULED):
                transition(locked, to_state=VisitState.SCHEDULED, actor=actor)  # raises
            place = _free_place(venue=venue, start=start, end=end, visit=locked)
            _book(locked, venue=venue, place=place, start=start, end=end)
            locked.host_staff = host_staff
            locked.sequence += 1
            scheduled = transition(
                locked,
                to_state=VisitState.SCHEDULED,
                actor=actor,
                note=note,
                fields=[
                    "venue",
                    "venue_place",
                    "scheduled_start",
                    "scheduled_end",
                    "host_staff",
                    "sequence",
                ],
            )
            # The official reply letter, attached to the partner's e-mail
            # (queued above, sent after the commit, when the letter exists).
            reply_letters.reply_letter_issue_quietly(visit=scheduled, actor=actor)
            if scheduled.host_staff_id:
                # The host gets the invitation too, as its attendee.
                transaction.on_commit(lambda: tasks.send_scheduled_to_host.enqueue(scheduled.pk))
            return scheduled
    except IntegrityError as error:
        # The PostgreSQL exclusion constraint caught an overlap the count missed.
        raise _refused_by_constraint(venue, start, end, visit) from error


def _book(locked, *, venue, place, start, end):
    """Give ``locked`` its venue, place and time, with the venue's buffers of
    today (the blocked time follows on save)."""
    locked.venue = venue
    locked.venue_place = place
    locked.scheduled_start = start
    locked.scheduled_end = end
    locked.setup_minutes = venue.setup_minutes
    locked.teardown_minutes = venue.teardown_minutes


def _refused_by_constraint(venue, start, end, visit):
    """``SlotUnavailable`` after the database refused a booking, naming the
    visit in the way when it can be found (the transaction has rolled back)."""
    conflicts = conflicts_for_staff(venue=venue, start=start, end=end, exclude_request=visit)
    if conflicts:
        return SlotUnavailable([conflict_message(venue, conflicts, start=start, end=end)])
    return SlotUnavailable([_("This time is fully booked at %(venue)s.") % {"venue": venue.name}])


def _free_place(*, venue, start, end, visit):
    """The lowest free place at the (locked) ``venue`` for ``visit`` from
    ``start`` to ``end``; raises ``SlotUnavailable`` naming the visit in the
    way when every place is taken, or the venue's rules when they refuse."""
    conflicts = conflicts_for_staff(venue=venue, start=start, end=end, exclude_request=visit)
    if conflicts:
        raise SlotUnavailable([conflict_message(venue, conflicts, start=start, end=end)])
    problems = slot_problems(
        venue=venue,
        start=start,
        end=end,
        group_size=visit.group_size,
        exclude_request=visit,
        check_window=False,
        institution=visit.institution,
    )
    if problems:
        raise SlotUnavailable(problems)
    blocked_start, blocked_end = venue_rules.blocked_interval(venue, start, end)
    taken = set(
        VisitRequest.objects.blocking(venue=venue, start=blocked_start, end=blocked_end)
        .exclude(pk=visit.pk)
        .values_list("venue_place", flat=True)
    )
    free = [place for place in range(1, venue.concurrent_visits + 1) if place not in taken]
    if not free:
        raise SlotUnavailable(
            [_("This time is fully booked at %(venue)s.") % {"venue": venue.name}]
        )
    return free[0]


def conflicts_for_staff(*, venue, start, end, exclude_request):
    """The booked visits at ``venue`` in the way of ``start``–``end`` (their
    blocked time meets this one's, the buffers included), when they fill
    every place; else an empty list. Staff only: the message names another
    institution's visit."""
    blocked_start, blocked_end = venue_rules.blocked_interval(venue, start, end)
    overlapping = list(
        VisitRequest.objects.blocking(venue=venue, start=blocked_start, end=blocked_end)
        .exclude(pk=getattr(exclude_request, "pk", None))
        .select_related("institution")
        .order_by("scheduled_start", "pk")
    )
    return overlapping if len(overlapping) >= venue.concurrent_visits else []


def conflict_message(venue, conflicts, *, start=None, end=None):
    """Staff's refusal naming the first visit in the way; when only the
    buffers meet (``start``-``end`` itself is clear of it), it says so."""
    first = conflicts[0]
    values = {
        "reference": first.reference,
        "institution": first.institution.display_name,
        "time": format_visit_time(
            first.scheduled_start, first.scheduled_end, time_zone=venue.time_zone
        ),
        "venue": venue.name,
    }
    buffers_only = (
        start is not None
        and end is not None
        and not (first.scheduled_start < end and first.scheduled_end > start)
    )
    if buffers_only:
        return _(
            "This time is fully booked at %(venue)s: including the set-up and clear-up "
            "buffers, it overlaps the visit %(reference)s of %(institution)s (%(time)s; "
            "the venue keeps %(buffers)s each visit free)."
        ) % {**values, "buffers": _buffers_of(venue, first)}
    return (
        _(
            "This time is fully booked at %(venue)s: it overlaps the visit %(reference)s "
            "of %(institution)s (%(time)s)."
        )
        % values
    )


def _buffers_of(venue, visit):
    """The buffers in play: the venue's, or the booked visit's own when the venue has none now."""
    text = venue_rules.buffers_text(venue)
    if text:
        return text
    return venue_rules.buffers_text(
        Venue(setup_minutes=visit.setup_minutes or 0, teardown_minutes=visit.teardown_minutes or 0)
    )


def visit_request_reschedule(
    *, visit, actor, start, end, reason, venue=None, expected_version=None
):
    """Move a scheduled visit to another time (and venue), with a reason.

    The move is one entry of the visit's history (kind "rescheduled", with the
    time it was moved from). The calendar sequence grows, and the partner and
    the host get the updated invitation (same UID, METHOD:REQUEST), so their
    calendar apps move the event instead of adding a second one. A time that
    overlaps a booked visit is refused with a message naming that visit.
    """
    require_staff(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for moving the visit."))
    try:
        with transaction.atomic():
            _set_lock_timeout()
            venue_pk = venue.pk if venue is not None else visit.venue_id
            venue = Venue.objects.select_for_update().get(pk=venue_pk)
            locked = lock(visit, expected_version)
            require_decider(actor, locked.venue, venue)
            if locked.state != VisitState.SCHEDULED:
                raise TransitionError(
                    _("Only a scheduled visit can be moved; this one is “%(state)s”.")
                    % {"state": locked.get_state_display()}
                )
            if locked.scheduled_start and locked.scheduled_start <= timezone.now():
                raise TransitionError(_("A visit that has already started can no longer be moved."))
            if (venue.pk, start, end) == (
                locked.venue_id,
                locked.scheduled_start,
                locked.scheduled_end,
            ):
                raise ValidationError(_("Choose a time other than the current one."))
            place = _free_place(venue=venue, start=start, end=end, visit=locked)
            previous_start, previous_end = locked.scheduled_start, locked.scheduled_end
            _book(locked, venue=venue, place=place, start=start, end=end)
            locked.sequence += 1
            locked.save(
                update_fields=[
                    "venue",
                    "venue_place",
                    "scheduled_start",
                    "scheduled_end",
                    "sequence",
                    "updated_at",
                ]
            )
            moved = VisitTransition.objects.create(
                request=locked,
                from_state=VisitState.SCHEDULED,
                to_state=VisitState.SCHEDULED,
                kind=TransitionKind.RESCHEDULED,
                actor=actor,
                note=reason,
                previous_start=previous_start,
                previous_end=previous_end,
            )
            # A new letter (new number) for the new time; the old one is superseded.
            reply_letters.reply_letter_issue_quietly(visit=locked, actor=actor)
            transaction.on_commit(lambda: tasks.send_rescheduled.enqueue(locked.pk, moved.pk))
            return locked
    except IntegrityError as error:
        raise _refused_by_constraint(venue, start, end, visit) from error


def visit_request_issue_letter(*, visit, actor):
    """Staff issue the reply letter of a scheduled visit (when scheduling
    could not, or to replace the current one: it is superseded, the new
    letter takes a new number). Raises ``LetterNotIssued`` with the reason."""
    require_staff(actor)
    return reply_letters.reply_letter_issue(visit=visit, actor=actor)


@transaction.atomic
def visit_request_complete(*, visit, actor, note="", expected_version=None):
    """Staff mark a scheduled visit as held, once it has started."""
    require_staff(actor)
    locked = lock(visit, expected_version)
    require_decider(actor, locked.venue)
    if (
        locked.state == VisitState.SCHEDULED
        and locked.scheduled_start
        and locked.scheduled_start > timezone.now()
    ):
        raise TransitionError(_("A visit can only be marked as held once it has started."))
    return transition(locked, to_state=VisitState.COMPLETED, actor=actor, note=note)


@transaction.atomic
def visit_request_mark_reported(*, visit, actor, note=""):
    """Close a completed visit whose report is written (called by recording
    the report, the only way a visit becomes "reported")."""
    require_staff(actor)
    locked = lock(visit)
    if not VisitReport.objects.filter(request=locked).exists():
        raise ValidationError(_("Record the visit report first: the visit is reported with it."))
    return transition(locked, to_state=VisitState.REPORTED, actor=actor, note=note)


@transaction.atomic
def visit_message_post(*, visit, author, body):
    """Add a message to the request's thread and tell the other side by e-mail."""
    from_staff = is_visit_staff(author)
    if not from_staff:
        require_member(author, visit)
    body = body.strip()
    if not body:
        raise ValidationError(_("Write a message first."))
    message = VisitMessage.objects.create(
        request=visit, author=author, from_staff=from_staff, body=body
    )
    transaction.on_commit(lambda: tasks.send_message_notice.enqueue(message.pk))
    return message


def staff_actions(visit):
    """The transitions staff may take from the request's state, as action names."""
    actions = []
    if visit.state == VisitState.SUBMITTED:
        actions.append("review")
    if visit.state in OPEN_STATES and visit.state != VisitState.CHANGES_REQUESTED:
        actions += ["schedule", "request_changes"]
    if visit.state in OPEN_STATES:
        actions.append("decline")
    if visit.state == VisitState.SCHEDULED:
        if visit.scheduled_start and visit.scheduled_start <= timezone.now():
            actions.append("complete")
        else:
            actions += ["reschedule", "cancel"]
    # A completed visit becomes "reported" by recording its report (linked
    # from the request's page), not by an action of its own.
    return actions
