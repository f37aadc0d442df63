"""Every write of complaint handling. Each step is a transition of the table in
rules_complaints.TRANSITIONS, runs in a transaction on a locked row, and leaves a ComplaintEvent
with its actor and time. Refusals are ValidationErrors with a message the user understands."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from abdi.accounts.models import User
from abdi.core.calendar import JAKARTA
from abdi.core.selectors import working_day_deadline
from abdi.employees.models import Employee
from abdi.employees.selectors import position_holder
from abdi.feedback.choices import ComplaintAction as A
from abdi.feedback.choices import ComplaintChannel, ComplaintKind
from abdi.feedback.choices import ComplaintStatus as S
from abdi.feedback.models import Complaint, ComplaintEvent, PublicService
from abdi.feedback.rules import complaints as rules
from abdi.feedback.selectors.complaints import (
    complaints_due_for_auto_close,
    complaints_to_escalate,
    deadline_days,
)
from abdi.feedback.services.complaint_attachments import check_attachments, save_attachments
from abdi.org.models import OrgUnit, Position

logger = logging.getLogger(__name__)


@dataclass
class ComplaintInput:
    kind: str
    title: str
    description: str
    org_unit: OrgUnit | None = None
    service: PublicService | None = None
    incident_date: dt.date | None = None
    incident_place: str = ""
    officer_description: str = ""
    reporter_name: str = ""
    reporter_email: str = ""
    reporter_phone: str = ""
    is_anonymous: bool = False
    is_confidential: bool = False
    attachments: list[UploadedFile] = field(default_factory=list)


def _clean_input(data: ComplaintInput, now: dt.datetime) -> tuple[OrgUnit, PublicService | None]:
    errors: dict[str, list[str]] = {}
    if data.kind not in ComplaintKind.values:
        errors["kind"] = [_("Pilih jenis laporan.")]
    if not (data.title or "").strip():
        errors["title"] = [_("Judul laporan wajib diisi.")]
    if not (data.description or "").strip():
        errors["description"] = [_("Ceritakan apa yang terjadi.")]
    service = data.service
    unit = service.org_unit if service is not None else data.org_unit
    if service is not None and not service.is_active:
        errors["service"] = [_("Layanan ini tidak aktif lagi.")]
    if unit is None:
        errors["org_unit"] = [_("Pilih unit atau layanan yang dilaporkan.")]
    elif not unit.is_active:
        errors["org_unit"] = [_("Unit ini sudah tidak aktif.")]
    if data.incident_date and data.incident_date > now.astimezone(rules_tz()).date():
        errors["incident_date"] = [_("Tanggal kejadian tidak boleh di masa depan.")]
    try:
        check_attachments(data.attachments)
    except ValidationError as exc:
        errors["attachments"] = exc.messages
    if errors:
        raise ValidationError(errors)
    assert unit is not None  # refused above
    return unit, service


def rules_tz() -> dt.tzinfo:
    return JAKARTA


def _event(
    complaint: Complaint,
    action: str,
    *,
    actor: User | None = None,
    from_status: str = "",
    public_message: str = "",
    internal_note: str = "",
) -> ComplaintEvent:
    return ComplaintEvent.objects.create(
        complaint=complaint,
        action=action,
        actor=actor,
        from_status=from_status,
        to_status=complaint.status,
        public_message=(public_message or "").strip(),
        internal_note=(internal_note or "").strip(),
    )


def complaint_submit(
    *,
    data: ComplaintInput,
    channel: str = ComplaintChannel.WEB,
    actor: User | None = None,
    received_at: dt.datetime | None = None,
    external_id: str | None = None,
    event_action: str = A.SUBMIT,
    event_note: str = "",
) -> Complaint:
    """File a complaint: a fresh tracking code, the verification deadline, the attachments and
    the first timeline entry. An anonymous complaint keeps no name or contact at all."""
    now = received_at or timezone.now()
    unit, service = _clean_input(data, now)
    anonymous = bool(data.is_anonymous)
    fields = {
        "kind": data.kind,
        "channel": channel,
        "external_id": external_id,
        "org_unit": unit,
        "service": service,
        "title": data.title.strip()[:200],
        "description": data.description.strip(),
        "incident_date": data.incident_date,
        "incident_place": (data.incident_place or "").strip()[:200],
        "officer_description": (data.officer_description or "").strip()[:200],
        "reporter_name": "" if anonymous else (data.reporter_name or "").strip()[:150],
        "reporter_email": "" if anonymous else (data.reporter_email or "").strip(),
        "reporter_phone": "" if anonymous else (data.reporter_phone or "").strip()[:20],
        "is_anonymous": anonymous,
        "is_confidential": bool(data.is_confidential),
        "status": S.RECEIVED,
        "received_at": now,
        "verification_due": working_day_deadline(now, deadline_days("verification", on=now.date())),
    }
    for _attempt in range(5):
        try:
            with transaction.atomic():
                complaint = Complaint.objects.create(
                    tracking_code=rules.new_tracking_code(), **fields
                )
                save_attachments(complaint, data.attachments)
                _event(complaint, event_action, actor=actor, internal_note=event_note)
                return complaint
        except IntegrityError:
            # Only a tracking-code collision is worth another try; anything else is a bug.
            if Complaint.objects.filter(external_id=external_id).exists() and external_id:
                raise ValidationError(
                    _("Laporan SP4N-LAPOR! %(id)s sudah ada.") % {"id": external_id}
                ) from None
            continue
    raise RuntimeError("could not allocate a unique tracking code")


def _lock(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


def _transition(complaint: Complaint, action: str) -> tuple[Complaint, str, str]:
    locked = _lock(complaint)
    try:
        target = rules.next_status(action, locked.status)
    except rules.TransitionRefused as exc:
        raise ValidationError(str(exc)) from None
    return locked, locked.status, target


def _refresh(original: Complaint, locked: Complaint) -> Complaint:
    original.refresh_from_db()
    return original


def _require(value: str, message: str, field_name: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field_name: [message]})
    return value


@transaction.atomic
def _coordinator_step(
    complaint: Complaint,
    *,
    action: str,
    actor: User,
    note: str,
    public_message: str,
    note_required: bool = False,
) -> Complaint:
    if note_required:
        _require(note, _("Catatan wajib diisi."), "note")
    locked, before, target = _transition(complaint, action)
    locked.status = target
    locked.save(update_fields=["status", "updated_at"])
    _event(
        locked,
        action,
        actor=actor,
        from_status=before,
        public_message=public_message,
        internal_note=note,
    )
    return _refresh(complaint, locked)


def complaint_verify(
    *, complaint: Complaint, actor: User, note: str = "", public_message: str = ""
) -> Complaint:
    return _coordinator_step(
        complaint, action=A.VERIFY, actor=actor, note=note, public_message=public_message
    )


def complaint_postpone(
    *, complaint: Complaint, actor: User, note: str = "", public_message: str = ""
) -> Complaint:
    """Waiting for more information from the reporter; the verification deadline still runs."""
    return _coordinator_step(
        complaint,
        action=A.POSTPONE,
        actor=actor,
        note=note,
        public_message=public_message,
        note_required=True,
    )


def complaint_not_authority(
    *, complaint: Complaint, actor: User, note: str = "", public_message: str = ""
) -> Complaint:
    return _coordinator_step(
        complaint,
        action=A.NOT_AUTHORITY,
        actor=actor,
        note=note,
        public_message=public_message,
        note_required=True,
    )


def complaint_archive(
    *, complaint: Complaint, actor: User, note: str = "", public_message: str = ""
) -> Complaint:
    return _coordinator_step(
        complaint,
        action=A.ARCHIVE,
        actor=actor,
        note=note,
        public_message=public_message,
        note_required=True,
    )


@transaction.atomic
def complaint_dispatch(
    *,
    complaint: Complaint,
    actor: User,
    unit: OrgUnit | None,
    note: str = "",
    public_message: str = "",
) -> Complaint:
    """Send to the responsible unit: its liaison sees it; the follow-up deadline starts."""
    if unit is None:
        raise ValidationError({"unit": [_("Pilih unit penindak lanjut.")]})
    if not unit.is_active:
        raise ValidationError({"unit": [_("Unit ini sudah tidak aktif.")]})
    locked, before, target = _transition(complaint, A.DISPATCH)
    now = timezone.now()
    locked.status = target
    locked.dispatched_unit = unit
    locked.dispatched_at = now
    locked.follow_up_due = working_day_deadline(now, deadline_days("follow_up", on=now.date()))
    locked.escalated_at = None
    locked.save(
        update_fields=[
            "status",
            "dispatched_unit",
            "dispatched_at",
            "follow_up_due",
            "escalated_at",
            "updated_at",
        ]
    )
    _event(
        locked,
        A.DISPATCH,
        actor=actor,
        from_status=before,
        public_message=public_message
        or _("Laporan Anda diteruskan ke %(unit)s untuk ditindaklanjuti.") % {"unit": unit.name},
        internal_note=note,
    )
    return _refresh(complaint, locked)


@transaction.atomic
def complaint_respond(
    *, complaint: Complaint, actor: User, public_message: str, internal_note: str = ""
) -> Complaint:
    """The unit's answer to the reporter: marks the complaint followed up and starts the
    10-working-day wait for the reporter's reply."""
    message = _require(public_message, _("Jawaban untuk pelapor wajib diisi."), "public_message")
    locked, before, target = _transition(complaint, A.RESPOND)
    now = timezone.now()
    locked.status = target
    locked.followed_up_at = now
    locked.auto_close_due = working_day_deadline(now, deadline_days("auto_close", on=now.date()))
    locked.save(update_fields=["status", "followed_up_at", "auto_close_due", "updated_at"])
    _event(
        locked,
        A.RESPOND,
        actor=actor,
        from_status=before,
        public_message=message,
        internal_note=internal_note,
    )
    return _refresh(complaint, locked)


