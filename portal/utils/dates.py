"""Date and time helpers with no domain knowledge."""

import datetime


def zone_label(value):
    """The zone's short name at that moment: WIB, WITA, WIT, CET, CEST...

    Zones without a name (``+08``) read as "UTC+08:00".
    """
    name = value.tzname() or ""
    if name[:1] in "+-":
        offset = value.utcoffset()
        hours, rest = divmod(int(offset.total_seconds()) // 60, 60)
        return f"UTC{'+' if offset >= datetime.timedelta(0) else '-'}{abs(hours):02d}:{rest:02d}"
    return name
