"""`make sso-demo`: the portal of `make run` with university sign-in against
a real OpenID Connect provider on 127.0.0.1 (provider.mjs, npm oidc-provider).

Starts the provider (any free port, or SSO_PORT), points DJANGO_OIDC_* at it,
loads the demo site if the database is empty and serves the portal on
127.0.0.1:PORT until Ctrl+C, then stops the provider. The provider accepts
any password for the logins listed in ACCOUNTS.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PYTHON = sys.executable

CLIENT_ID = "mitra-pustaka-demo"
CLIENT_SECRET = "sso-demo-secret-loopback-only"  # noqa: S105  # nosec B105
ACCOUNTS = {
    # A new person: the first sign-in asks for the name and the consent.
    "dewi": {
        "email": "dewi.lestari@kampus.example",
        "email_verified": True,
        "name": "Dewi Lestari",
    },
    # The university has not verified this address: refused.
    "budi": {"email": "budi@kampus.example", "email_verified": False, "name": "Budi Santoso"},
    # Demo accounts of `make run`: a verified address signs in to them.
    "kerjasama": {
        "email": "kerjasama@openlibrary.example",
        "email_verified": True,
        "name": "Staf Kerja Sama",
    },
    "pustakawan": {
        "email": "pustakawan@poltekes-banjarmasin.example",
        "email_verified": True,
        "name": "Pustakawan Poltekkes",
    },
}


def main():
    port = os.environ.get("PORT", "8000")
    origin = f"http://127.0.0.1:{port}"
    node = shutil.which("node")
    if not node or not (HERE / "node_modules" / "oidc-provider").is_dir():
        sys.exit(
            "node and scripts/sso/node_modules are needed: apt-get install npm; make install-test"
        )
    config = {
        "port": int(os.environ.get("SSO_PORT", "0")),
        "clients": [
            {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uris": [
                    f"{origin}/accounts/oidc/kampus/login/callback/",
                    f"{origin}/en/accounts/oidc/kampus/login/callback/",
                ],
            }
        ],
        "accounts": ACCOUNTS,
    }
    # Stopped by a signal (not only Ctrl+C): stop the server and the provider too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    server = None
    provider = subprocess.Popen(  # nosec B603 - our own script
        [node, str(HERE / "provider.mjs")],
        env={**os.environ, "SSO_PROVIDER_CONFIG": json.dumps(config), "SSO_EXIT_WITH_STDIN": "1"},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = provider.stdout.readline()
        if not line:
            sys.exit("the OIDC provider did not start")
        issuer = json.loads(line)["issuer"]
        env = {
            **os.environ,
            "DJANGO_BASE_URL": os.environ.get("DJANGO_BASE_URL") or origin,
            "DJANGO_OIDC_PROVIDERS": "kampus",
            "DJANGO_OIDC_KAMPUS_NAME": "Universitas Contoh",
            "DJANGO_OIDC_KAMPUS_SERVER_URL": issuer,
            "DJANGO_OIDC_KAMPUS_CLIENT_ID": CLIENT_ID,
            "DJANGO_OIDC_KAMPUS_CLIENT_SECRET": CLIENT_SECRET,
        }
        manage = [PYTHON, str(ROOT / "manage.py")]
        subprocess.run([*manage, "load_demo_data", "--if-empty"], env=env, check=True)  # nosec B603
        subprocess.run([*manage, "sync_site_address"], env=env, check=True)  # nosec B603
        print(f"\nOIDC provider (Universitas Contoh): {issuer}")
        print("Sign in at the provider with any password as:")
        for login, claims in ACCOUNTS.items():
            verified = "verified" if claims["email_verified"] else "NOT verified"
            print(f"  {login:<11} {claims['email']} ({verified})")
        print(f"Portal: {origin}/accounts/login/ (Ctrl+C stops both)\n", flush=True)
        server = subprocess.Popen([*manage, "runserver", f"127.0.0.1:{port}"], env=env)  # nosec B603
        server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        for process in (server, provider):
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait(timeout=10)


if __name__ == "__main__":
    main()
