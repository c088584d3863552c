"""Links that put an event or a feed into the reader's calendar app."""

import datetime
from urllib.parse import urlencode


def webcal(url):
    """The same feed as a webcal:// link (calendar apps subscribe to it)."""
    return "webcal://" + url.split("://", 1)[-1]


def _utc_stamp(value):
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def google_event(event, *, url, details):
    if event.all_day:
        dates = f"{event.local_start:%Y%m%d}/{event.local_end:%Y%m%d}"
    else:
        dates = f"{_utc_stamp(event.start)}/{_utc_stamp(event.end)}"
    params = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": dates,
        "details": f"{details}\n\n{url}",
        "location": event.location_text,
        "ctz": event.time_zone,
    }
    if event.rrule:
        params["recur"] = f"RRULE:{event.rrule}"
    return "https://calendar.google.com/calendar/render?" + urlencode(params)


def outlook_event(event, *, url, details):
    if event.all_day:
        start, end = event.local_start.date().isoformat(), event.local_end.date().isoformat()
    else:
        start, end = event.start.isoformat(), event.end.isoformat()
    params = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": event.title,
        "startdt": start,
        "enddt": end,
        "allday": "true" if event.all_day else "false",
        "body": f"{details}\n\n{url}",
        "location": event.location_text,
    }
    return "https://outlook.live.com/calendar/0/action/compose?" + urlencode(params)


def google_subscribe(url):
    return "https://calendar.google.com/calendar/render?" + urlencode({"cid": webcal(url)})


def outlook_subscribe(url, *, name):
    return "https://outlook.live.com/calendar/0/addfromweb?" + urlencode({"url": url, "name": name})


def subscribe_links(url, *, name):
    """Every way to subscribe to the feed at ``url`` (absolute)."""
    return {
        "name": name,
        "url": url,
        "webcal": webcal(url),
        "google": google_subscribe(url),
        "outlook": outlook_subscribe(url, name=name),
    }
