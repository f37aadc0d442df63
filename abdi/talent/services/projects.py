"""Change projects (aksi perubahan): registration by the participant with the superior as mentor,
milestones with evidence, confirmation by the mentor only, state steps, publication in the public
gallery, and reminders of overdue milestones."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from abdi.accounts.models import User
from abdi.core.audit import records_actor
from abdi.core.notifications import notify
from abdi.core.uploads import validate_evidence
from abdi.employees.models import Employee
from abdi.employees.permissions import own_employee
from abdi.employees.selectors import supervisor_of
from abdi.feedback.models import PublicService
from abdi.talent.choices import LeadershipTraining, MilestoneTerm, ProjectAction, ProjectState
from abdi.talent.models import ChangeProject, ChangeProjectStep, Milestone
from abdi.talent.permissions import can_confirm_milestone, can_edit_project, can_manage_projects

REMIND_EVERY_DAYS = 7


def _step(project: ChangeProject, action: str, actor: User, note: str = "") -> None:
    ChangeProjectStep.objects.create(project=project, action=action, actor=actor, note=note)


def _url(project: ChangeProject) -> str:
    return reverse("talent:project_detail", args=[project.pk])


@transaction.atomic
@records_actor
def project_register(
    *,
    actor: User,
    training: str,
    title: str,
    summary: str,
    coach: str,
    cohort: str = "",
    service: PublicService | None = None,
    mentor: Employee | None = None,
) -> ChangeProject:
    """The participant registers the project; the mentor is their superior (from the position
    tree) unless BKPSDM names another."""
    participant = own_employee(actor)
    if participant is None:
        raise PermissionDenied(_("Hanya pegawai yang dapat mendaftarkan aksi perubahan."))
    errors: dict[str, list[str]] = {}
    if training not in LeadershipTraining.values:
        errors["training"] = [_("Pilih pelatihan kepemimpinan.")]
    if not (title or "").strip():
        errors["title"] = [_("Judul aksi perubahan wajib diisi.")]
    if not (summary or "").strip():
        errors["summary"] = [_("Ringkasan wajib diisi.")]
    if not (coach or "").strip():
        errors["coach"] = [_("Nama coach wajib diisi.")]
    mentor = mentor or supervisor_of(participant, on=timezone.localdate())
    if mentor is None:
        errors["mentor"] = [_("Atasan Anda tidak ditemukan; minta BKPSDM mencatat mentor.")]
    elif mentor.pk == participant.pk:
        errors["mentor"] = [_("Mentor adalah atasan peserta, bukan peserta sendiri.")]
    if errors:
        raise ValidationError(errors)
    assert mentor is not None  # refused above
    project = ChangeProject.objects.create(
        participant=participant,
        training=training,
        cohort=cohort.strip(),
        title=title.strip(),
        summary=summary.strip(),
        org_unit=participant.org_unit,
        mentor=mentor,
        coach=coach.strip(),
        service=service,
    )
    _step(project, ProjectAction.REGISTERED, actor)
    notify(
        user=getattr(mentor, "user", None),
        verb="change_project",
        message=_("%(name)s mendaftarkan aksi perubahan dengan Anda sebagai mentor: %(title)s")
        % {"name": participant.name, "title": project.title},
        url=_url(project),
    )
    return project


@transaction.atomic
@records_actor
def milestone_add(
    *, actor: User, project: ChangeProject, term: str, title: str, due_date: dt.date | None
) -> Milestone:
    if not can_edit_project(actor, project):
        raise PermissionDenied(_("Hanya peserta yang dapat menyusun tonggak aksi perubahannya."))
    errors: dict[str, list[str]] = {}
    if term not in MilestoneTerm.values:
        errors["term"] = [_("Pilih jangka tonggak.")]
    if not (title or "").strip():
        errors["title"] = [_("Uraian tonggak wajib diisi.")]
    if not isinstance(due_date, dt.date):
        errors["due_date"] = [_("Tenggat wajib diisi.")]
    if project.state in (ProjectState.COMPLETED, ProjectState.LAPSED):
        errors["term"] = [_("Aksi perubahan ini sudah ditutup.")]
    if errors:
        raise ValidationError(errors)
    assert due_date is not None  # refused above
    milestone = Milestone.objects.create(
        project=project, term=term, title=title.strip(), due_date=due_date
    )
    if project.state == ProjectState.DRAFT:
        project.state, project.started_on = ProjectState.ACTIVE, timezone.localdate()
        project.save(update_fields=["state", "started_on", "updated_at"])
        _step(project, ProjectAction.STARTED, actor)
    return milestone


@transaction.atomic
@records_actor
def milestone_report(
    *, actor: User, milestone: Milestone, evidence: File | None = None, note: str = ""
) -> Milestone:
    """The participant reports a milestone reached, with evidence (a file or a description).
    The row is locked and re-read, so a confirmation by the mentor in between is seen (and
    refused here) rather than overwritten; only the report's own fields are saved."""
    milestone = (
        Milestone.objects.select_for_update()
        .select_related("project__participant", "project__mentor")
        .get(pk=milestone.pk)
    )
    project = milestone.project
    if not can_edit_project(actor, project):
        raise PermissionDenied(_("Hanya peserta yang dapat melaporkan tonggaknya."))
    if project.state != ProjectState.ACTIVE:
        raise ValidationError(
            _("Aksi perubahan ini tidak sedang berjalan; tonggak tidak dapat dilaporkan.")
        )
    if milestone.confirmed_at:
        raise ValidationError(_("Tonggak ini sudah dikonfirmasi mentor."))
    if evidence is None and not (note or "").strip():
        raise ValidationError({"evidence": [_("Lampirkan bukti atau uraikan capaiannya.")]})
    fields = ["evidence_note", "reported_at", "updated_at"]
    if evidence is not None:
        validate_evidence(evidence)
        milestone.evidence = evidence
        fields.append("evidence")
    milestone.evidence_note = (note or "").strip()
    milestone.reported_at = timezone.now()
    milestone.save(update_fields=fields)
    notify(
        user=getattr(project.mentor, "user", None),
        verb="milestone_reported",
        message=_("Tonggak aksi perubahan menunggu konfirmasi Anda: %(t)s")
        % {"t": milestone.title},
        url=_url(project),
    )
    return milestone