@transaction.atomic
def complaint_note(*, complaint: Complaint, actor: User, internal_note: str) -> Complaint:
    note = _require(internal_note, _("Catatan wajib diisi."), "internal_note")
    locked, before, _target = _transition(complaint, A.NOTE)
    _event(locked, A.NOTE, actor=actor, from_status=before, internal_note=note)
    return _refresh(complaint, locked)


@transaction.atomic
def complaint_close(
    *, complaint: Complaint, actor: User, note: str = "", public_message: str = ""
) -> Complaint:
    locked, before, target = _transition(complaint, A.CLOSE)
    locked.status = target
    locked.closed_at = timezone.now()
    locked.save(update_fields=["status", "closed_at", "updated_at"])
    _event(
        locked,
        A.CLOSE,
        actor=actor,
        from_status=before,
        public_message=public_message,
        internal_note=note,
    )
    return _refresh(complaint, locked)


@transaction.atomic
def complaint_link_employee(
    *, complaint: Complaint, actor: User, employee: Employee, note: str
) -> Complaint:
    """Link a substantiated complaint about an officer's conduct to that employee: an input for
    the appraiser, never an automatic penalty."""
    note = _require(note, _("Tuliskan ringkasan temuan untuk penilai."), "note")
    if employee is None:
        raise ValidationError({"employee": [_("Pilih pegawai.")]})
    locked, before, _target = _transition(complaint, A.LINK_EMPLOYEE)
    if locked.kind != ComplaintKind.COMPLAINT:
        raise ValidationError(
            _("Hanya pengaduan (bukan aspirasi atau permintaan informasi) yang dapat dikaitkan.")
        )
    locked.employee = employee
    locked.employee_linked_by = actor
    locked.employee_link_note = note
    locked.save(
        update_fields=["employee", "employee_linked_by", "employee_link_note", "updated_at"]
    )
    _event(
        locked,
        A.LINK_EMPLOYEE,
        actor=actor,
        from_status=before,
        internal_note=f"{employee.nip} {employee.name}: {note}",
    )
    return _refresh(complaint, locked)


