"""Every write of the SKP cycle (Permen PANRB 6/2022). Each service is keyword-only, takes the
`actor`, runs in a transaction, records the actor in simple-history, raises a ValidationError with
an Indonesian message (nothing written) or PermissionDenied. Out-of-scope objects are the view's
job (404 through the scoped querysets of permissions.py).

The regulation's rules live in rules.py; their tables are loaded here from the reference models,
the rows in force on the relevant date."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from abdi.accounts.permissions import is_bkpsdm_admin
from abdi.core.audit import records_actor
from abdi.core.choices import PositionKind, Predikat
from abdi.core.notifications import Text, choice_label, notify
from abdi.core.uploads import validate_evidence
from abdi.employees.models import AnnualPredikat, Employee
from abdi.employees.permissions import can_edit_employee, own_employee
from abdi.employees.selectors_org import MAX_CHAIN, position_holder, position_of, supervisor_of
from abdi.org.models import OrgUnit, Position
from abdi.performance import permissions as perms
from abdi.performance import rules
from abdi.performance.choices import (
    Approach,
    Cadence,
    EvaluationStatus,
    IndicatorAspect,
    ObjectionStatus,
    OrgPredikat,
    PeriodKind,
    Rating,
    SKPAction,
    SKPStatus,
    WorkResultKind,
)
from abdi.performance.models import (
    SKP,
    Activity,
    BehaviourExpectation,
    BehaviourValue,
    CreditPointPercentage,
    CreditPointRule,
    DistributionLimit,
    Evaluation,
    EvaluationAdjustment,
    Feedback,
    Indicator,
    Objection,
    OrgPredikatRating,
    OrgUnitPredikat,
    PerformancePeriod,
    PerformanceYear,
    PredikatMatrixCell,
    Realisation,
    SKPEvent,
    WorkResult,
)
from abdi.performance.services_counts import (
    predikat_counts_moved,
    skp_counts_changed,
    unit_counts_add,
    unit_counts_refresh,
)

OPEN_STATUSES = (SKPStatus.DRAFT, SKPStatus.SUBMITTED, SKPStatus.RETURNED)

# ---------------------------------------------------------------- helpers


def _today() -> dt.date:
    return timezone.localdate()


def _fail(field: str | None, message: str, code: str = "invalid"):
    if field:
        raise ValidationError({field: [ValidationError(message, code=code)]})
    raise ValidationError(message, code=code)


def _text(value) -> str:
    return (value or "").strip()


def _skp_url(skp: SKP) -> str:
    return reverse("performance:skp_detail", args=[skp.pk])


def _evaluation_url(evaluation: Evaluation) -> str:
    return reverse("performance:evaluation_detail", args=[evaluation.pk])


def _event(skp: SKP, action: str, actor, note: str = "") -> SKPEvent:
    return SKPEvent.objects.create(skp=skp, action=action, actor=actor, note=note)


def _user_of(employee: Employee | None):
    return employee.user if employee is not None and employee.user_id else None


def _date_in_year(year: int, on: dt.date | None = None) -> dt.date:
    """The reference date for deriving the appraiser of a year's SKP: today, within that year."""
    on = on or _today()
    return min(max(on, dt.date(year, 1, 1)), dt.date(year, 12, 31))


def _require_admin(actor) -> None:
    if not is_bkpsdm_admin(actor):
        raise PermissionDenied(_("Hanya admin BKPSDM yang dapat melakukan ini."))


def _lock_skp(skp: SKP) -> SKP:
    """Re-read the SKP under a row lock so that two concurrent transitions cannot both pass."""
    fresh = SKP.objects.select_for_update().get(pk=skp.pk)
    skp.status = fresh.status
    return skp


# ---------------------------------------------------------------- reference tables in force


def predikat_matrix(on: dt.date) -> dict[tuple[str, str], str]:
    rows = rules.rows_in_force(
        PredikatMatrixCell.objects.all(),
        on,
        key=lambda r: (r.work_result_rating, r.behaviour_rating),
    )
    return {(r.work_result_rating, r.behaviour_rating): r.predikat for r in rows}


def head_rating_mapping(on: dt.date) -> dict[str, str]:
    rows = rules.rows_in_force(OrgPredikatRating.objects.all(), on, key=lambda r: r.org_predikat)
    return {r.org_predikat: r.work_result_rating for r in rows}


def distribution_limits(on: dt.date) -> list[rules.Limit]:
    """The limits in force: per unit predikat, the rows of the latest table version."""
    rows = rules.rows_in_force(DistributionLimit.objects.all(), on, key=lambda r: r.org_predikat)
    return [
        rules.Limit(r.org_predikat, r.predikat_codes(), r.min_percent, r.max_percent, r.note)
        for r in rows
    ]


def credit_point_tables(on: dt.date) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    coefficients = {
        r.position_kind: r.yearly_coefficient
        for r in rules.rows_in_force(
            CreditPointRule.objects.all(), on, key=lambda r: r.position_kind
        )
    }
    percentages = {
        r.predikat: r.percent
        for r in rules.rows_in_force(
            CreditPointPercentage.objects.all(), on, key=lambda r: r.predikat
        )
    }
    return coefficients, percentages


def distribution_rounding() -> str:
    value = getattr(settings, "ABDI_DISTRIBUTION_ROUNDING", "nearest")
    return value if value in rules.ROUNDINGS else "nearest"


# ---------------------------------------------------------------- the year


