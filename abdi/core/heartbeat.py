"""Is the worker that runs a background job still alive?

`with heartbeat("import-job:42"):` around a job's work records which process runs it (host, pid)
and, from a small thread, beats every ABDI_WORKER_HEARTBEAT_SECONDS on a row of its own (so the
job's long write transaction never blocks it). `worker_dead(key)` answers at once:

- True when the process that holds the job is gone on this host (the usual case: the web server
  and `db_worker` on one machine), or when its beat is more than three intervals overdue (any
  host; not on SQLite, where a long write transaction holds the only write lock and a beat may
  wait for it);
- False while it runs; None when no worker ever claimed the job (e.g. a small file done inside
  the request), so the caller keeps its own, slower rule.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connection
from django.utils import timezone

from abdi.core.models import WorkerHeartbeat


def interval() -> float:
    return float(settings.ABDI_WORKER_HEARTBEAT_SECONDS)


def _timestamps_reliable() -> bool:
    return connection.vendor != "sqlite"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: it exists
        return True
    return True


@contextmanager
def heartbeat(key: str) -> Iterator[None]:
    WorkerHeartbeat.objects.update_or_create(
        key=key,
        defaults={"host": socket.gethostname(), "pid": os.getpid(), "beat_at": timezone.now()},
    )
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(interval()):
                # A beat that fails is simply missed: that is what the reader looks for.
                with contextlib.suppress(Exception):
                    WorkerHeartbeat.objects.filter(key=key).update(beat_at=timezone.now())
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"heartbeat {key}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=interval() + 5)
        WorkerHeartbeat.objects.filter(key=key).delete()


def worker_dead(key: str) -> bool | None:
    row = WorkerHeartbeat.objects.filter(key=key).first()
    if row is None:
        return None
    if row.host == socket.gethostname() and not _pid_alive(row.pid):
        return True
    if _timestamps_reliable():
        return row.beat_at < timezone.now() - dt.timedelta(seconds=3 * interval())
    return False
