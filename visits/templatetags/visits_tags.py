"""Template helpers of the visits app: visit times in the venue's zone, lengths."""

import datetime

from django import template

from visits.display import format_duration, format_visit_time, visit_time_zone

register = template.Library()


@register.simple_tag
def visit_time(visit, value=None):
    """A time of ``visit`` read in its venue's zone with the zone's label.

    ``{% visit_time visit %}`` is the scheduled time; ``{% visit_time visit slot %}``
    a preferred slot (anything with ``start`` and ``end``); ``{% visit_time
    visit message.created_at %}`` one moment. Empty when there is no time.
    """
    if value is None:
        start, end = visit.scheduled_start, visit.scheduled_end
    elif isinstance(value, datetime.datetime):
        start, end = value, None
    else:
        start, end = value.start, value.end
    if start is None:
        return ""
    return format_visit_time(start, end, time_zone=visit_time_zone(visit))


@register.filter
def visit_length(value):
    """A ``timedelta`` as "2 jam" / "2 hours"."""
    if value in (None, ""):
        return ""
    return format_duration(value)
