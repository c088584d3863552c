"""Calendar invitations for scheduled visits (iTIP over e-mail, RFC 5546).

Scheduling sends METHOD:REQUEST; cancelling sends METHOD:CANCEL with the
same UID and a higher SEQUENCE, so calendar apps update or remove the one
event they already hold. Times stay in the venue's own zone, with its
VTIMEZONE definition in the file.
"""

from email.utils import parseaddr

from django.conf import settings
from django.utils.translation import gettext as _

from portal.calendars import CalendarItem, CalendarPerson, build_calendar
from visits.choices import VisitState


def organizer_of(visit):
    if visit.host_staff and visit.host_staff.email:
        return visit.host_staff.email, str(visit.host_staff)
    name, email = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return email, name or "Mitra Pustaka"


def attendees_of(visit):
    """Who the invitation invites: the partner's contact person and requester,
    and the host staff member (also its organizer, RFC 5546 allows both), so
    the visit sits in the host's calendar as one they attend."""
    people = {visit.contact_email.lower(): visit.contact_name} if visit.contact_email else {}
    if visit.requester and visit.requester.email:
        people.setdefault(visit.requester.email.lower(), str(visit.requester))
    if visit.host_staff and visit.host_staff.email:
        people.setdefault(visit.host_staff.email.lower(), str(visit.host_staff))
    return people


def invitation_summary(visit):
    return _("Study visit: %(institution)s at %(venue)s") % {
        "institution": visit.institution.display_name,
        "venue": visit.venue.name,
    }


def invitation_item(visit, *, cancelled=False, url=""):
    """``visit`` as the CalendarItem its invitation carries."""
    location = ", ".join(
        part for part in (visit.venue.name, " ".join(visit.venue.address.split())) if part
    )
    description = [_("Reference: %(reference)s") % {"reference": visit.reference}]
    if visit.host_staff:
        description.append(_("Host: %(name)s") % {"name": visit.host_staff})
    if url:
        description.append(url)
    email, name = organizer_of(visit)
    return CalendarItem(
        uid=visit.ical_uid,
        summary=invitation_summary(visit),
        start=visit.scheduled_start,
        end=visit.scheduled_end,
        time_zone=visit.venue.time_zone,
        sequence=visit.sequence,
        last_modified=visit.updated_at,
        url=url,
        location=location,
        description="\n".join(description),
        status="CANCELLED" if cancelled else "CONFIRMED",
        organizer=CalendarPerson(email, name),
        attendees=tuple(
            CalendarPerson(attendee_email, attendee_name)
            for attendee_email, attendee_name in attendees_of(visit).items()
        ),
    )


def build_invitation(visit, *, method="REQUEST", url=""):
    """The .ics bytes of ``visit``'s invitation (REQUEST) or its withdrawal (CANCEL)."""
    cancelled = method == "CANCEL" or visit.state == VisitState.CANCELLED
    item = invitation_item(visit, cancelled=cancelled, url=url)
    return build_calendar([item], method=method)
