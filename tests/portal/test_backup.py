"""scripts/backup.sh and scripts/restore_check.sh on a real PostgreSQL database."""

import subprocess
from pathlib import Path

import pytest
from django.db import connection

from tests.factories.portal import UserFactory

ROOT = Path(__file__).resolve().parents[2]


def database_url():
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_backup_restores_into_a_fresh_database_with_every_row(tmp_path):
    UserFactory.create_batch(3)
    env = {"DATABASE_URL": database_url(), "PATH": "/usr/bin:/bin"}
    subprocess.run([ROOT / "scripts/backup.sh", tmp_path], env=env, check=True)
    (dump,) = tmp_path.glob("*.dump")
    counts = dict(line.split() for line in Path(f"{dump}.counts").read_text().splitlines())
    assert counts["portal_user"] == "3"

    admin_url = database_url().rsplit("/", 1)[0] + "/postgres"
    result = subprocess.run(
        [ROOT / "scripts/restore_check.sh", dump, admin_url],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    assert "restore check passed" in result.stdout
