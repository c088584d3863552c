import pytest
from django.core.exceptions import ValidationError

from portal.blocks import CallToActionBlock


def _clean(url):
    return CallToActionBlock().clean(
        {"text": "Lihat hari yang masih kosong", "page": None, "url": url, "label": "Kalender"}
    )


@pytest.mark.parametrize("url", ["/kunjungan/", "https://openlibrary.example/", "http://x.org/a"])
def test_call_to_action_takes_site_paths_and_web_addresses(url):
    assert _clean(url)["url"] == url


@pytest.mark.parametrize("url", ["//evil.example/", "javascript:alert(1)", "kunjungan", "ftp://x"])
def test_call_to_action_refuses_other_addresses(url):
    with pytest.raises(ValidationError):
        _clean(url)
