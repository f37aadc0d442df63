"""Finding 12 of issue 14: an import whose worker died is shown as failed as soon as the worker's
heartbeat is missed — not after 15 minutes of "Mengimpor 100 %"."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import time

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from abdi.core import heartbeat as hb
from abdi.core.models import WorkerHeartbeat
from abdi.employees.choices import ImportStatus
from abdi.employees.models import ImportJob
from abdi.employees.services.imports import validation
from abdi.employees.tests.test_import import csv_bytes, row, upload

pytestmark = pytest.mark.django_db


def _importing_job(personas) -> ImportJob:
    job = upload(personas.admin, csv_bytes([row(1)]))
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.IMPORTING, processed_rows=1)
    job.refresh_from_db()
    return job


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_killed_worker_on_this_host_fails_the_job_at_once(personas, login):
    job = _importing_job(personas)
    WorkerHeartbeat.objects.create(
        key=validation.import_heartbeat_key(job.pk),
        host=socket.gethostname(),
        pid=_dead_pid(),
        beat_at=timezone.now(),  # its last beat was just now: the process is gone all the same
    )
    page = login(personas.admin).get(reverse("employees:import_detail", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert "pekerja latar belakang berhenti" in page.content.decode()


def test_a_missed_beat_on_another_host_fails_the_job(personas, settings, monkeypatch):
    settings.ABDI_WORKER_HEARTBEAT_SECONDS = 10
    monkeypatch.setattr(hb, "_timestamps_reliable", lambda: True)  # as on PostgreSQL
    job = _importing_job(personas)
    beat = WorkerHeartbeat.objects.create(
        key=validation.import_heartbeat_key(job.pk),
        host="worker-2.example",
        pid=1,
        beat_at=timezone.now(),
    )
    assert validation.import_mark_stale(job).status == ImportStatus.IMPORTING
    WorkerHeartbeat.objects.filter(pk=beat.pk).update(
        beat_at=timezone.now() - dt.timedelta(seconds=31)
    )
    assert validation.import_mark_stale(job).status == ImportStatus.FAILED


def test_a_live_worker_keeps_a_slow_write_going(personas):
    job = _importing_job(personas)
    # No progress for longer than the old 15 minutes: a live worker still holds it.
    ImportJob.objects.filter(pk=job.pk).update(
        updated_at=timezone.now() - validation.STALE_AFTER - dt.timedelta(minutes=5)
    )
    job.refresh_from_db()
    with hb.heartbeat(validation.import_heartbeat_key(job.pk)):
        assert validation.import_mark_stale(job).status == ImportStatus.IMPORTING
    assert not WorkerHeartbeat.objects.exists()  # the row goes with the job


@pytest.mark.skipif(connection.vendor == "sqlite", reason="a second writer thread: PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_heartbeat_thread_beats(settings):
    settings.ABDI_WORKER_HEARTBEAT_SECONDS = 0.2
    with hb.heartbeat("test:beat"):
        first = WorkerHeartbeat.objects.get(key="test:beat").beat_at
        time.sleep(1)
        assert WorkerHeartbeat.objects.get(key="test:beat").beat_at > first
        assert WorkerHeartbeat.objects.get(key="test:beat").pid == os.getpid()
