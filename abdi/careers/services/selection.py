"""Writes of merit selection. Each service checks who may act, validates everything before
writing (bad input: a clear Indonesian message, nothing written), runs in one transaction,
records a step row (actor, time) for every state change and keeps history (simple-history with
the actor). Notifications go out after commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from abdi.accounts.roles import Role
from abdi.careers import rules
from abdi.careers.models.selection import (
    AgeReading,
    Application,
    ApplicationAction,
    ApplicationDocument,
    ApplicationState,
    ApplicationStep,
    Appointment,
    ConflictDeclaration,
    EligibilityOverride,
    Objection,
    ObjectionStatus,
    PanelMember,
    PanelRole,
    RankingEntry,
    RuleKind,
    Score,
    ScoreRevision,
    Selection,
    SelectionAction,
    SelectionKind,
    SelectionRequirement,
    SelectionStage,
    SelectionState,
    SelectionStep,
    StageKind,
    TrackRecord,
)
from abdi.careers.permissions.selection import (
    can_manage_selections,
    has_conflict,
    is_own_application,
    member_for,
)
from abdi.careers.selectors import selection as selectors
from abdi.core.audit import records_actor
from abdi.core.choices import Predikat
from abdi.core.notifications import notify
from abdi.core.uploads import DOCUMENT_TYPES, validate_upload
from abdi.employees.models import AnnualPredikat, Award, DisciplineRecord, Employee
from abdi.employees.permissions import own_employee
from abdi.employees.services import position_change

EDITABLE_STATES = (SelectionState.DRAFT,)
PANEL_EDITABLE = (SelectionState.DRAFT, SelectionState.OPEN, SelectionState.SCREENING)
ACTIVE_APPLICATION = (
    ApplicationState.SUBMITTED,
    ApplicationState.ADMIN_PASSED,
    ApplicationState.ADMIN_FAILED,
)


def _require_admin(actor) -> None:
    if not can_manage_selections(actor):
        raise PermissionDenied(_("Hanya admin BKPSDM yang dapat mengelola seleksi jabatan."))


def _today() -> dt.date:
    return timezone.localdate()


def _step(selection: Selection, action: str, actor, note: str = "") -> SelectionStep:
    return SelectionStep.objects.create(selection=selection, action=action, actor=actor, note=note)


def _app_step(application: Application, action: str, actor, note: str = "") -> ApplicationStep:
    return ApplicationStep.objects.create(
        application=application, action=action, actor=actor, note=note
    )


def _lock(selection: Selection) -> Selection:
    return Selection.objects.select_for_update().get(pk=selection.pk)


def _lock_application(application: Application) -> Application:
    return (
        Application.objects.select_for_update().select_related("selection").get(pk=application.pk)
    )


def _require_state(selection: Selection, *states: str, message: str) -> None:
    if selection.state not in states:
        raise ValidationError(message)


def _notify_applicant(application: Application, message: str) -> None:
    user = application.employee.user if application.employee_id else None
    if user is None:
        return
    url = reverse("careers:application_detail", args=[application.pk])
    transaction.on_commit(lambda: notify(user=user, verb="selection", message=message, url=url))


# --- selection set-up -----------------------------------------------------------------------------


def _selection_errors(
    *, title: str, kind: str, positions: Sequence, opens_on, closes_on, objection_days: int
) -> dict[str, list[str]]:
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
    return errors


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
    actor,
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
    _require_admin(actor)
    positions = list(positions)
    errors = _selection_errors(
        title=title,
        kind=kind,
        positions=positions,
        opens_on=opens_on,
        closes_on=closes_on,
        objection_days=objection_days,
    )
    if errors:
        raise ValidationError(errors)
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
    _step(selection, SelectionAction.CREATED, actor)
    return selection


@records_actor
@transaction.atomic
def selection_update(
    *,
    actor,
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
    _require_admin(actor)
    selection = _lock(selection)
    _require_state(
        selection, *EDITABLE_STATES, message=_("Seleksi yang sudah diumumkan tidak dapat diubah.")
    )
    positions = list(positions)
    errors = _selection_errors(
        title=title,
        kind=kind,
        positions=positions,
        opens_on=opens_on,
        closes_on=closes_on,
        objection_days=objection_days,
    )
    if errors:
        raise ValidationError(errors)
    selection.title, selection.kind = title.strip(), kind
    selection.opens_on, selection.closes_on = opens_on, closes_on
    selection.announcement, selection.objection_days = announcement, objection_days
    selection.required_documents = _clean_documents(required_documents)
    selection.save()
    selection.positions.set(positions)
    _step(selection, SelectionAction.UPDATED, actor)
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
            years = int(params.get("years"))
            if (
                not kinds
                or any(k not in tables.position_kinds for k in kinds)
                or not 0 < years < 40
            ):
                raise ValueError
            return {"kinds": kinds, "years": years}
        if rule == RuleKind.MAX_AGE:
            years = int(params.get("years"))
            reading = str(params.get("reading") or AgeReading.COMPLETED_YEARS)
            if not 18 < years < 80 or reading not in AgeReading.values:
                raise ValueError
            return {"years": years, "reading": reading}
        if rule == RuleKind.PREDIKAT:
            years = int(params.get("years"))
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
    *, actor, selection: Selection, requirements: Sequence[tuple[str, Mapping]]
) -> list[SelectionRequirement]:
    """Replace the selection's requirements (only before it is announced)."""
    _require_admin(actor)
    selection = _lock(selection)
    _require_state(
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
    _step(selection, SelectionAction.UPDATED, actor, _("Syarat seleksi diubah."))
    return rows


STAGE_ORDER = list(StageKind.values)


@records_actor
@transaction.atomic
def stages_set(
    *, actor, selection: Selection, weights: Mapping[str, int | None]
) -> list[SelectionStage]:
    """Set the stages and their weights: {stage kind: weight, or None for a stage left out}.
    The scored stages' weights must sum to exactly 100; the administrative stage is pass/fail."""
    _require_admin(actor)
    selection = _lock(selection)
    _require_state(
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
    selection.stages.all().delete()
    rows = [
        SelectionStage.objects.create(
            selection=selection, kind=kind, order=STAGE_ORDER.index(kind) + 1, weight=chosen[kind]
        )
        for kind in STAGE_ORDER
        if kind in chosen
    ]
    _step(selection, SelectionAction.UPDATED, actor, _("Tahap dan bobot diubah."))
    return rows


@dataclass(frozen=True)
class PanelInput:
    user: object
    name: str
    is_internal: bool
    institution: str = ""
    role: str = PanelRole.MEMBER


def _grant_panel_role(user) -> None:
    """The `selection_panel` Group opens the doors; the scope is the user's PanelMember rows.
    No RoleAssignment: that would make the user look agency-wide to role checks elsewhere."""
    user.groups.add(Group.objects.get_or_create(name=Role.SELECTION_PANEL)[0])


def _revoke_panel_role_if_unused(user) -> None:
    if not PanelMember.objects.filter(user=user).exists():
        user.groups.remove(*Group.objects.filter(name=Role.SELECTION_PANEL))


@records_actor
@transaction.atomic
def panel_set(*, actor, selection: Selection, members: Sequence[PanelInput]) -> list[PanelMember]:
    """Set the whole panel at once: an odd number of 5–9 members, at most 45 % internal (the
    limits are reference data); refused with the numbers otherwise."""
    _require_admin(actor)
    selection = _lock(selection)
    _require_state(
        selection,
        *PANEL_EDITABLE,
        message=_("Panitia seleksi tidak dapat diubah setelah penilaian dimulai."),
    )
    errors = []
    users = [m.user for m in members]
    if any(u is None for u in users):
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
    if any(u is not None and u.pk in applicant_users for u in users):
        errors.append(_("Pelamar seleksi ini tidak dapat menjadi anggota panitianya."))
    if errors:
        raise ValidationError({"panel": errors})
    old_users = list(
        get_user_model().objects.filter(panel_memberships__selection=selection).distinct()
    )
    selection.panel.all().delete()
    rows = [
        PanelMember.objects.create(
            selection=selection,
            user=m.user,
            name=m.name.strip(),
            institution=m.institution.strip(),
            is_internal=m.is_internal,
            role=m.role,
        )
        for m in members
    ]
    for user in users:
        _grant_panel_role(user)
        user.__dict__.pop("_abdi_panel_selections", None)
    for user in old_users:
        _revoke_panel_role_if_unused(user)
    _step(
        selection,
        SelectionAction.PANEL_SET,
        actor,
        _("%(n)d anggota, %(i)d internal.") % {"n": len(members), "i": internal},
    )
    return rows


@records_actor
@transaction.atomic
def selection_announce(*, actor, selection: Selection) -> Selection:
    _require_admin(actor)
    selection = _lock(selection)
    _require_state(selection, SelectionState.DRAFT, message=_("Seleksi ini sudah diumumkan."))
    errors = []
    if not selection.positions.exists():
        errors.append(_("Pilih jabatan yang diisi."))
    weights = {s.kind: s.weight for s in selection.stages.all()}
    if not weights:
        errors.append(_("Tetapkan tahap seleksi."))
    else:
        errors += rules.weight_problems(weights, {StageKind.ADMINISTRATIVE})
    if selection.closes_on < _today():
        errors.append(_("Tanggal penutupan sudah lewat."))
    if errors:
        raise ValidationError(errors)
    selection.state = SelectionState.OPEN
    selection.save(update_fields=["state", "updated_at"])
    _step(selection, SelectionAction.ANNOUNCED, actor)
    return selection


@records_actor
@transaction.atomic
def selection_close(*, actor, selection: Selection) -> Selection:
    """End the registration (after the closing date): the administrative stage starts."""
    _require_admin(actor)
    selection = _lock(selection)
    _require_state(
        selection, SelectionState.OPEN, message=_("Pendaftaran seleksi ini tidak dibuka.")
    )
    if _today() <= selection.closes_on:
        raise ValidationError(
            _("Pendaftaran baru dapat ditutup setelah %(date)s.")
            % {"date": selection.closes_on.strftime("%d-%m-%Y")}
        )
    selection.state = SelectionState.SCREENING
    selection.current_stage = selection.stages.filter(kind=StageKind.ADMINISTRATIVE).first()
    selection.save(update_fields=["state", "current_stage", "updated_at"])
    _step(selection, SelectionAction.CLOSED, actor)
    return selection


@records_actor
@transaction.atomic
def selection_start_scoring(*, actor, selection: Selection) -> Selection:
    """After the administrative stage: every applicant has a result, no objection waits, the
    panel is complete. The track record of each applicant is pre-filled from Abdi."""
    _require_admin(actor)
    selection = _lock(selection)
    _require_state(
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
            _prefill_track_record(app)
    selection.state = SelectionState.SCORING
    selection.current_stage = next((s for s in selection.stages.all() if s.is_scored), None)
    selection.save(update_fields=["state", "current_stage", "updated_at"])
    _step(selection, SelectionAction.SCORING_STARTED, actor)
    return selection


@records_actor
@transaction.atomic
def selection_next_stage(*, actor, selection: Selection) -> Selection:
    """Move the 'current stage' marker on (scores of every panel stage stay open until the
    ranking is proposed)."""
    _require_admin(actor)
    selection = _lock(selection)
    _require_state(
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
    _step(
        selection, SelectionAction.STAGE_STARTED, actor, selection.current_stage.get_kind_display()
    )
    return selection


# --- applications ---------------------------------------------------------------------------------


def _check_documents(selection: Selection, documents: Mapping[str, object]) -> dict[str, str]:
    """Every document the announcement asks for, each a PDF/JPEG/PNG within the size limit."""
    errors, types = [], {}
    for name in selectors.required_document_names(selection):
        upload = documents.get(name)
        if upload is None:
            errors.append(_("Dokumen %(name)s wajib diunggah.") % {"name": name})
            continue
        try:
            types[name] = validate_upload(upload, allowed=DOCUMENT_TYPES)
        except ValidationError as exc:
            errors.append(f"{name}: {exc.messages[0]}")
    if errors:
        raise ValidationError({"documents": errors})
    return types


def _save_documents(application: Application, documents: Mapping, types: Mapping) -> None:
    for name, content_type in types.items():
        ApplicationDocument.objects.create(
            application=application, name=name, file=documents[name], content_type=content_type
        )


@records_actor
@transaction.atomic
def application_submit(
    *, actor, selection: Selection, documents: Mapping[str, object]
) -> Application:
    """An employee applies, with the documents the announcement asks for. Refused when the
    registration is not open, when already applied, or when a requirement is not met (with the
    reasons)."""
    employee = own_employee(actor)
    if employee is None:
        raise PermissionDenied(_("Hanya pegawai yang dapat melamar."))
    selection = _lock(selection)
    today = _today()
    if selection.state != SelectionState.OPEN or not (
        selection.opens_on <= today <= selection.closes_on
    ):
        raise ValidationError(_("Pendaftaran seleksi ini tidak sedang dibuka."))
    if Application.objects.filter(selection=selection, employee=employee).exists():
        raise ValidationError(_("Anda sudah melamar pada seleksi ini; satu lamaran per seleksi."))
    if selection.panel.filter(user=actor).exists():
        raise ValidationError(_("Anggota panitia seleksi tidak dapat melamar pada seleksi ini."))
    eligibility = selectors.employee_eligibility(employee, selection)
    failing = [r for r in eligibility.results if not r.passed]
    if failing:
        raise ValidationError(
            {"eligibility": [f"{RuleKind(r.rule).label}: {r.reason}" for r in failing]}
        )
    types = _check_documents(selection, documents)
    try:
        with transaction.atomic():
            application = Application.objects.create(
                selection=selection, employee=employee, submitted_by=actor
            )
    except IntegrityError as exc:
        raise ValidationError(_("Anda sudah melamar pada seleksi ini.")) from exc
    _save_documents(application, documents, types)
    _app_step(application, ApplicationAction.SUBMITTED, actor)
    _notify_applicant(application, _("Lamaran Anda untuk %(t)s diterima.") % {"t": selection.title})
    return application


@dataclass(frozen=True)
class ExternalApplicant:
    name: str
    nip: str
    agency: str
    position: str = ""
    position_kind: str = ""
    position_since: dt.date | None = None
    birth_date: dt.date | None = None
    education: object = None
    rank: object = None


@records_actor
@transaction.atomic
def application_register(
    *,
    actor,
    selection: Selection,
    documents: Mapping[str, object],
    employee: Employee | None = None,
    external: ExternalApplicant | None = None,
) -> Application:
    """BKPSDM registers an applicant by hand: one from another agency (the facts entered here
    are what the eligibility engine reads), or an employee whose record needs an override."""
    _require_admin(actor)
    selection = _lock(selection)
    if selection.state not in (SelectionState.OPEN, SelectionState.SCREENING):
        raise ValidationError(_("Pelamar hanya dapat didaftarkan selama pendaftaran dibuka."))
    if (employee is None) == (external is None):
        raise ValidationError(_("Pilih pegawai atau isi data pelamar dari instansi lain."))
    errors: dict[str, list[str]] = {}
    fields: dict = {}
    if external is not None:
        if not external.name.strip():
            errors["name"] = [_("Nama pelamar wajib diisi.")]
        if not (external.nip.isdigit() and len(external.nip) == 18):
            errors["nip"] = [_("NIP harus 18 digit angka.")]
        elif Employee.objects.filter(nip=external.nip).exists():
            errors["nip"] = [_("NIP ini pegawai instansi sendiri; daftarkan sebagai pegawai.")]
        if not external.agency.strip():
            errors["agency"] = [_("Instansi asal wajib diisi.")]
        fields = {
            "external_name": external.name.strip(),
            "external_nip": external.nip,
            "external_agency": external.agency.strip(),
            "external_position": external.position.strip(),
            "external_position_kind": external.position_kind,
            "external_position_since": external.position_since,
            "external_birth_date": external.birth_date,
            "external_education": external.education,
            "external_rank": external.rank,
        }
        duplicate = Application.objects.filter(selection=selection, external_nip=external.nip)
    else:
        fields = {"employee": employee}
        duplicate = Application.objects.filter(selection=selection, employee=employee)
    if duplicate.exists():
        errors.setdefault("nip", []).append(_("Pelamar ini sudah terdaftar pada seleksi ini."))
    if errors:
        raise ValidationError(errors)
    types = _check_documents(selection, documents)
    application = Application.objects.create(selection=selection, submitted_by=actor, **fields)
    _save_documents(application, documents, types)
    _app_step(application, ApplicationAction.REGISTERED, actor)
    return application


@records_actor
@transaction.atomic
def application_withdraw(*, actor, application: Application, note: str = "") -> Application:
    if not is_own_application(actor, application):
        raise PermissionDenied
    application = _lock_application(application)
    if application.state != ApplicationState.SUBMITTED:
        raise ValidationError(_("Lamaran ini tidak dapat ditarik lagi."))
    if _today() > application.selection.closes_on:
        raise ValidationError(_("Lamaran hanya dapat ditarik sebelum pendaftaran ditutup."))
    application.state = ApplicationState.WITHDRAWN
    application.save(update_fields=["state", "updated_at"])
    _app_step(application, ApplicationAction.WITHDRAWN, actor, note)
    return application


@records_actor
@transaction.atomic
def eligibility_override(
    *, actor, application: Application, requirement: SelectionRequirement, reason: str
) -> EligibilityOverride:
    """Count one requirement as met for one applicant, with a written reason (audited)."""
    _require_admin(actor)
    application = _lock_application(application)
    if requirement.selection_id != application.selection_id:
        raise ValidationError(_("Syarat ini bukan syarat seleksi pelamar."))
    if not reason.strip():
        raise ValidationError({"reason": [_("Tulis alasan pengecualian.")]})
    if application.state not in (ApplicationState.SUBMITTED, ApplicationState.ADMIN_FAILED):
        raise ValidationError(_("Pengecualian hanya sebelum hasil seleksi administrasi final."))
    result = next(
        r
        for r in selectors.application_eligibility(application).results
        if r.requirement == requirement.pk
    )
    if result.passed:
        raise ValidationError(_("Syarat ini sudah terpenuhi; tidak perlu pengecualian."))
    if EligibilityOverride.objects.filter(
        application=application, requirement=requirement
    ).exists():
        raise ValidationError(_("Syarat ini sudah dikecualikan untuk pelamar ini."))
    row = EligibilityOverride.objects.create(
        application=application, requirement=requirement, reason=reason.strip(), actor=actor
    )
    _app_step(
        application,
        ApplicationAction.OVERRIDE,
        actor,
        f"{requirement.get_rule_display()} — {reason.strip()}",
    )
    return row


@records_actor
@transaction.atomic
def administrative_result(
    *, actor, application: Application, passed: bool, reason: str = ""
) -> Application:
    """BKPSDM records the administrative stage: passed (every requirement met or overridden)
    or not passed (with the reason the applicant will read)."""
    _require_admin(actor)
    application = _lock_application(application)
    if application.selection.state != SelectionState.SCREENING:
        raise ValidationError(_("Hasil administrasi dicatat setelah pendaftaran ditutup."))
    if application.state != ApplicationState.SUBMITTED:
        raise ValidationError(_("Hasil administrasi pelamar ini sudah dicatat."))
    if passed:
        eligibility = selectors.application_eligibility(application)
        if not eligibility.eligible:
            missing = [
                str(RuleKind(r.rule).label)
                for r in eligibility.results
                if not r.passed and r.requirement not in eligibility.overridden
            ]
            raise ValidationError(
                _("Pelamar belum memenuhi syarat: %(rules)s. Catat pengecualian bila ada dasar.")
                % {"rules": ", ".join(missing)}
            )
    elif not reason.strip():
        raise ValidationError({"reason": [_("Tulis alasan tidak lulus; pelamar akan membacanya.")]})
    application.state = ApplicationState.ADMIN_PASSED if passed else ApplicationState.ADMIN_FAILED
    application.admin_reason = reason.strip()
    application.admin_decided_on = _today()
    application.save(update_fields=["state", "admin_reason", "admin_decided_on", "updated_at"])
    action = ApplicationAction.ADMIN_PASSED if passed else ApplicationAction.ADMIN_FAILED
    _app_step(application, action, actor, reason.strip())
    _notify_applicant(
        application,
        _("Hasil seleksi administrasi %(t)s: %(r)s.")
        % {"t": application.selection.title, "r": application.get_state_display()},
    )
    return application


def objection_deadline(application: Application) -> dt.date | None:
    if application.admin_decided_on is None:
        return None
    return rules.objection_deadline(
        application.admin_decided_on, application.selection.objection_days
    )


@records_actor
@transaction.atomic
def objection_file(*, actor, application: Application, reason: str) -> Objection:
    """The rejected applicant files one objection (sanggah) within the announcement's days."""
    if not is_own_application(actor, application):
        raise PermissionDenied
    application = _lock_application(application)
    if application.state != ApplicationState.ADMIN_FAILED:
        raise ValidationError(_("Sanggahan hanya untuk pelamar yang tidak lulus administrasi."))
    if Objection.objects.filter(application=application).exists():
        raise ValidationError(_("Sanggahan hanya dapat diajukan satu kali."))
    deadline = objection_deadline(application)
    if deadline is None or _today() > deadline:
        raise ValidationError(
            _("Masa sanggah sudah berakhir pada %(date)s.")
            % {"date": deadline.strftime("%d-%m-%Y") if deadline else "-"}
        )
    if not reason.strip():
        raise ValidationError({"reason": [_("Tulis alasan sanggahan.")]})
    objection = Objection.objects.create(
        application=application, reason=reason.strip(), filed_by=actor
    )
    _app_step(application, ApplicationAction.OBJECTION_FILED, actor, reason.strip())
    return objection


@records_actor
@transaction.atomic
def objection_decide(*, actor, objection: Objection, accept: bool, note: str) -> Objection:
    """BKPSDM answers the objection; accepted, the applicant passes the administrative stage."""
    _require_admin(actor)
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if objection.status != ObjectionStatus.PENDING:
        raise ValidationError(_("Sanggahan ini sudah diputuskan."))
    if not note.strip():
        raise ValidationError({"note": [_("Tulis jawaban atas sanggahan.")]})
    application = _lock_application(objection.application)
    objection.status = ObjectionStatus.ACCEPTED if accept else ObjectionStatus.REJECTED
    objection.decided_by, objection.decided_at = actor, timezone.now()
    objection.decision_note = note.strip()
    objection.save()
    if accept:
        application.state = ApplicationState.ADMIN_PASSED
        application.save(update_fields=["state", "updated_at"])
        if application.selection.state == SelectionState.SCORING:
            _prefill_track_record(application)
    action = (
        ApplicationAction.OBJECTION_ACCEPTED if accept else ApplicationAction.OBJECTION_REJECTED
    )
    _app_step(application, action, actor, note.strip())
    _notify_applicant(
        application,
        _("Sanggahan Anda %(s)s.") % {"s": objection.get_status_display().lower()},
    )
    return objection


# --- panel: conflicts, scores, track record -------------------------------------------------------


def _require_member(actor, selection: Selection) -> PanelMember:
    member = member_for(actor, selection)
    if member is None:
        raise PermissionDenied(_("Anda bukan anggota panitia seleksi ini."))
    return member


@records_actor
@transaction.atomic
def conflict_declare(*, actor, application: Application, reason: str) -> ConflictDeclaration:
    """A panel member declares a conflict of interest with one applicant: from then on the
    member cannot score them and the stage score is taken over the others."""
    member = _require_member(actor, application.selection)
    if not reason.strip():
        raise ValidationError({"reason": [_("Tulis hubungan atau alasan konflik kepentingan.")]})
    if has_conflict(member, application):
        raise ValidationError(_("Konflik kepentingan ini sudah dinyatakan."))
    return ConflictDeclaration.objects.create(
        member=member, application=application, reason=reason.strip()
    )


def _clean_score(raw, maximum: int) -> Decimal:
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
    actor,
    application: Application,
    stage: SelectionStage,
    value,
    note: str = "",
    reason: str = "",
) -> Score:
    """A panel member submits their score. A submitted score changes only with a reason, kept
    as a revision. Concurrent saves of one applicant are serialised on the application row."""
    member = _require_member(actor, application.selection)
    application = _lock_application(application)
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


def _prefill_track_record(application: Application) -> TrackRecord:
    """The track-record score from Abdi (predikat history, awards, discipline), with the facts
    used; an applicant from another agency starts at 0 for the panel to fill with a reason."""
    on = application.selection.closes_on
    points = selectors.track_record_points(on)
    labels = {p.value: str(p.label) for p in Predikat}
    if application.employee_id:
        emp = application.employee_id
        value, facts = rules.track_record_score(
            predikats=dict(
                AnnualPredikat.objects.filter(employee_id=emp).values_list("year", "predikat")
            ),
            awards=list(Award.objects.filter(employee_id=emp).values_list("awarded_on", flat=True)),
            sanctions=list(
                DisciplineRecord.objects.filter(employee_id=emp).values_list(
                    "severity", "decided_on"
                )
            ),
            on=on,
            points=points,
            predikat_labels=labels,
        )
    else:
        value, facts = Decimal(0), [_("Pelamar dari instansi lain: rekam jejak diisi panitia.")]
    record, _created = TrackRecord.objects.update_or_create(
        application=application, defaults={"suggested": value, "facts": facts}
    )
    return record


@records_actor
@transaction.atomic
def track_record_adjust(*, actor, application: Application, value, reason: str) -> TrackRecord:
    """The panel (a member without a conflict) or BKPSDM adjusts the track record, with a reason."""
    if not can_manage_selections(actor):
        member = _require_member(actor, application.selection)
        if has_conflict(member, application):
            raise PermissionDenied(_("Anda memiliki konflik kepentingan dengan pelamar ini."))
    application = _lock_application(application)
    if application.selection.state != SelectionState.SCORING:
        raise ValidationError(_("Penilaian seleksi ini tidak sedang berjalan."))
    if application.state != ApplicationState.ADMIN_PASSED:
        raise ValidationError(_("Hanya pelamar yang lulus administrasi yang dinilai."))
    cleaned = _clean_score(value, 100)
    if not reason.strip():
        raise ValidationError({"reason": [_("Tulis alasan penyesuaian rekam jejak.")]})
    record = TrackRecord.objects.filter(application=application).first() or _prefill_track_record(
        application
    )
    old = record.value
    record.adjusted, record.reason, record.adjusted_by = cleaned, reason.strip(), actor
    record.save()
    _app_step(
        application,
        ApplicationAction.TRACK_RECORD,
        actor,
        f"{old} → {cleaned}: {reason.strip()}",
    )
    return record


# --- ranking and appointment ----------------------------------------------------------------------


@records_actor
@transaction.atomic
def ranking_propose(*, actor, selection: Selection) -> list[RankingEntry]:
    """Freeze the ranking (weighted totals, tie rule in abdi.careers.rules) and propose the top
    three in order. Refused while an applicant lacks a score in a panel stage."""
    _require_admin(actor)
    selection = _lock(selection)
    _require_state(
        selection, SelectionState.SCORING, message=_("Seleksi ini tidak dalam penilaian.")
    )
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
        _app_step(
            app,
            ApplicationAction.PROPOSED if proposed else ApplicationAction.NOT_PROPOSED,
            actor,
            _("Peringkat %(r)d, nilai %(t)s") % {"r": row.rank, "t": row.total},
        )
    selection.state = SelectionState.RANKED
    selection.current_stage = None
    selection.save(update_fields=["state", "current_stage", "updated_at"])
    _step(selection, SelectionAction.RANKED, actor)
    return entries


@records_actor
@transaction.atomic
def appointment_decide(
    *,
    actor,
    application: Application,
    position,
    decree_number: str,
    effective_from: dt.date,
    note: str = "",
) -> Appointment:
    """The PPK picks one of the top three (recorded by BKPSDM); the position change is written
    through abdi.employees.services.position_change. When every post is filled the results are
    announced."""
    _require_admin(actor)
    application = _lock_application(application)
    selection = _lock(application.selection)
    _require_state(selection, SelectionState.RANKED, message=_("Tiga besar belum diusulkan."))
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
    if effective_from > _today():
        errors["effective_from"] = [
            _("TMT di masa depan: catat pengangkatan pada atau setelah TMT.")
        ]
    if not decree_number.strip():
        errors["decree_number"] = [_("Nomor SK wajib diisi.")]
    if errors:
        raise ValidationError(errors)
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
    application.state = ApplicationState.APPOINTED
    application.save(update_fields=["state", "updated_at"])
    _app_step(application, ApplicationAction.APPOINTED, actor, decree_number.strip())
    filled = set(selection.appointments.values_list("position_id", flat=True))
    if filled >= set(selection.positions.values_list("pk", flat=True)):
        selection.state = SelectionState.DECIDED
        selection.results_announced_on = _today()
        selection.save(update_fields=["state", "results_announced_on", "updated_at"])
        _step(selection, SelectionAction.DECIDED, actor)
    _notify_applicant(application, _("Anda dipilih untuk %(p)s.") % {"p": position.name})
    return appointment


@records_actor
@transaction.atomic
def selection_cancel(*, actor, selection: Selection, reason: str) -> Selection:
    _require_admin(actor)
    selection = _lock(selection)
    if selection.state in (SelectionState.DECIDED, SelectionState.CANCELLED):
        raise ValidationError(_("Seleksi ini sudah selesai."))
    if not reason.strip():
        raise ValidationError({"reason": [_("Tulis alasan pembatalan.")]})
    selection.state = SelectionState.CANCELLED
    selection.save(update_fields=["state", "updated_at"])
    _step(selection, SelectionAction.CANCELLED, actor, reason.strip())
    return selection
