import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.utils.env import env_bool, env_int, env_list, env_str

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    "DJANGO_SECRET_KEY": "k" * 20 + "production-secret-for-tests-only-0123456789abcdef",
    "DJANGO_ALLOWED_HOSTS": "portal.example.org",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://portal.example.org",
    "DJANGO_BASE_URL": "https://portal.example.org",
}


def _manage(*args, env):
    clean = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    clean.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_env_bool_names_the_variable_on_bad_value(monkeypatch):
    monkeypatch.setenv("DJANGO_DEBUG", "maybe")

    with pytest.raises(ImproperlyConfigured, match="DJANGO_DEBUG"):
        env_bool("DJANGO_DEBUG", False)


def test_env_int_names_the_variable_on_bad_value(monkeypatch):
    monkeypatch.setenv("DJANGO_EMAIL_PORT", "25x")

    with pytest.raises(ImproperlyConfigured, match="DJANGO_EMAIL_PORT"):
        env_int("DJANGO_EMAIL_PORT", 25)


def test_required_variable_missing_is_named(monkeypatch):
    monkeypatch.delenv("DJANGO_SECRET_KEY", raising=False)

    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY"):
        env_str("DJANGO_SECRET_KEY")


def test_env_list_splits_and_trims(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", " a.example , ,b.example")

    assert env_list("DJANGO_ALLOWED_HOSTS") == ["a.example", "b.example"]


def test_production_check_deploy_has_no_warnings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_required_setting(missing):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}

    result = _manage("check", env=env)

    assert result.returncode != 0
    assert missing in result.stderr


def test_production_refuses_short_secret_key():
    result = _manage("check", env={**PRODUCTION_ENV, "DJANGO_SECRET_KEY": "short"})

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_malformed_database_url_is_named():
    result = _manage("check", env={**PRODUCTION_ENV, "DATABASE_URL": "nonsense://"})

    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_redis_url_selects_redis_cache():
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    result = _manage(
        "shell",
        "-c",
        code,
        env={
            "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
            "REDIS_URL": "redis://127.0.0.1:6379/1",
        },
    )

    assert result.stdout.strip().splitlines()[-1] == "portal.redis_cache.RedisCache"


def test_smtp_is_used_when_host_is_configured():
    code = "from django.conf import settings; print(settings.EMAIL_BACKEND)"
    result = _manage(
        "shell",
        "-c",
        code,
        env={
            "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
            "DJANGO_EMAIL_HOST": "smtp.example.org",
        },
    )

    assert result.stdout.strip().splitlines()[-1] == "django.core.mail.backends.smtp.EmailBackend"


def test_security_sensitive_wagtail_settings(settings):
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS
    assert settings.WAGTAIL_PRIVATE_PAGE_OPTIONS == {"SHARED_PASSWORD": False}
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    assert settings.ACCOUNT_EMAIL_VERIFICATION == "mandatory"
    assert settings.EMAIL_TIMEOUT == 10


def test_production_puts_media_on_object_storage_when_a_bucket_is_set():
    script = (
        "from django.conf import settings; "
        "print(settings.STORAGES['default']['BACKEND']); "
        "print(settings.STORAGES['default']['OPTIONS']['bucket_name']); "
        "print(settings.WAGTAILDOCS_SERVE_METHOD); print(settings.TASKS['default']['BACKEND'])"
    )
    # Settings only: django-storages (the "s3" extra) is not needed to read them.
    clean = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={
            **clean,
            **PRODUCTION_ENV,
            "DJANGO_MEDIA_BUCKET": "mitra-media",
            "DJANGO_MEDIA_ENDPOINT_URL": "http://127.0.0.1:9000",
            "DJANGO_TASKS_BACKEND": "database",
        },
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "storages.backends.s3.S3Storage",
        "mitra-media",
        "serve_view",
        "django_tasks_db.DatabaseBackend",
    ]


def test_unknown_tasks_backend_is_refused_with_its_name():
    result = _manage("check", env={**PRODUCTION_ENV, "DJANGO_TASKS_BACKEND": "celery"})
    assert result.returncode != 0
    assert "DJANGO_TASKS_BACKEND" in result.stderr
