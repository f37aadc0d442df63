"""Setting up a selection: create, edit, requirements, stages and weights, panel, the
state changes up to scoring."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from abdi.accounts.models import User
from abdi.accounts.roles import Role
from abdi.careers import rules
from abdi.careers.models.selection import (
    AgeReading,
    Application,
    ApplicationState,
    Objection,
    ObjectionStatus,
    PanelMember,
    PanelRole,
    RuleKind,
    Selection,
    SelectionAction,
    SelectionKind,
    SelectionRequirement,
    SelectionStage,
    SelectionState,
    StageKind,
)
from abdi.careers.selectors import selection as selectors
from abdi.careers.services.selection.common import (
    EDITABLE_STATES,
    PANEL_EDITABLE,
    lock_selection,
    prefill_track_record,
    require_admin,
    require_state,
    selection_step,
    today_local,
)
from abdi.careers.services.selection.eligibility import eligibility_queue
from abdi.careers.services.selection.schedule import Window, window_problems
from abdi.core.audit import records_actor
from abdi.core.choices import Predikat
from abdi.learning.models import Quiz
from abdi.org.models import Position

# --- selection set-up -----------------------------------------------------------------------------


def _check_selection(
    title: str,
    kind: str,
    positions: Sequence[Position],
    opens_on: dt.date | None,
    closes_on: dt.date | None,
    objection_days: int,
) -> None:
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [_("Judul seleksi wajib diisi.")]
    if kind not in SelectionKind.values:
        errors["kind"] = [_("Jenis seleksi tidak dikenal.")]
    if not positions:
        errors["positions"] = [_("Pilih minimal satu jabatan yang diisi.")]
    elif any(not p.is_active for p in positions):
        errors["positions"] = [_("Ada jabatan yang sudah tidak aktif.")]
    if opens_on and closes_on and closes_on < opens_on:
        errors["closes_on"] = [_("Tanggal penutupan tidak boleh sebelum pembukaan.")]
    if not 1 <= int(objection_days) <= 30:
        errors["objection_days"] = [_("Masa sanggah 1–30 hari.")]
    if errors:
        raise ValidationError(errors)


def _clean_documents(names: Sequence[str]) -> list[str]:
    cleaned = []
    for name in names:
        name = str(name).strip()[:120]
        if name and name not in cleaned:
            cleaned.append(name)
    return cleaned


@records_actor
@transaction.atomic
def selection_create(
    *,
    actor: User,
    title: str,
    kind: str,
    positions: Sequence,
    opens_on: dt.date,
    closes_on: dt.date,
    announcement: str = "",
    objection_days: int = 3,
    required_documents: Sequence[str] = (),
) -> Selection:
    """A draft selection with the requirements and stages pre-filled from the reference data
    for the kind of the (first) target post and the kind of selection."""
    require_admin(actor)
    positions = list(positions)
    _check_selection(title, kind, positions, opens_on, closes_on, objection_days)
    selection = Selection.objects.create(
        title=title.strip(),
        kind=kind,
        opens_on=opens_on,
        closes_on=closes_on,
        announcement=announcement,
        objection_days=objection_days,
        required_documents=_clean_documents(required_documents),
        created_by=actor,
    )
    selection.positions.set(positions)
    for row in selectors.requirement_defaults(positions[0].kind, opens_on):
        SelectionRequirement.objects.create(selection=selection, rule=row.rule, params=row.params)
    for row in selectors.stage_defaults(kind, opens_on):
        SelectionStage.objects.create(
            selection=selection, kind=row.stage, order=row.order, weight=row.weight
        )
    selection_step(selection, SelectionAction.CREATED, actor)
    return selection


@records_actor
@transaction.atomic
def selection_update(
    *,
    actor: User,
    selection: Selection,
    title: str,
    kind: str,
    positions: Sequence,
    opens_on: dt.date,
    closes_on: dt.date,
    announcement: str = "",
    objection_days: int = 3,
    required_documents: Sequence[str] = (),
) -> Selection:
    require_admin(actor)
    selection = lock_selection(selection)
    require_state(
        selection, *EDITABLE_STATES, message=_("Seleksi yang sudah diumumkan tidak dapat diubah.")
    )
    positions = list(positions)
    _check_selection(title, kind, positions, opens_on, closes_on, objection_days)
    selection.title, selection.kind = title.strip(), kind
    selection.opens_on, selection.closes_on = opens_on, closes_on
    selection.announcement, selection.objection_days = announcement, objection_days
    selection.required_documents = _clean_documents(required_documents)
    problems = window_problems(
        selection,
        [(s.kind, (s.starts_at, s.ends_at), s.quiz_id is not None) for s in selection.stages.all()],
    )
    if problems:
        raise ValidationError({"closes_on": problems})
    selection.save()
    selection.positions.set(positions)
    selection_step(selection, SelectionAction.UPDATED, actor)
    return selection


def _clean_params(rule: str, params: Mapping) -> dict:
    """Check a requirement's parameters; return them normalised."""
    tables = selectors.selection_tables()
    label = RuleKind(rule).label
    try:
        if rule == RuleKind.MIN_EDUCATION:
            level = str(params.get("level", ""))
            if level not in tables.education:
                raise ValueError
            return {"level": level}
        if rule == RuleKind.MIN_RANK:
            rank = str(params.get("rank", ""))
            if rank not in tables.ranks:
                raise ValueError
            return {"rank": rank}
        if rule == RuleKind.POSITION_EXPERIENCE:
            kinds = [str(k) for k in params.get("kinds") or []]
            years = int(params.get("years", ""))
            if (
                not kinds
                or any(k not in tables.position_kinds for k in kinds)
                or not 0 < years < 40
            ):
                raise ValueError
            return {"kinds": kinds, "years": years}
        if rule == RuleKind.TOTAL_EXPERIENCE:
            years = int(params.get("years", ""))
            if not 0 < years < 40:
                raise ValueError
            return {"years": years}
        if rule == RuleKind.MAX_AGE:
            years = int(params.get("years", ""))
            reading = str(params.get("reading") or AgeReading.COMPLETED_YEARS)
            if not 18 < years < 80 or reading not in AgeReading.values:
                raise ValueError
            return {"years": years, "reading": reading}
        if rule == RuleKind.PREDIKAT:
            years = int(params.get("years", ""))
            minimum = str(params.get("minimum") or Predikat.BAIK)
            if not 0 < years <= 5 or minimum not in Predikat.values:
                raise ValueError
            return {"years": years, "minimum": minimum}
        if rule == RuleKind.NO_DISCIPLINE:
            return {}
        if rule == RuleKind.MIN_JPM:
            percent = Decimal(str(params.get("percent")))
            if not Decimal(0) < percent <= Decimal(100):
                raise ValueError
            return {"percent": str(percent)}
    except (TypeError, ValueError, InvalidOperation):
        pass
    raise ValidationError(
        {"requirements": [_("Parameter syarat %(rule)s tidak valid.") % {"rule": label}]}
    )


