"""E-mails about event proposals: to reviewers when one is submitted or
changed, to the proposing institution's coordinators when staff decide.
One template pair per notice under ``events/proposals/emails/``, rendered
in each recipient's language, with links to the configured base URL."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from partners.events import proposal_selectors as selectors
from partners.events.models import EventProposal

TO_REVIEWERS = {"submitted", "resubmitted", "updated"}
TO_PROPOSER = {"approved", "changes", "declined"}
NOTICES = TO_REVIEWERS | TO_PROPOSER


def _absolute(path):
    return settings.BASE_URL.rstrip("/") + path


def _admin_absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _language(user):
    language = getattr(user, "preferred_language", "") or "id"
    return language if language in dict(settings.LANGUAGES) else "id"


def message_for(notice, proposal, user):
    with translation.override(_language(user)):
        context = {
            "proposal": proposal,
            "institution": proposal.institution,
            "user": user,
            "review_url": _admin_absolute(reverse("event_proposals:review", args=[proposal.pk])),
            "status_url": _absolute(
                reverse(
                    "events:proposal-detail",
                    kwargs={"slug": proposal.institution.slug, "pk": proposal.pk},
                )
            ),
            "event_url": _absolute(proposal.event.get_absolute_url()) if proposal.event else "",
        }
        subject = " ".join(
            render_to_string(f"events/proposals/emails/{notice}_subject.txt", context).split()
        )
        body = render_to_string(f"events/proposals/emails/{notice}_body.txt", context)
    return EmailMessage(subject=subject, body=body, to=[user.email])


def send(*, notice, proposal_id):
    if notice not in NOTICES:
        raise ValueError(notice)
    proposal = (
        EventProposal.objects.select_related("institution", "event", "proposed_by")
        .filter(pk=proposal_id)
        .first()
    )
    if proposal is None:
        return 0
    if notice in TO_REVIEWERS:
        recipients = selectors.reviewers()
    else:
        recipients = selectors.proposal_recipients(proposal)
    for user in recipients:
        message_for(notice, proposal, user).send()
    return len(recipients)
