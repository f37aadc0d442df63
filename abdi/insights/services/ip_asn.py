"""IP ASN computation: a whole year's snapshot at once, as `INSERT … SELECT` (services/ip_asn_sql,
on PostgreSQL swapped in as the year's partition by services/ip_asn_partition).

`ip_asn_request` (a BKPSDM admin asks) records a run and queues `tasks.ip_asn_recompute`; the
task and the `ip_asn_recompute` command call `ip_asn_compute`, which replaces the year's rows
(readers see the old year or the new one, never half)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from abdi.accounts.models import User
from abdi.core.services import fail, require, today
from abdi.insights import rules
from abdi.insights.choices import RunKind, RunStatus
from abdi.insights.models import SnapshotRun
from abdi.insights.permissions import can_recompute
from abdi.insights.selectors.ip_asn_inputs import points_table
from abdi.insights.services.ip_asn_partition import replace_year

FIRST_YEAR = 2018


def validate_year(year: int) -> None:
    this_year = today().year
    if not FIRST_YEAR <= year <= this_year:
        raise ValidationError(
            _("Tahun harus antara %(first)s dan %(last)s.")
            % {"first": FIRST_YEAR, "last": this_year}
        )


def _check_table(table: rules.PointsTable) -> None:
    if not (table.qualification and table.competency and table.performance and table.discipline):
        fail(_("Tabel nilai IP ASN belum lengkap untuk tahun ini."))
    if not table.bands or table.bands[-1][0] is not None:
        fail(_("Kategori IP ASN belum lengkap (kategori terendah tidak ada)."))


def ip_asn_compute(*, year: int, run: SnapshotRun | None = None) -> int:
    """Compute every active employee's IP ASN of `year` and replace that year's snapshot.
    Returns the number of employees scored."""
    validate_year(year)
    table = points_table(year)
    _check_table(table)
    now = timezone.now()
    if run is not None:
        SnapshotRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, started_at=now)

    try:
        # Its own transactions: readers see the old year or the new one, never half of it.
        count = replace_year(year, table, now)
    except Exception as exc:
        if run is not None:
            SnapshotRun.objects.filter(pk=run.pk).update(
                status=RunStatus.FAILED, finished_at=timezone.now(), error=str(exc)[:2000]
            )
        raise
    if run is not None:
        SnapshotRun.objects.filter(pk=run.pk).update(
            status=RunStatus.DONE, finished_at=timezone.now(), rows=count
        )
    return count


@transaction.atomic
def ip_asn_request(*, actor: User, year: int) -> SnapshotRun:
    """A BKPSDM admin asks for a year to be recomputed; the worker does it."""
    require(can_recompute(actor), _("Hanya admin BKPSDM yang dapat meminta perhitungan ulang."))
    validate_year(year)
    if SnapshotRun.objects.filter(
        kind=RunKind.IP_ASN, year=year, status__in=(RunStatus.QUEUED, RunStatus.RUNNING)
    ).exists():
        raise ValidationError(
            _("Perhitungan IP ASN tahun %(year)s sedang berjalan.") % {"year": year}
        )
    run = SnapshotRun.objects.create(kind=RunKind.IP_ASN, year=year, requested_by=actor)
    # local: the tasks module imports this service (cycle)
    from abdi.insights.tasks import ip_asn_recompute

    transaction.on_commit(lambda: ip_asn_recompute.enqueue(year=year, run_id=run.pk))
    return run


def last_run(kind: str, year: int) -> SnapshotRun | None:
    return (
        SnapshotRun.objects.filter(kind=kind, year=year, status=RunStatus.DONE)
        .order_by("-finished_at")
        .first()
    )