@records_actor
@transaction.atomic
def requirements_set(
    *, actor: User, selection: Selection, requirements: Sequence[tuple[str, Mapping]]
) -> list[SelectionRequirement]:
    """Replace the selection's requirements (only before it is announced)."""
    require_admin(actor)
    selection = lock_selection(selection)
    require_state(
        selection,
        *EDITABLE_STATES,
        message=_("Syarat seleksi yang sudah diumumkan tidak dapat diubah."),
    )
    seen, cleaned = set(), []
    for rule, params in requirements:
        if rule not in RuleKind.values:
            raise ValidationError({"requirements": [_("Syarat tidak dikenal.")]})
        if rule in seen:
            raise ValidationError(
                {"requirements": [_("Syarat %(r)s ganda.") % {"r": RuleKind(rule).label}]}
            )
        seen.add(rule)
        cleaned.append((rule, _clean_params(rule, params)))
    selection.requirements.all().delete()
    rows = [
        SelectionRequirement.objects.create(selection=selection, rule=rule, params=params)
        for rule, params in cleaned
    ]
    selection_step(selection, SelectionAction.UPDATED, actor, _("Syarat seleksi diubah."))
    return rows


STAGE_ORDER = list(StageKind.values)


@records_actor
@transaction.atomic
def stages_set(
    *,
    actor: User,
    selection: Selection,
    weights: Mapping[str, int | str | None],
    quiz: Quiz | None = None,
    windows: Mapping[str, Window] | None = None,
) -> list[SelectionStage]:
    """Set the stages and their weights: {stage kind: weight, or None for a stage left out}.
    The scored stages' weights must sum to exactly 100; the administrative stage is pass/fail.
    `quiz`: an Abdi e-learning quiz taken as the written test (its score is the stage's; the
    test needs a window). `windows`: {stage kind: (start, end)} — when each stage runs."""
    require_admin(actor)
    selection = lock_selection(selection)
    require_state(
        selection,
        *EDITABLE_STATES,
        message=_("Tahap seleksi yang sudah diumumkan tidak dapat diubah."),
    )
    chosen: dict[str, int] = {}
    for kind, weight in weights.items():
        if kind not in StageKind.values:
            raise ValidationError({"stages": [_("Tahap tidak dikenal.")]})
        if weight is None or weight == "":
            continue
        try:
            value = int(weight)
        except (TypeError, ValueError):
            value = -1
        if value < 0 or value > 100:
            raise ValidationError(
                {"stages": [_("Bobot %(s)s harus 0–100.") % {"s": StageKind(kind).label}]}
            )
        chosen[kind] = value
    problems = rules.weight_problems(chosen, {StageKind.ADMINISTRATIVE})
    if problems:
        raise ValidationError({"stages": problems})
    if quiz is not None and StageKind.WRITTEN_TEST not in chosen:
        raise ValidationError(
            {"quiz": [_("Kuis hanya dapat dipakai bila ada tahap ujian tertulis.")]}
        )
    if quiz is not None and quiz.max_attempts > 1:
        raise ValidationError(
            {
                "quiz": [
                    _(
                        "Kuis ujian tertulis hanya boleh dikerjakan satu kali: ubah batas "
                        "percobaan kuis ini menjadi 1 di e-learning, lalu pilih lagi."
                    )
                ]
            }
        )
    windows = windows or {}
    problems = window_problems(
        selection,
        [
            (
                kind,
                windows.get(kind, (None, None)),
                quiz is not None and kind == StageKind.WRITTEN_TEST,
            )
            for kind in chosen
        ],
    )
    if problems:
        raise ValidationError({"stages": problems})
    selection.stages.all().delete()
    rows = [
        SelectionStage.objects.create(
            selection=selection,
            kind=kind,
            order=STAGE_ORDER.index(kind) + 1,
            weight=chosen[kind],
            quiz=quiz if kind == StageKind.WRITTEN_TEST else None,
            starts_at=windows.get(kind, (None, None))[0],
            ends_at=windows.get(kind, (None, None))[1],
        )
        for kind in STAGE_ORDER
        if kind in chosen
    ]
    selection_step(selection, SelectionAction.UPDATED, actor, _("Tahap dan bobot diubah."))
    return rows


