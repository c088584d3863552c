"""What each middleware costs per request on the ceiling view (in process).

Run by scripts/bench/run.py with the bench environment. Each middleware gets
a timer in front of it; a middleware's own cost is the time spent inside its
timer less the time inside the next one. Anonymous requests (no cookie) and
a signed-in partner member's (the prepared session in argv[1], "name=value")
are timed separately. Prints one JSON object: {"anonymous": [[path, µs], ...],
"signed in": [...]} in the order of settings.MIDDLEWARE, the view last.
"""

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_MIDDLEWARE_REQUESTS", "2000"))
INSIDE = {}
ORIGINAL = list(settings.MIDDLEWARE)


class Timer:
    index = 0

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        try:
            return self.get_response(request)
        finally:
            INSIDE[self.index] = INSIDE.get(self.index, 0.0) + time.perf_counter() - started


def timed_chain():
    chain = []
    for index, path in enumerate([*ORIGINAL, None]):
        name = f"Timer{index}"
        setattr(sys.modules[__name__], name, type(name, (Timer,), {"index": index}))
        chain.append(f"{__name__}.{name}")
        if path:
            chain.append(path)
    return chain


def measure(cookie):
    INSIDE.clear()
    extra = {"HTTP_COOKIE": cookie} if cookie else {}
    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https", **extra)
    for _warm in range(50):
        response = client.get("/bench/ceiling/", secure=True)
    if response.status_code != 200:
        raise SystemExit(f"/bench/ceiling/ answered {response.status_code}")
    INSIDE.clear()
    for _request in range(REQUESTS):
        client.get("/bench/ceiling/", secure=True)
    names = [*ORIGINAL, "view (fixed string)"]
    costs = []
    for index, name in enumerate(names):
        own = INSIDE.get(index, 0.0) - INSIDE.get(index + 1, 0.0)
        costs.append([name, round(own / REQUESTS * 1e6, 1)])
    return costs


def main():
    with override_settings(MIDDLEWARE=timed_chain(), PORTAL_PAGE_CACHE_SECONDS=0):
        figures = {"anonymous": measure(None)}
        if len(sys.argv) > 1:
            figures["signed in"] = measure(sys.argv[1])
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
