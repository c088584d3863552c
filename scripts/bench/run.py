"""`make bench`: measure the public pages under a production server.

1. Recreates the PostgreSQL database `mitra_pustaka_bench` (BENCH_DATABASE_URL
   to change it), migrates, loads the demo story and adds a realistic dataset
   (scripts/bench/dataset.py).
2. Starts gunicorn with the production settings on 127.0.0.1 (Redis cache
   database 14, the page cache on, X-Forwarded-Proto as nginx would send it).
3. Loads each page with wrk (Debian package) at 32 connections, and a trivial
   view through the same middleware: the framework's ceiling on this machine.
4. Times each middleware on the ceiling view in process
   (scripts/bench/middleware.py), for a visitor and a signed-in member.
5. Loads the pages a signed-in partner member and a member of staff (TOTP
   proven) open, with sessions prepared by dataset.py, and the events list
   while a record is saved every second (scripts/bench/churn.py).
6. Restarts gunicorn with the page cache off and loads the public pages again.
7. Prints three tables (cached, uncached, signed-in) with requests per
   second, share of the ceiling, p50 and p99 latency, errors and queries,
   then each target with pass or fail. Exit status 1 when a target is missed.

The per-IP rate limits are lifted for the run (wrk is one client).
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
PORT = int(os.environ.get("BENCH_PORT", "8011"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
DURATION = os.environ.get("BENCH_DURATION", "10s")
WORKERS = os.environ.get("BENCH_WORKERS", "4")
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mitra_pustaka_bench"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
BASE = f"http://127.0.0.1:{PORT}"
WARMUP = os.environ.get("BENCH_WARMUP", "3s")
# What a browser or a calendar app sends: every one of them accepts gzip.
HEADERS = {
    "X-Forwarded-Proto": "https",
    "Host": "127.0.0.1",
    "Accept-Encoding": "gzip, deflate, br",
}


def environment():
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        DJANGO_SECRET_KEY="bench-only-" + "k" * 60,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_BASE_URL="https://127.0.0.1",
        DJANGO_BEHIND_PROXY="true",
        DJANGO_BENCH_CEILING="true",
        DJANGO_LOG_LEVEL="WARNING",
        DJANGO_RATE_LIMIT_SEARCH="1000000/m",
        DJANGO_RATE_LIMIT_FEEDS="1000000/m",
        DATABASE_URL=DATABASE_URL,
        REDIS_URL=REDIS_URL,
        GUNICORN_BIND=f"127.0.0.1:{PORT}",
        GUNICORN_WORKERS=WORKERS,
        GUNICORN_THREADS="1",
    )
    return env


def run(*args, env, capture=False):
    print("$", " ".join(args), file=sys.stderr, flush=True)
    result = subprocess.run(
        args, cwd=ROOT, env=env, check=True, text=True, stdout=subprocess.PIPE if capture else None
    )
    return result.stdout


def recreate_database(env):
    import psycopg

    name = DATABASE_URL.rsplit("/", 1)[1]
    admin_url = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def wait_until_up(timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(fetch_request("/healthz/"), timeout=10) as response:
                if response.status == 200:
                    return
        except OSError:  # refused, reset or timed out while workers boot
            time.sleep(0.5)
    raise SystemExit("gunicorn did not answer /healthz/ within a minute")


def fetch_request(path):
    return urllib.request.Request(BASE + path, headers=HEADERS)


def check_page(path, cookie=None):
    request = fetch_request(path)
    if cookie:
        request.add_header("Cookie", cookie)
    # Long: on a loaded machine the requests wrk left queued are served first.
    with urllib.request.urlopen(request, timeout=120) as response:
        response.read()
        return response.status


def wrk(path, duration=DURATION, extra=None):
    # A slow page's queued requests count in its latency, not as errors.
    args = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{duration}", "--latency", "--timeout", "10s"]
    for name, value in HEADERS.items():
        args += ["-H", f"{name}: {value}"]
    if extra:
        args += ["-H", f"Cookie: {extra}"]
    output = subprocess.run([*args, BASE + path], check=True, text=True, capture_output=True).stdout
    print(output, file=sys.stderr, flush=True)
    return parse_wrk(output)


def _ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def parse_wrk(output):
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    errors = int(non_2xx.group(1)) if non_2xx else 0
    errors += sum(int(n) for n in sockets.groups()) if sockets else 0
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    return {"rps": rps, "p50": p50, "p99": p99, "errors": errors, "requests": requests}


def start_server(env):
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "portal.wsgi",
            "-c",
            "scripts/deploy/gunicorn.conf.py",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_until_up()
    except BaseException:
        stop_server(server)
        raise
    return server


def stop_server(server):
    server.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
    server.wait(timeout=30)


def measure(pages, headers=None):
    rows = []
    for label, path, extra in pages:
        status = check_page(path, extra)
        if status != 200:
            raise SystemExit(f"{label} {path} answered {status}, not 200")
        # Warm-up, not counted: every worker renders once (URLconf, templates,
        # catalogues load on a worker's first request) and the cache fills.
        wrk(path, duration=WARMUP, extra=extra)
        rows.append((label, path, wrk(path, extra=extra)))
    return rows


def under_churn(path, kind, env):
    """p99 of a page while scripts/bench/churn.py saves a record every second."""
    churn = subprocess.Popen(
        [PYTHON, "scripts/bench/churn.py", kind],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        churn.stdout.readline()  # "ready": Django is up and the first change is made
        wrk(path, duration=WARMUP)
        return wrk(path)
    finally:
        churn.terminate()
        churn.wait(timeout=30)


def main():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk (Debian package)")
    env = environment()
    if os.environ.get("BENCH_REUSE") != "1":  # BENCH_REUSE=1 keeps the last dataset
        recreate_database(env)
    run(PYTHON, "manage.py", "migrate", "--noinput", "-v0", env=env)
    run(PYTHON, "manage.py", "createcachetable", env=env)
    run(PYTHON, "manage.py", "load_demo_data", "--if-empty", "--force", env=env)
    run(PYTHON, "manage.py", "collectstatic", "--noinput", "-v0", env=env)
    started = time.monotonic()
    built = json.loads(run(PYTHON, "scripts/bench/dataset.py", env=env, capture=True))
    print(f"dataset built in {time.monotonic() - started:.0f} s", file=sys.stderr)
    urls, signed, queries = built["public"], built["signed_in"], built["queries"]
    public = [(label, path, None) for label, path in urls.items()]
    private = [(label, page["path"], page["cookie"]) for label, page in signed.items()]

    member = next((page["cookie"] for page in signed.values()), None)
    args = [PYTHON, "scripts/bench/middleware.py", *([member] if member else [])]
    middleware = json.loads(run(*args, env=env, capture=True))

    server = start_server(env)
    try:
        ceiling = measure([("ceiling (fixed string, full middleware)", "/bench/ceiling/", None)])
        cached = measure(public)
        signed_rows = measure(private)
        events = urls.get("events list")
        churn = {}
        if events:
            churn["unrelated"] = under_churn(events, "unrelated", env)
            churn["relevant"] = under_churn(events, "relevant", env)
    finally:
        stop_server(server)
    # The same pages with the page cache off: what every miss costs.
    server = start_server({**env, "DJANGO_PAGE_CACHE_SECONDS": "0"})
    try:
        uncached = measure(public)
    finally:
        stop_server(server)
    return report(ceiling[0], cached, uncached, signed_rows, churn, queries, middleware)


def report(ceiling_row, cached, uncached, signed_rows, churn, queries, middleware):
    ceiling = ceiling_row[2]["rps"]
    print(
        f"\n{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: {CONNECTIONS} connections, "
        f"{DURATION} per page, {WORKERS} gunicorn workers, {os.cpu_count()} CPU cores, "
        f"load average {os.getloadavg()[0]:.1f}\n"
    )
    print(
        f"ceiling (fixed string, full middleware): {ceiling:.0f} req/s, "
        f"p99 {ceiling_row[2]['p99']:.1f} ms\n"
    )
    targets = []

    def table(title, rows, share_min, p99_max, queries_max=None):
        print(f"{title}\n")
        print("| page | path | req/s | of ceiling | p50 ms | p99 ms | errors | queries |")
        print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for label, path, figures in rows:
            share = figures["rps"] / ceiling * 100
            count = queries.get(label)
            print(
                f"| {label} | `{path}` | {figures['rps']:.0f} | {share:.1f} % | "
                f"{figures['p50']:.1f} | {figures['p99']:.1f} | {figures['errors']} | "
                f"{'' if count is None else count} |"
            )
            checks = [
                (f"{title} {label}: >= {share_min} % of the ceiling", share >= share_min),
                (f"{title} {label}: no errors", not figures["errors"]),
            ]
            if p99_max is not None:
                checks.append((f"{title} {label}: p99 < {p99_max} ms", figures["p99"] < p99_max))
            if queries_max is not None and count is not None:
                checks.append((f"{title} {label}: <= {queries_max} queries", count <= queries_max))
            targets.extend(checks)
        print()

    table("cached", cached, 50, 100)
    table("uncached", uncached, 5, None, 12)
    table("signed-in", signed_rows, 4, 500, 15)
    labels = {
        "unrelated": "events list, an unrelated change every second",
        "relevant": "events list, a relevant change every second",
    }
    if churn:
        print("under change (page cache on)\n")
        print("| page | req/s | p50 ms | p99 ms | errors |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for kind, figures in churn.items():
            print(
                f"| {labels[kind]} | {figures['rps']:.0f} | {figures['p50']:.1f} | "
                f"{figures['p99']:.1f} | {figures['errors']} |"
            )
            targets.append((f"{labels[kind]}: p99 < 150 ms", figures["p99"] < 150))
        print()
    kinds = list(middleware)
    print("middleware on the ceiling view, µs per request (in process, page cache on)\n")
    print("| middleware | " + " | ".join(kinds) + " |")
    print("| --- |" + " ---: |" * len(kinds))
    for index, (name, _cost) in enumerate(middleware[kinds[0]]):
        costs = " | ".join(f"{middleware[kind][index][1]:.0f}" for kind in kinds)
        print(f"| {name} | {costs} |")
    print()
    print("targets\n")
    for name, passed in targets:
        print(f"- {'pass' if passed else 'FAIL'}: {name}")
    missed = [name for name, passed in targets if not passed]
    print(f"\n{len(targets) - len(missed)} of {len(targets)} targets met.")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
