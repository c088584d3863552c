"""Event registration: sign-up on the event's page, the e-mailed confirm and
cancel links, and "my registrations"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from partners.events import registration as services
from partners.events import registration_links as links
from partners.events import registration_selectors as selectors
from partners.events.models import RegistrationStatus
from partners.events.registration_forms import MembersForm, RegistrationForm
from portal.ratelimit import rate_limit


def _private(response):
    # The signed links are in the address: the site-wide Referrer-Policy
    # (same-origin, SECURE_REFERRER_POLICY) never sends it to another site.
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def _setup_and_seating(slug, occurrence):
    """The public event's registration setup and, for sign-up per date, the
    date ``occurrence`` names; 404 for anything else."""
    setup = selectors.setup_for_public_event(slug)
    if setup is None:
        raise Http404(_("This event takes no registration on the portal."))
    seating = None
    if occurrence is not None:
        seating = selectors.seating(setup, occurrence)
        if seating is None:
            raise Http404(_("This event has no such date."))
    return setup, seating


def _register_url(name, slug, seating):
    if seating is None:
        return reverse(name, kwargs={"slug": slug})
    return reverse(f"{name}-date", kwargs={"slug": slug, "occurrence": seating.slug})


def _dates(request, setup):
    """Sign-up per date: the coming dates with their seats, each linked."""
    seatings = selectors.upcoming_seatings(setup)
    mine = selectors.active_dates_for_user(setup, request.user, seatings)
    for item in seatings:
        item.state = setup.window_state(occurrence=item)
        item.mine = mine.get(item.key)
    return _private(
        render(
            request,
            "events/registration/register_dates.html",
            {"event": setup.event, "setup": setup, "seatings": seatings},
        )
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@rate_limit("forms", methods={"POST"})
def register(request, slug, occurrence=None):
    """The sign-up page: one step when signed in, else name and e-mail and a
    confirmation link (double opt-in). For an event taking sign-up per
    date, the list of dates, then one page per date."""
    setup, seating = _setup_and_seating(slug, occurrence)
    if setup.per_occurrence and seating is None:
        if request.method == "POST":
            messages.error(request, _("Choose the date you register for."))
        return _dates(request, setup)
    event = setup.event
    here = _register_url("events:event-register", slug, seating)
    signed_in = request.user.is_authenticated
    mine = selectors.active_for_user(setup, request.user, seating)
    state = setup.window_state(occurrence=seating)
    form = RegistrationForm(
        request.POST if request.method == "POST" else None, setup=setup, signed_in=signed_in
    )
    status = 200
    if request.method == "POST" and mine is None:
        if state != "open":
            messages.error(request, _("Registration for this event is closed."))
            return redirect(here)
        if form.is_valid():
            answers = form.cleaned_data
            try:
                if signed_in:
                    registration, _created = services.register_user(
                        setup=setup,
                        user=request.user,
                        answers=answers,
                        language=get_language(),
                        seating=seating,
                    )
                    if registration.status == RegistrationStatus.CONFIRMED:
                        messages.success(request, _("You are registered. Your seat is confirmed."))
                    else:
                        messages.info(
                            request,
                            _("All seats are taken: you are on the waiting list."),
                        )
                    return redirect(here)
                services.register_public(
                    setup=setup,
                    name=answers["name"],
                    email=answers["email"],
                    answers=answers,
                    language=get_language(),
                    seating=seating,
                )
            except services.RegistrationClosed:
                messages.error(request, _("Registration for this event is closed."))
                return redirect(here)
            return _private(
                render(
                    request,
                    "events/registration/check_email.html",
                    {"event": event, "email": answers["email"], "seating": seating},
                )
            )
        status = 400
    context = {
        "event": event,
        "setup": setup,
        "seating": seating,
        "when_start": seating.start if seating else event.local_start,
        "when_end": seating.end if seating else event.local_end,
        "opens_at": seating.opens_at if seating else setup.opens_at,
        "members_url": _register_url("events:event-register-members", slug, seating),
        "state": state,
        "form": form,
        "mine": mine,
        "position": selectors.waitlist_position(mine) if mine else None,
        "counts": selectors.counts(setup, seating),
        "coordinator": selectors.members_a_coordinator_may_register(request.user).exists(),
    }
    return _private(render(request, "events/registration/register.html", context, status=status))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@rate_limit("forms", methods={"POST"})
def confirm(request, token):
    """The link of the confirmation e-mail. GET shows a button (mail
    scanners that open links must not confirm); POST confirms."""
    try:
        registration = links.registration_from_token(
            token, salt=links.CONFIRM_SALT, max_age=links.CONFIRM_MAX_AGE
        )
    except links.LinkInvalid:
        return _private(render(request, "events/registration/link_invalid.html", status=400))
    if request.method == "POST" and registration.status == RegistrationStatus.PENDING:
        try:
            registration = services.confirm(registration)
        except services.RegistrationClosed:
            messages.error(request, _("Registration for this event is closed."))
    context = {
        "registration": registration,
        "event": registration.setup.event,
        "position": selectors.waitlist_position(registration),
    }
    return _private(render(request, "events/registration/confirm.html", context))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@rate_limit("forms", methods={"POST"})
def cancel(request, token):
    """The cancel link of every e-mail: GET asks, POST cancels."""
    try:
        registration = links.registration_from_token(token, salt=links.CANCEL_SALT)
    except links.LinkInvalid:
        return _private(render(request, "events/registration/link_invalid.html", status=400))
    if request.method == "POST" and registration.is_active:
        services.cancel(registration)
        registration.refresh_from_db()
        messages.success(request, _("Your registration is cancelled."))
    context = {"registration": registration, "event": registration.setup.event}
    return _private(render(request, "events/registration/cancel.html", context))


@login_required
@never_cache
@require_http_methods(["GET", "HEAD"])
def my_registrations(request):
    registrations = list(selectors.registrations_of_user(request.user))
    for registration in registrations:
        registration.position = selectors.waitlist_position(registration)
    return _private(
        render(
            request,
            "events/registration/my_registrations.html",
            {"registrations": registrations},
        )
    )


@login_required
@require_POST
@rate_limit("forms")
def my_registration_cancel(request, pk):
    registration = get_object_or_404(selectors.registrations_of_user(request.user), pk=pk)
    if registration.is_active:
        services.cancel(registration)
        messages.success(
            request,
            _("You left the waiting list.")
            if registration.status == RegistrationStatus.WAITLISTED
            else _("Your registration is cancelled."),
        )
    return redirect(reverse("events:my-registrations"))


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@rate_limit("forms", methods={"POST"})
def register_members(request, slug, occurrence=None):
    """A partner coordinator registers several members of the institution at
    once (for one date, for an event taking sign-up per date)."""
    setup, seating = _setup_and_seating(slug, occurrence)
    if setup.per_occurrence and seating is None:
        return redirect("events:event-register", slug=slug)
    here = _register_url("events:event-register", slug, seating)
    members = selectors.members_a_coordinator_may_register(request.user)
    if not members.exists():
        raise PermissionDenied(_("Only a partner coordinator can register members."))
    form = MembersForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        if setup.window_state(occurrence=seating) != "open":
            messages.error(request, _("Registration for this event is closed."))
            return redirect(here)
        seats = waiting = already = 0
        for member in form.cleaned_data["members"]:
            try:
                registration, created = services.register_user(
                    setup=setup, user=member, seating=seating
                )
            except services.RegistrationClosed:
                messages.error(request, _("Registration for this event is closed."))
                break
            if not created:
                already += 1
            elif registration.status == RegistrationStatus.CONFIRMED:
                seats += 1
            else:
                waiting += 1
        messages.success(
            request,
            _(
                "Registered: %(seats)s with a seat, %(waiting)s on the waiting list, "
                "%(already)s already registered. Each member gets an e-mail."
            )
            % {"seats": seats, "waiting": waiting, "already": already},
        )
        return redirect(_register_url("events:event-register-members", slug, seating))
    return _private(
        render(
            request,
            "events/registration/register_members.html",
            {
                "event": setup.event,
                "setup": setup,
                "seating": seating,
                "back_url": here,
                "form": form,
                "counts": selectors.counts(setup, seating),
            },
            status=400 if form.is_bound else 200,
        )
    )
