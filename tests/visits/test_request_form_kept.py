"""The blank visit request form keeps its fields between loads
(``{% private_fragment %}``, issue 17), never its one-time key."""

import re

import pytest

from tests.factories.visits import TopicFactory

pytestmark = pytest.mark.django_db

URL = "/kunjungan-saya/ajukan/"


def one_time_key(html):
    return re.search(r'name="idempotency_key" value="([^"]+)"', html).group(1)


def test_each_load_of_a_kept_form_has_its_own_key(signed_in_a):
    first = signed_in_a.get(URL).text
    second = signed_in_a.get(URL).text
    assert 'name="contact_name"' in second
    assert one_time_key(first) != one_time_key(second)


def test_a_changed_phone_number_is_offered_at_once(signed_in_a, member_a):
    signed_in_a.get(URL)
    member_a.phone = "+62 811 5000 123"
    member_a.save()
    assert 'value="+62 811 5000 123"' in signed_in_a.get(URL).text


def test_a_new_topic_is_offered_at_once(signed_in_a):
    signed_in_a.get(URL)
    TopicFactory(name_id="Repositori institusi", name_en="Institutional repository")
    assert "Repositori institusi" in signed_in_a.get(URL).text
