"""Load test settings (LOADTEST_* variables) and the environment of the run;
importing it points Django at the scratch database and production settings."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
PORT = int(os.environ.get("LOADTEST_PORT", "8031"))
BASE = f"http://127.0.0.1:{PORT}"
SECONDS = int(os.environ.get("LOADTEST_SECONDS", "60"))
PARTNERS = int(os.environ.get("LOADTEST_PARTNERS", "50"))
STAFF = int(os.environ.get("LOADTEST_STAFF", "4"))
DATABASE_URL = os.environ.get(
    "LOADTEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mitra_pustaka_loadtest"
)
REDIS_URL = os.environ.get("LOADTEST_REDIS_URL", "redis://127.0.0.1:6379/12")
PASSWORD = "beban-uji-2026-rahasia"  # noqa: S105 - scratch accounts in a scratch database

ENV = {
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    "DJANGO_SECRET_KEY": "loadtest-only-" + "l" * 60,
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    "DJANGO_BASE_URL": "https://127.0.0.1",
    "DJANGO_BEHIND_PROXY": "true",
    "DJANGO_STAFF_MFA_REQUIRED": "false",
    "DJANGO_LOG_LEVEL": "WARNING",
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": REDIS_URL,
    "GUNICORN_BIND": f"127.0.0.1:{PORT}",
    "GUNICORN_WORKERS": os.environ.get("LOADTEST_WORKERS", "4"),
    "GUNICORN_THREADS": "2",
}
os.environ.update(ENV)
sys.path.insert(0, str(ROOT))


def say(message):
    print(message, flush=True)
