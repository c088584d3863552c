"""The only ways event registrations change, and the signed links in their
e-mails.

Seats are counted in the database: every change that can give or free a
seat first locks the event's ``RegistrationSetup`` row (SELECT ... FOR
UPDATE), then counts the confirmed registrations, so concurrent sign-ups
queue on the lock and never overbook. When a seat frees up, the first
person on the waiting list (by ``queued_at``) gets it at once and is
e-mailed. E-mails are queued only once the change is committed.
"""

from django.db import IntegrityError, transaction
from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import get_language

from partners.events import registration_selectors
from partners.events.models import (
    Registration,
    RegistrationOccurrence,
    RegistrationSetup,
    RegistrationStatus,
    Seating,
)
from partners.events.models.registration import ACTIVE_STATUSES


class RegistrationClosed(Exception):
    """Sign-up is not open for the event (off, not yet, or over)."""


class DateRequired(RegistrationClosed):
    """The event takes sign-up per date, and no date (or not one of its dates) was given."""


# -- notices ----------------------------------------------------------------------


def _notify(notice, registrations):
    ids = [registration.pk for registration in registrations]
    if not ids:
        return
    from partners.events.tasks import send_registration_notice

    transaction.on_commit(
        lambda: send_registration_notice.enqueue(notice=notice, registration_ids=ids)
    )


# -- seats ------------------------------------------------------------------------


def _locked_setup(setup_id):
    return RegistrationSetup.objects.select_for_update().select_related("event").get(pk=setup_id)


def _seating(setup, key):
    """The ``Seating`` of the date starting at ``key`` (setup locked), read
    afresh; None for sign-up to the whole event."""
    if key is None:
        return None
    found = registration_selectors.seating(setup, key)
    if found is not None:  # the date as it is now, moved or not
        return found
    override = RegistrationOccurrence.objects.filter(setup=setup, start=key).first()
    return Seating(setup, key.astimezone(setup.event.zone), None, override)


def _capacity(setup, seating):
    return seating.capacity if seating is not None else setup.capacity


def _key(seating):
    return seating.key if seating is not None else None


def _check_date(setup, seating):
    if setup.per_occurrence and seating is None:
        raise DateRequired
    if not setup.per_occurrence and seating is not None:
        raise DateRequired


def _confirmed_count(setup, key=None):
    return setup.registrations.filter(
        status=RegistrationStatus.CONFIRMED, occurrence_start=key
    ).count()


def _place(registration, setup, now, seating=None):
    """Give ``registration`` a seat, or the end of the waiting list (setup
    locked): seats are counted per date for sign-up per date."""
    if _confirmed_count(setup, _key(seating)) < _capacity(setup, seating):
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = now
    else:
        registration.status = RegistrationStatus.WAITLISTED
        registration.queued_at = now
    return registration


def _promote(setup, now, key=None):
    """Fill free seats from the waiting list, in order (setup locked); for
    sign-up per date, those of the date starting at ``key``."""
    seating = _seating(setup, key)
    free = _capacity(setup, seating) - _confirmed_count(setup, key)
    if free <= 0:
        return []
    promoted = list(
        setup.registrations.filter(
            status=RegistrationStatus.WAITLISTED, occurrence_start=key
        ).order_by("queued_at", "pk")[:free]
    )
    for registration in promoted:
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = now
        registration.save(update_fields=["status", "confirmed_at"])
    return promoted


def _active_for(setup, email, key=None):
    return setup.registrations.filter(
        email__iexact=email, status__in=ACTIVE_STATUSES, occurrence_start=key
    ).first()


# -- sign-up ----------------------------------------------------------------------


def _answers(setup, answers):
    answers = answers or {}
    return {
        "institution": (answers.get("institution") or "")[:200] if setup.ask_institution else "",
        "position": (answers.get("position") or "")[:150] if setup.ask_position else "",
        "accessibility": (answers.get("accessibility") or "")[:1000]
        if setup.ask_accessibility
        else "",
    }


def register_user(*, setup, user, answers=None, language=None, seating=None):
    """Sign a signed-in ``user`` up in one step: a seat or the waiting list
    (for sign-up per date, of the date ``seating``).

    Returns ``(registration, created)``; someone already signed up gets
    their registration back unchanged."""
    now = timezone.now()
    with transaction.atomic():
        setup = _locked_setup(setup.pk)
        _check_date(setup, seating)
        seating = _seating(setup, _key(seating))
        if setup.window_state(now, occurrence=seating) != "open":
            raise RegistrationClosed
        existing = _active_for(setup, user.email, _key(seating))
        if existing is not None:
            if existing.status == RegistrationStatus.PENDING:
                existing.user = user
                _place(existing, setup, now, seating)
                existing.save()
                _notify(existing.status, [existing])
                return existing, True
            return existing, False
        registration = Registration(
            setup=setup,
            occurrence_start=_key(seating),
            user=user,
            name=(user.full_name or user.email)[:150],
            email=user.email.lower(),
            language=language or user.preferred_language or get_language() or "id",
            **_answers(setup, answers),
        )
        _place(registration, setup, now, seating)
        registration.save()
        _notify(registration.status, [registration])
    return registration, True


