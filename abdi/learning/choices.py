from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgrammeMode(models.TextChoices):
    CLASSROOM = "classroom", _("Klasikal")
    ELEARNING = "elearning", _("E-learning")
    BLENDED = "blended", _("Blended")


class ProgrammeCategory(models.TextChoices):
    """Jenis pengembangan kompetensi; leadership training (Pelatihan Kepemimpinan) by level."""

    PKN = "pkn", _("Kepemimpinan Nasional (PKN)")
    PKA = "pka", _("Kepemimpinan Administrator (PKA)")
    PKP = "pkp", _("Kepemimpinan Pengawas (PKP)")
    FUNCTIONAL = "functional", _("Fungsional")
    TECHNICAL = "technical", _("Teknis")
    SEMINAR = "seminar", _("Seminar / lokakarya / kursus")
    COACHING = "coaching", _("Coaching / mentoring")


class ProviderKind(models.TextChoices):
    INTERNAL = "internal", _("Internal (BKPSDM)")
    LAN = "lan", _("LAN")
    UNIVERSITY = "university", _("Perguruan tinggi mitra")
    OTHER = "other", _("Lembaga lain")


class SessionApproval(models.TextChoices):
    """Which approvals a registration needs before it takes (or waits for) a seat."""

    SUPERVISOR_AND_BKPSDM = "supervisor_bkpsdm", _("Atasan lalu BKPSDM")
    SUPERVISOR = "supervisor", _("Atasan saja")
    NONE = "none", _("Langsung (tanpa persetujuan)")


class RegistrationStatus(models.TextChoices):
    PENDING_SUPERVISOR = "pending_supervisor", _("Menunggu persetujuan atasan")
    PENDING_BKPSDM = "pending_bkpsdm", _("Menunggu konfirmasi BKPSDM")
    CONFIRMED = "confirmed", _("Terkonfirmasi")
    WAITLISTED = "waitlisted", _("Daftar tunggu")
    REJECTED = "rejected", _("Ditolak")
    CANCELLED = "cancelled", _("Dibatalkan")
    COMPLETED = "completed", _("Selesai")
    NOT_COMPLETED = "not_completed", _("Tidak selesai")


# A registration in one of these blocks a second one for the same session.
LIVE_REGISTRATION = (
    RegistrationStatus.PENDING_SUPERVISOR,
    RegistrationStatus.PENDING_BKPSDM,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.COMPLETED,
    RegistrationStatus.NOT_COMPLETED,
)
# ... and these hold a seat of the quota.
SEAT_HOLDING = (
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.COMPLETED,
    RegistrationStatus.NOT_COMPLETED,
)


class RegistrationAction(models.TextChoices):
    REGISTERED = "registered", _("Mendaftar")
    NOMINATED = "nominated", _("Diusulkan atasan")
    SUPERVISOR_APPROVED = "supervisor_approved", _("Disetujui atasan")
    SUPERVISOR_REJECTED = "supervisor_rejected", _("Ditolak atasan")
    CONFIRMED = "confirmed", _("Dikonfirmasi")
    WAITLISTED = "waitlisted", _("Masuk daftar tunggu")
    PROMOTED = "promoted", _("Naik dari daftar tunggu")
    REJECTED = "rejected", _("Ditolak BKPSDM")
    CANCELLED = "cancelled", _("Dibatalkan")
    COMPLETED = "completed", _("Dinyatakan selesai")
    NOT_COMPLETED = "not_completed", _("Dinyatakan tidak selesai")
    COMPLETION_CONFIRMED = "completion_confirmed", _("Penyelesaian dikonfirmasi atasan")


class ExternalCertificateStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Menunggu verifikasi")
    VERIFIED = "verified", _("Terverifikasi")
    REJECTED = "rejected", _("Ditolak")


class JpSource(models.TextChoices):
    TRAINING = "training", _("Pelatihan")
    ELEARNING = "elearning", _("E-learning")
    EXTERNAL = "external", _("Sertifikat eksternal")


class ModuleKind(models.TextChoices):
    TEXT = "text", _("Bacaan")
    VIDEO_FILE = "video_file", _("Video (berkas)")
    VIDEO_LINK = "video_link", _("Video (tautan)")
    PDF = "pdf", _("Dokumen PDF")
    QUIZ = "quiz", _("Kuis")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Pilihan tunggal")
    MULTIPLE = "multiple", _("Pilihan ganda (lebih dari satu jawaban)")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan ke atasan")
    RETURNED = "returned", _("Dikembalikan")
    AGREED = "agreed", _("Disepakati")


class PlanItemKind(models.TextChoices):
    TRAINING = "training", _("Pelatihan")
    ELEARNING = "elearning", _("E-learning")
    COACHING = "coaching", _("Coaching")
    MENTORING = "mentoring", _("Mentoring")
    SECONDMENT = "secondment", _("Magang / detasering")
    SEMINAR = "seminar", _("Seminar / lokakarya")


class PlanItemStatus(models.TextChoices):
    PLANNED = "planned", _("Direncanakan")
    IN_PROGRESS = "in_progress", _("Berjalan")
    DONE = "done", _("Selesai")
    CANCELLED = "cancelled", _("Batal")


class PlanItemSource(models.TextChoices):
    GAP = "gap", _("Kesenjangan kompetensi")
    EVALUATION = "evaluation", _("Evaluasi kinerja di bawah ekspektasi")
    MANUAL = "manual", _("Ditambahkan")


# A registration in one of these may still be cancelled (the others are decided).
CANCELLABLE = (
    RegistrationStatus.PENDING_SUPERVISOR,
    RegistrationStatus.PENDING_BKPSDM,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
)
PENDING = (RegistrationStatus.PENDING_SUPERVISOR, RegistrationStatus.PENDING_BKPSDM)