@records_actor
@transaction.atomic
def performance_year_open(
    *,
    actor,
    year: int,
    cadence: str,
    skp_deadline: dt.date,
    realisation_days_after_period: int = 10,
    evaluation_days_after_period: int = 20,
    objection_days: int = 14,
) -> PerformanceYear:
    """Open a performance year with its periodic periods and the annual one."""
    _require_admin(actor)
    errors: dict[str, list[str]] = {}
    if not isinstance(year, int) or year < 2022 or year > 2100:
        errors["year"] = [_("Tahun tidak valid.")]
    elif PerformanceYear.objects.filter(year=year).exists():
        errors["year"] = [_("Tahun kinerja %(year)s sudah dibuka.") % {"year": year}]
    if cadence not in Cadence.values:
        errors["cadence"] = [_("Pilih periode penilaian: bulanan, triwulanan, atau semesteran.")]
    if skp_deadline is None:
        errors["skp_deadline"] = [_("Batas penetapan SKP wajib diisi.")]
    elif isinstance(year, int) and skp_deadline.year not in (year - 1, year):
        errors["skp_deadline"] = [
            _("Batas penetapan SKP harus pada tahun %(year)s atau akhir tahun sebelumnya.")
            % {"year": year}
        ]
    for field, value in (
        ("realisation_days_after_period", realisation_days_after_period),
        ("evaluation_days_after_period", evaluation_days_after_period),
        ("objection_days", objection_days),
    ):
        if value is None or value < 0 or value > 366:
            errors[field] = [_("Jumlah hari harus antara 0 dan 366.")]
    if errors:
        raise ValidationError(errors)
    performance_year = PerformanceYear.objects.create(
        year=year,
        cadence=cadence,
        skp_deadline=skp_deadline,
        realisation_days_after_period=realisation_days_after_period,
        evaluation_days_after_period=evaluation_days_after_period,
        objection_days=objection_days,
        opened_by=actor,
    )
    PerformancePeriod.objects.bulk_create(
        PerformancePeriod(
            performance_year=performance_year,
            code=code,
            kind=kind,
            start=start,
            end=end,
            realisation_due=end + dt.timedelta(days=realisation_days_after_period),
            evaluation_due=end + dt.timedelta(days=evaluation_days_after_period),
        )
        for code, kind, start, end in rules.periods_for(year, cadence)
    )
    unit_counts_refresh(year_id=performance_year.pk)
    return performance_year


@records_actor
@transaction.atomic
def period_close(*, actor, period: PerformancePeriod) -> PerformancePeriod:
    """Close a period: no more realisations for it."""
    _require_admin(actor)
    if period.is_closed:
        _fail(None, _("Periode %(code)s sudah ditutup.") % {"code": period.label})
    period.is_closed = True
    period.save(update_fields=["is_closed"])
    return period


@records_actor
@transaction.atomic
def org_predikat_record(
    *, actor, org_unit: OrgUnit, period: PerformancePeriod, predikat: str, basis: str = ""
) -> OrgUnitPredikat:
    """Record (or correct) a unit's organisational predikat for a period or the year."""
    _require_admin(actor)
    if predikat not in OrgPredikat.values:
        _fail("predikat", _("Pilih predikat unit yang valid."))
    row = OrgUnitPredikat.objects.filter(org_unit=org_unit, period=period).first()
    if row is None:
        row = OrgUnitPredikat(org_unit=org_unit, period=period, recorded_by=actor)
    row.predikat, row.basis, row.recorded_by = predikat, _text(basis), actor
    row.save()
    return row


# ---------------------------------------------------------------- planning


def _holder_above(position_id: int | None, on: dt.date, exclude: set[int]) -> tuple:
    """(holder, position id) of the first position above `position_id` with someone in it who is
    not excluded; walks `reports_to` like selectors_org.supervisor_of (acting officials win)."""
    current = (
        Position.objects.filter(pk=position_id).values_list("reports_to_id", flat=True).first()
        if position_id
        else None
    )
    for _step in range(MAX_CHAIN):
        if current is None:
            return None, None
        row = Position.objects.filter(pk=current).values_list("is_active", "reports_to_id").first()
        if row is None:
            return None, None
        is_active, parent_id = row
        if is_active:
            holder = position_holder(current, on=on)
            if holder is not None and holder.pk not in exclude:
                return holder, current
        current = parent_id
    return None, None


def _derive_chain(employee: Employee, on: dt.date) -> tuple[Employee | None, Employee | None]:
    """The appraiser (selectors_org.supervisor_of) and the appraiser's superior: the holder above
    the position through which the appraiser supervises, so an acting (Plt) appraiser's superior
    is the one above the position acted in."""
    appraiser = supervisor_of(employee, on=on)
    if appraiser is None:
        return None, None
    _holder, via = _holder_above(position_of(employee, on=on), on, {employee.pk})
    if _holder is not None and _holder.pk == appraiser.pk:
        superior, _pos = _holder_above(via, on, {employee.pk, appraiser.pk})
    else:
        superior = supervisor_of(appraiser, on=on)
    return appraiser, superior


@records_actor
@transaction.atomic
def skp_create(*, actor, employee: Employee, year: int, approach: str = "quantitative") -> SKP:
    """The year's SKP of an employee (by the employee, or an operator/admin for them). The
    appraiser and the appraiser's superior come from the position tree on that date, acting
    officials included; without a supervisor the SKP is written from the performance agreement."""
    own = employee.user_id is not None and employee.user_id == actor.pk
    if not own and not can_edit_employee(actor, employee):
        raise PermissionDenied(_("Anda tidak dapat membuat SKP untuk pegawai ini."))
    if approach not in Approach.values:
        _fail("approach", _("Pilih pendekatan kuantitatif atau kualitatif."))
    performance_year = PerformanceYear.objects.filter(year=year).first()
    if performance_year is None:
        _fail("year", _("Tahun kinerja %(year)s belum dibuka oleh BKPSDM.") % {"year": year})
    if not performance_year.is_open:
        _fail("year", _("Tahun kinerja %(year)s sudah ditutup.") % {"year": year})
    if not employee.is_active:
        _fail("employee", _("Pegawai tidak aktif."))
    existing = SKP.objects.filter(employee=employee, performance_year=performance_year)
    if existing.exists():
        _fail(
            "year",
            _(
                "SKP tahun %(year)s untuk pegawai ini sudah ada. Ubah SKP yang ada atau buat versi "
                "baru dari SKP yang sudah disetujui."
            )
            % {"year": year},
        )
    on = _date_in_year(year)
    appraiser, superior = _derive_chain(employee, on)
    position_id = position_of(employee, on=on)
    skp = SKP.objects.create(
        employee=employee,
        performance_year=performance_year,
        version=1,
        status=SKPStatus.DRAFT,
        approach=approach,
        position=Position.objects.filter(pk=position_id).first() if position_id else None,
        org_unit=employee.org_unit,
        appraiser=appraiser,
        appraiser_superior=superior,
        from_performance_agreement=appraiser is None,
    )
    _event(skp, SKPAction.CREATE, actor)
    return skp