# --- the reporter on the tracking page --------------------------------------------------------


@transaction.atomic
def citizen_reply(*, complaint: Complaint, message: str) -> Complaint:
    text = _require(message, _("Tanggapan tidak boleh kosong."), "message")
    locked, before, _target = _transition(complaint, A.CITIZEN_REPLY)
    _event(locked, A.CITIZEN_REPLY, from_status=before, public_message=text[:4000])
    return _refresh(complaint, locked)


@transaction.atomic
def citizen_rate(*, complaint: Complaint, rating: int | str | None, comment: str = "") -> Complaint:
    try:
        value = int(rating) if rating is not None else 0
    except (TypeError, ValueError):
        value = 0
    if not 1 <= value <= 5:
        raise ValidationError({"rating": [_("Penilaian harus 1 sampai 5.")]})
    locked, before, _target = _transition(complaint, A.RATE)
    locked.rating = value
    locked.save(update_fields=["rating", "updated_at"])
    _event(
        locked,
        A.RATE,
        from_status=before,
        public_message=(_("Penilaian: %(n)d dari 5.") % {"n": value})
        + (f" {comment.strip()[:2000]}" if comment and comment.strip() else ""),
    )
    return _refresh(complaint, locked)


@transaction.atomic
def citizen_reopen(*, complaint: Complaint, reason: str) -> Complaint:
    """The reporter is not satisfied with the follow-up: back to the unit, once."""
    text = _require(reason, _("Jelaskan mengapa laporan perlu dibuka kembali."), "reason")
    locked, before, target = _transition(complaint, A.REOPEN)
    if locked.reopen_count >= rules.MAX_REOPEN:
        raise ValidationError(_("Laporan ini sudah pernah dibuka kembali; hanya boleh sekali."))
    now = timezone.now()
    locked.status = target
    locked.reopen_count += 1
    locked.closed_at = None
    locked.auto_close_due = None
    locked.escalated_at = None
    locked.follow_up_due = working_day_deadline(now, deadline_days("follow_up", on=now.date()))
    locked.save(
        update_fields=[
            "status",
            "reopen_count",
            "closed_at",
            "auto_close_due",
            "escalated_at",
            "follow_up_due",
            "updated_at",
        ]
    )
    _event(locked, A.REOPEN, from_status=before, public_message=text[:4000])
    return _refresh(complaint, locked)