def register_public(*, setup, name, email, answers=None, language=None, seating=None):
    """Start a public sign-up: the registration waits for its address to be
    confirmed (double opt-in) and takes no seat until then. Someone who
    signs up again while pending gets a fresh e-mail; an address already
    confirmed or waiting is told so by e-mail, so the page never reveals
    whether an address is signed up."""
    email = email.strip().lower()
    now = timezone.now()
    with transaction.atomic():
        setup = _locked_setup(setup.pk)
        _check_date(setup, seating)
        seating = _seating(setup, _key(seating))
        if setup.window_state(now, occurrence=seating) != "open":
            raise RegistrationClosed
        existing = _active_for(setup, email, _key(seating))
        if existing is not None:
            notice = "confirm" if existing.status == RegistrationStatus.PENDING else "already"
            _notify(notice, [existing])
            return existing
        registration = Registration(
            setup=setup,
            occurrence_start=_key(seating),
            name=name.strip()[:150],
            email=email,
            language=language or get_language() or "id",
            **_answers(setup, answers),
        )
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError:  # the same address at the same instant
            return _active_for(setup, email, _key(seating))
        _notify("confirm", [registration])
    return registration


def confirm(registration):
    """The address was confirmed through the e-mailed link: a seat or the
    waiting list. Confirming twice changes nothing."""
    now = timezone.now()
    with transaction.atomic():
        setup = _locked_setup(registration.setup_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        registration.setup = setup
        if registration.status != RegistrationStatus.PENDING:
            return registration
        if setup.event.status != "scheduled":
            raise RegistrationClosed
        _place(registration, setup, now, _seating(setup, registration.occurrence_start))
        registration.save(update_fields=["status", "confirmed_at", "queued_at"])
        _notify(registration.status, [registration])
    return registration


def cancel(registration):
    """Cancel a registration (or leave the waiting list). A freed seat goes
    to the next person waiting at once. Returns the people promoted."""
    now = timezone.now()
    with transaction.atomic():
        setup = _locked_setup(registration.setup_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if not registration.is_active:
            return []
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at"])
        promoted = _promote(setup, now, registration.occurrence_start)
        _notify("promoted", promoted)
    return promoted


def setup_save(setup):
    """Save an editor's setup; more seats promote people waiting (on every
    date with people waiting, for sign-up per date)."""
    with transaction.atomic():
        setup.save()
        if setup.pk:
            locked = _locked_setup(setup.pk)
            now = timezone.now()
            keys = (
                locked.registrations.filter(status=RegistrationStatus.WAITLISTED)
                .values_list("occurrence_start", flat=True)
                .distinct()
            )
            promoted = []
            for key in sorted(set(keys), key=lambda value: (value is not None, value)):
                promoted += _promote(locked, now, key)
            _notify("promoted", promoted)
    return setup


def occurrence_save(occurrence):
    """Save one date's own settings; more seats promote people waiting for it."""
    with transaction.atomic():
        locked = _locked_setup(occurrence.setup_id)
        occurrence.save()
        promoted = _promote(locked, timezone.now(), occurrence.start)
        _notify("promoted", promoted)
    return occurrence


def check_in(registration, *, undo=False):
    registration.checked_in_at = None if undo else timezone.now()
    registration.save(update_fields=["checked_in_at"])
    return registration


def send_reminders(*, now=None, hours=None):
    """E-mail every confirmed registrant whose event starts within ``hours``
    (``EVENTS_REMINDER_HOURS``, default 24) a reminder with the .ics, once.
    Returns how many were queued; a second run queues none."""
    from datetime import timedelta

    from django.conf import settings

    now = now or timezone.now()
    if hours is None:
        hours = getattr(settings, "EVENTS_REMINDER_HOURS", 24)
    with transaction.atomic():
        soon = now + timedelta(hours=hours)
        due = list(
            Registration.objects.select_for_update(skip_locked=True)
            .filter(
                status=RegistrationStatus.CONFIRMED,
                reminded_at__isnull=True,
                setup__event__status="scheduled",
            )
            .filter(
                Q(
                    occurrence_start__isnull=True,
                    setup__event__start__gt=now,
                    setup__event__start__lte=soon,
                )
                | Q(occurrence_start__gt=now, occurrence_start__lte=soon)
            )
        )
        Registration.objects.filter(pk__in=[r.pk for r in due]).update(reminded_at=now)
        _notify("day_before", due)
    return len(due)


def event_cancelled(event):
    """Tell every registrant of a cancelled event (seats and waiting list)."""
    registrations = list(
        Registration.objects.filter(
            setup__event=event,
            status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED],
        ).exclude(occurrence_start__lt=timezone.now())
    )
    _notify("event_cancelled", registrations)
    return len(registrations)


# -- personal data ----------------------------------------------------------------


def anonymise(queryset):
    """Strip names, addresses and answers of finished or cancelled
    registrations; status and check-in stay for the event's figures."""
    return queryset.update(
        user=None,
        name="",
        email=Concat(Value("removed-"), Cast("pk", CharField()), Value("@invalid")),
        institution="",
        position="",
        accessibility="",
    )


def erase_for_user(user):
    """Account deletion: upcoming sign-ups are cancelled (freeing the seat
    for the next person waiting), then every registration is anonymised."""
    now = timezone.now()
    upcoming = Q(occurrence_start__isnull=True, setup__event__start__gt=now) | Q(
        occurrence_start__gt=now
    )
    for registration in for_user(user).filter(upcoming, status__in=ACTIVE_STATUSES):
        cancel(registration)
    return anonymise(for_user(user))


def for_user(user):
    return Registration.objects.filter(Q(user=user) | Q(email__iexact=user.email))