def _check_supports(skp: SKP, kind: str, supports: WorkResult | None) -> None:
    if kind == WorkResultKind.MAIN and not skp.from_performance_agreement and supports is None:
        _fail(
            "supports",
            _(
                "RHK utama wajib mendukung (mengintervensi) satu RHK atasan dari SKP atasan yang "
                "sudah disetujui."
            ),
            "cascade_required",
        )
    if supports is None:
        return
    if skp.from_performance_agreement:
        _fail(
            "supports",
            _("SKP pimpinan tertinggi disusun dari perjanjian kinerja, tanpa RHK atasan."),
        )
    target = supports.skp
    if (
        skp.appraiser_id is None
        or target.employee_id != skp.appraiser_id
        or target.performance_year_id != skp.performance_year_id
    ):
        _fail(
            "supports",
            _(
                "RHK yang diintervensi harus RHK dari SKP pejabat penilai Anda pada tahun yang sama."
            ),
            "cascade_wrong_owner",
        )
    if target.status != SKPStatus.APPROVED:
        _fail(
            "supports",
            _("RHK yang diintervensi harus berasal dari SKP atasan yang sudah disetujui."),
            "cascade_not_approved",
        )
    if supports.kind != WorkResultKind.MAIN:
        _fail("supports", _("Hanya RHK utama atasan yang dapat diintervensi."))


def _require_editable(actor, skp: SKP) -> None:
    if not perms.is_owner(actor, skp):
        raise PermissionDenied(_("Hanya pemilik SKP yang dapat mengubah isinya."))
    if skp.status not in perms.EDITABLE:
        _fail(
            None,
            _("SKP berstatus %(status)s tidak dapat diubah. Setelah disetujui, buat versi baru.")
            % {"status": skp.get_status_display()},
            "not_editable",
        )


@records_actor
@transaction.atomic
def work_result_add(
    *, actor, skp: SKP, title: str, kind: str = "main", supports: WorkResult | None = None
) -> WorkResult:
    # Numbering is Max(order) + 1: hold the SKP row so that concurrent adds take turns (and the
    # status checked below is the current one).
    _lock_skp(skp)
    _require_editable(actor, skp)
    title = _text(title)
    if not title:
        _fail("title", _("Rencana hasil kerja wajib diisi."))
    if kind not in WorkResultKind.values:
        _fail("kind", _("Pilih jenis hasil kerja: utama atau tambahan."))
    _check_supports(skp, kind, supports)
    order = (skp.work_results.aggregate(m=Max("order"))["m"] or 0) + 1
    return WorkResult.objects.create(
        skp=skp, kind=kind, title=title[:500], supports=supports, order=order
    )


@records_actor
@transaction.atomic
def work_result_update(
    *, actor, work_result: WorkResult, title: str, supports: WorkResult | None = None
) -> WorkResult:
    skp = work_result.skp
    _require_editable(actor, skp)
    title = _text(title)
    if not title:
        _fail("title", _("Rencana hasil kerja wajib diisi."))
    _check_supports(skp, work_result.kind, supports)
    work_result.title, work_result.supports = title[:500], supports
    work_result.save(update_fields=["title", "supports", "updated_at"])
    return work_result


@records_actor
@transaction.atomic
def work_result_delete(*, actor, work_result: WorkResult) -> None:
    _require_editable(actor, work_result.skp)
    if work_result.supported_by.exists():
        _fail(None, _("RHK ini sudah diintervensi oleh RHK bawahan dan tidak dapat dihapus."))
    if work_result.activities.exists():
        _fail(None, _("RHK ini sudah memiliki catatan kegiatan dan tidak dapat dihapus."))
    work_result.delete()


def _clean_indicator(
    skp: SKP, aspect, description, target_value, target_unit, target_description
) -> tuple[str, str, Decimal | None, str, str]:
    errors: dict[str, list[str]] = {}
    if aspect not in IndicatorAspect.values:
        errors["aspect"] = [_("Pilih aspek indikator: kuantitas, kualitas, waktu, atau biaya.")]
    description = _text(description)
    if not description:
        errors["description"] = [_("Uraian indikator wajib diisi.")]
    target_unit, target_description = _text(target_unit), _text(target_description)
    if target_value is not None and not isinstance(target_value, Decimal):
        try:
            target_value = Decimal(str(target_value))
        except Exception:
            errors["target_value"] = [_("Target harus berupa angka.")]
            target_value = None
    if isinstance(target_value, Decimal) and (
        not target_value.is_finite() or target_value < 0 or target_value >= Decimal("1e12")
    ):
        errors["target_value"] = [_("Target harus angka positif yang wajar.")]
    if skp.approach == Approach.QUALITATIVE:
        if not target_description:
            errors["target_description"] = [
                _("Pendekatan kualitatif: uraikan hasil yang diharapkan sebagai target.")
            ]
    else:
        if target_value is None and "target_value" not in errors:
            errors["target_value"] = [_("Indikator wajib memiliki target berupa angka.")]
        if not target_unit:
            errors["target_unit"] = [_("Satuan target wajib diisi (mis. dokumen, laporan, %).")]
    if errors:
        raise ValidationError(errors)
    return aspect, description[:500], target_value, target_unit[:60], target_description


@records_actor
@transaction.atomic
def indicator_add(
    *,
    actor,
    work_result: WorkResult,
    aspect: str,
    description: str,
    target_value=None,
    target_unit: str = "",
    target_description: str = "",
) -> Indicator:
    """An indicator with its target: a number and unit (quantitative) or a described result."""
    skp = work_result.skp
    _require_editable(actor, skp)
    aspect, description, value, unit, described = _clean_indicator(
        skp, aspect, description, target_value, target_unit, target_description
    )
    return Indicator.objects.create(
        work_result=work_result,
        aspect=aspect,
        description=description,
        target_value=value,
        target_unit=unit,
        target_description=described,
    )


