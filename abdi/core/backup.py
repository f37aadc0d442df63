"""Backup and restore of the whole installation: the database and the uploaded files.

One archive `abdi-backup-<YYYYmmdd-HHMMSS>.tar.gz` holds
- `database.dump` (PostgreSQL: `pg_dump --format=custom`) or `database.sqlite3` (SQLite: the
  online backup API, consistent while the site runs),
- `media/…` (every file under MEDIA_ROOT),
- `manifest.json` (when, which engine, row counts per table as of the dump, file count),
and a sidecar `<archive>.sha256` with the archive's checksum (`sha256sum -c` reads it).

`restore` checks the checksum, refuses a database that already has tables (restore into an
EMPTY database — a new one — then switch the site over), loads the dump, puts the files back and
compares the row counts with the manifest."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

import psycopg
from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection

# The tables of the database, the same way on the live database, on a dump's snapshot and on a
# copy (Django's introspection lists the same ones).
TABLES_SQL = {
    "postgresql": (
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
        "AND pg_catalog.pg_table_is_visible(c.oid)"
    ),
    "sqlite": "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
}


def _counts(cursor, vendor: str) -> dict[str, int]:
    cursor.execute(TABLES_SQL[vendor])
    counts = {}
    for (table,) in sorted(cursor.fetchall()):
        quoted = '"' + table.replace('"', '""') + '"'
        cursor.execute(f"SELECT COUNT(*) FROM {quoted}")
        counts[table] = cursor.fetchone()[0]
    return counts


def row_counts() -> dict[str, int]:
    """Rows per table of the live database (what a restore is compared with)."""
    with connection.cursor() as cursor:
        return _counts(cursor, connection.vendor)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_env() -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise CommandError(f"{command[0]} failed: {result.stderr.strip()[:2000]}")


def dump_database(target_dir: Path) -> tuple[str, dict[str, int]]:
    """Write the dump into target_dir; return its file name and the row counts OF THE DUMP.

    The site keeps running during a backup, so counts taken from the live database after the dump
    would not match it. PostgreSQL: the counts and pg_dump read one exported snapshot (a
    repeatable-read transaction held open while pg_dump runs). SQLite: the copy is counted."""
    if connection.vendor == "postgresql":
        args, env = _pg_env()
        path = target_dir / "database.dump"
        with psycopg.connect(**connection.get_connection_params()) as snapshot_holder:
            cursor = snapshot_holder.cursor()
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            exported = cursor.fetchone()
            assert exported is not None  # the function always returns one row
            snapshot = exported[0]
            counts = _counts(cursor, "postgresql")
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    "--file",
                    str(path),
                    *args,
                ],
                env,
            )
            snapshot_holder.rollback()
        return path.name, counts
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        path = target_dir / "database.sqlite3"
        destination = sqlite3.connect(path)
        try:
            connection.connection.backup(destination)
            counts = _counts(destination.cursor(), "sqlite")
        finally:
            destination.close()
        return path.name, counts
    raise CommandError(f"Backup of {connection.vendor} is not supported.")


def create_backup(output_dir: Path) -> Path:
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    archive = output_dir / f"abdi-backup-{stamp}.tar.gz"
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_dir = Path(tmp)
        database_file, counts = dump_database(tmp_dir)
        files = [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []
        manifest = {
            "created_at": dt.datetime.now(dt.UTC).isoformat(),
            "engine": connection.vendor,
            "database_file": database_file,
            "row_counts": counts,
            "media_files": len(files),
        }
        (tmp_dir / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
        # The archive holds password hashes and NIKs: readable by its owner only.
        archive.touch(mode=0o600)
        archive.chmod(0o600)
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(tmp_dir / "manifest.json", arcname="manifest.json")
            tar.add(tmp_dir / database_file, arcname=database_file)
            for path in files:
                tar.add(path, arcname=f"media/{path.relative_to(media_root).as_posix()}")
    Path(f"{archive}.sha256").write_text(f"{sha256_of(archive)}  {archive.name}\n")
    return archive


def verify_checksum(archive: Path) -> None:
    sidecar = Path(f"{archive}.sha256")
    if not sidecar.exists():
        raise CommandError(f"{sidecar} is missing: cannot check the archive (use --no-verify).")
    expected = sidecar.read_text().split()[0]
    if sha256_of(archive) != expected:
        raise CommandError("Checksum mismatch: the archive is damaged or was changed.")


def _database_is_empty() -> bool:
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def restore_backup(archive: Path, *, verify: bool = True) -> dict:
    if verify:
        verify_checksum(archive)
    if not _database_is_empty():
        raise CommandError(
            "The database is not empty. Restore into a new, empty database "
            "(create it, point DATABASE_URL at it, run restore), then switch the site over."
        )
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.exists() and any(media_root.iterdir()):
        raise CommandError(f"MEDIA_ROOT ({media_root}) is not empty: restore into an empty one.")
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(archive, "r:gz") as tar:
        tar.extractall(tmp, filter="data")  # no absolute paths, no links out of the directory
        tmp_dir = Path(tmp)
        manifest = json.loads((tmp_dir / "manifest.json").read_text())
        if manifest["engine"] != connection.vendor:
            raise CommandError(
                f"The backup is of {manifest['engine']}; this database is {connection.vendor}."
            )
        database_file = tmp_dir / manifest["database_file"]
        if connection.vendor == "postgresql":
            args, env = _pg_env()
            _run(
                [
                    "pg_restore",
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    *args,
                    str(database_file),
                ],
                env,
            )
        else:
            connection.ensure_connection()
            source = sqlite3.connect(database_file)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
        media_source = tmp_dir / "media"
        if media_source.exists():
            shutil.copytree(media_source, media_root, dirs_exist_ok=True)
    counts = row_counts()
    differences = {
        table: (expected, counts.get(table))
        for table, expected in manifest["row_counts"].items()
        if counts.get(table) != expected
    }
    if differences:
        raise CommandError(f"Row counts differ after restore: {differences}")
    return manifest
