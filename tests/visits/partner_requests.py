"""Helpers for the tests of the partner request pages: a filled-in form, posting
it, the letter the form keeps after an error."""

import re
import uuid

from django.urls import reverse
from django.utils.formats import date_format

from partners.models import Institution
from tests.factories.files import pdf_upload
from tests.factories.visits import weekday_after
from visits.models import Venue


def day_text(day):
    return date_format(day, "j F Y")


def form_data(day=None, **overrides):
    day = day or weekday_after(21)
    poltekes = Institution.objects.filter(name="Poltekes Banjarmasin").first()
    data = {
        "institution": str(poltekes.pk) if poltekes else "",
        "venue": str(Venue.objects.first().pk),
        "purpose": "Belajar layanan repositori.",
        "group_size": "12",
        "leaders_count": "2",
        "staff_count": "0",
        "librarians_count": "10",
        "students_count": "0",
        "others_count": "0",
        "contact_name": "Nur Aisyah",
        "contact_email": "nur@poltekes.example",
        "contact_phone": "0811",
        "slot_1_date": day.isoformat(),
        "slot_1_start": "09:00",
        "slot_1_end": "11:00",
        "idempotency_key": str(uuid.uuid4()),
        "request_letter": pdf_upload(),
        "privacy_consent": "on",
    }
    data.update(overrides)
    return data


def create(client, data):
    return client.post(reverse("visits:request-create"), data)


def kept_token(response):
    match = re.search(r'<input type="hidden" name="kept_letter" value="([^"]+)"', response.text)
    return match.group(1) if match else None


def held_files():
    from django.core.files.storage import storages

    try:
        return storages["private"].listdir("held-uploads")[1]
    except FileNotFoundError:
        return []
