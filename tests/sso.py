"""A real OpenID Connect provider on 127.0.0.1 for the SSO tests.

``LoopbackProvider`` runs scripts/sso/provider.mjs (npm oidc-provider) in a
Node.js process on a free loopback port and stops it afterwards; ``Signin``
walks its sign-in and consent pages with plain HTTP, as a browser would, so
the portal's side runs unmocked through Django's test client. Without node
or the npm package (``make install-test``) the tests are skipped, except in
CI, where that is a failure.
"""

import copy
import json
import os
import shutil
import subprocess
import time
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlparse

import pytest
import requests
from django.conf import settings

SCRIPT_DIR = Path(settings.BASE_DIR) / "scripts" / "sso"
PROVIDER_ID = "kampus"
PROVIDER_NAME = "Universitas Contoh"
CLIENT_ID = "mitra-pustaka"
# A second client of the same provider whose codes live one second, for
# the expired-code test (the provider decides a code's lifetime per client).
SHORT_CODE_CLIENT_ID = "mitra-pustaka-short"
CLIENT_SECRET = "loopback-only-secret-0123456789abcdef"  # nosec B105
HINT = "The SSO provider needs node and `make install-test` (npm oidc-provider in scripts/sso)."

# Logins the provider knows (any password): the claims it returns for them.
ACCOUNTS = {
    "dewi": {
        "email": "dewi.lestari@kampus.example",
        "email_verified": True,
        "name": "Dewi Lestari",
    },
    "budi": {
        "email": "budi@kampus.example",
        "email_verified": False,
        "name": "Budi Santoso",
    },
    "rina": {
        "email": "rina.staf@openlibrary.example",
        "email_verified": True,
        "name": "Rina Staf",
    },
    "asing": {
        "email": "asing@lain.example",
        "email_verified": True,
        "name": "Tamu Asing",
    },
}


def callback_paths(provider_id=PROVIDER_ID):
    path = f"/accounts/oidc/{provider_id}/login/callback/"
    return [path, f"/en{path}"]


class LoopbackProvider:
    def __init__(self, *, portal_origins, accounts=ACCOUNTS):
        node = shutil.which("node")
        if not node or not (SCRIPT_DIR / "node_modules" / "oidc-provider").is_dir():
            if os.environ.get("CI"):
                pytest.fail(HINT)
            pytest.skip(HINT)
        redirect_uris = [
            origin.rstrip("/") + path for origin in portal_origins for path in callback_paths()
        ]
        config = {
            "port": 0,
            "clients": [
                {
                    "client_id": CLIENT_ID,
                    "client_secret": CLIENT_SECRET,
                    "redirect_uris": redirect_uris,
                },
                {
                    "client_id": SHORT_CODE_CLIENT_ID,
                    "client_secret": CLIENT_SECRET,
                    "redirect_uris": redirect_uris,
                    "code_ttl": 1,
                },
            ],
            "accounts": accounts,
        }
        self.process = subprocess.Popen(  # nosec B603 - our own script
            [node, str(SCRIPT_DIR / "provider.mjs")],
            env={
                **os.environ,
                "SSO_PROVIDER_CONFIG": json.dumps(config),
                "SSO_EXIT_WITH_STDIN": "1",
            },
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        line = self.process.stdout.readline()
        if not line:
            self.stop()
            pytest.fail("the loopback OIDC provider did not start (run it by hand to see why)")
        self.issuer = json.loads(line)["issuer"]
        assert urlparse(self.issuer).hostname == "127.0.0.1"

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream:
                stream.close()

    def app(self, *, client_id=CLIENT_ID, provider_id=PROVIDER_ID, name=PROVIDER_NAME, **extra):
        """The SOCIALACCOUNT_PROVIDERS app, as portal/settings/accounts.py builds it."""
        return {
            "provider_id": provider_id,
            "name": name,
            "client_id": client_id,
            "secret": CLIENT_SECRET,
            "settings": {
                "server_url": self.issuer,
                "oauth_pkce_enabled": True,
                "email_authentication": True,
                "email_domains": [],
                **extra,
            },
        }

    def configure(self, settings, *apps):
        """Settings as DJANGO_OIDC_* would make them: the apps, and the
        provider's origin in the Content-Security-Policy's form-action."""
        settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": list(apps) or [self.app()]}}
        policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
        policy["DIRECTIVES"]["form-action"] = [*policy["DIRECTIVES"]["form-action"], self.issuer]
        settings.CONTENT_SECURITY_POLICY = policy


class Signin:
    """A person at the provider: its sign-in page, then its consent page."""

    def __init__(self):
        self.http = requests.Session()

    def _submit(self, response, fields):
        # The dev pages hold one form; post it back with our values.
        action = response.text.split('action="', 1)[1].split('"', 1)[0]
        return self.http.post(
            urljoin(response.url, action), data=fields, allow_redirects=False, timeout=10
        )

    def follow(self, response):
        while response.is_redirect:
            location = urljoin(response.url, response.headers["Location"])
            if not location.startswith("http://127.0.0.1:") or "/login/callback/" in location:
                return location
            response = self.http.get(location, allow_redirects=False, timeout=10)
        return response

    def authorize(self, authorize_url, login):
        """From the portal's redirect to the provider to the callback address
        the provider sends the browser back to (with ``code`` and ``state``)."""
        page = self.follow(self.http.get(authorize_url, allow_redirects=False, timeout=10))
        assert 'name="login"' in page.text, page.text[:500]
        page = self.follow(
            self._submit(page, {"prompt": "login", "login": login, "password": "any"})
        )
        if isinstance(page, str):
            return page
        assert 'name="prompt" value="consent"' in page.text, page.text[:500]
        result = self.follow(self._submit(page, {"prompt": "consent"}))
        assert isinstance(result, str), result.text[:500]
        return result


def callback_path_and_query(callback_url):
    """The callback URL's path and query, for Django's test client."""
    parts = urlparse(callback_url)
    return parts.path, {key: values[0] for key, values in parse_qs(parts.query).items()}


def wait_past(seconds):
    """Let a provider-side lifetime run out (codes of SHORT_CODE_CLIENT_ID)."""
    time.sleep(seconds)
