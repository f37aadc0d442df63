"""Credit for completed learning: the JP ledger line and the certificate. Called by the
registration and e-learning services inside their own transaction when a completion happens;
each call is idempotent (a second call returns what the first wrote)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, TypedDict, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from abdi.accounts.models import User
from abdi.competency import services as competency_services
from abdi.competency.selectors import latest_levels
from abdi.core.audit import records_actor
from abdi.core.models import Notification
from abdi.core.notifications import Text, notify
from abdi.core.services import lock_in_order
from abdi.core.uploads import DOCUMENT_TYPES, validate_upload
from abdi.employees.models import Employee
from abdi.employees.permissions import own_employee
from abdi.employees.selectors import supervisor_of
from abdi.learning.choices import (
    ExternalCertificateStatus,
    JpSource,
    PlanItemStatus,
    RegistrationAction,
    RegistrationStatus,
)
from abdi.learning.models import (
    Certificate,
    DevelopmentPlanItem,
    Enrolment,
    ExternalCertificate,
    JpEntry,
    JpYearTotal,
    Programme,
    ProgrammeCompetency,
    Registration,
    RegistrationStep,
)
from abdi.learning.permissions.common import is_superior_of
from abdi.learning.permissions.credit import can_decide_external, can_revoke_certificate
from abdi.learning.selectors.credit import jp_totals_changed, with_jp

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile
    from django_stubs_ext import WithAnnotations

TOTALS_BATCH = 2000


def certificate_number(*, pk: int, issued_on: dt.date) -> str:
    """The number printed on a certificate: ABDI_CERTIFICATE_PREFIX/year of issue/pk on six
    digits. Public because the demo seed inserts certificates in bulk with reserved keys and
    must number them exactly as the service does."""
    prefix = settings.ABDI_CERTIFICATE_PREFIX
    return f"{prefix}/{issued_on.year}/{pk:06d}"


# --- the yearly JP totals -------------------------------------------------------------------


@transaction.atomic
def jp_totals_refresh(*, employee_ids: Iterable[int] | None = None) -> None:
    """Recompute JpYearTotal from the ledger: for these employees (every year), or for everyone
    when None (the demo seed after its bulk inserts, a repair). Every write or removal of a
    JpEntry calls this in the same transaction, so the dashboard's totals are never stale.

    Recomputing rather than adding a delta keeps it idempotent and self-correcting. The
    employees' rows are locked first (FOR NO KEY UPDATE: inserts that reference them are not
    blocked) so that two completions of the same person serialise here and the second sums
    the first's committed line."""
    if employee_ids is None:
        JpYearTotal.objects.all().delete()
        _jp_totals_insert_all()
        transaction.on_commit(jp_totals_changed)  # the cached dashboards are stale now
        return
    ids = sorted(set(employee_ids))
    if not ids:
        return
    lock_in_order(Employee.objects.filter(pk__in=ids).values_list("pk", flat=True), no_key=True)
    JpYearTotal.objects.filter(employee_id__in=ids).delete()
    ledger = JpEntry.objects.filter(employee_id__in=ids)
    sums = (
        ledger.order_by()
        .values("employee_id", "year")
        .annotate(total=Sum("jp"))
        .values_list("employee_id", "year", "total")
    )
    rows: list[JpYearTotal] = []
    for employee_id, year, total in sums.iterator(chunk_size=TOTALS_BATCH):
        rows.append(JpYearTotal(employee_id=employee_id, year=year, jp=total))
        if len(rows) >= TOTALS_BATCH:
            JpYearTotal.objects.bulk_create(rows)
            rows = []
    JpYearTotal.objects.bulk_create(rows)
    transaction.on_commit(jp_totals_changed)  # the cached dashboards are stale now


def _jp_totals_insert_all() -> None:
    """Everyone's totals in one `INSERT … SELECT … GROUP BY` (portable SQL): no row through
    Python (the demo seed at 100,000 employees made one instance per total)."""
    total, entry = (connection.ops.quote_name(m._meta.db_table) for m in (JpYearTotal, JpEntry))
    columns = '"employee_id", "year"'  # the columns of both tables (no db_column)
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO {total} ({columns}, "jp") SELECT {columns}, SUM("jp") FROM {entry}'
            f" GROUP BY {columns} ORDER BY {columns}"
        )


