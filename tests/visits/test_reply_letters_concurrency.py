"""Reply letter numbers under concurrent issue (PostgreSQL): N letters issued
at once take N distinct, consecutive numbers of the year's series."""

import threading

import pytest
from django.db import connections
from wagtail.models import Page, Site

from portal.models import SiteSettings
from tests.factories.visits import ScheduledVisitFactory, VenueFactory
from visits.models import ReplyLetter
from visits.services import reply_letters

THREADS = 12


def _default_site_with_signatory():
    # A transactional test may run after another one flushed the default site.
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root"))
        site = Site.objects.create(
            hostname="testserver", root_page=root, is_default_site=True, site_name="Mitra Pustaka"
        )
    site_settings = SiteSettings.for_site(site)
    site_settings.letter_signatory_name = "Dr. Ayu Lestari"
    site_settings.letter_signatory_position = "Kepala Open Library"
    site_settings.letter_number_pattern = "{seq:03d}/OL/KS/{month_roman}/{year}"
    site_settings.save()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_letters_issued_at_once_get_distinct_consecutive_numbers(locales):
    # locales: an earlier transactional test may have flushed them too.
    _default_site_with_signatory()
    venue = VenueFactory(concurrent_visits=THREADS)
    visits = [ScheduledVisitFactory(venue=venue, venue_place=index + 1) for index in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    errors = []

    def issue(visit):
        try:
            barrier.wait()
            reply_letters.reply_letter_issue(visit=visit)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(visit,)) for visit in visits]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    letters = list(ReplyLetter.objects.order_by("sequence"))
    assert len(letters) == THREADS
    sequences = [letter.sequence for letter in letters]
    assert sequences == list(range(1, THREADS + 1))  # distinct, consecutive, none skipped
    assert len({letter.number for letter in letters}) == THREADS
    assert {letter.request_id for letter in letters} == {visit.pk for visit in visits}
    year = letters[0].year
    assert letters[-1].number.startswith(f"{THREADS:03d}/OL/KS/")
    assert letters[-1].number.endswith(f"/{year}")
