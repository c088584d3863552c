"""The member's private calendar: the page that makes its link, and the feed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from partners.events import links, selectors, services
from partners.events.ical import absolute_url
from partners.events.views.public import calendar_response
from portal import extensions
from portal.calendars import build_calendar
from portal.ratelimit import rate_limit

# The new token waits here between the POST that makes it and the one GET
# that shows it: it never travels in a URL, so it cannot leak through the
# address bar, the history, a Referer header or the server's access log.
NEW_LINK_SESSION_KEY = "events:new-calendar-token"


def _private_headers(response):
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@rate_limit("forms", methods={"POST"})
def my_calendar(request):
    """ "Kalender saya": create or replace the private feed link.

    Only the token's hash is stored, so the link is shown once: the POST
    keeps the new token in the session and redirects, and the next GET
    shows it and forgets it. Making a new one stops the old one at once.
    """
    institutions = selectors.institutions_for_private_feed(user=request.user)
    if request.method == "POST":
        if not institutions:
            messages.error(
                request,
                _("Only active members of a partner institution can make a private calendar link."),
            )
        else:
            request.session[NEW_LINK_SESSION_KEY] = services.calendar_token_issue(user=request.user)
        return redirect("events:my-calendar")
    token = None
    if request.method == "GET":
        token = request.session.pop(NEW_LINK_SESSION_KEY, None)
        if token and selectors.calendar_token_user(token) != request.user:
            token = None  # replaced meanwhile (another tab or device)
    context = {
        "existing": selectors.calendar_token_of(request.user),
        "institutions": institutions,
    }
    if token:
        url = absolute_url(reverse("events:private-feed", kwargs={"token": token}))
        context.update(
            {
                "feed_url": url,
                "webcal_url": links.webcal(url),
                "google_url": links.google_subscribe(url),
                "outlook_url": links.outlook_subscribe(url, name=_("My Mitra Pustaka calendar")),
            }
        )
    # The site-wide Referrer-Policy (same-origin) applies: not "no-referrer",
    # with which browsers send "Origin: null" with the page's forms (new
    # link, language, sign out) and the CSRF check refuses them.
    return render(request, "events/my_calendar.html", context)


@require_safe
@rate_limit("feeds")
def private_feed(request, token):
    """The member's private feed; it works only while the member has an
    active membership in an institution that is not archived (checked on
    every request, so revoking or archiving cuts the feed off at once)."""
    user = selectors.calendar_token_user(token)
    if user is None:
        raise Http404
    institutions = selectors.institutions_for_private_feed(user=user)
    if not institutions:
        return _private_headers(
            HttpResponseForbidden(
                _(
                    "This private calendar link no longer works: its owner is not an "
                    "active member of a partner institution."
                ),
                content_type="text/plain; charset=utf-8",
            )
        )
    body = build_calendar(
        extensions.private_calendar_items(user=user, institutions=institutions),
        name=_("My Mitra Pustaka calendar"),
        description=_(
            "Events of your institutions and your study visits. "
            "This link is personal: do not share it."
        ),
    )
    return _private_headers(calendar_response(body))
