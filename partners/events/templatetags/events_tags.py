import datetime

from django import template
from django.utils.formats import date_format

from portal.utils.dates import zone_label

register = template.Library()
register.filter("zone_label", zone_label)


@register.simple_tag
def event_when(start, end, all_day=False):
    """A date range as readers expect it, in the zone ``start`` carries."""
    if all_day:
        last = (end - datetime.timedelta(days=1)).date()
        if last <= start.date():
            return date_format(start, "DATE_FORMAT")
        return f"{date_format(start, 'DATE_FORMAT')} – {date_format(last, 'DATE_FORMAT')}"
    end = end.astimezone(start.tzinfo)
    start_time = date_format(start, "TIME_FORMAT")
    if start.date() == end.date():
        end_time = date_format(end, "TIME_FORMAT")
        return f"{date_format(start, 'DATE_FORMAT')}, {start_time}–{end_time} {zone_label(start)}"
    return (
        f"{date_format(start, 'DATE_FORMAT')} {start_time} – "
        f"{date_format(end, 'DATE_FORMAT')} {date_format(end, 'TIME_FORMAT')} {zone_label(end)}"
    )


@register.filter
def event_date(value):
    """The date of ``value`` in the zone it carries (the event's), not the
    reader's, as the date filter would give it."""
    return date_format(value, "DATE_FORMAT")