@records_actor
@transaction.atomic
def indicator_update(
    *,
    actor,
    indicator: Indicator,
    aspect: str,
    description: str,
    target_value=None,
    target_unit: str = "",
    target_description: str = "",
) -> Indicator:
    skp = indicator.work_result.skp
    _require_editable(actor, skp)
    aspect, description, value, unit, described = _clean_indicator(
        skp, aspect, description, target_value, target_unit, target_description
    )
    indicator.aspect, indicator.description = aspect, description
    indicator.target_value, indicator.target_unit = value, unit
    indicator.target_description = described
    indicator.save()
    return indicator


@records_actor
@transaction.atomic
def indicator_delete(*, actor, indicator: Indicator) -> None:
    _require_editable(actor, indicator.work_result.skp)
    if indicator.realisations.exists():
        _fail(None, _("Indikator ini sudah memiliki realisasi dan tidak dapat dihapus."))
    indicator.delete()


@records_actor
@transaction.atomic
def expectations_set(
    *, actor, skp: SKP, expectations: dict[int, str]
) -> list[BehaviourExpectation]:
    """The appraiser's specific expectation per BerAKHLAK value {behaviour_value id: text}; an
    empty text removes that expectation."""
    if not perms.can_write_expectations(actor, skp):
        if skp.status not in (*perms.EDITABLE, SKPStatus.SUBMITTED):
            _fail(None, _("Ekspektasi SKP yang sudah disetujui tidak dapat diubah."))
        raise PermissionDenied(_("Hanya pejabat penilai yang menulis ekspektasi perilaku."))
    values = {v.pk: v for v in BehaviourValue.objects.all()}
    unknown = [k for k in expectations if int(k) not in values]
    if unknown:
        _fail("expectations", _("Nilai BerAKHLAK tidak dikenal."))
    existing = {e.behaviour_value_id: e for e in skp.behaviour_expectations.all()}
    for key, text in expectations.items():
        value_id, text = int(key), _text(text)
        row = existing.get(value_id)
        if not text:
            if row is not None:
                row.delete()
            continue
        if row is None:
            BehaviourExpectation.objects.create(
                skp=skp, behaviour_value=values[value_id], expectation=text, written_by=actor
            )
        elif row.expectation != text:
            row.expectation, row.written_by = text, actor
            row.save(update_fields=["expectation", "written_by", "updated_at"])
    return list(skp.behaviour_expectations.select_related("behaviour_value"))


def submit_problems(skp: SKP) -> list[str]:
    """What still keeps the SKP from being submitted (empty when it is ready)."""
    problems: list[str] = []
    results = list(skp.work_results.prefetch_related("indicators").select_related("supports__skp"))
    main = [r for r in results if r.kind == WorkResultKind.MAIN]
    if not main:
        problems.append(_("Tambahkan paling sedikit satu rencana hasil kerja utama."))
    for result in results:
        if not result.indicators.all():
            problems.append(
                _("RHK “%(title)s” belum memiliki indikator.") % {"title": result.title}
            )
        if (
            result.kind == WorkResultKind.MAIN
            and not skp.from_performance_agreement
            and (
                result.supports is None
                or result.supports.skp.status != SKPStatus.APPROVED
                or result.supports.skp.employee_id != skp.appraiser_id
            )
        ):
            problems.append(
                _(
                    "RHK “%(title)s” harus mendukung RHK dari SKP pejabat penilai yang berlaku "
                    "(disetujui)."
                )
                % {"title": result.title}
            )
    written = skp.behaviour_expectations.count()
    needed = BehaviourValue.objects.count()
    if written < needed:
        problems.append(
            _(
                "Ekspektasi perilaku baru %(n)d dari %(total)d nilai BerAKHLAK; pejabat penilai "
                "perlu melengkapinya."
            )
            % {"n": written, "total": needed}
        )
    return problems


@records_actor
@transaction.atomic
def skp_submit(*, actor, skp: SKP) -> SKP:
    if not perms.is_owner(actor, skp):
        raise PermissionDenied(_("Hanya pemilik SKP yang dapat mengajukannya."))
    _lock_skp(skp)
    if skp.status not in perms.EDITABLE:
        _fail(None, _("Hanya SKP berstatus draf atau dikembalikan yang dapat diajukan."))
    problems = submit_problems(skp)
    if problems:
        raise ValidationError(problems, code="incomplete")
    skp.status, skp.submitted_at = SKPStatus.SUBMITTED, timezone.now()
    skp.save(update_fields=["status", "submitted_at", "updated_at"])
    _event(skp, SKPAction.SUBMIT, actor)
    notify(
        user=_user_of(skp.appraiser),
        verb="skp_submitted",
        message=Text(
            gettext_noop("%(name)s mengajukan SKP %(year)s untuk disetujui."),
            {"name": skp.employee.name, "year": skp.performance_year.year},
        ),
        url=_skp_url(skp),
    )
    return skp


def _require_approver(actor, skp: SKP) -> None:
    if perms.is_owner(actor, skp):
        _fail(
            None,
            _("Pegawai tidak dapat menyetujui atau mengembalikan SKP miliknya sendiri."),
            "own_skp",
        )
    _lock_skp(skp)
    if skp.status != SKPStatus.SUBMITTED:
        _fail(None, _("Hanya SKP yang sudah diajukan yang dapat disetujui atau dikembalikan."))
    if not perms.can_approve_skp(actor, skp):
        raise PermissionDenied(_("Hanya pejabat penilai yang dapat memutuskan SKP ini."))


@records_actor
@transaction.atomic
def skp_return(*, actor, skp: SKP, note: str) -> SKP:
    _require_approver(actor, skp)
    note = _text(note)
    if not note:
        _fail("note", _("Tuliskan catatan perbaikan untuk pegawai."))
    skp.status = SKPStatus.RETURNED
    skp.save(update_fields=["status", "updated_at"])
    _event(skp, SKPAction.RETURN, actor, note)
    notify(
        user=_user_of(skp.employee),
        verb="skp_returned",
        message=Text(
            gettext_noop("SKP %(year)s Anda dikembalikan untuk diperbaiki: %(note)s"),
            {"year": skp.performance_year.year, "note": note[:200]},
        ),
        url=_skp_url(skp),
    )
    return skp


