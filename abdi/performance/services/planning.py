"""Every write of SKP planning (Permen PANRB 6/2022): the SKP with its appraiser chain, cascaded work
results (RHK) and indicators, behaviour expectations, and the workflow (submit, return, approve,
revise). Each service is keyword-only, takes the `actor`, runs in a transaction, records the actor
in simple-history, raises a ValidationError with an Indonesian message (nothing written) or
PermissionDenied. Out-of-scope objects are the view's job (404 through the scoped querysets of
permissions.py). The regulation's rules live in rules.py; their tables are read by
selectors/reference.py."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from abdi.accounts.models import User
from abdi.core.audit import records_actor
from abdi.core.notifications import Text, notify
from abdi.core.services import fail, require, user_of
from abdi.employees.models import Employee
from abdi.employees.permissions import can_edit_employee
from abdi.employees.positions import MAX_CHAIN, position_holder, position_of, supervisor_of
from abdi.org.models import Position
from abdi.performance import permissions as perms
from abdi.performance.choices import (
    Approach,
    IndicatorAspect,
    SKPAction,
    SKPStatus,
    WorkResultKind,
)
from abdi.performance.models.planning import SKP, BehaviourExpectation, Indicator, WorkResult
from abdi.performance.models.reference import BehaviourValue
from abdi.performance.models.years import PerformanceYear
from abdi.performance.services.common import (
    OPEN_STATUSES,
    clean_text,
    date_in_year,
    lock_skp,
    record_event,
    skp_url,
)
from abdi.performance.services.counts import skp_counts_changed

# ---------------------------------------------------------------- planning


def _holder_above(position_id: int | None, on: dt.date, exclude: set[int]) -> tuple:
    """(holder, position id) of the first position above `position_id` with someone in it who is
    not excluded; walks `reports_to` like employees.positions.supervisor_of (acting officials win)."""
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


def derive_chain(employee: Employee, on: dt.date) -> tuple[Employee | None, Employee | None]:
    """The appraiser (employees.positions.supervisor_of) and the appraiser's superior: the holder above
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
def skp_create(
    *, actor: User, employee: Employee, year: int, approach: str = "quantitative"
) -> SKP:
    """The year's SKP of an employee (by the employee, or an operator/admin for them). The
    appraiser and the appraiser's superior come from the position tree on that date, acting
    officials included; without a supervisor the SKP is written from the performance agreement."""
    own = employee.user_id is not None and employee.user_id == actor.pk
    if not own and not can_edit_employee(actor, employee):
        raise PermissionDenied(_("Anda tidak dapat membuat SKP untuk pegawai ini."))
    if approach not in Approach.values:
        fail(_("Pilih pendekatan kuantitatif atau kualitatif."), field="approach")
    performance_year = PerformanceYear.objects.filter(year=year).first()
    if performance_year is None:
        fail(_("Tahun kinerja %(year)s belum dibuka oleh BKPSDM.") % {"year": year}, field="year")
    if not performance_year.is_open:
        fail(_("Tahun kinerja %(year)s sudah ditutup.") % {"year": year}, field="year")
    if not employee.is_active:
        fail(_("Pegawai tidak aktif."), field="employee")
    existing = SKP.objects.filter(employee=employee, performance_year=performance_year)
    if existing.exists():
        fail(
            _(
                "SKP tahun %(year)s untuk pegawai ini sudah ada. Ubah SKP yang ada atau buat versi "
                "baru dari SKP yang sudah disetujui."
            )
            % {"year": year},
            field="year",
        )
    on = date_in_year(year)
    appraiser, superior = derive_chain(employee, on)
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
    record_event(skp, SKPAction.CREATE, actor)
    return skp


def _check_supports(skp: SKP, kind: str, supports: WorkResult | None) -> None:
    if kind == WorkResultKind.MAIN and not skp.from_performance_agreement and supports is None:
        fail(
            _(
                "RHK utama wajib mendukung (mengintervensi) satu RHK atasan dari SKP atasan yang "
                "sudah disetujui."
            ),
            field="supports",
        )
    if supports is None:
        return
    if skp.from_performance_agreement:
        fail(
            _("SKP pimpinan tertinggi disusun dari perjanjian kinerja, tanpa RHK atasan."),
            field="supports",
        )
    target = supports.skp
    if (
        skp.appraiser_id is None
        or target.employee_id != skp.appraiser_id
        or target.performance_year_id != skp.performance_year_id
    ):
        fail(
            _(
                "RHK yang diintervensi harus RHK dari SKP pejabat penilai Anda pada tahun yang sama."
            ),
            field="supports",
        )
    if target.status != SKPStatus.APPROVED:
        fail(
            _("RHK yang diintervensi harus berasal dari SKP atasan yang sudah disetujui."),
            field="supports",
        )
    if supports.kind != WorkResultKind.MAIN:
        fail(_("Hanya RHK utama atasan yang dapat diintervensi."), field="supports")


