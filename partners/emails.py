"""Partner notices: one template pair per notice under
``partners/emails/<notice>_subject.txt`` and ``_body.txt``, rendered in each
recipient's language, with links to the configured base URL (never the
request's host)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from partners.models import (
    Agreement,
    DraftComment,
    DraftVersion,
    FollowUp,
    Institution,
    Invitation,
    Membership,
)

NOTICES = {
    "membership_requested",  # to coordinators (or staff): someone asks to join
    "membership_approved",  # to the member
    "membership_declined",  # to the requester
    "membership_revoked",  # to the member removed
    "institution_change_requested",  # to staff: a name change waits for verification
    "institution_change_decided",  # to the coordinator who asked
    "institution_registered",  # to staff: a new institution waits for verification
    "institution_verified",  # to the requester, now coordinator
    "invitation",  # to the invited address
    "invitation_accepted",  # to the coordinators
    "agreement_expiring",  # to staff and coordinators
    "follow_up_due",  # to the responsible side: coordinators or staff
    "draft_shared",  # to the partner's coordinators: a draft agreement to discuss
    "draft_version",  # to the other side: a new version of a draft
    "draft_comment",  # to the other side: a comment on a draft
    "draft_agree_proposed",  # to the other side: one side agrees to a version
    "draft_agreed",  # to both sides: both agreed to a version
}
OBJECT_MODELS = {
    "institution": Institution,
    "membership": Membership,
    "invitation": Invitation,
    "agreement": Agreement,
    "follow_up": FollowUp,
    "draft_version": DraftVersion,
    "draft_comment": DraftComment,
}


def absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def one_line(text):
    """Subjects carry institution names: no line break may reach a header."""
    return " ".join(text.split())


def _objects(object_ids):
    loaded = {}
    for name, pk in object_ids.items():
        model = OBJECT_MODELS[name]
        loaded[name] = model.objects.filter(pk=pk).first()
    return loaded


def _links(objects, invitation_token=None):
    links = {"dashboard": absolute(reverse("partners:dashboard"))}
    institution = objects.get("institution")
    if institution is not None:
        links["dashboard"] = absolute(
            reverse("partners:dashboard-institution", args=[institution.slug])
        )
    if invitation_token:
        links["invitation"] = absolute(
            reverse("partners:invitation-accept", args=[invitation_token])
        )
    links["admin"] = absolute(reverse("wagtailadmin_home"))
    agreement = objects.get("agreement")
    if agreement is not None:
        links["admin_draft"] = absolute(reverse("partners_agreements:draft", args=[agreement.pk]))
        if institution is not None:
            links["draft"] = absolute(
                reverse("partners:draft-detail", args=[institution.slug, agreement.pk])
            )
    return links


def send_notice(*, notice, user_ids, emails_to, object_ids):
    """Send one e-mail per recipient; return how many were sent."""
    if notice not in NOTICES:
        raise ValueError(f"Unknown notice {notice!r}")
    objects = _objects(object_ids)
    invitation = objects.get("invitation")
    recipients = [
        (user.email, user.preferred_language, user)
        for user in get_user_model().objects.filter(pk__in=user_ids, is_active=True)
    ]
    recipients += [(address, settings.LANGUAGE_CODE, None) for address in emails_to]
    sent = 0
    for address, language, user in recipients:
        with translation.override(language or settings.LANGUAGE_CODE):
            context = {
                **objects,
                "recipient": user,
                "links": _links(objects, invitation.token if invitation else None),
                "site_name": "Mitra Pustaka",
            }
            subject = one_line(render_to_string(f"partners/emails/{notice}_subject.txt", context))
            body = render_to_string(f"partners/emails/{notice}_body.txt", context)
        message = EmailMessage(
            subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body=body, to=[address]
        )
        sent += message.send()
    return sent
