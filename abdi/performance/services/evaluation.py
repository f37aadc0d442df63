"""Evaluation of an SKP per period: the rating and predikat (through the predikat matrix in force),
calibration adjustments, release, acknowledgement, and objections. Keyword-only, transactional,
actor recorded (see services/planning.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from abdi.accounts.models import User
from abdi.core.audit import records_actor
from abdi.core.choices import PositionKind, Predikat
from abdi.core.notifications import Text, choice_label, notify
from abdi.core.services import fail, require, user_of
from abdi.core.services import today as agency_today
from abdi.employees.models import AnnualPredikat
from abdi.employees.permissions import own_employee
from abdi.org.models import OrgUnit
from abdi.performance import permissions as perms
from abdi.performance import rules
from abdi.performance.choices import (
    EvaluationStatus,
    ObjectionStatus,
    PeriodKind,
    Rating,
    SKPStatus,
)
from abdi.performance.models.evaluation import Evaluation, EvaluationAdjustment, Objection
from abdi.performance.models.planning import SKP
from abdi.performance.models.years import OrgUnitPredikat, PerformancePeriod
from abdi.performance.selectors.reference import (
    credit_point_tables,
    head_rating_mapping,
    predikat_matrix,
)
from abdi.performance.services.common import clean_text, evaluation_url
from abdi.performance.services.counts import predikat_counts_moved, unit_counts_add

# ---------------------------------------------------------------- evaluation


def _credit_points_for(skp: SKP, period: PerformancePeriod, predikat: str) -> Decimal | None:
    if period.kind != PeriodKind.YEAR:
        return None
    kind = skp.position.kind if skp.position else None
    if kind not in PositionKind.functional():
        return None
    coefficients, percentages = credit_point_tables(period.end)
    return rules.credit_points(predikat, kind, coefficients, percentages)


def require_appraiser(actor: User, skp: SKP) -> None:
    """Only the appraiser (never the owner) rates an SKP. evaluation_create and the API (before
    it reads the input) ask here."""
    require(
        not perms.is_owner(actor, skp) and perms.can_evaluate(actor, skp),
        _("Hanya pejabat penilai yang dapat menilai pegawai ini."),
    )


@records_actor
@transaction.atomic
def evaluation_create(
    *,
    actor: User,
    skp: SKP,
    period: PerformancePeriod,
    work_result_rating: str,
    behaviour_rating: str,
    notes: str = "",
) -> Evaluation:
    """The appraiser rates work results and behaviour; the predikat follows from the matrix. For a
    unit head the work-result rating is the unit's organisational predikat of that period."""
    require_appraiser(actor, skp)
    evaluator = own_employee(actor)
    assert evaluator is not None  # an appraiser holds a position, so is an employee
    if skp.status != SKPStatus.APPROVED:
        fail(_("Hanya SKP yang berlaku (disetujui) yang dapat dinilai."))
    if period.performance_year_id != skp.performance_year_id:
        fail(_("Periode tidak termasuk tahun SKP ini."), field="period")
    if Evaluation.objects.filter(
        skp__employee_id=skp.employee_id,
        skp__performance_year_id=skp.performance_year_id,
        period=period,
    ).exists():
        fail(
            _("Pegawai ini sudah dinilai untuk periode %(code)s.") % {"code": period.label},
            field="period",
        )
    errors: dict[str, list[str]] = {}
    position = skp.position
    from_org = bool(position is not None and position.is_unit_head)
    if position is not None and from_org:
        unit_id = position.org_unit_id
        row = OrgUnitPredikat.objects.filter(org_unit_id=unit_id, period=period).first()
        if row is None:
            unit = OrgUnit.objects.filter(pk=unit_id).values_list("name", flat=True).first()
            fail(
                _(
                    "Pegawai ini kepala unit: rating hasil kerjanya diambil dari predikat kinerja "
                    "unit %(unit)s periode %(code)s, yang belum dicatat BKPSDM."
                )
                % {"unit": unit, "code": period.label},
                field="work_result_rating",
            )
        try:
            work_result_rating = rules.head_work_rating(
                row.predikat, head_rating_mapping(period.end)
            )
        except ValueError:
            fail(_("Tabel rating kepala unit belum lengkap."), field="work_result_rating")
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
        fail(_("Matriks predikat yang berlaku belum lengkap; hubungi admin BKPSDM."))
    try:
        with transaction.atomic():
            evaluation = Evaluation.objects.create(
                skp=skp,
                period=period,
                work_result_rating=work_result_rating,
                work_result_from_org_predikat=from_org,
                behaviour_rating=behaviour_rating,
                predikat=predikat,
                notes=clean_text(notes),
                evaluator=evaluator,
                credit_points=_credit_points_for(skp, period, predikat),
            )
    except IntegrityError:
        fail(
            _("Pegawai ini sudah dinilai untuk periode %(code)s.") % {"code": period.label},
            field="period",
        )
    unit_counts_add(employee=skp.employee, period=period, evaluated=1)
    predikat_counts_moved(evaluation, None)
    return evaluation


