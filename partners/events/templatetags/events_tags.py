import datetime

from django import template
from django.utils.formats import date_format

register = template.Library()


@register.filter
def zone_label(value):
    """The zone's short name at that moment: WIB, WITA, WIT, CET, CEST..."""
    name = value.tzname() or ""
    if name[:1] in "+-":
        offset = value.utcoffset()
        hours, rest = divmod(int(offset.total_seconds()) // 60, 60)
        return f"UTC{'+' if offset >= datetime.timedelta(0) else '-'}{abs(hours):02d}:{rest:02d}"
    return name


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
