"""The panel's work and the outcome: conflicts, scores with revisions, track record, the
ranking and the appointment."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from abdi.accounts.models import User
from abdi.careers.models.selection import (
    Application,
    ApplicationAction,
    ApplicationState,
    Appointment,
    ConflictDeclaration,
    PanelMember,
    RankingEntry,
    Score,
    ScoreRevision,
    Selection,
    SelectionAction,
    SelectionStage,
    SelectionState,
    StageKind,
    TrackRecord,
)
from abdi.careers.permissions.selection import (
    can_manage_selections,
    has_conflict,
)
from abdi.careers.selectors import selection as selectors
from abdi.careers.services.selection.common import (
    application_step,
    lock_application,
    lock_selection,
    notify_applicant,
    prefill_track_record,
    require_admin,
    require_member,
    require_state,
    selection_step,
    today_local,
)
from abdi.careers.services.selection.written_test import close_overdue
from abdi.careers.services.talent_links import (
    record_selection_appointment,
    require_post_vacated,
)
from abdi.core.audit import records_actor
from abdi.employees.services import position_change
from abdi.org.models import Position

# --- panel: conflicts, scores, track record -------------------------------------------------------


@records_actor
@transaction.atomic
def conflict_declare(*, actor: User, application: Application, reason: str) -> ConflictDeclaration:
    """A panel member declares a conflict of interest with one applicant: from then on the
    member cannot score them and the stage score is taken over the others."""
    member = require_member(actor, application.selection)
    if not reason.strip():
        raise ValidationError({"reason": [_("Tulis hubungan atau alasan konflik kepentingan.")]})
    if has_conflict(member, application):
        raise ValidationError(_("Konflik kepentingan ini sudah dinyatakan."))
    return ConflictDeclaration.objects.create(
        member=member, application=application, reason=reason.strip()
    )


def _clean_score(raw: object, maximum: int) -> Decimal:
    try:
        value = Decimal(str(raw).replace(",", ".").strip())
    except (InvalidOperation, ValueError):
        value = None
    if value is None or not value.is_finite() or value < 0 or value > maximum:
        raise ValidationError(
            {
                "value": [
                    _("Nilai harus angka 0–%(max)d (diisi: %(raw)s).")
                    % {"max": maximum, "raw": raw}
                ]
            }
        )
    if value != value.quantize(Decimal("0.01")):
        raise ValidationError({"value": [_("Nilai paling banyak dua angka di belakang koma.")]})
    return value


@records_actor
@transaction.atomic
def score_submit(
    *,
    actor: User,
    application: Application,
    stage: SelectionStage,
    value: Decimal | int | str | None,
    note: str = "",
    reason: str = "",
) -> Score:
    """A panel member submits their score. A submitted score changes only with a reason, kept
    as a revision. Concurrent saves of one applicant are serialised on the application row."""
    member = require_member(actor, application.selection)
    application = lock_application(application)
    selection = application.selection
    if stage.selection_id != selection.pk or not stage.is_panel_scored:
        raise ValidationError(_("Tahap ini tidak dinilai oleh panitia."))
    if selection.state != SelectionState.SCORING:
        raise ValidationError(_("Penilaian seleksi ini tidak sedang berjalan."))
    if application.state != ApplicationState.ADMIN_PASSED:
        raise ValidationError(_("Hanya pelamar yang lulus administrasi yang dinilai."))
    if has_conflict(member, application):
        raise PermissionDenied(
            _("Anda menyatakan konflik kepentingan dengan pelamar ini dan tidak dapat menilainya.")
        )
    cleaned = _clean_score(value, stage.max_score)
    score = Score.objects.filter(application=application, stage=stage, member=member).first()
    if score is None:
        return Score.objects.create(
            application=application, stage=stage, member=member, value=cleaned, note=note.strip()
        )
    if not reason.strip():
        raise ValidationError(
            {"reason": [_("Nilai yang sudah dikirim hanya dapat diubah dengan alasan.")]}
        )
    if cleaned != score.value:
        ScoreRevision.objects.create(
            score=score,
            old_value=score.value,
            new_value=cleaned,
            reason=reason.strip(),
            actor=actor,
        )
    score.value, score.note = cleaned, note.strip() or score.note
    score.save()
    return score


@records_actor
@transaction.atomic
def track_record_adjust(
    *, actor: User, application: Application, value: Decimal | int | str | None, reason: str
) -> TrackRecord:
    """The panel (a member without a conflict) or BKPSDM adjusts the track record, with a reason."""
    if not can_manage_selections(actor):
        member = require_member(actor, application.selection)
        if has_conflict(member, application):
            raise PermissionDenied(_("Anda memiliki konflik kepentingan dengan pelamar ini."))
    application = lock_application(application)
    if application.selection.state != SelectionState.SCORING:
        raise ValidationError(_("Penilaian seleksi ini tidak sedang berjalan."))
    if application.state != ApplicationState.ADMIN_PASSED:
        raise ValidationError(_("Hanya pelamar yang lulus administrasi yang dinilai."))
    cleaned = _clean_score(value, 100)
    if not reason.strip():
        raise ValidationError({"reason": [_("Tulis alasan penyesuaian rekam jejak.")]})
    record = TrackRecord.objects.filter(application=application).first() or prefill_track_record(
        application
    )
    old = record.value
    record.adjusted, record.reason, record.adjusted_by = cleaned, reason.strip(), actor
    record.save()
    application_step(
        application,
        ApplicationAction.TRACK_RECORD,
        actor,
        f"{old} → {cleaned}: {reason.strip()}",
    )
    return record


# --- ranking and appointment ----------------------------------------------------------------------


def _members_yet_to_score(selection: Selection, applications: list[Application]) -> list[str]:
    """Every panel member without a declared conflict must have scored every applicant in every
    panel stage: one member's score is not the panel's judgement. One message per member and
    stage, naming the applicants still waiting."""
    stages = [s for s in selection.stages.all() if s.is_panel_scored]
    members = list(PanelMember.objects.filter(selection=selection).order_by("pk"))
    app_ids = [a.pk for a in applications]
    conflicts = set(
        ConflictDeclaration.objects.filter(application_id__in=app_ids).values_list(
            "member_id", "application_id"
        )
    )
    scored = set(
        Score.objects.filter(application_id__in=app_ids).values_list(
            "member_id", "stage_id", "application_id"
        )
    )
    problems = []
    for member in members:
        for stage in stages:
            waiting = [
                a.applicant_name
                for a in applications
                if (member.pk, a.pk) not in conflicts and (member.pk, stage.pk, a.pk) not in scored
            ]
            if waiting:
                problems.append(
                    _("%(member)s belum menilai tahap %(stage)s untuk: %(who)s.")
                    % {
                        "member": member.name,
                        "stage": StageKind(stage.kind).label,
                        "who": ", ".join(waiting),
                    }
                )
    return problems


@records_actor
@transaction.atomic
def ranking_propose(*, actor: User, selection: Selection) -> list[RankingEntry]:
    """Freeze the ranking (weighted totals, tie rule in abdi.careers.rules) and propose the top
    three in order. Refused while an applicant lacks a score in a panel stage."""
    require_admin(actor)
    selection = lock_selection(selection)
    require_state(
        selection, SelectionState.SCORING, message=_("Seleksi ini tidak dalam penilaian.")
    )
    close_overdue(selection.pk)  # an external applicant's test whose time ran out unsubmitted
    rows = selectors.live_ranking(selection)
    if not rows:
        raise ValidationError(_("Belum ada pelamar yang dinilai."))
    missing = [
        f"{row.application.applicant_name}: {StageKind(kind).label}"
        for row in rows
        for kind, value in row.scores.items()
        if value is None
    ]
    if missing:
        raise ValidationError(
            {"scores": [_("Nilai belum lengkap — %(m)s") % {"m": m} for m in missing]}
        )
    unscored = _members_yet_to_score(selection, [row.application for row in rows])
    if unscored:
        raise ValidationError({"scores": unscored})
    entries = []
    for row in rows:
        proposed = row.rank <= 3
        entries.append(
            RankingEntry.objects.create(
                selection=selection,
                application=row.application,
                rank=row.rank,
                total=row.total,
                stage_scores={
                    k: (str(v) if v is not None else None) for k, v in row.scores.items()
                },
                proposed=proposed,
            )
        )
        app = row.application
        app.state = ApplicationState.PROPOSED if proposed else ApplicationState.NOT_PROPOSED
        app.save(update_fields=["state", "updated_at"])
        application_step(
            app,
            ApplicationAction.PROPOSED if proposed else ApplicationAction.NOT_PROPOSED,
            actor,
            _("Peringkat %(r)d, nilai %(t)s") % {"r": row.rank, "t": row.total},
        )
    selection.state = SelectionState.RANKED
    selection.current_stage = None
    selection.save(update_fields=["state", "current_stage", "updated_at"])
    selection_step(selection, SelectionAction.RANKED, actor)
    return entries


@records_actor
@transaction.atomic
def appointment_decide(
    *,
    actor: User,
    application: Application,
    position: Position,
    decree_number: str,
    effective_from: dt.date,
    note: str = "",
) -> Appointment:
    """The PPK picks one of the top three (recorded by BKPSDM); the position change is written
    through abdi.employees.services.position_change. When every post is filled the results are
    announced."""
    require_admin(actor)
    application = lock_application(application)
    selection = lock_selection(application.selection)
    require_state(selection, SelectionState.RANKED, message=_("Tiga besar belum diusulkan."))
    errors: dict[str, list[str]] = {}
    if application.state != ApplicationState.PROPOSED:
        errors["application"] = [_("PPK hanya dapat memilih salah satu dari tiga besar.")]
    if application.employee_id is None:
        errors.setdefault("application", []).append(
            _("Pelamar dari instansi lain dicatat dulu sebagai pegawai (mutasi masuk).")
        )
    if not selection.positions.filter(pk=position.pk).exists():
        errors["position"] = [_("Jabatan ini tidak termasuk dalam seleksi.")]
    elif Appointment.objects.filter(selection=selection, position=position).exists():
        errors["position"] = [_("Jabatan ini sudah diisi dari seleksi ini.")]
    if effective_from > today_local():
        errors["effective_from"] = [
            _("TMT di masa depan: catat pengangkatan pada atau setelah TMT.")
        ]
    if not decree_number.strip():
        errors["decree_number"] = [_("Nomor SK wajib diisi.")]
    if errors:
        raise ValidationError(errors)
    assert application.employee is not None  # refused above (an external applicant)
    require_post_vacated(position=position, employee=application.employee)
    position_change(
        actor=actor,
        employee=application.employee,
        position=position,
        effective_from=effective_from,
        decree_number=decree_number.strip(),
        reason=_("Hasil seleksi: %(t)s") % {"t": selection.title},
    )
    appointment = Appointment.objects.create(
        selection=selection,
        application=application,
        position=position,
        decree_number=decree_number.strip(),
        effective_from=effective_from,
        decided_by=actor,
        note=note,
    )
    record_selection_appointment(actor=actor, appointment=appointment)
    application.state = ApplicationState.APPOINTED
    application.save(update_fields=["state", "updated_at"])
    application_step(application, ApplicationAction.APPOINTED, actor, decree_number.strip())
    filled = set(selection.appointments.values_list("position_id", flat=True))
    if filled >= set(selection.positions.values_list("pk", flat=True)):
        selection.state = SelectionState.DECIDED
        selection.results_announced_on = today_local()
        selection.save(update_fields=["state", "results_announced_on", "updated_at"])
        selection_step(selection, SelectionAction.DECIDED, actor)
    notify_applicant(application, _("Anda dipilih untuk %(p)s.") % {"p": position.name})
    return appointment