@transaction.atomic
@records_actor
def milestone_confirm(*, actor: User, milestone: Milestone) -> Milestone:
    """Only the mentor confirms a reported milestone."""
    milestone = (
        Milestone.objects.select_for_update().select_related("project__mentor").get(pk=milestone.pk)
    )
    if not can_confirm_milestone(actor, milestone.project):
        raise PermissionDenied(_("Hanya mentor (atasan peserta) yang dapat mengonfirmasi tonggak."))
    if milestone.confirmed_at:
        raise ValidationError(_("Tonggak ini sudah dikonfirmasi."))
    if milestone.project.state != ProjectState.ACTIVE:
        raise ValidationError(_("Aksi perubahan ini tidak sedang berjalan."))
    if not milestone.reported_at:
        raise ValidationError(_("Peserta belum melaporkan capaian tonggak ini."))
    milestone.confirmed_by, milestone.confirmed_at = actor, timezone.now()
    milestone.save(update_fields=["confirmed_by", "confirmed_at", "updated_at"])
    notify(
        user=getattr(milestone.project.participant, "user", None),
        verb="milestone_confirmed",
        message=_("Mentor mengonfirmasi tonggak: %(t)s") % {"t": milestone.title},
        url=_url(milestone.project),
    )
    return milestone


@transaction.atomic
@records_actor
def project_close(
    *, actor: User, project: ChangeProject, completed: bool, note: str = ""
) -> ChangeProject:
    """BKPSDM closes a project: completed (every milestone confirmed) or lapsed (with a note)."""
    if not can_manage_projects(actor):
        raise PermissionDenied(_("Hanya admin BKPSDM yang dapat menutup aksi perubahan."))
    if project.state != ProjectState.ACTIVE:
        raise ValidationError(_("Hanya aksi perubahan yang berjalan yang dapat ditutup."))
    if completed and project.milestones.filter(confirmed_at__isnull=True).exists():
        raise ValidationError(_("Masih ada tonggak yang belum dikonfirmasi mentor."))
    if not completed and not (note or "").strip():
        raise ValidationError({"note": [_("Sebutkan mengapa aksi perubahan terhenti.")]})
    project.state = ProjectState.COMPLETED if completed else ProjectState.LAPSED
    project.completed_on = timezone.localdate() if completed else None
    project.save(update_fields=["state", "completed_on", "updated_at"])
    _step(project, ProjectAction.COMPLETED if completed else ProjectAction.LAPSED, actor, note)
    return project


@transaction.atomic
@records_actor
def project_publish(
    *, actor: User, project: ChangeProject, publish: bool, public_summary: str = ""
) -> ChangeProject:
    if not can_manage_projects(actor):
        raise PermissionDenied(_("Hanya admin BKPSDM yang memilih aksi perubahan untuk galeri."))
    if publish and project.state != ProjectState.COMPLETED:
        raise ValidationError(_("Hanya aksi perubahan yang selesai yang dapat dipublikasikan."))
    if publish and not (public_summary or project.public_summary).strip():
        raise ValidationError({"public_summary": [_("Tulis ringkasan untuk publik.")]})
    project.is_published = publish
    if public_summary.strip():
        project.public_summary = public_summary.strip()
    project.save(update_fields=["is_published", "public_summary", "updated_at"])
    _step(project, ProjectAction.PUBLISHED if publish else ProjectAction.UNPUBLISHED, actor)
    return project


def milestones_remind_overdue(today: dt.date | None = None) -> int:
    """Remind the participant and the mentor of each unconfirmed milestone past its due date,
    at most once a week per milestone; returns the number of milestones reminded."""
    today = today or timezone.localdate()
    overdue = (
        Milestone.objects.filter(
            confirmed_at__isnull=True,
            due_date__lt=today,
            project__state=ProjectState.ACTIVE,
        )
        .exclude(reminded_on__gt=today - dt.timedelta(days=REMIND_EVERY_DAYS))
        .select_related("project__participant__user", "project__mentor__user")
    )
    count = 0
    for milestone in overdue.iterator(500):
        project = milestone.project
        with transaction.atomic():
            message = _("Tonggak aksi perubahan lewat tenggat %(d)s: %(t)s") % {
                "d": milestone.due_date.strftime("%d-%m-%Y"),
                "t": milestone.title,
            }
            for person in (project.participant, project.mentor):
                notify(
                    user=getattr(person, "user", None),
                    verb="milestone_overdue",
                    message=message,
                    url=_url(project),
                )
            Milestone.objects.filter(pk=milestone.pk).update(reminded_on=today)
        count += 1
    return count