def require_owner(actor: User, skp: SKP) -> None:
    """Only the SKP's owner changes its content. The services below and the API (before it reads
    the input, so that a visitor learns nothing from a 400) ask here."""
    require(perms.is_owner(actor, skp), _("Hanya pemilik SKP yang dapat mengubah isinya."))


def _require_editable(actor: User, skp: SKP) -> None:
    require_owner(actor, skp)
    if skp.status not in perms.EDITABLE:
        fail(
            _("SKP berstatus %(status)s tidak dapat diubah. Setelah disetujui, buat versi baru.")
            % {"status": skp.get_status_display()}
        )


@records_actor
@transaction.atomic
def work_result_add(
    *, actor: User, skp: SKP, title: str, kind: str = "main", supports: WorkResult | None = None
) -> WorkResult:
    # Numbering is Max(order) + 1: hold the SKP row so that concurrent adds take turns (and the
    # status checked below is the current one).
    lock_skp(skp)
    _require_editable(actor, skp)
    title = clean_text(title)
    if not title:
        fail(_("Rencana hasil kerja wajib diisi."), field="title")
    if kind not in WorkResultKind.values:
        fail(_("Pilih jenis hasil kerja: utama atau tambahan."), field="kind")
    _check_supports(skp, kind, supports)
    order = (skp.work_results.aggregate(m=Max("order"))["m"] or 0) + 1
    return WorkResult.objects.create(
        skp=skp, kind=kind, title=title[:500], supports=supports, order=order
    )


@records_actor
@transaction.atomic
def work_result_update(
    *, actor: User, work_result: WorkResult, title: str, supports: WorkResult | None = None
) -> WorkResult:
    skp = work_result.skp
    _require_editable(actor, skp)
    title = clean_text(title)
    if not title:
        fail(_("Rencana hasil kerja wajib diisi."), field="title")
    _check_supports(skp, work_result.kind, supports)
    work_result.title, work_result.supports = title[:500], supports
    work_result.save(update_fields=["title", "supports", "updated_at"])
    return work_result


@records_actor
@transaction.atomic
def work_result_delete(*, actor: User, work_result: WorkResult) -> None:
    _require_editable(actor, work_result.skp)
    if work_result.supported_by.exists():
        fail(_("RHK ini sudah diintervensi oleh RHK bawahan dan tidak dapat dihapus."))
    if work_result.activities.exists():
        fail(_("RHK ini sudah memiliki catatan kegiatan dan tidak dapat dihapus."))
    work_result.delete()


def _clean_indicator(
    skp: SKP,
    aspect: str,
    description: str,
    target_value: Decimal | int | str | None,
    target_unit: str,
    target_description: str,
) -> tuple[str, str, Decimal | None, str, str]:
    errors: dict[str, list[str]] = {}
    if aspect not in IndicatorAspect.values:
        errors["aspect"] = [_("Pilih aspek indikator: kuantitas, kualitas, waktu, atau biaya.")]
    description = clean_text(description)
    if not description:
        errors["description"] = [_("Uraian indikator wajib diisi.")]
    target_unit, target_description = clean_text(target_unit), clean_text(target_description)
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
    actor: User,
    work_result: WorkResult,
    aspect: str,
    description: str,
    target_value: Decimal | int | str | None = None,
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
    actor: User,
    indicator: Indicator,
    aspect: str,
    description: str,
    target_value: Decimal | int | str | None = None,
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
def indicator_delete(*, actor: User, indicator: Indicator) -> None:
    _require_editable(actor, indicator.work_result.skp)
    if indicator.realisations.exists():
        fail(_("Indikator ini sudah memiliki realisasi dan tidak dapat dihapus."))
    indicator.delete()