def _issue_certificate(
    *,
    employee: Employee,
    programme: Programme,
    completed_on: dt.date,
    **source: Registration | Enrolment,
) -> Certificate:
    certificate = Certificate.objects.create(
        number=f"pending-{uuid.uuid4().hex}",  # the final number needs the pk
        employee=employee,
        programme=programme,
        employee_name=employee.name,
        programme_title=programme.title,
        jp=programme.jp,
        completed_on=completed_on,
        issued_on=timezone.localdate(),
        **source,
    )
    certificate.number = certificate_number(pk=certificate.pk, issued_on=certificate.issued_on)
    certificate.save(update_fields=["number"])
    return certificate


def _mark_plan_item_done(plan_item: DevelopmentPlanItem | None) -> None:
    if plan_item is not None and plan_item.status != PlanItemStatus.DONE:
        plan_item.status = PlanItemStatus.DONE
        plan_item.save(update_fields=["status", "updated_at"])


def _credit(
    record: Registration | Enrolment,
    programme: Programme,
    completed_on: dt.date,
    source: str,
    *,
    link: str,
    refresh_totals: bool = True,
) -> Certificate | None:
    """The JP line and certificate of a completed registration or enrolment (`link` names which:
    the JP line's and the certificate's field that points back to it); run once or again, it
    adds neither twice."""
    by_record = {link: record}
    _entry, created = JpEntry.objects.get_or_create(
        **by_record,
        defaults={
            "employee_id": record.employee_id,
            "year": completed_on.year,
            "date": completed_on,
            "jp": programme.jp,
            "source": source,
            "title": programme.title,
        },
    )
    if created and refresh_totals:
        jp_totals_refresh(employee_ids=[record.employee_id])
    _mark_plan_item_done(record.plan_item)
    existing = Certificate.objects.filter(**by_record).first()
    if existing is not None or not programme.gives_certificate:
        return existing
    return _issue_certificate(
        employee=record.employee, programme=programme, completed_on=completed_on, **by_record
    )


def credit_registration(
    *, registration: Registration, actor: User | None = None, refresh_totals: bool = True
) -> Certificate | None:
    """The JP line (dated the session's last day) and, if the programme gives one, the
    certificate of a completed registration; its plan item, if any, is done. The employee's JP
    totals are refreshed unless `refresh_totals` is False: the demo seed refreshes everyone's
    once (`jp_totals_refresh()`) after crediting in bulk."""
    session = registration.session
    completed_on = min(session.end_date, timezone.localdate())
    return _credit(
        registration,
        session.programme,
        completed_on,
        JpSource.TRAINING,
        link="registration",
        refresh_totals=refresh_totals,
    )


def credit_enrolment(
    *, enrolment: Enrolment, actor: User | None = None, refresh_totals: bool = True
) -> Certificate | None:
    """The same for a completed e-learning course (dated the day it was completed)."""
    completed_on = timezone.localdate(enrolment.completed_at or timezone.now())
    return _credit(
        enrolment,
        enrolment.course.programme,
        completed_on,
        JpSource.ELEARNING,
        link="enrolment",
        refresh_totals=refresh_totals,
    )


# --- revocation -----------------------------------------------------------------------------


