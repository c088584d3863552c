"""The partner's writes on a visit request: submitting it (with its privacy
consent) and resubmitting it after staff asked for changes. The steps staff
take are in ``visits.services.workflow``."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.choices import Language
from portal.models.privacy import ConsentPurpose
from portal.privacy.services import record_consent
from visits import tasks
from visits.choices import VisitState
from visits.models import MAX_PREFERRED_SLOTS, PreferredSlot, VisitRequest, VisitTransition
from visits.services import workflow

# Fields a partner fills in; staff-only fields never come from the request form.
# The venue is the partner's choice too: its zone is the one the preferred
# times were entered and checked in, and the one every page shows them in.
PARTNER_FIELDS = (
    "venue",
    "contact_name",
    "contact_email",
    "contact_phone",
    "purpose",
    "other_topics",
    "group_size",
    "leaders_count",
    "staff_count",
    "librarians_count",
    "students_count",
    "others_count",
    "accessibility_needs",
    "interpreter_needed",
    "interpreter_language",
    "notes",
    "agreement",
)


def _set_slots(visit, slots):
    visit.preferred_slots.all().delete()
    PreferredSlot.objects.bulk_create(
        PreferredSlot(request=visit, position=position, start=start, end=end)
        for position, (start, end) in enumerate(slots[:MAX_PREFERRED_SLOTS], start=1)
    )


def _language(language, requester):
    """The request's language: ``language`` when it is one of the portal's."""
    known = {code for code, _name in Language.choices}
    for candidate in (language, getattr(requester, "preferred_language", None)):
        code = (candidate or "").split("-")[0]
        if code in known:
            return code
    return Language.INDONESIAN


def visit_request_submit(
    *,
    institution,
    requester,
    idempotency_key,
    data,
    topics,
    slots,
    request_letter,
    consent=False,
    consent_request=None,
    entered_by=None,
    language=None,
):
    """Create a request for ``institution`` in state "submitted"; returns (visit, created).

    ``data`` holds the ``PARTNER_FIELDS`` the form cleaned, the chosen venue
    included (its zone is the one of the ``slots``).

    With ``consent=True`` (the partner ticked the privacy consent) the
    ``ConsentRecord`` for the current notice is written in the same
    transaction and linked to the request (``visit.consent``); its IP and
    browser come from ``consent_request``, the HTTP request, when given. A
    request never exists without its consent, nor a consent without it.

    The same ``idempotency_key`` (one per rendered form) never makes a second
    request: the existing one comes back with ``created=False``. The
    requester must be an active member of the verified institution. Queues
    the staff notification after commit.

    ``language`` is the partner's language (the page's, when they submit
    it); the reply letter is written in it. Without it: the requester's
    preferred language, else Indonesian.
    """
    existing = VisitRequest.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing, False
    if entered_by is not None:
        # Booking on behalf: staff record it, the institution follows it.
        if not workflow.is_visit_staff(entered_by):
            raise PermissionDenied(_("Only cooperation staff can record a request for a partner."))
        if not institution.is_verified or institution.archived_at is not None:
            raise PermissionDenied(_("Requests can be recorded for verified institutions only."))
    elif not institution.is_verified or not workflow.is_institution_member(
        requester, institution.pk
    ):
        raise PermissionDenied(_("Only members of a verified institution may request visits."))
    if not slots:
        raise ValidationError(_("Give at least one preferred time."))
    try:
        with transaction.atomic():
            visit = VisitRequest(
                institution=institution,
                requester=requester,
                idempotency_key=idempotency_key,
                request_letter=request_letter,
                entered_by=entered_by,
                language=_language(language, requester),
                **{name: data[name] for name in PARTNER_FIELDS if name in data},
            )
            visit.full_clean(exclude=["request_letter", "idempotency_key", "uid", "consent"])
            if consent:
                visit.consent = record_consent(
                    requester, ConsentPurpose.VISIT_REQUEST, consent_request
                )
            visit.save()
            visit.topics.set(topics)
            _set_slots(visit, slots)
            submitted = VisitTransition.objects.create(
                request=visit,
                from_state="",
                to_state=VisitState.SUBMITTED,
                actor=entered_by or requester,
            )
    except IntegrityError:
        # A parallel copy of the same form won the race for the key.
        existing = VisitRequest.objects.filter(idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return existing, False
    transaction.on_commit(lambda: tasks.send_new_request_to_staff.enqueue(visit.pk))
    if entered_by is not None:
        # The institution's coordinators learn of the request made in its name.
        transaction.on_commit(lambda: tasks.send_recorded_for_partner.enqueue(visit.pk))
    # The requester's receipt ("we have received your request").
    transaction.on_commit(lambda: tasks.send_state_change.enqueue(visit.pk, submitted.pk))
    return visit, True


def visit_request_record_for_partner(
    *, staff, institution, idempotency_key, data, topics, slots, request_letter=None
):
    """Booking on behalf: ``staff`` record a request for ``institution``,
    whose contact phoned or wrote. The same venue and slot rules apply as
    for a partner's own request (the form checks the slots, this the rest);
    the request is marked as entered by staff, has no requester and no
    consent record (the partner did not fill the form), and the
    institution's coordinators are e-mailed; its members follow it under
    "My visits" as any of their institution's requests."""
    return visit_request_submit(
        institution=institution,
        requester=None,
        idempotency_key=idempotency_key,
        data=data,
        topics=topics,
        slots=slots,
        request_letter=request_letter or "",
        entered_by=staff,
    )


