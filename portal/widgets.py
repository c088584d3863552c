"""Form widgets shared by the apps.

``<input type="date">`` and ``<input type="time">`` accept only ISO values
("2026-12-09", "09:00"); the browser shows them in the reader's own format.
Django otherwise renders a pre-filled value in the active language's first
input format ("09-12-2026", "09.00.00" in Indonesian), which the browser
discards, so the field looks empty. These widgets always render ISO.
"""

from django import forms


class ISODateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ISOTimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")