@dataclass(frozen=True)
class PanelInput:
    user: User | None  # None: the member has no Abdi account (refused)
    name: str
    is_internal: bool
    institution: str = ""
    role: str = PanelRole.MEMBER


def _grant_panel_role(user: User) -> None:
    """The `selection_panel` Group opens the doors; the scope is the user's PanelMember rows.
    No RoleAssignment: that would make the user look agency-wide to role checks elsewhere."""
    user.groups.add(Group.objects.get_or_create(name=Role.SELECTION_PANEL)[0])


def _revoke_panel_role_if_unused(user: User) -> None:
    if not PanelMember.objects.filter(user=user).exists():
        user.groups.remove(*Group.objects.filter(name=Role.SELECTION_PANEL))


@records_actor
@transaction.atomic
def panel_set(
    *, actor: User, selection: Selection, members: Sequence[PanelInput]
) -> list[PanelMember]:
    """Set the whole panel at once: an odd number of 5–9 members, at most 45 % internal (the
    limits are reference data); refused with the numbers otherwise."""
    require_admin(actor)
    selection = lock_selection(selection)
    require_state(
        selection,
        *PANEL_EDITABLE,
        message=_("Panitia seleksi tidak dapat diubah setelah penilaian dimulai."),
    )
    errors = []
    users = [m.user for m in members if m.user is not None]
    if len(users) != len(members):
        errors.append(_("Setiap anggota panitia harus memiliki akun Abdi."))
    elif len({u.pk for u in users}) != len(users):
        errors.append(_("Satu akun tercatat dua kali dalam panitia."))
    if any(not m.name.strip() for m in members):
        errors.append(_("Nama setiap anggota wajib diisi."))
    if any(m.role not in PanelRole.values for m in members):
        errors.append(_("Kedudukan anggota tidak dikenal."))
    internal = sum(1 for m in members if m.is_internal)
    errors += rules.panel_problems(len(members), internal, selectors.panel_limits())
    applicant_users = set(
        Application.objects.filter(selection=selection, employee__user__isnull=False)
        .exclude(state=ApplicationState.WITHDRAWN)
        .values_list("employee__user_id", flat=True)
    )
    if any(u.pk in applicant_users for u in users):
        errors.append(_("Pelamar seleksi ini tidak dapat menjadi anggota panitianya."))
    if errors:
        raise ValidationError({"panel": errors})
    old_users = list(
        get_user_model().objects.filter(panel_memberships__selection=selection).distinct()
    )
    selection.panel.all().delete()
    # Every member has an account (refused above), so `users` pairs one to one with `members`.
    rows = [
        PanelMember.objects.create(
            selection=selection,
            user=user,
            name=m.name.strip(),
            institution=m.institution.strip(),
            is_internal=m.is_internal,
            role=m.role,
        )
        for m, user in zip(members, users, strict=True)
    ]
    for user in users:
        _grant_panel_role(user)
        user.__dict__.pop("_abdi_panel_selections", None)
    for user in old_users:
        _revoke_panel_role_if_unused(user)
    selection_step(
        selection,
        SelectionAction.PANEL_SET,
        actor,
        _("%(n)d anggota, %(i)d internal.") % {"n": len(members), "i": internal},
    )
    return rows


