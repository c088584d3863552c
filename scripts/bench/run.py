"""`make bench`: measure the public pages under a production server.

1. Recreates the PostgreSQL database `mitra_pustaka_bench` (BENCH_DATABASE_URL
   to change it), migrates, loads the demo story and adds a realistic dataset
   (scripts/bench/dataset.py).
2. Starts gunicorn with the production settings on 127.0.0.1 (Redis cache
   database 14, the page cache on, X-Forwarded-Proto as nginx would send it).
3. Loads each page with wrk (Debian package) at 32 connections, and a trivial
   view through the same middleware: the framework's ceiling on this machine.
4. Prints requests per second, share of the ceiling, p50 and p99 latency and
   errors, and checks the targets: >= 50 % of the ceiling, p99 < 100 ms,
   no error. Exit status 1 when a target is missed.

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


def check_page(path):
    with urllib.request.urlopen(fetch_request(path), timeout=10) as response:
        response.read()
        return response.status


def wrk(path, duration=DURATION):
    args = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{duration}", "--latency"]
    for name, value in HEADERS.items():
        args += ["-H", f"{name}: {value}"]
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


def main():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk (Debian package)")
    env = environment()
    if os.environ.get("BENCH_REUSE") != "1":  # BENCH_REUSE=1 keeps the last dataset
        recreate_database(env)
    run(PYTHON, "manage.py", "migrate", "--noinput", "-v0", env=env)
    run(PYTHON, "manage.py", "createcachetable", env=env)
    run(PYTHON, "manage.py", "load_demo_data", "--if-empty", "--force", env=env)
    started = time.monotonic()
    urls = json.loads(run(PYTHON, "scripts/bench/dataset.py", env=env, capture=True))
    print(f"dataset built in {time.monotonic() - started:.0f} s", file=sys.stderr)
    run(PYTHON, "manage.py", "collectstatic", "--noinput", "-v0", env=env)

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
        pages = {"ceiling (fixed string)": "/bench/ceiling/", **urls}
        rows = []
        for label, path in pages.items():
            status = check_page(path)
            if status != 200:
                raise SystemExit(f"{label} {path} answered {status}, not 200")
            # Warm-up, not counted: every worker renders once (URLconf, templates,
            # catalogues load on a worker's first request) and the cache fills.
            wrk(path, duration=WARMUP)
            rows.append((label, path, wrk(path)))
    finally:
        server.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
        server.wait(timeout=30)

    ceiling = rows[0][2]["rps"]
    print(
        f"\n{CONNECTIONS} connections, {DURATION} per page, {WORKERS} gunicorn workers, "
        f"{os.cpu_count()} CPU cores\n"
    )
    print("| page | path | req/s | of ceiling | p50 ms | p99 ms | errors |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    missed = []
    for label, path, figures in rows:
        share = figures["rps"] / ceiling * 100
        print(
            f"| {label} | `{path}` | {figures['rps']:.0f} | {share:.0f} % | "
            f"{figures['p50']:.1f} | {figures['p99']:.1f} | {figures['errors']} |"
        )
        if path == "/bench/ceiling/":
            continue  # the reference, not a page the targets apply to
        if figures["errors"] or figures["p99"] >= 100 or share < 50:
            missed.append(label)
    if missed:
        print(f"\nTargets missed: {', '.join(missed)}")
        return 1
    print("\nAll targets met: >= 50 % of the ceiling, p99 < 100 ms, no errors.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