@records_actor
@transaction.atomic
def certificate_revoke(*, actor: User, certificate: Certificate, reason: str) -> Certificate:
    """A BKPSDM admin revokes a certificate (the reason is required). Its JP line goes too: a
    revoked certificate is no proof of the learning, so it no longer counts toward the target.
    The certificate row stays; the public page then says "dicabut" with date and reason."""
    if not can_revoke_certificate(actor):
        raise PermissionDenied(_("Hanya admin BKPSDM yang dapat mencabut sertifikat."))
    certificate = Certificate.objects.select_for_update(of=("self",)).get(pk=certificate.pk)
    if certificate.revoked_at is not None:
        raise ValidationError(_("Sertifikat ini sudah dicabut."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Alasan pencabutan wajib diisi.")]})
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = actor
    certificate.revoke_reason = reason
    certificate.save(update_fields=["revoked_at", "revoked_by", "revoke_reason", "updated_at"])
    if certificate.registration_id:
        JpEntry.objects.filter(registration_id=certificate.registration_id).delete()
    if certificate.enrolment_id:
        JpEntry.objects.filter(enrolment_id=certificate.enrolment_id).delete()
    jp_totals_refresh(employee_ids=[certificate.employee_id])
    user = getattr(certificate.employee, "user", None)
    notify(
        user=user,
        verb="certificate_revoked",
        message=Text(
            gettext_noop("Sertifikat %(number)s (%(title)s) dicabut: %(reason)s"),
            {"number": certificate.number, "title": certificate.programme_title, "reason": reason},
        ),
        url=reverse("learning:my_certificates"),
    )
    return certificate


# --- external certificates ------------------------------------------------------------------


def external_max_bytes() -> int:
    return settings.ABDI_EXTERNAL_CERTIFICATE_MAX_BYTES


@records_actor
@transaction.atomic
def external_certificate_submit(
    *,
    actor: User,
    title: str,
    provider: str,
    start_date: dt.date,
    end_date: dt.date,
    jp: object,  # raw input: refused below unless a whole number
    file: UploadedFile | None,
    number: str = "",
) -> ExternalCertificate:
    """The employee uploads a certificate from outside Abdi; it counts once BKPSDM verifies it.
    The file must be a PDF or an image by its content and within the size limit."""
    employee = own_employee(actor)
    if employee is None:
        raise PermissionDenied(_("Hanya pegawai yang dapat mengunggah sertifikat."))
    errors: dict[str, list] = {}
    title, provider, number = (
        (title or "").strip(),
        (provider or "").strip(),
        (number or "").strip(),
    )
    if not title:
        errors["title"] = [_("Nama kegiatan wajib diisi.")]
    if not provider:
        errors["provider"] = [_("Penyelenggara wajib diisi.")]
    today = timezone.localdate()
    if not isinstance(start_date, dt.date):
        errors["start_date"] = [_("Tanggal mulai wajib diisi.")]
    if not isinstance(end_date, dt.date):
        errors["end_date"] = [_("Tanggal selesai wajib diisi.")]
    elif end_date > today:
        errors["end_date"] = [_("Tanggal selesai tidak boleh di masa depan.")]
    elif isinstance(start_date, dt.date) and end_date < start_date:
        errors["end_date"] = [_("Tanggal selesai tidak boleh sebelum tanggal mulai.")]
    try:
        jp_value = int(str(jp))  # as int(jp) for a number or its text; anything else refused
        if isinstance(jp, bool) or str(jp_value) != str(jp).strip():
            raise ValueError
    except (TypeError, ValueError):
        jp_value = None
    if jp_value is None or not 1 <= jp_value <= 500:
        errors["jp"] = [_("JP harus bilangan bulat 1–500.")]
    content_type = ""
    if file is None:
        errors["file"] = [_("Unggah berkas sertifikat (PDF atau gambar).")]
    else:
        try:
            content_type = validate_upload(
                file, allowed=DOCUMENT_TYPES, max_bytes=external_max_bytes()
            )
        except ValidationError as exc:
            errors["file"] = list(exc.messages)
    if errors:
        raise ValidationError(errors)
    assert jp_value is not None and file is not None  # refused above
    external = ExternalCertificate(
        employee=employee,
        title=title,
        provider=provider,
        start_date=start_date,
        end_date=end_date,
        jp=jp_value,
        number=number,
        content_type=content_type,
    )
    external.file.save(_safe_name(file, content_type), file, save=False)
    external.save()
    return external


def _safe_name(file: UploadedFile, content_type: str) -> str:
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
    return f"sertifikat-{uuid.uuid4().hex[:12]}.{extension.get(content_type, 'bin')}"


@records_actor
@transaction.atomic
def external_certificate_decide(
    *, actor: User, external: ExternalCertificate, verify: bool, note: str = ""
) -> ExternalCertificate:
    """BKPSDM verifies (→ a JP line, source external, dated the activity's last day) or rejects
    (a note is required). A decision is final: deciding again is refused."""
    if not can_decide_external(actor):
        raise PermissionDenied(_("Hanya admin BKPSDM yang dapat memverifikasi sertifikat."))
    external = ExternalCertificate.objects.select_for_update(of=("self",)).get(pk=external.pk)
    if external.status != ExternalCertificateStatus.SUBMITTED:
        raise ValidationError(
            _("Sertifikat ini sudah diputuskan (%(status)s).")
            % {"status": external.get_status_display()}
        )
    note = (note or "").strip()
    if not verify and not note:
        raise ValidationError({"note": [_("Tuliskan alasan penolakan.")]})
    external.status = (
        ExternalCertificateStatus.VERIFIED if verify else ExternalCertificateStatus.REJECTED
    )
    external.decided_by = actor
    external.decided_at = timezone.now()
    external.decision_note = note
    external.save(
        update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"]
    )
    if verify:
        JpEntry.objects.create(
            employee_id=external.employee_id,
            year=external.end_date.year,
            date=external.end_date,
            jp=external.jp,
            source=JpSource.EXTERNAL,
            title=external.title[:250],
            external=external,
        )
        jp_totals_refresh(employee_ids=[external.employee_id])
        message = Text(
            gettext_noop("Sertifikat “%(title)s” diverifikasi: %(jp)s JP tercatat."),
            {
                "title": external.title,
                "jp": external.jp,
            },
        )
    else:
        message = Text(
            gettext_noop("Sertifikat “%(title)s” ditolak: %(note)s"),
            {
                "title": external.title,
                "note": note,
            },
        )
    notify(
        user=external.employee.user,
        verb="external_certificate_decided",
        message=message,
        url=reverse("learning:external_detail", args=[external.pk]),
    )
    return external


# --- the competency raise -------------------------------------------------------------------


@records_actor
@transaction.atomic
def completion_confirm(
    *, actor: User, registration: Registration | None = None, enrolment: Enrolment | None = None
) -> Registration | Enrolment:
    """The employee's superior confirms a completion once. For each competency the programme
    leads to a level above the employee's latest one, one assessment (method: training, dated
    the day of the confirmation, so that it is the latest) records the new level; a level is
    never lowered. The employee is told."""
    if (registration is None) == (enrolment is None):
        raise ValueError("pass exactly one of registration, enrolment")
    record: Registration | Enrolment
    if registration is not None:
        locked = Registration.objects.select_for_update(of=("self",)).get(pk=registration.pk)
        programme = locked.session.programme
        if locked.status != RegistrationStatus.COMPLETED:
            raise ValidationError(
                _("Hanya pelatihan yang sudah dinyatakan selesai dapat dikonfirmasi.")
            )
        record = locked
    else:
        assert enrolment is not None  # exactly one of the two, checked above
        enrolled = Enrolment.objects.select_for_update(of=("self",)).get(pk=enrolment.pk)
        programme = enrolled.course.programme
        if enrolled.completed_at is None:
            raise ValidationError(_("Kursus ini belum diselesaikan pegawai."))
        record = enrolled
    employee = record.employee
    if not is_superior_of(actor, employee):
        raise PermissionDenied(_("Hanya atasan pegawai yang dapat mengonfirmasi penyelesaian."))
    if record.completion_confirmed_at is not None:
        raise ValidationError(_("Penyelesaian ini sudah dikonfirmasi."))
    # Two confirmations of one employee (a course and a registration) must not both read the
    # old level and let the smaller raise win: they take turns on the employee's row.
    list(
        Employee.objects.select_for_update(no_key=True)
        .filter(pk=employee.pk)
        .values_list("pk", flat=True)
    )
    current = latest_levels([employee.pk]).get(employee.pk, {})
    raised = [
        (pc.competency, current.get(pc.competency_id), level)
        for pc in ProgrammeCompetency.objects.filter(
            programme=programme, target_level__isnull=False
        ).select_related("competency")
        if (level := pc.target_level) is not None and level > (current.get(pc.competency_id) or 0)
    ]
    assessment = None
    if raised:  # the competency service writes the results and the employee's current levels
        assessment = competency_services.training_raise_record(
            actor=actor,
            employee=employee,
            assessor=f"{programme.title} — {programme.provider.name}",
            levels={c: level for c, _before, level in raised},
        )
    record.completion_confirmed_by = actor
    record.completion_confirmed_at = timezone.now()
    record.raised_assessment = assessment
    record.save(
        update_fields=[
            "completion_confirmed_by",
            "completion_confirmed_at",
            "raised_assessment",
            "updated_at",
        ]
    )
    if isinstance(record, Registration):
        RegistrationStep.objects.create(
            registration=record, action=RegistrationAction.COMPLETION_CONFIRMED, actor=actor
        )
    if raised:
        changes = ", ".join(f"{c.name} {before or '–'}→{level}" for c, before, level in raised)
        message = Text(
            gettext_noop(
                "Atasan mengonfirmasi penyelesaian %(title)s. Level kompetensi naik: %(changes)s."
            ),
            {
                "title": programme.title,
                "changes": changes,
            },
        )
    else:
        message = Text(
            gettext_noop(
                "Atasan mengonfirmasi penyelesaian %(title)s. Level kompetensi Anda sudah setara "
                "atau lebih tinggi."
            ),
            {"title": programme.title},
        )
    notify(
        user=employee.user,
        verb="completion_confirmed",
        message=message,
        url=reverse("competency:employee_gaps", args=[employee.nip]),
    )
    return record


# --- reminders ------------------------------------------------------------------------------


def reminder_from_month() -> int:
    return settings.ABDI_JP_REMINDER_FROM_MONTH


class _JpAnnotations(TypedDict):
    jp_total: int
    jp_target: int


def jp_reminders(*, today: dt.date | None = None) -> dict[str, int]:
    """From ABDI_JP_REMINDER_FROM_MONTH (October) to December: every active employee below the
    year's JP target is told how many JP are missing, and each supervisor gets one summary of
    their team. At most once per calendar month per user (a Notification with the same verb
    this month means done), so a daily cron run is safe."""
    today = today or timezone.localdate()
    result = {"employees": 0, "supervisors": 0}
    if today.month < reminder_from_month():
        return result
    year = today.year
    month_start = timezone.make_aware(dt.datetime(today.year, today.month, 1))
    already = set(
        Notification.objects.filter(
            verb__in=("jp_below_target", "jp_team_below_target"), created_at__gte=month_start
        ).values_list("verb", "user_id")
    )
    # jp_total and jp_target are with_jp's annotations, which the django-stubs plugin does not
    # follow through a function's return: the filter is not resolved, and the rows are named.
    below = cast(
        "QuerySet[WithAnnotations[Employee, _JpAnnotations]]",
        with_jp(Employee.objects.filter(is_active=True), year)
        .filter(jp_total__lt=F("jp_target"))  # type: ignore[misc]
        .select_related("user")
        .order_by("pk"),
    )
    my_jp_url = reverse("learning:my_jp")
    team: dict[int, int] = {}
    supervisor_of_position: dict[int | None, Employee | None] = {}
    for employee in below.iterator(chunk_size=2000):
        missing = employee.jp_target - employee.jp_total
        if employee.user_id and ("jp_below_target", employee.user_id) not in already:
            with transaction.atomic():
                notify(
                    user=employee.user,
                    verb="jp_below_target",
                    message=Text(
                        gettext_noop(
                            "JP Anda tahun %(year)s baru %(total)s dari target %(target)s; "
                            "kurang %(missing)s JP sebelum akhir tahun."
                        ),
                        {
                            "year": year,
                            "total": employee.jp_total,
                            "target": employee.jp_target,
                            "missing": missing,
                        },
                    ),
                    url=my_jp_url,
                )
            result["employees"] += 1
        if employee.position_id not in supervisor_of_position:
            supervisor_of_position[employee.position_id] = supervisor_of(employee, on=today)
        supervisor = supervisor_of_position[employee.position_id]
        if supervisor is not None and supervisor.user_id:
            team[supervisor.user_id] = team.get(supervisor.user_id, 0) + 1
    dashboard_url = reverse("learning:jp_dashboard")
    users = User.objects.in_bulk(list(team))
    for user_id, count in team.items():
        if ("jp_team_below_target", user_id) in already:
            continue
        with transaction.atomic():
            notify(
                user=users[user_id],
                verb="jp_team_below_target",
                message=Text(
                    gettext_noop(
                        "%(count)s anggota tim Anda belum mencapai target JP tahun %(year)s."
                    ),
                    {"count": count, "year": year},
                ),
                url=dashboard_url,
            )
        result["supervisors"] += 1
    return result