@records_actor
@transaction.atomic
def skp_approve(*, actor, skp: SKP, note: str = "") -> SKP:
    _require_approver(actor, skp)
    problems = submit_problems(skp)
    if problems:
        raise ValidationError(problems, code="incomplete")
    previous = SKP.objects.filter(
        employee_id=skp.employee_id,
        performance_year_id=skp.performance_year_id,
        status=SKPStatus.APPROVED,
    ).exclude(pk=skp.pk)
    for old in previous.select_for_update():
        old.status = SKPStatus.SUPERSEDED
        old.save(update_fields=["status", "updated_at"])
    skp.status, skp.approved_at, skp.approved_by = SKPStatus.APPROVED, timezone.now(), actor
    skp.save(update_fields=["status", "approved_at", "approved_by", "updated_at"])
    skp_counts_changed(skp)
    _event(skp, SKPAction.APPROVE, actor, _text(note))
    notify(
        user=_user_of(skp.employee),
        verb="skp_approved",
        message=Text(
            gettext_noop("SKP %(year)s Anda (versi %(v)d) disetujui."),
            {"year": skp.performance_year.year, "v": skp.version},
        ),
        url=_skp_url(skp),
    )
    return skp


@records_actor
@transaction.atomic
def skp_revise(*, actor, skp: SKP) -> SKP:
    """A new draft version copying the approved one's RHK, indicators and expectations. The
    approved version stays current until the new one is approved."""
    if not perms.is_owner(actor, skp):
        raise PermissionDenied(_("Hanya pemilik SKP yang dapat membuat versi baru."))
    _lock_skp(skp)
    if skp.status != SKPStatus.APPROVED:
        _fail(None, _("Versi baru hanya dapat dibuat dari SKP yang berlaku (disetujui)."))
    if SKP.objects.filter(
        employee_id=skp.employee_id,
        performance_year_id=skp.performance_year_id,
        status__in=OPEN_STATUSES,
    ).exists():
        _fail(None, _("Masih ada versi SKP tahun ini yang belum disetujui."), "open_version")
    if not skp.performance_year.is_open:
        _fail(None, _("Tahun kinerja ini sudah ditutup."))
    version = (
        SKP.objects.filter(
            employee_id=skp.employee_id, performance_year_id=skp.performance_year_id
        ).aggregate(m=Max("version"))["m"]
        or 0
    ) + 1
    on = _date_in_year(skp.performance_year.year)
    appraiser, superior = _derive_chain(skp.employee, on)
    position_id = position_of(skp.employee, on=on)
    new = SKP.objects.create(
        employee=skp.employee,
        performance_year=skp.performance_year,
        version=version,
        previous_version=skp,
        status=SKPStatus.DRAFT,
        approach=skp.approach,
        position_id=position_id,
        org_unit=skp.employee.org_unit,
        appraiser=appraiser,
        appraiser_superior=superior,
        from_performance_agreement=appraiser is None,
    )
    for result in skp.work_results.prefetch_related("indicators"):
        copy = WorkResult.objects.create(
            skp=new,
            kind=result.kind,
            title=result.title,
            supports=result.supports if appraiser is not None else None,
            order=result.order,
        )
        Indicator.objects.bulk_create(
            Indicator(
                work_result=copy,
                aspect=i.aspect,
                description=i.description,
                target_value=i.target_value,
                target_unit=i.target_unit,
                target_description=i.target_description,
            )
            for i in result.indicators.all()
        )
    BehaviourExpectation.objects.bulk_create(
        BehaviourExpectation(
            skp=new,
            behaviour_value_id=e.behaviour_value_id,
            expectation=e.expectation,
            written_by_id=e.written_by_id,
        )
        for e in skp.behaviour_expectations.all()
    )
    _event(
        new,
        SKPAction.REVISE,
        actor,
        _("Versi %(v)d dari versi %(p)d.") % {"v": version, "p": skp.version},
    )
    return new


# ---------------------------------------------------------------- execution


def _clean_evidence(evidence, evidence_link: str, errors: dict) -> str:
    link = _text(evidence_link)
    if evidence:
        try:
            validate_evidence(evidence)
        except ValidationError as exc:
            errors["evidence"] = exc.messages
    if link:
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError:
            errors["evidence_link"] = [_("Tautan bukti harus alamat web yang lengkap (https://…).")]
    return link


@records_actor
@transaction.atomic
def activity_log(
    *,
    actor,
    skp: SKP,
    work_result: WorkResult,
    date: dt.date,
    description: str,
    output: str = "",
    evidence=None,
    evidence_link: str = "",
) -> Activity:
    if not perms.is_owner(actor, skp):
        raise PermissionDenied(_("Hanya pemilik SKP yang dapat mencatat kegiatan."))
    if skp.status != SKPStatus.APPROVED:
        _fail(None, _("Kegiatan dicatat pada SKP yang berlaku (sudah disetujui)."))
    errors: dict[str, list[str]] = {}
    if work_result.skp_id != skp.pk:
        errors["work_result"] = [_("Pilih RHK dari SKP ini.")]
    year = skp.performance_year.year
    if date is None:
        errors["date"] = [_("Tanggal wajib diisi.")]
    elif date.year != year:
        errors["date"] = [_("Tanggal kegiatan harus dalam tahun %(year)s.") % {"year": year}]
    elif date > _today():
        errors["date"] = [_("Tanggal kegiatan tidak boleh di masa depan.")]
    description = _text(description)
    if not description:
        errors["description"] = [_("Uraikan kegiatan yang dilakukan.")]
    link = _clean_evidence(evidence, evidence_link, errors)
    if errors:
        raise ValidationError(errors)
    activity = Activity(
        skp=skp,
        work_result=work_result,
        date=date,
        description=description,
        output=_text(output)[:300],
        evidence_link=link,
        created_by=actor,
    )
    if evidence:
        activity.evidence = evidence
    activity.save()
    return activity


