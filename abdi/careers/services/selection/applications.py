"""Applications: apply, register an external applicant, withdraw, eligibility overrides,
the administrative result, objections."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from abdi.accounts.models import User
from abdi.careers import rules
from abdi.careers.models.selection import (
    Application,
    ApplicationAction,
    ApplicationDocument,
    ApplicationState,
    EligibilityOverride,
    Objection,
    ObjectionStatus,
    RuleKind,
    Selection,
    SelectionRequirement,
    SelectionState,
)
from abdi.careers.permissions.selection import (
    is_own_application,
)
from abdi.careers.selectors import selection as selectors
from abdi.careers.services.selection.common import (
    application_step,
    lock_application,
    lock_selection,
    notify_applicant,
    prefill_track_record,
    require_admin,
    today_local,
)
from abdi.core.audit import records_actor
from abdi.core.uploads import DOCUMENT_TYPES, validate_upload
from abdi.employees.models import Employee
from abdi.employees.permissions import own_employee

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
    *, actor: User, selection: Selection, documents: Mapping[str, object]
) -> Application:
    """An employee applies, with the documents the announcement asks for. Refused when the
    registration is not open, when already applied, or when a requirement is not met (with the
    reasons)."""
    employee = own_employee(actor)
    if employee is None:
        raise PermissionDenied(_("Hanya pegawai yang dapat melamar."))
    selection = lock_selection(selection)
    today = today_local()
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
    application_step(application, ApplicationAction.SUBMITTED, actor)
    notify_applicant(application, _("Lamaran Anda untuk %(t)s diterima.") % {"t": selection.title})
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
    email: str = ""  # where the written test's link is sent


@records_actor
@transaction.atomic
def application_register(
    *,
    actor: User,
    selection: Selection,
    documents: Mapping[str, object],
    employee: Employee | None = None,
    external: ExternalApplicant | None = None,
) -> Application:
    """BKPSDM registers an applicant by hand: one from another agency (the facts entered here
    are what the eligibility engine reads), or an employee whose record needs an override."""
    require_admin(actor)
    selection = lock_selection(selection)
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
        email = external.email.strip()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                errors["email"] = [_("Alamat surel tidak valid.")]
        fields = {
            "external_name": external.name.strip(),
            "external_nip": external.nip,
            "external_agency": external.agency.strip(),
            "external_email": external.email.strip(),
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
    application_step(application, ApplicationAction.REGISTERED, actor)
    return application


@records_actor
@transaction.atomic
def application_withdraw(*, actor: User, application: Application, note: str = "") -> Application:
    if not is_own_application(actor, application):
        raise PermissionDenied
    application = lock_application(application)
    if application.state != ApplicationState.SUBMITTED:
        raise ValidationError(_("Lamaran ini tidak dapat ditarik lagi."))
    if today_local() > application.selection.closes_on:
        raise ValidationError(_("Lamaran hanya dapat ditarik sebelum pendaftaran ditutup."))
    application.state = ApplicationState.WITHDRAWN
    application.save(update_fields=["state", "updated_at"])
    application_step(application, ApplicationAction.WITHDRAWN, actor, note)
    return application


@records_actor
@transaction.atomic
def eligibility_override(
    *, actor: User, application: Application, requirement: SelectionRequirement, reason: str
) -> EligibilityOverride:
    """Count one requirement as met for one applicant, with a written reason (audited)."""
    require_admin(actor)
    application = lock_application(application)
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
    application_step(
        application,
        ApplicationAction.OVERRIDE,
        actor,
        f"{requirement.get_rule_display()} — {reason.strip()}",
    )
    return row


@records_actor
@transaction.atomic
def administrative_result(
    *, actor: User, application: Application, passed: bool, reason: str = ""
) -> Application:
    """BKPSDM records the administrative stage: passed (every requirement met or overridden)
    or not passed (with the reason the applicant will read)."""
    require_admin(actor)
    application = lock_application(application)
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
    application.admin_decided_on = today_local()
    application.save(update_fields=["state", "admin_reason", "admin_decided_on", "updated_at"])
    action = ApplicationAction.ADMIN_PASSED if passed else ApplicationAction.ADMIN_FAILED
    application_step(application, action, actor, reason.strip())
    notify_applicant(
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
def objection_file(*, actor: User, application: Application, reason: str) -> Objection:
    """The rejected applicant files one objection (sanggah) within the announcement's days."""
    if not is_own_application(actor, application):
        raise PermissionDenied
    application = lock_application(application)
    if application.state != ApplicationState.ADMIN_FAILED:
        raise ValidationError(_("Sanggahan hanya untuk pelamar yang tidak lulus administrasi."))
    if Objection.objects.filter(application=application).exists():
        raise ValidationError(_("Sanggahan hanya dapat diajukan satu kali."))
    deadline = objection_deadline(application)
    if deadline is None or today_local() > deadline:
        raise ValidationError(
            _("Masa sanggah sudah berakhir pada %(date)s.")
            % {"date": deadline.strftime("%d-%m-%Y") if deadline else "-"}
        )
    if not reason.strip():
        raise ValidationError({"reason": [_("Tulis alasan sanggahan.")]})
    objection = Objection.objects.create(
        application=application, reason=reason.strip(), filed_by=actor
    )
    application_step(application, ApplicationAction.OBJECTION_FILED, actor, reason.strip())
    return objection


@records_actor
@transaction.atomic
def objection_decide(*, actor: User, objection: Objection, accept: bool, note: str) -> Objection:
    """BKPSDM answers the objection; accepted, the applicant passes the administrative stage."""
    require_admin(actor)
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if objection.status != ObjectionStatus.PENDING:
        raise ValidationError(_("Sanggahan ini sudah diputuskan."))
    if not note.strip():
        raise ValidationError({"note": [_("Tulis jawaban atas sanggahan.")]})
    application = lock_application(objection.application)
    if accept and application.selection.state not in (
        SelectionState.SCREENING,
        SelectionState.SCORING,
    ):
        # Once ranked, an accepted objection would bring back an applicant with no scores.
        raise ValidationError(
            _("Seleksi sudah melewati tahap penilaian; sanggahan tidak dapat diterima lagi.")
        )
    objection.status = ObjectionStatus.ACCEPTED if accept else ObjectionStatus.REJECTED
    objection.decided_by, objection.decided_at = actor, timezone.now()
    objection.decision_note = note.strip()
    objection.save()
    if accept:
        application.state = ApplicationState.ADMIN_PASSED
        application.save(update_fields=["state", "updated_at"])
        if application.selection.state == SelectionState.SCORING:
            prefill_track_record(application)
    action = (
        ApplicationAction.OBJECTION_ACCEPTED if accept else ApplicationAction.OBJECTION_REJECTED
    )
    application_step(application, action, actor, note.strip())
    notify_applicant(
        application,
        _("Sanggahan Anda %(s)s.") % {"s": objection.get_status_display().lower()},
    )
    return objection
