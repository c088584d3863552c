"""Load test users: the partner and staff loops."""

import datetime
import random
import time

from client import SEEN, Client, checkbox_names, csrf, hidden_inputs


# --------------------------------------------------------------------------
# The two kinds of users.
# --------------------------------------------------------------------------
def partner_loop(email, slots, stats, stop, pdf):
    rng = random.Random(email)  # noqa: S311 - load pattern, not security
    client = Client(stats, f"10.1.0.{int(email[5:7]) + 1}")
    client.sign_in(email)
    create = "/kunjungan-saya/ajukan/"
    while not stop.is_set():
        status, _, html = client.request(create)
        if status != 200:
            continue
        day, start, end = rng.choice(slots)
        fields = hidden_inputs(html)
        fields.update(
            {
                "purpose": "Studi banding layanan perpustakaan digital dan literasi kesehatan.",
                "group_size": 10,
                "leaders_count": 2,
                "staff_count": 2,
                "librarians_count": 4,
                "students_count": 2,
                "others_count": 0,
                "contact_name": "Kontak Uji Beban",
                "contact_email": email,
                "slot_1_date": day.isoformat(),
                "slot_1_start": start.strftime("%H:%M"),
                "slot_1_end": end.strftime("%H:%M"),
            }
        )
        for name in checkbox_names(html):
            if "consent" in name or "privacy" in name:
                fields[name] = "on"
        files = {"request_letter": ("surat-permohonan.pdf", pdf, "application/pdf")}
        key = fields.get("idempotency_key")
        times = 2 if rng.random() < 0.2 else 1  # a double click now and then
        for attempt in range(times):
            status, headers, body = client.request(create, fields, files)
            with stats.lock:
                stats.submissions += 1
                stats.resubmissions += attempt
                if status == 302 and attempt == 0:
                    stats.accepted[key] += 1
                elif status == 200 and attempt == 0:
                    stats.refused_by_rules += 1  # e.g. the slot is already full


def staff_loop(email, venue_id, paths, stats, stop):
    from visits.models import VisitRequest

    client = Client(stats, f"10.2.0.{int(email[4]) + 1}")
    client.sign_in(email)
    rng = random.Random(email)  # noqa: S311
    while not stop.is_set():
        pending = list(
            VisitRequest.objects.filter(state__in=["submitted", "under_review"])
            .order_by("?")
            .values_list("pk", flat=True)[:5]
        )
        if not pending:
            time.sleep(0.2)
            continue
        pk = rng.choice(pending)
        visit = VisitRequest.objects.prefetch_related("preferred_slots").get(pk=pk)
        slot = visit.preferred_slots.all()[0]
        zone = datetime.timezone(datetime.timedelta(hours=7))
        start, end = slot.start.astimezone(zone), slot.end.astimezone(zone)
        status, _, html = client.request(paths["inspect"].format(pk=pk))
        token = csrf(html) if status == 200 else ""
        # The version of the request the page showed: a colleague's approval
        # in between makes this one stale, and it is refused.
        seen = SEEN.search(html) if status == 200 else None
        status, headers, _ = client.request(
            paths["schedule"].format(pk=pk),
            {
                "csrfmiddlewaretoken": token,
                "schedule-seen": seen.group(1) if seen else "",
                "schedule-venue": venue_id,
                "schedule-date": start.date().isoformat(),
                "schedule-start": start.strftime("%H:%M"),
                "schedule-end": end.strftime("%H:%M"),
                "schedule-note": "",
            },
        )
        visit.refresh_from_db()
        with stats.lock:
            if visit.state == "scheduled":
                stats.approved += 1
            else:
                stats.refused += 1


def admin_paths():
    from django.urls import reverse

    marker = 987654321
    return {
        "inspect": reverse("visit_requests:inspect", args=[marker]).replace(str(marker), "{pk}"),
        "schedule": reverse("visit_requests:action", args=[marker, "schedule"]).replace(
            str(marker), "{pk}"
        ),
    }
