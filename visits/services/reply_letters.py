"""Issuing the host's official reply letter (surat balasan) to a scheduled visit.

``reply_letter_issue`` numbers the letter from its year's series (the
year's ``ReplyLetterCounter`` row is locked while the number is taken, so
concurrent issues get consecutive, distinct numbers and none is reused),
writes the PDF in the request's language, stores it, and marks the visit's
previous letter superseded by it. Letterhead, place and signatory come from
the site settings; without a signatory's name and position no letter is
issued (``LetterNotIssued``, with a message that says what to set).

Scheduling and moving a visit (``visits.services.workflow``) call it; staff
can also issue it later from the request's page.
"""

import logging
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import dateformat, timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.models import Site

from portal.models import SiteSettings
from portal.utils.dates import zone_label
from portal.utils.reference_numbers import DEFAULT_PATTERN, format_reference, validate_pattern
from visits.choices import VisitState
from visits.display import format_visit_time
from visits.models import ReplyLetter, ReplyLetterCounter, VisitRequest
from visits.reply_letter_pdf import LetterContent, render_letter

logger = logging.getLogger(__name__)

PURPOSE_MAX_CHARS = 600

# The zones' names in full, as official letters write them.
ZONE_NAMES = {
    "WIB": gettext_lazy("Western Indonesia Time"),
    "WITA": gettext_lazy("Central Indonesia Time"),
    "WIT": gettext_lazy("Eastern Indonesia Time"),
}


class LetterNotIssued(Exception):
    """No letter could be issued; the message (translated) says why and what to do."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def letter_settings():
    """The default site's settings (letterhead, signatory, number format), or None."""
    site = Site.objects.filter(is_default_site=True).first()
    return SiteSettings.for_site(site) if site else None