# --- the periodic tick ------------------------------------------------------------------------


def complaints_auto_close(*, now: dt.datetime | None = None) -> int:
    """Close followed-up complaints whose reporter did not reply within the waiting time."""
    now = now or timezone.now()
    closed = 0
    for pk in complaints_due_for_auto_close(now).values_list("pk", flat=True):
        with transaction.atomic():
            locked = Complaint.objects.select_for_update().get(pk=pk)
            try:
                target = rules.next_status(A.AUTO_CLOSE, locked.status)
            except rules.TransitionRefused:
                continue
            if locked.auto_close_due is None or locked.auto_close_due >= now:
                continue
            before = locked.status
            locked.status, locked.closed_at = target, now
            locked.save(update_fields=["status", "closed_at", "updated_at"])
            _event(
                locked,
                A.AUTO_CLOSE,
                from_status=before,
                public_message=_(
                    "Laporan ditutup otomatis karena tidak ada tanggapan pelapor dalam "
                    "%(n)d hari kerja setelah tindak lanjut."
                )
                % {"n": deadline_days("auto_close", on=now.date())},
            )
            closed += 1
    return closed


def unit_head_user(unit: OrgUnit | None) -> User | None:
    """The login of the head of the unit, or of the nearest unit above with a head."""
    if unit is None:
        return None
    today = timezone.localdate()
    chain = [unit, *reversed(list(OrgUnit.objects.get_ancestors(unit)))]
    for node in chain:
        for position_id in Position.objects.filter(
            org_unit=node, is_unit_head=True, is_active=True
        ).values_list("pk", flat=True):
            holder = position_holder(position_id, on=today)
            if holder is not None and holder.user_id:
                return holder.user
    return None


def complaints_escalate(*, now: dt.datetime | None = None) -> int:
    """Flag overdue complaints to the head of the responsible unit (once per step), by e-mail."""
    now = now or timezone.now()
    count = 0
    for pk in complaints_to_escalate(now).values_list("pk", flat=True):
        with transaction.atomic():
            locked = (
                # lock only the complaint: dispatched_unit is a nullable (outer) join
                Complaint.objects.select_for_update(of=("self",))
                .select_related("org_unit", "dispatched_unit")
                .get(pk=pk)
            )
            step = rules.overdue_step(
                locked.status,
                now=now,
                verification_due=locked.verification_due,
                follow_up_due=locked.follow_up_due,
            )
            if not step or locked.escalated_at is not None:
                continue
            unit = locked.dispatched_unit if step == "follow_up" else locked.org_unit
            # Every complaint is filed against a unit, and one waiting for follow-up has been
            # dispatched to one (by the dispatch step or by the SP4N-LAPOR! import).
            assert unit is not None
            head = unit_head_user(unit)
            locked.escalated_at = now
            locked.save(update_fields=["escalated_at", "updated_at"])
            what = _("verifikasi") if step == "verification" else _("tindak lanjut")
            _event(
                locked,
                A.ESCALATE,
                from_status=locked.status,
                internal_note=_("Batas %(what)s terlewati; diteruskan ke kepala %(unit)s%(who)s.")
                % {
                    "what": what,
                    "unit": unit.name,
                    "who": f" ({head.get_full_name() or head.username})" if head else "",
                },
            )
            if head is not None and head.email:
                transaction.on_commit(
                    _escalation_mail(
                        head.email, locked.tracking_code, locked.title, what, unit.name
                    )
                )
            count += 1
    return count


def _escalation_mail(
    email: str, code: str, title: str, what: str, unit_name: str
) -> Callable[[], None]:
    def send() -> None:
        try:
            send_mail(
                _("[Abdi] Pengaduan %(code)s melewati batas %(what)s")
                % {"code": rules.format_tracking_code(code), "what": what},
                _(
                    'Pengaduan "%(title)s" untuk %(unit)s melewati batas waktu %(what)s. '
                    "Mohon dipastikan segera ditangani."
                )
                % {"title": title, "unit": unit_name, "what": what},
                None,
                [email],
            )
        except Exception:  # a mail outage must not undo the escalation
            logger.exception("escalation mail for %s failed", code)

    return send


def complaints_tick(*, now: dt.datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    return {
        "auto_closed": complaints_auto_close(now=now),
        "escalated": complaints_escalate(now=now),
    }