@records_actor
@transaction.atomic
def expectations_set(
    *, actor: User, skp: SKP, expectations: dict[int, str]
) -> list[BehaviourExpectation]:
    """The appraiser's specific expectation per BerAKHLAK value {behaviour_value id: text}; an
    empty text removes that expectation."""
    if not perms.can_write_expectations(actor, skp):
        if skp.status not in (*perms.EDITABLE, SKPStatus.SUBMITTED):
            fail(_("Ekspektasi SKP yang sudah disetujui tidak dapat diubah."))
        raise PermissionDenied(_("Hanya pejabat penilai yang menulis ekspektasi perilaku."))
    values = {v.pk: v for v in BehaviourValue.objects.all()}
    unknown = [k for k in expectations if int(k) not in values]
    if unknown:
        fail(_("Nilai BerAKHLAK tidak dikenal."), field="expectations")
    existing = {e.behaviour_value_id: e for e in skp.behaviour_expectations.all()}
    for key, raw in expectations.items():
        value_id, note = int(key), clean_text(raw)
        row = existing.get(value_id)
        if not note:
            if row is not None:
                row.delete()
            continue
        if row is None:
            BehaviourExpectation.objects.create(
                skp=skp, behaviour_value=values[value_id], expectation=note, written_by=actor
            )
        elif row.expectation != note:
            row.expectation, row.written_by = note, actor
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
def skp_submit(*, actor: User, skp: SKP) -> SKP:
    if not perms.is_owner(actor, skp):
        raise PermissionDenied(_("Hanya pemilik SKP yang dapat mengajukannya."))
    lock_skp(skp)
    if skp.status not in perms.EDITABLE:
        fail(_("Hanya SKP berstatus draf atau dikembalikan yang dapat diajukan."))
    problems = submit_problems(skp)
    if problems:
        raise ValidationError(problems, code="incomplete")
    skp.status, skp.submitted_at = SKPStatus.SUBMITTED, timezone.now()
    skp.save(update_fields=["status", "submitted_at", "updated_at"])
    record_event(skp, SKPAction.SUBMIT, actor)
    notify(
        user=user_of(skp.appraiser),
        verb="skp_submitted",
        message=Text(
            gettext_noop("%(name)s mengajukan SKP %(year)s untuk disetujui."),
            {"name": skp.employee.name, "year": skp.performance_year.year},
        ),
        url=skp_url(skp),
    )
    return skp


def _require_approver(actor: User, skp: SKP) -> None:
    if perms.is_owner(actor, skp):
        fail(_("Pegawai tidak dapat menyetujui atau mengembalikan SKP miliknya sendiri."))
    lock_skp(skp)
    if skp.status != SKPStatus.SUBMITTED:
        fail(_("Hanya SKP yang sudah diajukan yang dapat disetujui atau dikembalikan."))
    if not perms.can_approve_skp(actor, skp):
        raise PermissionDenied(_("Hanya pejabat penilai yang dapat memutuskan SKP ini."))


@records_actor
@transaction.atomic
def skp_return(*, actor: User, skp: SKP, note: str) -> SKP:
    _require_approver(actor, skp)
    note = clean_text(note)
    if not note:
        fail(_("Tuliskan catatan perbaikan untuk pegawai."), field="note")
    skp.status = SKPStatus.RETURNED
    skp.save(update_fields=["status", "updated_at"])
    record_event(skp, SKPAction.RETURN, actor, note)
    notify(
        user=user_of(skp.employee),
        verb="skp_returned",
        message=Text(
            gettext_noop("SKP %(year)s Anda dikembalikan untuk diperbaiki: %(note)s"),
            {"year": skp.performance_year.year, "note": note[:200]},
        ),
        url=skp_url(skp),
    )
    return skp


@records_actor
@transaction.atomic
def skp_approve(*, actor: User, skp: SKP, note: str = "") -> SKP:
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
    record_event(skp, SKPAction.APPROVE, actor, clean_text(note))
    notify(
        user=user_of(skp.employee),
        verb="skp_approved",
        message=Text(
            gettext_noop("SKP %(year)s Anda (versi %(v)d) disetujui."),
            {"year": skp.performance_year.year, "v": skp.version},
        ),
        url=skp_url(skp),
    )
    return skp


@records_actor
@transaction.atomic
def skp_revise(*, actor: User, skp: SKP) -> SKP:
    """A new draft version copying the approved one's RHK, indicators and expectations. The
    approved version stays current until the new one is approved."""
    if not perms.is_owner(actor, skp):
        raise PermissionDenied(_("Hanya pemilik SKP yang dapat membuat versi baru."))
    lock_skp(skp)
    if skp.status != SKPStatus.APPROVED:
        fail(_("Versi baru hanya dapat dibuat dari SKP yang berlaku (disetujui)."))
    if SKP.objects.filter(
        employee_id=skp.employee_id,
        performance_year_id=skp.performance_year_id,
        status__in=OPEN_STATUSES,
    ).exists():
        fail(_("Masih ada versi SKP tahun ini yang belum disetujui."))
    if not skp.performance_year.is_open:
        fail(_("Tahun kinerja ini sudah ditutup."))
    version = (
        SKP.objects.filter(
            employee_id=skp.employee_id, performance_year_id=skp.performance_year_id
        ).aggregate(m=Max("version"))["m"]
        or 0
    ) + 1
    on = date_in_year(skp.performance_year.year)
    appraiser, superior = derive_chain(skp.employee, on)
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
    record_event(
        new,
        SKPAction.REVISE,
        actor,
        _("Versi %(v)d dari versi %(p)d.") % {"v": version, "p": skp.version},
    )
    return new
