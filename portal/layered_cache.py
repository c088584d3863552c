"""A cache in each process's memory in front of the shared one, for keys
whose value never changes.

The portal keeps parts of its pages (menus, site settings, routes, filter
lists, rendered fragments) in the shared cache under keys that hold the
versions of what they show (``portal.page_cache.stamp``): a change makes a
new key, never a new value under an old one. Such an entry may as well be
kept by each process once read. Ten to sixteen of them were read from Redis
on every page, one round trip each: 1 to 2.5 ms of a 10 ms render
(scripts/bench/inprocess.py).

``LayeredCache`` is the ``fragments`` cache alias: a read looks in the
process's memory first, then in the shared cache (``OPTIONS["SHARED"]``,
the ``default`` alias), and keeps what it found. Entries are stored in the
shared cache with the instant they expire, so a copy in memory expires at
the same moment as the shared one: a fragment kept "at most 60 seconds"
stays so. What is kept in memory is pickled, as Redis keeps it, so no
caller can change another's copy; the memory is bounded
(``OPTIONS["MAX_BYTES"]``, 16 MiB by default) and the least recently used
entries go first.

Only for keys that never change meaning: ``delete`` reaches this
process's memory and the shared cache, not other processes' memory, and
``clear`` empties this process's memory only.
"""

import pickle  # nosec B403  (only bytes this process pickled itself are loaded)
import threading
import time
from collections import OrderedDict

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache

MISSING = object()


class LayeredCache(BaseCache):
    def __init__(self, location, params):
        super().__init__(params)
        options = params.get("OPTIONS", {})
        self._shared_alias = options.get("SHARED", "default")
        self._max_bytes = int(options.get("MAX_BYTES", 16 * 1024 * 1024))
        self._kept = OrderedDict()  # key -> (expires at or None, pickled value)
        self._size = 0
        self._lock = threading.Lock()

    @property
    def shared(self):
        return caches[self._shared_alias]

    # Process memory ---------------------------------------------------------

    def _recall(self, key):
        with self._lock:
            entry = self._kept.get(key)
            if entry is None:
                return MISSING
            expires, raw = entry
            if expires is not None and expires <= time.time():
                self._forget(key)
                return MISSING
            self._kept.move_to_end(key)
        return pickle.loads(raw)  # noqa: S301  # nosec B301  (pickled by this process, below)

    def _keep(self, key, expires, value):
        raw = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        if len(raw) > self._max_bytes // 4:
            return
        with self._lock:
            self._forget(key)
            self._kept[key] = (expires, raw)
            self._size += len(raw)
            while self._size > self._max_bytes and self._kept:
                _key, (_expires, dropped) = self._kept.popitem(last=False)
                self._size -= len(dropped)

    def _forget(self, key):
        entry = self._kept.pop(key, None)
        if entry is not None:
            self._size -= len(entry[1])

    # Django's cache API -----------------------------------------------------

    def _expiry(self, timeout):
        timeout = self.default_timeout if timeout is DEFAULT_TIMEOUT else timeout
        return timeout, (None if timeout is None else time.time() + timeout)

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        value = self._recall(key)
        if value is not MISSING:
            return value
        stored = self.shared.get(key, version=1)
        if stored is None:
            return default
        expires, value = stored
        if expires is not None and expires <= time.time():
            return default
        self._keep(key, expires, value)
        return value

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        timeout, expires = self._expiry(timeout)
        self.shared.set(key, (expires, value), timeout, version=1)
        self._keep(key, expires, value)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        timeout, expires = self._expiry(timeout)
        added = self.shared.add(key, (expires, value), timeout, version=1)
        if added:
            self._keep(key, expires, value)
        return added

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        # An entry's expiry is part of its value here; changing it would
        # need a write, and nothing that uses this cache asks for one.
        return self.has_key(key, version=version)

    def delete(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            self._forget(key)
        return self.shared.delete(key, version=1)

    def clear(self):
        """Empty this process's memory (the shared cache keeps its own entries)."""
        with self._lock:
            self._kept.clear()
            self._size = 0
