"""Finding 6 of issue 14: `manage.py backup` and `manage.py restore` round-trip the database and
the uploaded files (on SQLite, and on PostgreSQL when DATABASE_URL is PostgreSQL)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection

from abdi.core.backup import row_counts

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _restore(archive: Path, database_url: str, media: Path, *extra: str):
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SECRET_KEY",)}
    env.update(DATABASE_URL=database_url, DJANGO_MEDIA_ROOT=str(media), DJANGO_DEBUG="1")
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "restore", str(archive), *extra],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=600,
    )


@pytest.fixture
def target(tmp_path):
    """An empty database of the same engine as the test database, and its row counter."""
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"

        def count(table):
            with sqlite3.connect(path) as db:
                return db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]

        yield f"sqlite:///{path}", count
        return
    import psycopg

    db = connection.settings_dict
    name = f"{db['NAME']}_restore"
    base = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')

    def count(table):
        with psycopg.connect(f"{base}/{name}") as restored:
            return restored.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]

    yield f"{base}/{name}", count
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_then_restore_into_an_empty_database(personas, settings, tmp_path, target):
    url, count = target
    saved = default_storage.save("evidence/bukti.pdf", ContentFile(b"%PDF-1.4 bukti kegiatan"))
    call_command("backup", output_dir=str(tmp_path / "backups"))
    archive = next((tmp_path / "backups").glob("abdi-backup-*.tar.gz"))
    assert Path(f"{archive}.sha256").read_text().split()[1] == archive.name
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "manifest.json" in names and f"media/{saved}" in names
    expected = row_counts()

    media = tmp_path / "restored-media"
    result = _restore(archive, url, media)
    assert result.returncode == 0, result.stderr
    for table in ("accounts_user", "employees_employee", "org_orgunit", "core_rank"):
        assert count(table) == expected[table] and expected[table] > 0
    assert (media / saved).read_bytes() == b"%PDF-1.4 bukti kegiatan"

    # Never over a database that has data.
    again = _restore(archive, url, tmp_path / "other-media")
    assert again.returncode != 0 and "not empty" in again.stderr


def test_a_backup_taken_while_the_site_writes_restores_with_its_own_counts(
    personas, tmp_path, target, monkeypatch
):
    # The site keeps running during a backup: a row written after the dump must not be counted
    # in the manifest, or the restore's count check fails on a good backup.
    from django.contrib.auth import get_user_model

    from abdi.core import backup

    User = get_user_model()

    real_dump = backup.dump_database

    def dump_then_the_site_writes(target_dir):
        result = real_dump(target_dir)
        User.objects.create_user(username="masuk_saat_backup", password="x-123456789")
        return result

    monkeypatch.setattr(backup, "dump_database", dump_then_the_site_writes)
    call_command("backup", output_dir=str(tmp_path / "backups"))
    archive = next((tmp_path / "backups").glob("abdi-backup-*.tar.gz"))
    url, count = target
    result = _restore(archive, url, tmp_path / "restored-media")
    assert result.returncode == 0, result.stderr
    assert count("accounts_user") == User.objects.count() - 1


def test_a_damaged_archive_is_refused(personas, tmp_path, target):
    url, _count = target
    call_command("backup", output_dir=str(tmp_path))
    archive = next(tmp_path.glob("abdi-backup-*.tar.gz"))
    with open(archive, "ab") as handle:
        handle.write(b"x")
    result = _restore(archive, url, tmp_path / "media")
    assert result.returncode != 0 and "Checksum mismatch" in result.stderr
