"""Fragments kept in each process's memory in front of the shared cache
(portal.layered_cache): read once from the shared cache, then from memory;
never past their expiry; never handed out for another's changes; and never
taken for current after the shared cache was emptied (issue 17)."""

import pytest
from django.core.cache import caches

from portal import layered_cache, page_cache
from portal.layered_cache import LayeredCache

pytestmark = pytest.mark.django_db


def layer(**options):
    """Another process's view of the same shared cache."""
    return LayeredCache(
        None, {"KEY_PREFIX": "fragments", "OPTIONS": {"SHARED": "default", **options}}
    )


@pytest.fixture
def clock(monkeypatch):
    now = [1_800_000_000.0]
    monkeypatch.setattr(layered_cache.time, "time", lambda: now[0])
    return now


def test_a_value_read_once_is_served_from_memory_afterwards():
    writer, reader = layer(), layer()
    writer.set("menu:id", ["Beranda", "Berita"], 3600)
    assert reader.get("menu:id") == ["Beranda", "Berita"]
    caches["default"].clear()  # the shared copy is gone...
    assert reader.get("menu:id") == ["Beranda", "Berita"]  # ...this process kept its own
    assert layer().get("menu:id") is None  # a process that never read it has nothing


def test_a_kept_value_expires_in_memory_when_it_does_in_the_shared_cache(clock):
    writer, reader = layer(), layer()
    writer.set("upcoming:minute", "12 Des. 2026", 60)
    clock[0] += 50
    assert reader.get("upcoming:minute") == "12 Des. 2026"
    clock[0] += 11  # 61 s after it was written: past its minute in memory too
    assert reader.get("upcoming:minute") is None
    assert writer.get("upcoming:minute") is None


def test_a_caller_changing_its_copy_changes_no_one_elses():
    cache = layer()
    cache.set("links", [{"label": "Berita", "current": "page"}], 3600)
    mine = cache.get("links")
    mine[0]["current"] = ""
    assert cache.get("links") == [{"label": "Berita", "current": "page"}]


def test_memory_is_bounded_and_the_least_recently_read_go_first():
    cache = layer(MAX_BYTES=4000)
    for number in range(10):
        cache.set(f"part:{number}", "x" * 700, 3600)
        cache.get("part:0")  # read again and again: kept
    caches["default"].clear()
    assert cache.get("part:0") == "x" * 700
    assert cache.get("part:9") == "x" * 700
    assert cache.get("part:1") is None  # dropped from memory, gone from the shared cache


def test_a_fragment_is_built_again_after_the_shared_cache_is_emptied():
    """Redis restarted: the tags' versions are gone. Had they come back as 0,
    a fragment kept in memory from a time they were 0 would be served as
    current; they come back as the present time, so it is built anew."""
    builds = []

    def build():
        builds.append(1)
        return f"menu {len(builds)}"

    assert page_cache.cached_fragment("menu:test", ("menus",), build) == "menu 1"
    assert page_cache.cached_fragment("menu:test", ("menus",), build) == "menu 1"
    page_cache.bump("menus")
    assert page_cache.cached_fragment("menu:test", ("menus",), build) == "menu 2"
    caches["default"].clear()  # versions and fragments gone; this process's memory stays
    assert page_cache.tag_versions()["menus"] > 0
    assert page_cache.cached_fragment("menu:test", ("menus",), build) == "menu 3"
