"""Scale-out check: two app servers behind nginx, one PostgreSQL, one Redis.

Starts two gunicorn servers on 127.0.0.1 ports 8021 and 8022 with the
production settings, sharing the PostgreSQL database `mitra_pustaka_scaleout`
and Redis database 13, and nginx (Debian package) on https://127.0.0.1:8443
with a self-signed certificate, balancing round robin. Then checks, through
nginx, that whichever server answers:

1. a signed-in session is recognised (sign in on one, pages on both);
2. a form rendered by one server is accepted by the other (CSRF, session)
   and the saved change is read back from both;
3. a content change made once empties the shared page cache for both.

Exit status 0 when every check passes. Everything binds to 127.0.0.1 only.
"""

import http.cookiejar
import os
import re
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
PORT_A, PORT_B, PORT_TLS = 8021, 8022, 8443
BASE = f"https://127.0.0.1:{PORT_TLS}"
DATABASE_URL = os.environ.get(
    "SCALEOUT_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mitra_pustaka_scaleout"
)
REDIS_URL = os.environ.get("SCALEOUT_REDIS_URL", "redis://127.0.0.1:6379/13")
PARTNER = ("pustakawan@poltekes-banjarmasin.example", "pustaka-demo-2024")


def environment():
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        DJANGO_SECRET_KEY="scaleout-only-" + "s" * 60,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_BASE_URL=BASE,
        DJANGO_CSRF_TRUSTED_ORIGINS=BASE,
        DJANGO_BEHIND_PROXY="true",
        DJANGO_LOG_LEVEL="WARNING",
        DATABASE_URL=DATABASE_URL,
        REDIS_URL=REDIS_URL,
        GUNICORN_WORKERS="2",
        GUNICORN_THREADS="1",
    )
    return env


def say(message):
    print(message, flush=True)