@records_actor
@transaction.atomic
def selection_announce(*, actor: User, selection: Selection) -> Selection:
    require_admin(actor)
    selection = lock_selection(selection)
    require_state(selection, SelectionState.DRAFT, message=_("Seleksi ini sudah diumumkan."))
    errors = []
    if not selection.positions.exists():
        errors.append(_("Pilih jabatan yang diisi."))
    weights = {s.kind: s.weight for s in selection.stages.all()}
    if not weights:
        errors.append(_("Tetapkan tahap seleksi."))
    else:
        errors += rules.weight_problems(weights, {StageKind.ADMINISTRATIVE})
    if selection.closes_on < today_local():
        errors.append(_("Tanggal penutupan sudah lewat."))
    if errors:
        raise ValidationError(errors)
    selection.state = SelectionState.OPEN
    selection.save(update_fields=["state", "updated_at"])
    selection_step(selection, SelectionAction.ANNOUNCED, actor)
    # Everyone's eligibility is judged in the worker and stored for BKPSDM's page.
    eligibility_queue(selection)
    return selection


@records_actor
@transaction.atomic
def selection_close(*, actor: User, selection: Selection) -> Selection:
    """End the registration (after the closing date): the administrative stage starts."""
    require_admin(actor)
    selection = lock_selection(selection)
    require_state(
        selection, SelectionState.OPEN, message=_("Pendaftaran seleksi ini tidak dibuka.")
    )
    if today_local() <= selection.closes_on:
        raise ValidationError(
            _("Pendaftaran baru dapat ditutup setelah %(date)s.")
            % {"date": selection.closes_on.strftime("%d-%m-%Y")}
        )
    selection.state = SelectionState.SCREENING
    selection.current_stage = selection.stages.filter(kind=StageKind.ADMINISTRATIVE).first()
    selection.save(update_fields=["state", "current_stage", "updated_at"])
    selection_step(selection, SelectionAction.CLOSED, actor)
    return selection