def settings_url():
    """The admin page where the letter's settings are set."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return reverse("wagtailsettings:edit", args=["portal", "sitesettings"])
    return reverse("wagtailsettings:edit", args=["portal", "sitesettings", site.pk])


def settings_problem(site_settings=None):
    """Why no letter can be issued with the current settings (translated), or None."""
    site_settings = site_settings if site_settings is not None else letter_settings()
    if site_settings is None:
        return _("No reply letter was issued: the portal has no default site.")
    missing = [
        label
        for label, value in (
            (_("signatory's name"), site_settings.letter_signatory_name),
            (_("signatory's position"), site_settings.letter_signatory_position),
        )
        if not value.strip()
    ]
    if missing:
        return _(
            "No reply letter was issued: set the %(fields)s under Settings → Site settings → "
            "Reply letters, then issue it from the request's page."
        ) % {"fields": _(" and ").join(missing)}
    return None


def _next_number(*, pattern, issued_on):
    """(sequence, number) of the next letter of ``issued_on``'s year; the
    year's counter row stays locked until the caller's transaction ends."""
    year = issued_on.year
    counter = ReplyLetterCounter.objects.select_for_update().filter(year=year).first()
    if counter is None:
        try:
            with transaction.atomic():
                ReplyLetterCounter.objects.create(year=year)
        except IntegrityError:
            pass  # created meanwhile by a concurrent issue: lock that one
        counter = ReplyLetterCounter.objects.select_for_update().get(year=year)
    sequence = counter.last_sequence
    while True:
        sequence += 1
        number = format_reference(pattern, sequence=sequence, year=year, month=issued_on.month)
        # A pattern changed during the year could repeat an older number: skip it.
        if not ReplyLetter.objects.filter(number=number).exists():
            break
    counter.last_sequence = sequence
    counter.save(update_fields=["last_sequence"])
    return sequence, number


def _pattern(site_settings):
    pattern = site_settings.letter_number_pattern or DEFAULT_PATTERN
    try:
        validate_pattern(pattern)
    except ValidationError:  # a pattern saved before it was checked
        logger.warning("Reply letter number pattern %r is not valid; using the default.", pattern)
        return DEFAULT_PATTERN
    return pattern


def _logo(site_settings):
    image = site_settings.letter_logo
    if image is None:
        return None
    try:
        with image.open_file() as handle:
            return handle.read()
    except OSError:
        logger.warning("The letterhead logo %s could not be read.", image.pk, exc_info=True)
        return None


def _full_zone(start, time_zone):
    label = zone_label(start.astimezone(zoneinfo.ZoneInfo(time_zone)))
    name = ZONE_NAMES.get(label)
    return f"{label} ({name})" if name else label


def _contact(visit, site_settings):
    host = visit.host_staff
    if host and host.is_active:
        parts = [str(host), host.email, host.phone]
    else:
        parts = [site_settings.organisation_name, site_settings.email, site_settings.phone]
    return ", ".join(part for part in parts if part)


def letter_content(visit, site_settings, *, number, issued_at):
    """The letter's texts for ``visit``, in its request's language."""
    language = visit.language or "id"
    venue = visit.venue
    zone = zoneinfo.ZoneInfo(venue.time_zone)
    start = visit.scheduled_start.astimezone(zone)
    end = visit.scheduled_end.astimezone(zone)
    host_zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    with translation.override(language):
        day_format = "l, j F Y"
        time_format = "H.i" if language == "id" else "H:i"
        same_day = start.date() == end.date()
        if same_day:
            when = dateformat.format(start, day_format)
            hours = f"{dateformat.format(start, time_format)}–{dateformat.format(end, time_format)} {_full_zone(visit.scheduled_start, venue.time_zone)}"
        else:
            when = format_visit_time(
                visit.scheduled_start, visit.scheduled_end, time_zone=venue.time_zone
            )
            hours = _full_zone(visit.scheduled_start, venue.time_zone)
        institution = visit.institution
        topics = [topic.label for topic in visit.topics.all()]
        if visit.other_topics:
            topics.append(visit.other_topics)
        address = ", ".join(" ".join(line.split()) for line in site_settings.address.splitlines())
        letterhead = [line for line in [address] if line]
        reach = []
        if site_settings.phone:
            reach.append(_("Phone %(phone)s") % {"phone": site_settings.phone})
        if site_settings.email:
            reach.append(site_settings.email)
        if reach:
            letterhead.append(" · ".join(reach))
        where = venue.name
        venue_address = ", ".join(" ".join(line.split()) for line in venue.address.splitlines())
        if venue_address:
            where = f"{where}, {venue_address}"
        addressee = [
            _("To:"),
            visit.contact_name,
            institution.name,
        ]
        if institution.city:
            addressee.append(_("in %(city)s") % {"city": institution.city})
        submitted = dateformat.format(timezone.localtime(visit.created_at, host_zone), "j F Y")
        subject = _("Reply to the study visit request")
        return LetterContent(
            language=language,
            title=_("Reply letter %(number)s") % {"number": number},
            organisation=site_settings.organisation_name,
            letterhead_lines=tuple(letterhead),
            logo=_logo(site_settings),
            place_and_date=", ".join(
                part
                for part in (
                    site_settings.letter_place,
                    dateformat.format(timezone.localtime(issued_at, host_zone), "j F Y"),
                )
                if part
            ),
            header_rows=((_("Number"), number), (_("Subject"), subject)),
            addressee_lines=tuple(addressee),
            salutation=_("Dear Sir or Madam,"),
            opening=(
                _(
                    "With reference to your request %(reference)s of %(date)s for a study "
                    "visit to %(host)s, we are pleased to confirm that we will receive the "
                    "visit of %(institution)s as follows:"
                )
                % {
                    "reference": visit.reference,
                    "date": submitted,
                    "host": site_settings.organisation_name,
                    "institution": institution.name,
                },
            ),
            details=(
                (_("Day and date"), when),
                (_("Time"), hours),
                (_("Venue"), where),
                (
                    _("Participants"),
                    ngettext("%(count)s person", "%(count)s people", visit.group_size)
                    % {"count": visit.group_size},
                ),
                (_("Topics"), ", ".join(topics) or "-"),
                (
                    _("Programme"),
                    Truncator(" ".join(visit.purpose.split())).chars(PURPOSE_MAX_CHARS),
                ),
                (_("Contact person"), _contact(visit, site_settings)),
            ),
            closing=(
                _(
                    "Any change of plan can be arranged on the request's page in the portal "
                    "or with the contact person above."
                ),
                _(
                    "Thank you for your attention and your cooperation. We look forward to "
                    "welcoming you."
                ),
            ),
            sign_off=_("Yours faithfully,"),
            signatory_position=site_settings.letter_signatory_position_in(language),
            signatory_name=site_settings.letter_signatory_name,
            footer=_("Issued through Mitra Pustaka · visit %(reference)s · letter %(number)s")
            % {"reference": visit.reference, "number": number},
            author=site_settings.organisation_name,
            metadata={"created": issued_at},
        )


@transaction.atomic
def reply_letter_issue(*, visit, actor=None, now=None):
    """Issue the reply letter of the scheduled ``visit``; its current letter,
    if any, is superseded by the new one. Returns the new ``ReplyLetter``.

    Raises ``LetterNotIssued`` when the settings lack a signatory or the visit
    is not scheduled. (Callers check that the actor is staff.)
    """
    site_settings = letter_settings()
    problem = settings_problem(site_settings)
    if problem:
        raise LetterNotIssued(problem)
    locked = (
        VisitRequest.objects.select_for_update(of=("self",))
        .select_related("institution", "venue", "host_staff")
        .get(pk=visit.pk)
    )
    if locked.state != VisitState.SCHEDULED or locked.scheduled_start is None:
        raise LetterNotIssued(
            _("A reply letter is issued for a scheduled visit only; this one is “%(state)s”.")
            % {"state": locked.get_state_display()}
        )
    issued_at = now or timezone.now()
    issued_on = timezone.localtime(issued_at, zoneinfo.ZoneInfo(settings.TIME_ZONE)).date()
    sequence, number = _next_number(pattern=_pattern(site_settings), issued_on=issued_on)
    pdf = render_letter(letter_content(locked, site_settings, number=number, issued_at=issued_at))
    previous = list(locked.reply_letters.current().values_list("pk", flat=True))
    ReplyLetter.objects.filter(pk__in=previous).update(superseded_at=issued_at)
    letter = ReplyLetter(
        request=locked,
        number=number,
        year=issued_on.year,
        sequence=sequence,
        language=locked.language or "id",
        issued_at=issued_at,
        issued_by=actor,
        signatory_name=site_settings.letter_signatory_name,
    )
    letter.file.save(f"{issued_on:%Y%m%d}-{sequence:04d}.pdf", ContentFile(pdf), save=False)
    letter.save()
    ReplyLetter.objects.filter(pk__in=previous).update(superseded_by=letter)
    return letter


def reply_letter_issue_quietly(*, visit, actor=None):
    """``reply_letter_issue`` for scheduling and moving a visit: these go
    through whether or not a letter can be issued. Returns the letter, or
    None (staff see why on the request's page and can issue it there)."""
    try:
        return reply_letter_issue(visit=visit, actor=actor)
    except LetterNotIssued as error:
        logger.info("Visit %s scheduled without a reply letter: %s", visit.pk, error.message)
    except Exception:  # scheduling must not fail because of the letter
        logger.exception("The reply letter of visit %s could not be issued.", visit.pk)
    return None