@records_actor
@transaction.atomic
def realisation_submit(
    *,
    actor,
    indicator: Indicator,
    period: PerformancePeriod,
    value=None,
    description: str = "",
    evidence=None,
    evidence_link: str = "",
    self_assessment: str = "",
) -> Realisation:
    """Create or update the realisation of an indicator for a period (not a closed one)."""
    skp = indicator.work_result.skp
    if not perms.is_owner(actor, skp):
        raise PermissionDenied(_("Hanya pemilik SKP yang dapat mengisi realisasi."))
    if skp.status != SKPStatus.APPROVED:
        _fail(None, _("Realisasi diisi pada SKP yang berlaku (sudah disetujui)."))
    if period.performance_year_id != skp.performance_year_id:
        _fail("period", _("Periode tidak termasuk tahun SKP ini."))
    if period.is_closed:
        _fail(
            "period",
            _("Periode %(code)s sudah ditutup; realisasi tidak dapat diisi lagi.")
            % {"code": period.label},
            "period_closed",
        )
    errors: dict[str, list[str]] = {}
    if value is not None and value != "":
        try:
            value = Decimal(str(value))
            if not value.is_finite() or abs(value) >= Decimal("1e12"):
                raise ValueError
        except Exception:
            errors["value"] = [_("Realisasi harus berupa angka.")]
    else:
        value = None
    description = _text(description)
    if value is None and not description and "value" not in errors:
        if skp.approach == Approach.QUALITATIVE or indicator.target_value is None:
            errors["description"] = [_("Uraikan realisasi hasil kerja.")]
        else:
            errors["value"] = [_("Isi angka realisasi.")]
    link = _clean_evidence(evidence, evidence_link, errors)
    if errors:
        raise ValidationError(errors)
    row = Realisation.objects.select_for_update().filter(indicator=indicator, period=period).first()
    if row is None:
        row = Realisation(indicator=indicator, period=period)
    row.value, row.description = value, description
    row.self_assessment = _text(self_assessment)
    row.submitted_by = actor
    if link or not evidence:
        row.evidence_link = link
    if evidence:
        row.evidence = evidence
    if row.pk is not None:
        # An update of the row locked above: no concurrent first submission can collide, so no
        # savepoint (two round trips per indicator of a season's busiest write); the unit
        # monitor's count of realised indicators does not change.
        row.save()
        return row
    first = True
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        # A concurrent first submission won the race: update that row instead.
        first = False
        row = Realisation.objects.select_for_update().get(indicator=indicator, period=period)
        row.value, row.description = value, description
        row.self_assessment, row.submitted_by = _text(self_assessment), actor
        row.evidence_link = link or row.evidence_link
        if evidence:
            row.evidence = evidence
        row.save()
    if first:  # the unit monitor counts indicators with a realisation in the period
        unit_counts_add(employee=skp.employee, period=period, realised=1)
    return row


@records_actor
@transaction.atomic
def feedback_give(
    *,
    actor,
    skp: SKP,
    text: str,
    work_result: WorkResult | None = None,
    behaviour_value: BehaviourValue | None = None,
) -> Feedback:
    if not perms.can_give_feedback(actor, skp):
        raise PermissionDenied(_("Hanya atasan pegawai yang dapat memberi umpan balik."))
    errors: dict[str, list[str]] = {}
    text = _text(text)
    if not text:
        errors["text"] = [_("Tuliskan umpan balik.")]
    if work_result is None and behaviour_value is None:
        errors["work_result"] = [_("Pilih RHK atau nilai perilaku yang diberi umpan balik.")]
    if work_result is not None and work_result.skp_id != skp.pk:
        errors["work_result"] = [_("Pilih RHK dari SKP ini.")]
    if errors:
        raise ValidationError(errors)
    feedback = Feedback.objects.create(
        skp=skp, work_result=work_result, behaviour_value=behaviour_value, author=actor, text=text
    )
    notify(
        user=_user_of(skp.employee),
        verb="feedback",
        message=Text(
            gettext_noop("Umpan balik baru dari atasan pada SKP %(year)s."),
            {"year": skp.performance_year.year},
        ),
        url=_skp_url(skp),
    )
    return feedback


# ---------------------------------------------------------------- evaluation


def _credit_points_for(skp: SKP, period: PerformancePeriod, predikat: str) -> Decimal | None:
    if period.kind != PeriodKind.YEAR:
        return None
    kind = skp.position.kind if skp.position_id else None
    if kind not in PositionKind.functional():
        return None
    coefficients, percentages = credit_point_tables(period.end)
    return rules.credit_points(predikat, kind, coefficients, percentages)


@records_actor
@transaction.atomic
def evaluation_create(
    *,
    actor,
    skp: SKP,
    period: PerformancePeriod,
    work_result_rating: str,
    behaviour_rating: str,
    notes: str = "",
) -> Evaluation:
    """The appraiser rates work results and behaviour; the predikat follows from the matrix. For a
    unit head the work-result rating is the unit's organisational predikat of that period."""
    if perms.is_owner(actor, skp) or not perms.can_evaluate(actor, skp):
        raise PermissionDenied(_("Hanya pejabat penilai yang dapat menilai pegawai ini."))
    evaluator = own_employee(actor)
    if skp.status != SKPStatus.APPROVED:
        _fail(None, _("Hanya SKP yang berlaku (disetujui) yang dapat dinilai."), "not_approved")
    if period.performance_year_id != skp.performance_year_id:
        _fail("period", _("Periode tidak termasuk tahun SKP ini."))
    if Evaluation.objects.filter(
        skp__employee_id=skp.employee_id,
        skp__performance_year_id=skp.performance_year_id,
        period=period,
    ).exists():
        _fail(
            "period",
            _("Pegawai ini sudah dinilai untuk periode %(code)s.") % {"code": period.label},
            "duplicate",
        )
    errors: dict[str, list[str]] = {}
    from_org = bool(skp.position_id and skp.position.is_unit_head)
    if from_org:
        unit_id = skp.position.org_unit_id
        row = OrgUnitPredikat.objects.filter(org_unit_id=unit_id, period=period).first()
        if row is None:
            unit = OrgUnit.objects.filter(pk=unit_id).values_list("name", flat=True).first()
            _fail(
                "work_result_rating",
                _(
                    "Pegawai ini kepala unit: rating hasil kerjanya diambil dari predikat kinerja "
                    "unit %(unit)s periode %(code)s, yang belum dicatat BKPSDM."
                )
                % {"unit": unit, "code": period.label},
                "org_predikat_missing",
            )
        try:
            work_result_rating = rules.head_work_rating(
                row.predikat, head_rating_mapping(period.end)
            )
        except ValueError:
            _fail("work_result_rating", _("Tabel rating kepala unit belum lengkap."))
    elif work_result_rating not in Rating.values:
        errors["work_result_rating"] = [_("Pilih rating hasil kerja.")]
    if behaviour_rating not in Rating.values:
        errors["behaviour_rating"] = [_("Pilih rating perilaku kerja.")]
    if errors:
        raise ValidationError(errors)
    try:
        predikat = rules.predikat_for(
            work_result_rating, behaviour_rating, predikat_matrix(period.end)
        )
    except ValueError:
        _fail(None, _("Matriks predikat yang berlaku belum lengkap; hubungi admin BKPSDM."))
    try:
        with transaction.atomic():
            evaluation = Evaluation.objects.create(
                skp=skp,
                period=period,
                work_result_rating=work_result_rating,
                work_result_from_org_predikat=from_org,
                behaviour_rating=behaviour_rating,
                predikat=predikat,
                notes=_text(notes),
                evaluator=evaluator,
                credit_points=_credit_points_for(skp, period, predikat),
            )
    except IntegrityError:
        _fail(
            "period",
            _("Pegawai ini sudah dinilai untuk periode %(code)s.") % {"code": period.label},
            "duplicate",
        )
    unit_counts_add(employee=skp.employee, period=period, evaluated=1)
    predikat_counts_moved(evaluation, None)
    return evaluation


