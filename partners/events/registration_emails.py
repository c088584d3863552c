"""E-mails to registrants: one template pair per notice under
``events/registration/emails/<notice>_subject.txt`` and ``_body.txt``,
rendered in the registrant's language, with the event's .ics attached and
signed links to the configured base URL."""

import dataclasses

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from partners.events import ical
from partners.events.models import Registration
from partners.events.registration_links import cancel_token, confirm_token
from portal.calendars import build_calendar

NOTICES = {
    "confirm",  # double opt-in: confirm your address
    "confirmed",  # you have a seat
    "waitlisted",  # you are on the waiting list
    "promoted",  # a seat came free: it is yours
    "already",  # you are already signed up (someone used your address again)
    "day_before",  # the event is soon (send_event_reminders)
    "event_cancelled",  # the event is cancelled
}
WITH_ICS = {"confirmed", "promoted", "already", "day_before", "event_cancelled"}


def _absolute(path):
    return settings.BASE_URL.rstrip("/") + path


def occurrence_ics(event, registration):
    """The .ics of the one date signed up for: a single event (no repeat
    rule) with its own UID, so calendar apps import it as it is."""
    start, end = registration.when
    if event.all_day:
        start, end = start.date(), end.date()
    item = dataclasses.replace(
        ical.event_calendar_item(event),
        uid=f"{registration.occurrence_start:%Y%m%dT%H%M%SZ}-{event.uid}",
        start=start,
        end=end,
        rrule="",
        exdates=(),
    )
    return build_calendar([item], name=event.title, method="PUBLISH")


def calendar_file(event, registration):
    if registration.occurrence_start is not None:
        return occurrence_ics(event, registration)
    return ical.event_ics(event)


def message_for(notice, registration):
    event = registration.setup.event
    language = registration.language if registration.language in dict(settings.LANGUAGES) else "id"
    with translation.override(language):
        context = {
            "registration": registration,
            "event": event,
            "event_url": _absolute(event.get_absolute_url()),
            "confirm_url": _absolute(
                reverse("events:registration-confirm", args=[confirm_token(registration)])
            ),
            "cancel_url": _absolute(
                reverse("events:registration-cancel", args=[cancel_token(registration)])
            ),
        }
        subject = " ".join(
            render_to_string(f"events/registration/emails/{notice}_subject.txt", context).split()
        )
        body = render_to_string(f"events/registration/emails/{notice}_body.txt", context)
        message = EmailMessage(subject=subject, body=body, to=[registration.email])
        if notice in WITH_ICS:
            message.attach(f"{event.slug}.ics", calendar_file(event, registration), "text/calendar")
    return message


def send(*, notice, registration_ids):
    if notice not in NOTICES:
        raise ValueError(notice)
    sent = 0
    registrations = Registration.objects.filter(pk__in=registration_ids).select_related(
        "setup__event"
    )
    for registration in registrations:
        if not registration.email or registration.email.endswith("@invalid"):
            continue
        message_for(notice, registration).send()
        sent += 1
    return sent
