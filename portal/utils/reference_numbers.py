"""Reference numbers of outgoing letters from a configurable yearly pattern.

The pattern is a Python format string restricted to a few named fields, e.g.
``{seq:03d}/OL/KS/{month_roman}/{year}`` gives ``012/OL/KS/III/2024``:

- ``seq``: the letter's number in its year's series (1, 2, ...), with an
  optional format such as ``03d``;
- ``year``: the year of issue (four digits);
- ``month``: the month of issue (1-12, ``02d`` for 03);
- ``month_roman``: the month of issue in Roman numerals (I-XII), as
  Indonesian official letters write it.

Only these names are accepted, without attribute or index access, so the
pattern (set by staff in the site settings) can never reach into objects.
"""

import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DEFAULT_PATTERN = "{seq:03d}/OL/KS/{month_roman}/{year}"
FIELDS = ("seq", "year", "month", "month_roman")
REQUIRED = ("seq", "year")
ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def _fields(pattern):
    try:
        return [
            (name, spec, conversion)
            for _text, name, spec, conversion in string.Formatter().parse(pattern)
            if name is not None
        ]
    except ValueError as error:
        raise ValidationError(
            _("The pattern is not valid: %(error)s. Write fields as {seq:03d} or {year}."),
            params={"error": error},
        ) from error


def validate_pattern(pattern):
    """Raise ``ValidationError`` unless ``pattern`` uses only the known fields,
    includes ``{seq}`` and ``{year}`` and formats a sample number."""
    fields = _fields(pattern)
    names = {name for name, _spec, _conversion in fields}
    unknown = sorted(
        name or "{}"
        for name, spec, conversion in fields
        if name not in FIELDS or conversion or "{" in (spec or "")
    )
    if unknown:
        raise ValidationError(
            _("Unknown field %(fields)s: use only {seq}, {year}, {month} and {month_roman}."),
            params={"fields": ", ".join(unknown)},
        )
    missing = [name for name in REQUIRED if name not in names]
    if missing:
        raise ValidationError(
            _(
                "The pattern must contain {seq} and {year}, so that each year's numbers "
                "differ from the others'."
            )
        )
    try:
        format_reference(pattern, sequence=12, year=2024, month=3)
    except (ValueError, TypeError) as error:
        raise ValidationError(
            _("The pattern cannot number a letter: %(error)s."), params={"error": error}
        ) from error


def format_reference(pattern, *, sequence, year, month):
    """``pattern`` filled in, e.g. 012/OL/KS/III/2024."""
    return pattern.format(seq=sequence, year=year, month=month, month_roman=ROMAN_MONTHS[month - 1])
