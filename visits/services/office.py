"""The cooperation office's own writes on a request, outside its workflow:
who handles it, and the staff's internal notes.

Both are for staff only and never reach the partner. Each runs in one
transaction that locks the request's row, checks ``expected_version=`` (the
version the staff member's page showed, see ``workflow.version``) where a
stale page could undo a colleague's choice, and records the change in the
audit log (``portal.audit``) in the same transaction.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal import audit
from visits.models import VisitInternalNote
from visits.services import workflow

MAX_NOTE_LENGTH = 5000


class NotVisitStaff(ValidationError):
    pass


@transaction.atomic
def visit_request_assign(*, visit, actor, handler, expected_version=None, request=None):
    """Make ``handler`` (a staff member, or None) the one who handles ``visit``.

    Refused with ``StaleVersion`` when the request changed since the page was
    shown (a colleague took it meanwhile), and with a ``ValidationError`` when
    ``handler`` is not cooperation staff."""
    workflow.require_staff(actor)
    locked = workflow.lock(visit, expected_version)
    if handler is not None and not workflow.is_visit_staff(handler):
        raise NotVisitStaff(_("Only cooperation staff can handle a visit request."))
    previous = locked.handled_by
    if previous == handler:
        return locked
    locked.handled_by = handler
    locked.save(update_fields=["handled_by", "updated_at"])
    audit.record(
        actor,
        "visit_request.assign",
        target=locked,
        request=request,
        previous=str(previous) if previous else "",
        handler=str(handler) if handler else "",
    )
    return locked


@transaction.atomic
def visit_internal_note_add(*, visit, author, body, request=None):
    """Add a note for the host's staff only. Notes only add up, so a page gone
    stale cannot overwrite anything: no version is checked."""
    workflow.require_staff(author)
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Write the note first."))
    if len(body) > MAX_NOTE_LENGTH:
        raise ValidationError(
            _("A note can be at most %(limit)s characters long.") % {"limit": MAX_NOTE_LENGTH}
        )
    locked = workflow.lock(visit)
    note = VisitInternalNote.objects.create(request=locked, author=author, body=body)
    audit.record(author, "visit_request.internal_note", target=locked, request=request)
    return note
