"""Calendar invitations for scheduled visits (iTIP over e-mail, RFC 5546).

Scheduling sends METHOD:REQUEST; cancelling sends METHOD:CANCEL with the
same UID and a higher SEQUENCE, so calendar apps update or remove the one
event they already hold. Times stay in the venue's own zone, with its
VTIMEZONE definition in the file.
"""

import zoneinfo
from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from visits.choices import VisitState

PRODID = "-//Mitra Pustaka//Study visits//EN"


def _address(email, name):
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["cn"] = vText(name)
    return address


def organizer_of(visit):
    if visit.host_staff and visit.host_staff.email:
        return visit.host_staff.email, str(visit.host_staff)
    name, email = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return email, name or "Mitra Pustaka"


def attendees_of(visit):
    """The partner's people who get the invitation: the contact person and the requester."""
    people = {visit.contact_email.lower(): visit.contact_name} if visit.contact_email else {}
    if visit.requester and visit.requester.email:
        people.setdefault(visit.requester.email.lower(), str(visit.requester))
    return people


def invitation_summary(visit):
    return _("Study visit: %(institution)s at %(venue)s") % {
        "institution": visit.institution.display_name,
        "venue": visit.venue.name,
    }


def build_invitation(visit, *, method="REQUEST", url=""):
    """The .ics bytes of ``visit``'s invitation (REQUEST) or its withdrawal (CANCEL)."""
    zone = zoneinfo.ZoneInfo(visit.venue.time_zone)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)

    event = Event()
    event.add("uid", visit.ical_uid)
    event.add("sequence", visit.sequence)
    event.add("dtstamp", timezone.now())
    event.add("last-modified", visit.updated_at)
    event.add("dtstart", timezone.localtime(visit.scheduled_start, zone))
    event.add("dtend", timezone.localtime(visit.scheduled_end, zone))
    event.add("summary", invitation_summary(visit))
    location = ", ".join(
        part for part in (visit.venue.name, " ".join(visit.venue.address.split())) if part
    )
    event.add("location", location)
    description = [_("Reference: %(reference)s") % {"reference": visit.reference}]
    if visit.host_staff:
        description.append(_("Host: %(name)s") % {"name": visit.host_staff})
    if url:
        description.append(url)
        event.add("url", url)
    event.add("description", "\n".join(description))
    email, name = organizer_of(visit)
    event.add("organizer", _address(email, name))
    for attendee_email, attendee_name in attendees_of(visit).items():
        attendee = _address(attendee_email, attendee_name)
        attendee.params["role"] = "REQ-PARTICIPANT"
        attendee.params["partstat"] = "NEEDS-ACTION"
        attendee.params["rsvp"] = "FALSE"
        event.add("attendee", attendee, encode=0)
    cancelled = method == "CANCEL" or visit.state == VisitState.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
