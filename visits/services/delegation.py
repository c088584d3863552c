"""The named delegation: the partner lists who comes, staff mark who came.

Members of the visiting institution add, correct and remove participants
while the visit is open or scheduled, until ``VISITS_DELEGATION_EDIT_DAYS``
days before it starts (default 3), and never more people than the group
size the request announced (itself within the venue's largest group).
Staff mark each participant present or absent from the day of the visit on.
Every write locks the request's row, so two members adding the last free
place at once cannot go over the group size; none of them changes the
request's version (a participant list is not a reason for a staff member's
open page to go stale).
"""

import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import audit
from visits.choices import HELD_STATES, OPEN_STATES, VisitState
from visits.display import format_visit_time, visit_time_zone
from visits.models import Attendance, VisitParticipant, VisitRequest
from visits.services import workflow

DELEGATION_EDIT_DAYS = 3
# States in which the partner may still change the list (before the deadline).
EDITABLE_STATES = (*OPEN_STATES, VisitState.SCHEDULED)
# States in which staff may mark attendance (from the visit's day on).
ATTENDANCE_STATES = (VisitState.SCHEDULED, *HELD_STATES)
FIELDS = ("name", "position", "email")


class DelegationError(ValidationError):
    """A change the visit's state, deadline or group size does not allow."""


def edit_days():
    return getattr(settings, "VISITS_DELEGATION_EDIT_DAYS", DELEGATION_EDIT_DAYS)


def edit_deadline(visit):
    """The moment the partner's list closes: ``edit_days()`` before the visit
    starts; None while the visit has no time yet."""
    if visit.scheduled_start is None:
        return None
    return visit.scheduled_start - datetime.timedelta(days=edit_days())


def deadline_text(visit):
    """The deadline as the reader reads it, in the venue's zone ("" without one)."""
    deadline = edit_deadline(visit)
    if deadline is None:
        return ""
    return format_visit_time(deadline, time_zone=visit_time_zone(visit))


def partner_can_edit(visit, *, now=None):
    """Whether the partner may still change the list (state and deadline)."""
    if visit.state not in EDITABLE_STATES:
        return False
    deadline = edit_deadline(visit)
    return deadline is None or (now or timezone.now()) < deadline


def closed_reason(visit, *, now=None):
    """Why the partner can no longer change the list (translated), or ""."""
    if partner_can_edit(visit, now=now):
        return ""
    if visit.state not in EDITABLE_STATES:
        return _("The list of participants can no longer be changed: the visit is “%(state)s”.") % {
            "state": visit.get_state_display()
        }
    return _(
        "The list of participants closed on %(deadline)s, %(days)s days before the visit. "
        "For a late change, write to the cooperation staff below."
    ) % {"deadline": deadline_text(visit), "days": edit_days()}


def attendance_open(visit, *, now=None):
    """Whether staff may mark attendance: a booked visit, from its day on (venue's zone)."""
    if visit.state not in ATTENDANCE_STATES or visit.scheduled_start is None:
        return False
    tz = zoneinfo.ZoneInfo(visit_time_zone(visit))
    today = timezone.localtime(now or timezone.now(), tz).date()
    return timezone.localtime(visit.scheduled_start, tz).date() <= today


def _locked(visit):
    return (
        VisitRequest.objects.select_for_update(of=("self",))
        .select_related("venue")
        .get(pk=visit.pk)
    )


def _require_partner_edit(actor, locked, *, now=None):
    workflow.require_member(actor, locked)
    reason = closed_reason(locked, now=now)
    if reason:
        raise DelegationError(reason, code="closed")


