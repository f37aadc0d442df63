"""Eligibility of every active employee for a selection, judged in the worker and stored
(`EligibilityResult`), so BKPSDM sees who meets the requirements without a request judging the
whole agency. Queued when a selection is announced, and on demand."""

from __future__ import annotations

import datetime as dt
import json

from django.db import connection, transaction
from django.utils import timezone

from abdi.accounts.models import User
from abdi.careers.models import (
    EligibilityResult,
    EligibilityRun,
    EligibilityRunStatus,
    Selection,
)
from abdi.careers.selectors import eligibility as selectors
from abdi.careers.services.selection.common import require_admin


def eligibility_queue(selection: Selection) -> EligibilityRun:
    """Mark the selection's run as queued and enqueue the worker after the commit."""
    run, _created = EligibilityRun.objects.update_or_create(
        selection=selection,
        defaults={"status": EligibilityRunStatus.QUEUED, "queued_at": timezone.now()},
    )
    selection_id = selection.pk
    transaction.on_commit(lambda: _enqueue(selection_id))
    return run


def _enqueue(selection_id: int) -> None:
    # local: tasks_selection imports this module (cycle)
    from abdi.careers.tasks_selection import evaluate_selection_eligibility

    evaluate_selection_eligibility.enqueue(selection_id=selection_id)


@transaction.atomic
def eligibility_evaluate_all_request(*, actor: User, selection: Selection) -> EligibilityRun:
    """BKPSDM asks for a fresh evaluation (the records changed since the last one)."""
    require_admin(actor)
    return eligibility_queue(selection)


def _write(selection_id: int, rows: list[selectors.Row], now: dt.datetime, batch_size: int) -> None:
    """Insert the verdicts: COPY on PostgreSQL (bulk_create's per-row SQL building was a fifth of
    the run at 100,000), bulk_create elsewhere."""
    if connection.vendor != "postgresql":
        EligibilityResult.objects.bulk_create(
            [
                EligibilityResult(
                    selection_id=selection_id,
                    employee_id=pk,
                    eligible=ok,
                    failed=failed,
                    evaluated_at=now,
                )
                for pk, ok, failed in rows
            ],
            batch_size=batch_size,
        )
        return
    meta = EligibilityResult._meta
    quote = connection.ops.quote_name
    names = ("selection", "employee", "eligible", "failed", "evaluated_at")
    concrete = {f.name: f.column for f in meta.concrete_fields}
    columns = ", ".join(quote(concrete[n]) for n in names)
    sql = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for pk, ok, failed in rows:
            copy.write_row((selection_id, pk, ok, json.dumps(failed), now))


def eligibility_evaluate_all(*, selection_id: int, batch_size: int = 2000) -> EligibilityRun:
    """The worker's half: judge every active employee (`selectors.eligibility`: one query for
    the requirements a bound decides, the per-person rules for the few who pass them), replace
    the stored results, all in one
    transaction (readers see the previous run until the new one is complete). The run row is
    locked first: a second run for the same selection waits for the first to commit, then
    judges afresh (never two deleting and inserting the same results at once)."""
    selection = Selection.objects.prefetch_related("requirements", "positions").get(pk=selection_id)
    run, _created = EligibilityRun.objects.get_or_create(
        selection=selection, defaults={"queued_at": timezone.now()}
    )
    # Shown to readers while it runs (waits, as an UPDATE, for a run holding the lock).
    EligibilityRun.objects.filter(pk=run.pk).update(status=EligibilityRunStatus.RUNNING)
    try:
        with transaction.atomic():
            run = EligibilityRun.objects.select_for_update().get(pk=run.pk)
            run.status = EligibilityRunStatus.RUNNING
            now = timezone.now()
            if connection.vendor == "postgresql":
                # The set query's estimated cost (EXISTS per requirement over every employee)
                # sets off JIT compilation, which took longer than the query itself.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL jit = off")
            EligibilityResult.objects.filter(selection=selection).delete()
            evaluated = eligible = 0
            for rows in selectors.eligibility_rows(selection, batch_size=batch_size):
                _write(selection.pk, rows, now, batch_size)
                evaluated += len(rows)
                eligible += sum(1 for _pk, ok, _f in rows if ok)
            run.status, run.finished_at = EligibilityRunStatus.DONE, timezone.now()
            run.evaluated, run.eligible = evaluated, eligible
            run.save()
    except Exception:
        EligibilityRun.objects.filter(pk=run.pk).update(status=EligibilityRunStatus.FAILED)
        raise
    return run
