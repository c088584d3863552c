"""Staff narrow the agreements listing to one partner: the partner filter is
kept rendered in the cache (issue 17) and still lists every institution,
marks the one chosen and narrows the table to its agreements."""

import pytest

from tests.browser.test_journey_staff import (
    choose_filter,
    open_filter,
    sign_in,
    staff_admin_language,
)

pytestmark = pytest.mark.browser

PARTNER = "Politeknik Kesehatan Kemenkes Banjarmasin"


@pytest.mark.parametrize(
    ("language", "partners_label", "matches"),
    [
        ("id", "Institusi mitra", "Ada {} hasil yang cocok"),
        ("en", "Partner institutions", "There are {} matches"),
    ],
)
def test_staff_filter_agreements_by_partner(demo, journey, language, partners_label, matches):
    from partners.models import Agreement, Institution

    page = journey.page
    staff_admin_language(language)
    try:
        sign_in(journey)
        journey.goto("/admin/partners/agreements/")
        open_filter(page, partners_label)
        offered = page.locator("select[name=partners] option").all_inner_texts()
        assert len(offered) == Institution.objects.count()
        choose_filter(page, "partners", PARTNER)
        journey.step(f"agreements of one partner ({language})")

        theirs = Agreement.objects.filter(partners__name=PARTNER).distinct()
        rows = page.locator("table.listing tbody tr")
        assert rows.count() == theirs.count() >= 1
        for agreement in theirs:
            assert rows.filter(has_text=agreement.title).count() == 1
        assert matches.format(theirs.count()) in journey.main_text()
        # On a phone too, a title keeps a readable width (the table scrolls).
        title = page.locator("table.listing tbody td.title").first
        assert title.bounding_box()["width"] >= 200
        # The active filter names the partner, and the (kept) select marks it.
        pill = " ".join(page.locator(".w-active-filters .w-pill").first.inner_text().split())
        assert pill == f"{partners_label}: {PARTNER}"
        selected = page.eval_on_selector(
            "select[name=partners]", "s => [...s.selectedOptions].map(o => o.textContent.trim())"
        )
        assert selected == [PARTNER]
    finally:
        staff_admin_language("id")