@records_actor
@transaction.atomic
def evaluation_adjust(
    *, actor: User, evaluation: Evaluation, predikat: str, reason: str
) -> Evaluation:
    """Calibration before release (unit head of the chain or BKPSDM admin), always with a reason."""
    if evaluation.status not in (EvaluationStatus.DRAFT, EvaluationStatus.FINAL):
        fail(_("Evaluasi yang sudah dirilis tidak dapat dikalibrasi."))
    if not perms.can_adjust_evaluation(actor, evaluation):
        raise PermissionDenied(_("Hanya kepala unit atau admin BKPSDM yang dapat mengkalibrasi."))
    errors: dict[str, list[str]] = {}
    if predikat not in Predikat.values:
        errors["predikat"] = [_("Pilih predikat yang valid.")]
    elif predikat == evaluation.predikat:
        errors["predikat"] = [_("Predikat baru sama dengan predikat saat ini.")]
    reason = clean_text(reason)
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
def evaluation_release(*, actor: User, evaluation: Evaluation) -> Evaluation:
    if evaluation.status not in (EvaluationStatus.DRAFT, EvaluationStatus.FINAL):
        fail(_("Evaluasi ini sudah dirilis."))
    if not perms.can_release_evaluation(actor, evaluation):
        raise PermissionDenied(_("Hanya pejabat penilai yang dapat merilis evaluasi ini."))
    evaluation.status, evaluation.released_at = EvaluationStatus.RELEASED, timezone.now()
    evaluation.save(update_fields=["status", "released_at", "updated_at"])
    _record_annual_predikat(evaluation)
    notify(
        user=user_of(evaluation.skp.employee),
        verb="evaluation_released",
        message=Text(
            gettext_noop("Hasil evaluasi kinerja periode %(code)s sudah dirilis: %(predikat)s."),
            {
                "code": evaluation.period.label_text,
                "predikat": choice_label(evaluation, "predikat"),
            },
        ),
        url=evaluation_url(evaluation),
    )
    return evaluation


@records_actor
@transaction.atomic
def evaluation_acknowledge(*, actor: User, evaluation: Evaluation) -> Evaluation:
    if not perms.is_owner(actor, evaluation.skp):
        raise PermissionDenied(_("Hanya pegawai yang dinilai yang dapat menerima evaluasi."))
    if evaluation.status != EvaluationStatus.RELEASED:
        fail(_("Hanya evaluasi yang sudah dirilis dan belum diterima yang dapat diterima."))
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
def objection_file(*, actor: User, evaluation: Evaluation, reason: str) -> Objection:
    """Keberatan: the employee, within objection_days after release, once."""
    if not perms.is_owner(actor, evaluation.skp):
        raise PermissionDenied(_("Hanya pegawai yang dinilai yang dapat mengajukan keberatan."))
    if evaluation.status not in perms.RELEASED:
        fail(_("Keberatan hanya untuk evaluasi yang sudah dirilis."))
    if Objection.objects.filter(evaluation=evaluation).exists():
        fail(_("Keberatan atas evaluasi ini sudah pernah diajukan."))
    deadline = objection_deadline(evaluation)
    if deadline is not None and agency_today() > deadline:
        fail(
            _("Batas waktu keberatan sudah lewat (%(date)s).")
            % {"date": deadline.strftime("%d-%m-%Y")}
        )
    reason = clean_text(reason)
    if not reason:
        fail(_("Uraikan alasan keberatan."), field="reason")
    objection = Objection.objects.create(evaluation=evaluation, reason=reason)
    skp = evaluation.skp
    notify(
        user=user_of(skp.appraiser_superior),
        verb="objection_filed",
        message=Text(
            gettext_noop("%(name)s mengajukan keberatan atas evaluasi periode %(code)s."),
            {"name": skp.employee.name, "code": evaluation.period.label_text},
        ),
        url=evaluation_url(evaluation),
    )
    return objection


@records_actor
@transaction.atomic
def objection_decide(
    *, actor: User, objection: Objection, upheld: bool, reason: str, new_predikat: str = ""
) -> Objection:
    """The appraiser's superior decides, with reasons; an upheld objection may set a new predikat."""
    evaluation = objection.evaluation
    if not perms.is_appraiser_superior(actor, evaluation.skp):
        raise PermissionDenied(_("Hanya atasan pejabat penilai yang dapat memutus keberatan."))
    if objection.status != ObjectionStatus.FILED:
        fail(_("Keberatan ini sudah diputus."))
    errors: dict[str, list[str]] = {}
    reason = clean_text(reason)
    if not reason:
        errors["reason"] = [_("Alasan keputusan wajib diisi.")]
    new_predikat = clean_text(new_predikat)
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
        user=user_of(evaluation.skp.employee),
        verb="objection_decided",
        message=Text(
            gettext_noop("Keberatan Anda atas evaluasi periode %(code)s: %(status)s."),
            {"code": evaluation.period.label_text, "status": choice_label(objection, "status")},
        ),
        url=evaluation_url(evaluation),
    )
    return objection