@records_actor
@transaction.atomic
def evaluation_adjust(*, actor, evaluation: Evaluation, predikat: str, reason: str) -> Evaluation:
    """Calibration before release (unit head of the chain or BKPSDM admin), always with a reason."""
    if evaluation.status not in (EvaluationStatus.DRAFT, EvaluationStatus.FINAL):
        _fail(None, _("Evaluasi yang sudah dirilis tidak dapat dikalibrasi."), "released")
    if not perms.can_adjust_evaluation(actor, evaluation):
        raise PermissionDenied(_("Hanya kepala unit atau admin BKPSDM yang dapat mengkalibrasi."))
    errors: dict[str, list[str]] = {}
    if predikat not in Predikat.values:
        errors["predikat"] = [_("Pilih predikat yang valid.")]
    elif predikat == evaluation.predikat:
        errors["predikat"] = [_("Predikat baru sama dengan predikat saat ini.")]
    reason = _text(reason)
    if not reason:
        errors["reason"] = [_("Alasan kalibrasi wajib diisi.")]
    if errors:
        raise ValidationError(errors)
    EvaluationAdjustment.objects.create(
        evaluation=evaluation,
        from_predikat=evaluation.predikat,
        to_predikat=predikat,
        reason=reason,
        actor=actor,
    )
    old = _locked_predikat(evaluation)
    evaluation.predikat = predikat
    evaluation.status = EvaluationStatus.FINAL
    evaluation.credit_points = _credit_points_for(evaluation.skp, evaluation.period, predikat)
    evaluation.save(update_fields=["predikat", "status", "credit_points", "updated_at"])
    predikat_counts_moved(evaluation, old)
    return evaluation


def _locked_predikat(evaluation: Evaluation) -> str:
    """The stored predikat, the row locked: two changes of one evaluation move its count once
    each, from the value the other left."""
    return (
        Evaluation.objects.select_for_update()
        .values_list("predikat", flat=True)
        .get(pk=evaluation.pk)
    )


def _record_annual_predikat(evaluation: Evaluation) -> None:
    """The released annual predikat goes into the employee's record (source: SKP)."""
    if evaluation.period.kind != PeriodKind.YEAR:
        return
    AnnualPredikat.objects.update_or_create(
        employee_id=evaluation.skp.employee_id,
        year=evaluation.period.performance_year.year,
        defaults={"predikat": evaluation.predikat, "source": "skp"},
    )


@records_actor
@transaction.atomic
def evaluation_release(*, actor, evaluation: Evaluation) -> Evaluation:
    if evaluation.status not in (EvaluationStatus.DRAFT, EvaluationStatus.FINAL):
        _fail(None, _("Evaluasi ini sudah dirilis."))
    if not perms.can_release_evaluation(actor, evaluation):
        raise PermissionDenied(_("Hanya pejabat penilai yang dapat merilis evaluasi ini."))
    evaluation.status, evaluation.released_at = EvaluationStatus.RELEASED, timezone.now()
    evaluation.save(update_fields=["status", "released_at", "updated_at"])
    _record_annual_predikat(evaluation)
    notify(
        user=_user_of(evaluation.skp.employee),
        verb="evaluation_released",
        message=Text(
            gettext_noop("Hasil evaluasi kinerja periode %(code)s sudah dirilis: %(predikat)s."),
            {
                "code": evaluation.period.label_text,
                "predikat": choice_label(evaluation, "predikat"),
            },
        ),
        url=_evaluation_url(evaluation),
    )
    return evaluation


@records_actor
@transaction.atomic
def evaluation_acknowledge(*, actor, evaluation: Evaluation) -> Evaluation:
    if not perms.is_owner(actor, evaluation.skp):
        raise PermissionDenied(_("Hanya pegawai yang dinilai yang dapat menerima evaluasi."))
    if evaluation.status != EvaluationStatus.RELEASED:
        _fail(None, _("Hanya evaluasi yang sudah dirilis dan belum diterima yang dapat diterima."))
    evaluation.status, evaluation.acknowledged_at = EvaluationStatus.ACKNOWLEDGED, timezone.now()
    evaluation.save(update_fields=["status", "acknowledged_at", "updated_at"])
    return evaluation


def objection_deadline(evaluation: Evaluation) -> dt.date | None:
    if evaluation.released_at is None:
        return None
    released_on = timezone.localdate(evaluation.released_at)
    days = evaluation.period.performance_year.objection_days
    return released_on + dt.timedelta(days=days)