def _check_room(locked, *, adding):
    count = VisitParticipant.objects.filter(request=locked).count()
    if count + adding <= locked.group_size:
        return
    venue_limit = locked.venue.max_group_size if locked.venue_id else None
    message = _(
        "Your request announced a group of %(size)s, and %(count)s participants are already "
        "listed. Remove someone first, or write to the cooperation staff to enlarge the group."
    ) % {"size": locked.group_size, "count": count}
    if venue_limit is not None:
        if locked.group_size >= venue_limit:
            message = _(
                "Your request announced a group of %(size)s, and %(count)s participants are "
                "already listed. %(venue)s receives at most %(limit)s visitors at once, so "
                "remove someone before adding another person."
            ) % {
                "size": locked.group_size,
                "count": count,
                "venue": locked.venue.name,
                "limit": venue_limit,
            }
        else:
            message += " " + _("%(venue)s receives at most %(limit)s visitors at once.") % {
                "venue": locked.venue.name,
                "limit": venue_limit,
            }
    raise DelegationError(message, code="full")


def _clean(data):
    cleaned = {field: " ".join(str(data.get(field) or "").split()) for field in FIELDS}
    if not cleaned["name"]:
        raise DelegationError(_("Write the participant's name."), code="name")
    cleaned["email"] = cleaned["email"].lower()
    return cleaned


@transaction.atomic
def participant_add(*, visit, actor, data, now=None):
    """Add one participant (``data``: name, position, optional e-mail) to the list.

    A member of the visiting institution, while ``partner_can_edit``; refused
    with ``DelegationError`` once the list holds the announced group size."""
    locked = _locked(visit)
    _require_partner_edit(actor, locked, now=now)
    cleaned = _clean(data)
    _check_room(locked, adding=1)
    participant = VisitParticipant(request=locked, added_by=actor, **cleaned)
    participant.full_clean(exclude=["request"])
    participant.save()
    return participant


def _participant(locked, participant_id):
    participant = VisitParticipant.objects.filter(request=locked, pk=participant_id).first()
    if participant is None:
        raise DelegationError(
            _("This participant is no longer on the list; someone removed them."), code="gone"
        )
    return participant


@transaction.atomic
def participant_update(*, visit, actor, participant_id, data, now=None):
    """Correct a participant's name, position or e-mail (same rules as adding)."""
    locked = _locked(visit)
    _require_partner_edit(actor, locked, now=now)
    participant = _participant(locked, participant_id)
    for field, value in _clean(data).items():
        setattr(participant, field, value)
    participant.full_clean(exclude=["request"])
    participant.save(update_fields=list(FIELDS))
    return participant


@transaction.atomic
def participant_remove(*, visit, actor, participant_id, now=None):
    """Take a participant off the list (same rules as adding)."""
    locked = _locked(visit)
    _require_partner_edit(actor, locked, now=now)
    participant = _participant(locked, participant_id)
    participant.delete()
    return participant


@transaction.atomic
def attendance_mark(*, visit, actor, marks, now=None, request=None):
    """Record who came: ``marks`` maps participant ids to ``Attendance`` values.

    Staff only, once ``attendance_open``. Ids of other visits are ignored;
    an unmarked value clears a mark. Returns the number of rows changed."""
    workflow.require_staff(actor)
    locked = _locked(visit)
    if not attendance_open(locked, now=now):
        raise DelegationError(
            _("Attendance can be marked from the day of the visit on, once it is scheduled."),
            code="not_yet",
        )
    moment = now or timezone.now()
    changed = 0
    for participant in VisitParticipant.objects.filter(request=locked, pk__in=list(marks)):
        value = marks[participant.pk]
        if value not in Attendance.values:
            raise DelegationError(_("Choose present or absent."), code="value")
        if participant.attendance == value:
            continue
        participant.attendance = value
        participant.attendance_marked_at = moment if value else None
        participant.attendance_marked_by = actor if value else None
        participant.save(
            update_fields=["attendance", "attendance_marked_at", "attendance_marked_by"]
        )
        changed += 1
    if changed:
        audit.record(actor, "visit_attendance.mark", target=locked, request=request, rows=changed)
    return changed


def request_language(visit):
    """The language the request is conducted in: its requester's preferred
    language (the partner's e-mails use it too), else the site's default."""
    requester = visit.requester
    language = getattr(requester, "preferred_language", "") if requester else ""
    codes = {code for code, _name in settings.LANGUAGES}
    return language if language in codes else settings.LANGUAGE_CODE
