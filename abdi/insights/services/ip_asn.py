"""IP ASN computation: a whole year's snapshot at once, set-based (see selectors/ip_asn_inputs).

`ip_asn_request` (a BKPSDM admin asks) records a run and queues `tasks.ip_asn_recompute`; the
task and the `ip_asn_recompute` command call `ip_asn_compute`, which replaces the year's rows
in one transaction (readers see the old year or the new one, never half)."""

from __future__ import annotations

from itertools import islice

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from abdi.insights import rules
from abdi.insights.choices import RunKind, RunStatus
from abdi.insights.models import IpAsnScore, SnapshotRun
from abdi.insights.permissions import can_recompute
from abdi.insights.selectors.ip_asn_inputs import employee_inputs, points_table

BATCH = 5000
FIRST_YEAR = 2018


def validate_year(year: int) -> None:
    this_year = timezone.localdate().year
    if not FIRST_YEAR <= year <= this_year:
        raise ValidationError(
            _("Tahun harus antara %(first)s dan %(last)s.")
            % {"first": FIRST_YEAR, "last": this_year}
        )


def _check_table(table: rules.PointsTable) -> None:
    if not (table.qualification and table.competency and table.performance and table.discipline):
        raise ValidationError(_("Tabel nilai IP ASN belum lengkap untuk tahun ini."))
    if not table.bands or table.bands[-1][0] is not None:
        raise ValidationError(_("Kategori IP ASN belum lengkap (kategori terendah tidak ada)."))


def ip_asn_compute(*, year: int, run: SnapshotRun | None = None) -> int:
    """Compute every active employee's IP ASN of `year` and replace that year's snapshot.
    Returns the number of employees scored."""
    validate_year(year)
    table = points_table(year)
    _check_table(table)
    now = timezone.now()
    if run is not None:
        SnapshotRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, started_at=now)

    def score_rows():
        for item in employee_inputs(year, table):
            f = item.facts
            s = rules.ip_asn_score(f, table)
            yield (
                item.employee_id,
                year,
                item.org_unit_id,
                f.position_group,
                f.education_code,
                f.jp,
                f.leadership_training,
                f.functional_training,
                f.seminar,
                f.predikat,
                f.sanction,
                s.qualification,
                s.competency,
                s.performance,
                s.discipline,
                s.total,
                s.category,
                now,
            )

    try:
        with transaction.atomic():
            IpAsnScore.objects.filter(year=year).delete()
            write = _copy_rows if connection.vendor == "postgresql" else _insert_rows
            count = write(score_rows())
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


COLUMNS = (
    "employee_id",
    "year",
    "org_unit_id",
    "position_group",
    "education_code",
    "jp",
    "leadership_training",
    "functional_training",
    "seminar",
    "predikat",
    "sanction",
    "qualification",
    "competency",
    "performance",
    "discipline",
    "total",
    "category",
    "computed_at",
)


def _insert_rows(rows) -> int:
    """The portable path: bulk INSERTs of 5,000 rows."""
    count = 0
    objects = (IpAsnScore(**dict(zip(COLUMNS, row, strict=True))) for row in rows)
    while batch := list(islice(objects, BATCH)):
        IpAsnScore.objects.bulk_create(batch)
        count += len(batch)
    return count


def _copy_rows(rows) -> int:
    """PostgreSQL: one COPY of all rows (no model instances, no SQL per batch)."""
    count = 0
    table = IpAsnScore._meta.db_table
    column_of = {f.name: f.column for f in IpAsnScore._meta.concrete_fields}
    columns = ", ".join(f'"{column_of[c.removesuffix("_id")]}"' for c in COLUMNS)
    rows = list(rows)  # read every input before the COPY starts on this connection
    with (
        connection.cursor() as cursor,
        cursor.copy(f'COPY "{table}" ({columns}) FROM STDIN') as copy,
    ):
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


@transaction.atomic
def ip_asn_request(*, actor, year: int) -> SnapshotRun:
    """A BKPSDM admin asks for a year to be recomputed; the worker does it."""
    if not can_recompute(actor):
        raise PermissionDenied(_("Hanya admin BKPSDM yang dapat meminta perhitungan ulang."))
    validate_year(year)
    if SnapshotRun.objects.filter(
        kind=RunKind.IP_ASN, year=year, status__in=(RunStatus.QUEUED, RunStatus.RUNNING)
    ).exists():
        raise ValidationError(
            _("Perhitungan IP ASN tahun %(year)s sedang berjalan.") % {"year": year}
        )
    run = SnapshotRun.objects.create(kind=RunKind.IP_ASN, year=year, requested_by=actor)
    from abdi.insights.tasks import ip_asn_recompute

    transaction.on_commit(lambda: ip_asn_recompute.enqueue(year=year, run_id=run.pk))
    return run


def last_run(kind: str, year: int) -> SnapshotRun | None:
    return (
        SnapshotRun.objects.filter(kind=kind, year=year, status=RunStatus.DONE)
        .order_by("-finished_at")
        .first()
    )