@records_actor
@transaction.atomic
def objection_file(*, actor, evaluation: Evaluation, reason: str) -> Objection:
    """Keberatan: the employee, within objection_days after release, once."""
    if not perms.is_owner(actor, evaluation.skp):
        raise PermissionDenied(_("Hanya pegawai yang dinilai yang dapat mengajukan keberatan."))
    if evaluation.status not in perms.RELEASED:
        _fail(None, _("Keberatan hanya untuk evaluasi yang sudah dirilis."))
    if Objection.objects.filter(evaluation=evaluation).exists():
        _fail(None, _("Keberatan atas evaluasi ini sudah pernah diajukan."), "duplicate")
    deadline = objection_deadline(evaluation)
    if deadline is not None and _today() > deadline:
        _fail(
            None,
            _("Batas waktu keberatan sudah lewat (%(date)s).")
            % {"date": deadline.strftime("%d-%m-%Y")},
            "late",
        )
    reason = _text(reason)
    if not reason:
        _fail("reason", _("Uraikan alasan keberatan."))
    objection = Objection.objects.create(evaluation=evaluation, reason=reason)
    skp = evaluation.skp
    notify(
        user=_user_of(skp.appraiser_superior),
        verb="objection_filed",
        message=Text(
            gettext_noop("%(name)s mengajukan keberatan atas evaluasi periode %(code)s."),
            {"name": skp.employee.name, "code": evaluation.period.label_text},
        ),
        url=_evaluation_url(evaluation),
    )
    return objection


@records_actor
@transaction.atomic
def objection_decide(
    *, actor, objection: Objection, upheld: bool, reason: str, new_predikat: str = ""
) -> Objection:
    """The appraiser's superior decides, with reasons; an upheld objection may set a new predikat."""
    evaluation = objection.evaluation
    if not perms.is_appraiser_superior(actor, evaluation.skp):
        raise PermissionDenied(_("Hanya atasan pejabat penilai yang dapat memutus keberatan."))
    if objection.status != ObjectionStatus.FILED:
        _fail(None, _("Keberatan ini sudah diputus."))
    errors: dict[str, list[str]] = {}
    reason = _text(reason)
    if not reason:
        errors["reason"] = [_("Alasan keputusan wajib diisi.")]
    new_predikat = _text(new_predikat)
    if upheld and new_predikat and new_predikat not in Predikat.values:
        errors["new_predikat"] = [_("Pilih predikat yang valid.")]
    if upheld and not new_predikat:
        errors["new_predikat"] = [_("Keberatan diterima: tetapkan predikat yang baru.")]
    if not upheld and new_predikat:
        errors["new_predikat"] = [_("Keberatan ditolak: predikat tidak berubah.")]
    if errors:
        raise ValidationError(errors)
    objection.status = ObjectionStatus.UPHELD if upheld else ObjectionStatus.REJECTED
    objection.decided_by, objection.decided_at = actor, timezone.now()
    objection.decision_reason = reason
    objection.new_predikat = new_predikat if upheld else ""
    objection.save()
    if upheld and new_predikat != evaluation.predikat:
        EvaluationAdjustment.objects.create(
            evaluation=evaluation,
            from_predikat=evaluation.predikat,
            to_predikat=new_predikat,
            reason=_("Keberatan diterima: %(reason)s") % {"reason": reason},
            actor=actor,
        )
        old = _locked_predikat(evaluation)
        evaluation.predikat = new_predikat
        evaluation.credit_points = _credit_points_for(
            evaluation.skp, evaluation.period, new_predikat
        )
        evaluation.save(update_fields=["predikat", "credit_points", "updated_at"])
        predikat_counts_moved(evaluation, old)
        _record_annual_predikat(evaluation)
    notify(
        user=_user_of(evaluation.skp.employee),
        verb="objection_decided",
        message=Text(
            gettext_noop("Keberatan Anda atas evaluasi periode %(code)s: %(status)s."),
            {"code": evaluation.period.label_text, "status": choice_label(objection, "status")},
        ),
        url=_evaluation_url(evaluation),
    )
    return objection


# ---------------------------------------------------------------- reminders


def deadline_reminders(*, today: dt.date | None = None, days_ahead: int = 3) -> int:
    """Notify employees whose SKP, realisation or evaluation deadline falls within `days_ahead`
    days. Run daily: a user gets one reminder per item within 20 hours. Returns the count."""
    from abdi.core.models import Notification

    today = today or _today()
    horizon = today + dt.timedelta(days=days_ahead)
    sent = 0

    def once(user, verb: str, message: str, url: str) -> None:
        nonlocal sent
        if user is None:
            return
        since = timezone.now() - dt.timedelta(hours=20)
        if Notification.objects.filter(
            user=user, verb=verb, url=url, created_at__gte=since
        ).exists():
            return
        notify(user=user, verb=verb, message=message, url=url)
        sent += 1

    for year in PerformanceYear.objects.filter(is_open=True, skp_deadline__range=(today, horizon)):
        pending = SKP.objects.filter(
            performance_year=year, status__in=(SKPStatus.DRAFT, SKPStatus.RETURNED)
        ).select_related("employee__user")
        for skp in pending:
            once(
                _user_of(skp.employee),
                "deadline_skp",
                Text(
                    gettext_noop("Batas penetapan SKP %(year)s: %(date)s. Segera ajukan SKP Anda."),
                    {"year": year.year, "date": year.skp_deadline.strftime("%d-%m-%Y")},
                ),
                _skp_url(skp),
            )
    periods = PerformancePeriod.objects.filter(
        is_closed=False, realisation_due__range=(today, horizon), performance_year__is_open=True
    )
    for period in periods:
        skps = SKP.objects.filter(
            performance_year_id=period.performance_year_id, status=SKPStatus.APPROVED
        ).select_related("employee__user")
        for skp in skps:
            once(
                _user_of(skp.employee),
                "deadline_realisation",
                Text(
                    gettext_noop("Batas pengisian realisasi periode %(code)s: %(date)s."),
                    {
                        "code": period.label_text,
                        "date": period.realisation_due.strftime("%d-%m-%Y"),
                    },
                ),
                reverse("performance:realisations", args=[skp.pk, period.code]),
            )
    return sent