@transaction.atomic
def visit_request_ask_change(*, visit, actor, slots, reason):
    """The partner asks for another time for a scheduled visit, with new
    preferred times and a reason: the request goes back to review ("under
    review"), its history kept, with the time it had (``previous_start``) in
    the new entry. The venue is freed until staff schedule it again; the new
    schedule then updates the same calendar event (same UID, higher SEQUENCE).
    """
    workflow.require_member(actor, visit)
    locked = workflow.lock(visit)
    if locked.state != VisitState.SCHEDULED:
        workflow.refuse_transition(locked.state, VisitState.UNDER_REVIEW)
    if locked.scheduled_start and locked.scheduled_start <= timezone.now():
        raise workflow.TransitionError(
            _("A visit that has already started can no longer be moved.")
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why you need another time."))
    if not slots:
        raise ValidationError(_("Give at least one preferred time."))
    previous_start, previous_end = locked.scheduled_start, locked.scheduled_end
    _set_slots(locked, slots)
    locked.scheduled_start = locked.scheduled_end = locked.venue_place = None
    workflow.transition(
        locked,
        to_state=VisitState.UNDER_REVIEW,
        actor=actor,
        note=reason,
        fields=["scheduled_start", "scheduled_end", "venue_place"],
        previous_start=previous_start,
        previous_end=previous_end,
    )
    transaction.on_commit(lambda: tasks.send_change_asked_to_staff.enqueue(locked.pk))
    return locked


@transaction.atomic
def visit_request_resubmit(*, visit, actor, data, topics, slots, request_letter=None, note=""):
    """The partner's edit after staff asked for changes; back to "submitted"."""
    workflow.require_member(actor, visit)
    locked = workflow.lock(visit)
    if locked.state != VisitState.CHANGES_REQUESTED:
        raise workflow.TransitionError(
            _("This request can only be edited while changes are requested.")
        )
    for name in PARTNER_FIELDS:
        if name in data:
            setattr(locked, name, data[name])
    if request_letter:
        locked.request_letter = request_letter
    locked.full_clean(exclude=["request_letter", "idempotency_key", "uid"])
    locked.save()
    locked.topics.set(topics)
    if slots:
        _set_slots(locked, slots)
    workflow.transition(locked, to_state=VisitState.SUBMITTED, actor=actor, note=note)
    resubmitted = VisitTransition.objects.filter(request=locked).latest("pk")
    transaction.on_commit(
        lambda: tasks.send_partner_event_to_staff.enqueue(locked.pk, resubmitted.pk)
    )
    return locked
