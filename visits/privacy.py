"""Study visits in privacy requests (see portal.extensions).

A visit request belongs to the institution; the person who asked for it and
the contact person are personal data. Account deletion and the retention
purge take the personal data out and keep the anonymous record (institution,
dates, group size and make-up, topics, state history) for statistics.

Participants of a delegation are personal data of the people listed: a
person's download holds the entries with one of their verified e-mail
addresses; deleting their account, or the retention purge, blanks name,
position and e-mail and keeps the attendance (who came counts in the
statistics).
"""

from allauth.account.models import EmailAddress
from django.db.models import Q

from visits.choices import VisitState
from visits.models import (
    ReplyLetter,
    VisitFeedback,
    VisitInternalNote,
    VisitMessage,
    VisitParticipant,
    VisitRequest,
    VisitTransition,
)

# A request whose contact e-mail is empty has been anonymised.
ANONYMISED = Q(contact_email="")
FINISHED_STATES = (
    VisitState.COMPLETED,
    VisitState.REPORTED,
    VisitState.DECLINED,
    VisitState.CANCELLED,
)
PERSONAL_FIELDS = {
    "requester": None,
    "contact_name": "",
    "contact_email": "",
    "contact_phone": "",
    "accessibility_needs": "",
    "interpreter_language": "",
    "notes": "",
}
PARTICIPANT_PERSONAL_FIELDS = {"name": "", "position": "", "email": ""}


def _verified_emails(user):
    return list(
        EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    )


def participations_of(user):
    """Delegation entries naming ``user`` by one of their verified e-mail addresses
    (an address typed by a colleague that the user has not proven is not enough)."""
    emails = [email.lower() for email in _verified_emails(user)]
    if not emails:
        return VisitParticipant.objects.none()
    return VisitParticipant.objects.filter(email__in=emails).exclude(name="")


def personal_data(user):
    """``portal_personal_data``: the requests the user made, the messages they
    wrote and the feedback they gave."""
    requests = (
        VisitRequest.objects.filter(requester=user)
        .select_related("institution", "venue")
        .prefetch_related("preferred_slots", "transitions")
        .order_by("created_at")
    )
    return {
        "visit_requests": [
            {
                "reference": visit.reference,
                "institution": visit.institution.name,
                "state": visit.state,
                "submitted_at": visit.created_at,
                "contact_name": visit.contact_name,
                "contact_email": visit.contact_email,
                "contact_phone": visit.contact_phone,
                "purpose": visit.purpose,
                "group_size": visit.group_size,
                "accessibility_needs": visit.accessibility_needs,
                "interpreter_needed": visit.interpreter_needed,
                "interpreter_language": visit.interpreter_language,
                "notes": visit.notes,
                "preferred_times": [
                    {"start": slot.start, "end": slot.end} for slot in visit.preferred_slots.all()
                ],
                "scheduled_start": visit.scheduled_start,
                "scheduled_end": visit.scheduled_end,
                "venue": visit.venue.name if visit.venue else None,
                "history": [
                    {"state": step.to_state, "at": step.at, "note": step.note}
                    for step in visit.transitions.all()
                ],
            }
            for visit in requests
        ],
        "visit_messages": [
            {
                "request": message.request.reference,
                "sent_at": message.created_at,
                "body": message.body,
            }
            for message in VisitMessage.objects.filter(author=user)
            .select_related("request")
            .order_by("created_at")
        ],
        "visit_feedback": [
            {
                "request": feedback.request.reference,
                "given_at": feedback.created_at,
                "rating": feedback.rating,
                "comment": feedback.comment,
            }
            for feedback in VisitFeedback.objects.filter(author=user)
            .select_related("request")
            .order_by("created_at")
        ],
        "visit_participations": [
            {
                "request": participant.request.reference,
                "institution": participant.request.institution.name,
                "visit_start": participant.request.scheduled_start,
                "name": participant.name,
                "position": participant.position,
                "email": participant.email,
                "attendance": participant.attendance,
                "listed_at": participant.created_at,
            }
            for participant in participations_of(user)
            .select_related("request__institution")
            .order_by("created_at")
        ],
    }


def erase_personal_data(user):
    """``portal_erase_personal_data``: the requests the user made stay, without
    their personal data. Their feedback stays as the institution's, without an
    author (the foreign key is set to NULL when the account goes).

    Only the user's own requests: a contact e-mail is typed into the form, so
    a match on it would anonymise other people's requests, in any institution.
    """
    VisitRequest.objects.filter(requester=user).update(**PERSONAL_FIELDS)
    participations_of(user).update(**PARTICIPANT_PERSONAL_FIELDS)


def _ended_before(cutoff):
    """Finished requests whose visit (or last change, for visits that never
    took place) ended before ``cutoff``, anonymised or not."""
    return VisitRequest.objects.filter(state__in=FINISHED_STATES).filter(
        Q(scheduled_end__lt=cutoff) | Q(scheduled_end__isnull=True, updated_at__lt=cutoff)
    )


def retention_purge(cutoff, dry_run):
    """``portal_retention_purge``: anonymise finished requests that ended before
    ``cutoff``; the letter goes too, and the PDFs of the host's reply letters
    (their numbers stay). Free text written about them (messages,
    the notes of state changes, reasons for declining or cancelling, the
    feedback comment) names people, so it is emptied as well, also on
    requests an account deletion anonymised earlier; the staff's internal
    notes on them are deleted, the participants lose name, position and
    e-mail. The rows stay: states, dates, ratings, attendance and message
    counts are the statistics."""
    ended = _ended_before(cutoff)
    expired = ended.exclude(ANONYMISED)
    messages = VisitMessage.objects.filter(request__in=ended).exclude(body="")
    notes = VisitTransition.objects.filter(request__in=ended).exclude(note="")
    reasons = ended.exclude(decline_reason="", cancel_reason="")
    comments = VisitFeedback.objects.filter(request__in=ended).exclude(comment="")
    internal_notes = VisitInternalNote.objects.filter(request__in=ended)
    # The reply letters name the contact person: their PDFs go, their numbers stay.
    reply_letters = ReplyLetter.objects.filter(request__in=ended).exclude(file="")
    participants = VisitParticipant.objects.filter(request__in=ended).exclude(
        name="", position="", email=""
    )
    counts = {
        "visit_requests": expired.count(),
        "visit_messages": messages.count(),
        "visit_transition_notes": notes.count(),
        "visit_reasons": reasons.count(),
        "visit_feedback_comments": comments.count(),
        "visit_internal_notes": internal_notes.count(),
        "visit_reply_letters": reply_letters.count(),
        "visit_participants": participants.count(),
    }
    if dry_run or not any(counts.values()):
        return counts
    for visit in expired.only("pk", "request_letter"):
        if visit.request_letter:
            visit.request_letter.delete(save=False)
    expired.update(**PERSONAL_FIELDS, request_letter="")
    messages.update(body="")
    notes.update(note="")
    reasons.update(decline_reason="", cancel_reason="")
    comments.update(comment="")
    internal_notes.delete()
    for letter in reply_letters.only("pk", "file"):
        letter.file.delete(save=False)
    reply_letters.update(file="")
    participants.update(**PARTICIPANT_PERSONAL_FIELDS)
    return counts