@records_actor
@transaction.atomic
def selection_start_scoring(*, actor: User, selection: Selection) -> Selection:
    """After the administrative stage: every applicant has a result, no objection waits, the
    panel is complete. The track record of each applicant is pre-filled from Abdi."""
    require_admin(actor)
    selection = lock_selection(selection)
    require_state(
        selection,
        SelectionState.SCREENING,
        message=_("Seleksi ini tidak dalam seleksi administrasi."),
    )
    errors = []
    apps = list(selection.applications.all())
    if any(a.state == ApplicationState.SUBMITTED for a in apps):
        errors.append(_("Masih ada pelamar tanpa hasil seleksi administrasi."))
    if Objection.objects.filter(
        application__selection=selection, status=ObjectionStatus.PENDING
    ).exists():
        errors.append(_("Masih ada sanggahan yang belum diputuskan."))
    if not any(a.state == ApplicationState.ADMIN_PASSED for a in apps):
        errors.append(_("Belum ada pelamar yang lulus seleksi administrasi."))
    members = list(selection.panel.all())
    errors += rules.panel_problems(
        len(members), sum(m.is_internal for m in members), selectors.panel_limits()
    )
    if errors:
        raise ValidationError(errors)
    for app in apps:
        if app.state == ApplicationState.ADMIN_PASSED:
            prefill_track_record(app)
    selection.state = SelectionState.SCORING
    selection.current_stage = next((s for s in selection.stages.all() if s.is_scored), None)
    selection.save(update_fields=["state", "current_stage", "updated_at"])
    selection_step(selection, SelectionAction.SCORING_STARTED, actor)
    return selection


@records_actor
@transaction.atomic
def selection_next_stage(*, actor: User, selection: Selection) -> Selection:
    """Move the 'current stage' marker on (scores of every panel stage stay open until the
    ranking is proposed)."""
    require_admin(actor)
    selection = lock_selection(selection)
    require_state(
        selection, SelectionState.SCORING, message=_("Seleksi ini tidak dalam penilaian.")
    )
    stages = [s for s in selection.stages.all() if s.is_scored]
    ids = [s.pk for s in stages]
    if (
        selection.current_stage_id not in ids
        or ids.index(selection.current_stage_id) == len(ids) - 1
    ):
        raise ValidationError(_("Ini tahap terakhir."))
    selection.current_stage = stages[ids.index(selection.current_stage_id) + 1]
    selection.save(update_fields=["current_stage", "updated_at"])
    selection_step(
        selection, SelectionAction.STAGE_STARTED, actor, selection.current_stage.get_kind_display()
    )
    return selection


@records_actor
@transaction.atomic
def selection_cancel(*, actor: User, selection: Selection, reason: str) -> Selection:
    require_admin(actor)
    selection = lock_selection(selection)
    if selection.state in (SelectionState.DECIDED, SelectionState.CANCELLED):
        raise ValidationError(_("Seleksi ini sudah selesai."))
    if not reason.strip():
        raise ValidationError({"reason": [_("Tulis alasan pembatalan.")]})
    selection.state = SelectionState.CANCELLED
    selection.save(update_fields=["state", "updated_at"])
    selection_step(selection, SelectionAction.CANCELLED, actor, reason.strip())
    return selection
