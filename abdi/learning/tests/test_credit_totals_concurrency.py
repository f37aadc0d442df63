"""Two JP lines for the same employee written at the same moment both count in the yearly total
(PostgreSQL only: SQLite serialises writers anyway).

Each verification runs in its own thread, connection and transaction, released together by a
barrier. Without the lock `jp_totals_refresh` takes on the employee's row, each transaction
would sum only its own line (or both would insert the same (employee, year) row and one fail
on the unique constraint)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from abdi.accounts.models import User
from abdi.learning.models import ExternalCertificate, JpYearTotal
from abdi.learning.services import credit as svc
from abdi.learning.testing import TINY_PDF

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the race needs PostgreSQL's concurrency"
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def run_together(calls):
    barrier = threading.Barrier(len(calls))
    errors = []

    def worker(call):
        try:
            barrier.wait(timeout=30)
            call()
        except Exception as exc:  # noqa: BLE001 - every failure is reported by the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return errors


def test_simultaneous_verifications_of_one_employee_both_count(personas):
    today = timezone.localdate()
    end = today - dt.timedelta(days=2)
    externals = [
        svc.external_certificate_submit(
            actor=personas.colleague.user,
            title=f"Seminar {jp}",
            provider="Universitas Jambi",
            start_date=end - dt.timedelta(days=1),
            end_date=end,
            jp=jp,
            file=SimpleUploadedFile("s.pdf", TINY_PDF, content_type="application/pdf"),
        )
        for jp in (7, 9, 11)
    ]
    admin_pk = personas.admin.pk

    def verify(pk):
        def call():
            svc.external_certificate_decide(
                actor=User.objects.get(pk=admin_pk),
                external=ExternalCertificate.objects.get(pk=pk),
                verify=True,
            )

        return call

    errors = run_together([verify(e.pk) for e in externals])
    assert errors == []
    total = JpYearTotal.objects.get(employee=personas.colleague, year=end.year)
    assert total.jp == 7 + 9 + 11