def prepare(env, scratch):
    import psycopg
    import redis

    name = DATABASE_URL.rsplit("/", 1)[1]
    with psycopg.connect(DATABASE_URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        db.execute(f'CREATE DATABASE "{name}"')
    redis.Redis.from_url(REDIS_URL).flushdb()
    manage = [str(BIN / "python"), "manage.py"]
    for args in (
        ["migrate", "--noinput", "-v0"],
        ["createcachetable"],
        ["load_demo_data", "--if-empty", "--force"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        subprocess.run([*manage, *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            f"{scratch}/key.pem",
            "-out",
            f"{scratch}/cert.pem",
        ],
        check=True,
        capture_output=True,
    )
    template = (Path(__file__).parent / "nginx.conf.template").read_text()
    user_line = "user root;" if os.geteuid() == 0 else ""
    (Path(scratch) / "nginx.conf").write_text(
        template.format(
            dir=scratch, port_a=PORT_A, port_b=PORT_B, port_tls=PORT_TLS, user_line=user_line
        )
    )


class Client:
    """A browser-like client: cookies, CSRF token from forms, no redirects followed."""

    def __init__(self, cafile):
        self.jar = http.cookiejar.CookieJar()
        context = ssl.create_default_context(cafile=cafile)

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.opener = urllib.request.build_opener(
            urllib.request.HTTPSHandler(context=context),
            urllib.request.HTTPCookieProcessor(self.jar),
            NoRedirect,
        )

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(BASE + path, data=body, headers={"Referer": BASE + path})
        try:
            response = self.opener.open(request, timeout=20)
        except urllib.error.HTTPError as error:  # 3xx (not followed) and 4xx/5xx
            response = error
        text = response.read().decode("utf-8", "replace")
        return response.status, response.headers, text

    @staticmethod
    def csrf(html):
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def wait_for(url_port, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(
                urllib.request.Request(
                    f"http://127.0.0.1:{url_port}/healthz/",
                    headers={"X-Forwarded-Proto": "https", "Host": "127.0.0.1"},
                ),
                timeout=10,
            ).read()
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"app server on port {url_port} did not start")


def checks(cafile, env):
    failures = []

    def check(condition, message):
        say(("PASS  " if condition else "FAIL  ") + message)
        if not condition:
            failures.append(message)

    # 1. Session: sign in, then the account page from both servers.
    client = Client(cafile)
    _, headers, html = client.request("/accounts/login/")
    status, headers, _ = client.request(
        "/accounts/login/",
        {"login": PARTNER[0], "password": PARTNER[1], "csrfmiddlewaretoken": client.csrf(html)},
    )
    signed_in_by = headers.get("X-Upstream")
    check(status == 302, f"sign-in accepted by {signed_in_by} (HTTP {status})")
    seen = {}
    for _ in range(4):
        status, headers, html = client.request("/accounts/preferences/")
        seen[headers.get("X-Upstream")] = status == 200 and "Nur Aisyah" in html
    check(
        len(seen) == 2 and all(seen.values()), f"signed-in page recognised by both servers: {seen}"
    )

    # 2. A form from one server, submitted to the other, read back from both.
    status, headers, html = client.request("/accounts/preferences/")
    form_from = headers.get("X-Upstream")
    status, headers, _ = client.request(
        "/accounts/preferences/",
        {
            "csrfmiddlewaretoken": client.csrf(html),
            "full_name": "Nur Aisyah (skala)",
            "phone": "",
            "preferred_language": "id",
            "time_zone": "Asia/Makassar",
        },
    )
    posted_to = headers.get("X-Upstream")
    check(
        status == 302 and form_from != posted_to,
        f"form from {form_from} accepted by {posted_to} (HTTP {status})",
    )
    readers = {}
    for _ in range(2):
        status, headers, html = client.request("/accounts/preferences/")
        readers[headers.get("X-Upstream")] = "Nur Aisyah (skala)" in html
    check(len(readers) == 2 and all(readers.values()), f"saved change read back by both: {readers}")

    # 3. Shared page cache, emptied once for both by a content change.
    anonymous = Client(cafile)
    cache_states = {}
    for _ in range(4):
        status, headers, html = anonymous.request("/tentang/")
        cache_states.setdefault(headers.get("X-Upstream"), []).append(headers.get("X-Page-Cache"))
    check(
        len(cache_states) == 2 and any("hit" in states for states in cache_states.values()),
        f"public page served from the shared cache: {cache_states}",
    )
    new_title = f"Tentang kami {int(time.time())}"
    subprocess.run(
        [
            str(BIN / "python"),
            "manage.py",
            "shell",
            "-c",
            "from portal.models import StandardPage\n"
            "page = StandardPage.objects.get(slug='tentang', locale__language_code='id')\n"
            f"page.title = {new_title!r}\n"
            "page.save_revision().publish()",
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    fresh = {}
    for _ in range(4):
        status, headers, html = anonymous.request("/tentang/")
        fresh.setdefault(headers.get("X-Upstream"), []).append(new_title in html)
    check(
        len(fresh) == 2 and all(all(values) for values in fresh.values()),
        f"the edit shows at once on both servers: {fresh}",
    )
    return failures


def main():
    for tool in ("nginx", "openssl"):
        if not shutil.which(tool) and not Path("/usr/sbin/nginx").exists():
            raise SystemExit(f"{tool} is missing: apt-get install nginx-light openssl")
    env = environment()
    processes = []
    with tempfile.TemporaryDirectory(prefix="mitra-scaleout-") as scratch:
        os.chmod(scratch, 0o755)  # noqa: S103 - nginx workers read the config and certificate
        prepare(env, scratch)
        try:
            for port in (PORT_A, PORT_B):
                processes.append(
                    subprocess.Popen(
                        [
                            str(BIN / "gunicorn"),
                            "portal.wsgi",
                            "-c",
                            "scripts/deploy/gunicorn.conf.py",
                        ],
                        cwd=ROOT,
                        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
                    )
                )
            for port in (PORT_A, PORT_B):
                wait_for(port)
            nginx = shutil.which("nginx") or "/usr/sbin/nginx"
            processes.append(
                subprocess.Popen(
                    [nginx, "-p", scratch, "-c", f"{scratch}/nginx.conf", "-g", "daemon off;"]
                )
            )
            time.sleep(1)
            failures = checks(f"{scratch}/cert.pem", env)
        finally:
            for process in processes:
                process.send_signal(
                    signal.SIGINT if process.args[0].endswith("gunicorn") else signal.SIGQUIT
                )
            for process in processes:
                process.wait(timeout=30)
    if failures:
        say(f"\n{len(failures)} check(s) failed")
        return 1
    say("\nAll scale-out checks passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
