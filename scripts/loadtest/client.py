"""Load test HTTP clients: one signed-in user each, with CSRF and forms."""

import http.cookiejar
import io
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter

from config import BASE, PASSWORD

# --------------------------------------------------------------------------
# HTTP clients.
# --------------------------------------------------------------------------
NUMBER = re.compile(r"/\d+/")
SEEN = re.compile(r'name="schedule-seen" value="([^"]*)"')


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = Counter()
        self.accepted = Counter()  # one-time key -> accepted submissions (redirects)
        self.submissions = 0
        self.resubmissions = 0
        self.approved = 0
        self.refused = 0
        self.refused_by_rules = 0
        self.latencies = []
        self.by_kind = {}  # "POST /path/{n}/" -> latencies

    def record(self, status, seconds, kind):
        with self.lock:
            self.statuses[status] += 1
            self.latencies.append(seconds)
            self.by_kind.setdefault(kind, []).append(seconds)


class Client:
    def __init__(self, stats, address):
        self.stats = stats
        # Each simulated user comes from its own address, as through nginx.
        self.address = address

        # The app believes it is behind TLS (X-Forwarded-Proto), so its cookies
        # are Secure; send them back over this loopback HTTP connection anyway.
        class LoopbackPolicy(http.cookiejar.DefaultCookiePolicy):
            def return_ok_secure(self, cookie, request):
                return True

        self.jar = http.cookiejar.CookieJar(policy=LoopbackPolicy())

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect
        )

    def request(self, path, data=None, files=None):
        headers = {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.address,
            "Host": "127.0.0.1",
            "Referer": f"https://127.0.0.1{path}",
        }
        body = None
        if files is not None:
            body, content_type = _multipart(data, files)
            headers["Content-Type"] = content_type
        elif data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
        request = urllib.request.Request(BASE + path, data=body, headers=headers)
        started = time.monotonic()
        try:
            response = self.opener.open(request, timeout=60)
        except urllib.error.HTTPError as error:
            response = error
        text = response.read().decode("utf-8", "replace")
        method = "POST" if body is not None else "GET"
        kind = f"{method} {NUMBER.sub('/{n}/', path.split('?')[0])}"
        self.stats.record(response.status, time.monotonic() - started, kind)
        return response.status, response.headers, text

    def sign_in(self, email):
        _, _, html = self.request("/accounts/login/")
        status, headers, _ = self.request(
            "/accounts/login/",
            {"login": email, "password": PASSWORD, "csrfmiddlewaretoken": csrf(html)},
        )
        if status != 302:
            raise RuntimeError(f"sign-in of {email} failed: HTTP {status}")


def csrf(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def hidden_inputs(html):
    fields = {}
    for tag in re.findall(r"<input[^>]+>", html):
        if 'type="hidden"' in tag:
            name = re.search(r'name="([^"]+)"', tag)
            value = re.search(r'value="([^"]*)"', tag)
            if name:
                fields[name.group(1)] = value.group(1) if value else ""
    return fields


def checkbox_names(html):
    return set(re.findall(r'<input[^>]+type="checkbox"[^>]+name="([^"]+)"', html))


def _multipart(data, files):
    boundary = uuid.uuid4().hex
    out = io.BytesIO()
    for name, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            out.write(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            )
            out.write(str(item).encode() + b"\r\n")
    for name, (filename, content, mime) in files.items():
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {mime}\r\n\r\n'.encode()
        )
        out.write(content + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def letter_pdf():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
