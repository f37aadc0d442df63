from django.db import models
from django.utils.translation import gettext_lazy as _


class IpAsnDimension(models.TextChoices):
    """The four dimensions of the IP ASN (Permen PANRB 38/2018), in the order of the report."""

    QUALIFICATION = "qualification", _("Kualifikasi")
    COMPETENCY = "competency", _("Kompetensi")
    PERFORMANCE = "performance", _("Kinerja")
    DISCIPLINE = "discipline", _("Disiplin")


class PositionGroup(models.TextChoices):
    """How the competency dimension reads a position kind (REGULATIONS §5)."""

    STRUCTURAL = "structural", _("Struktural (JPT/Administrator/Pengawas)")
    FUNCTIONAL = "functional", _("Jabatan fungsional")
    PELAKSANA = "pelaksana", _("Pelaksana")


class IpAsnCategory(models.TextChoices):
    SANGAT_TINGGI = "sangat_tinggi", _("Sangat Tinggi")
    TINGGI = "tinggi", _("Tinggi")
    SEDANG = "sedang", _("Sedang")
    RENDAH = "rendah", _("Rendah")
    SANGAT_RENDAH = "sangat_rendah", _("Sangat Rendah")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Menunggu")
    RUNNING = "running", _("Berjalan")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")


class RunKind(models.TextChoices):
    IP_ASN = "ip_asn", _("IP ASN")
    DASHBOARD = "dashboard", _("Dasbor pimpinan")


class ReportKind(models.TextChoices):
    DUK = "duk", _("Daftar Urut Kepangkatan (DUK)")
    BEZETTING = "bezetting", _("Bezetting (formasi dan pemangku jabatan)")
    NOMINATIVE = "nominative", _("Daftar nominatif pegawai")


class MeritMeasure(models.TextChoices):
    """What Abdi can measure itself for a merit indicator (the rest is entered by hand)."""

    MANUAL = "manual", _("Diisi manual")
    POSITION_STANDARDS = "position_standards", _("Jabatan yang memiliki standar kompetensi")
    SKP_APPROVED = "skp_approved", _("Pegawai dengan SKP disetujui")
    JP_TARGET = "jp_target", _("Pegawai yang memenuhi target JP")
    COMPLAINTS_ON_TIME = "complaints_on_time", _("Pengaduan ditindaklanjuti tepat waktu")
    DIGITAL_RECORDS = "digital_records", _("Pegawai dengan akun dan data digital")
    ANNUAL_PREDIKAT = "annual_predikat", _("Pegawai dengan predikat kinerja tahunan")


class MeritStatus(models.TextChoices):
    DRAFT = "draft", _("Sedang diisi")
    SUBMITTED = "submitted", _("Diajukan untuk verifikasi")
    VERIFIED = "verified", _("Terverifikasi")


class MeritAction(models.TextChoices):
    STARTED = "started", _("Dimulai")
    SUBMITTED = "submitted", _("Diajukan")
    RETURNED = "returned", _("Dikembalikan")
    VERIFIED = "verified", _("Diverifikasi")


class EngagementStatus(models.TextChoices):
    OPEN = "open", _("Dibuka")
    CLOSED = "closed", _("Ditutup")


class IndicatorMeasure(models.TextChoices):
    """What fills a programme indicator: an Abdi measure (automatically) or a person."""

    MANUAL = "manual", _("Diisi manual dengan bukti")
    JP_CATEGORY = "jp_category", _("Rata-rata JP per pegawai pada kategori pelatihan")
    JP_TARGET = "jp_target", _("Persentase pegawai yang memenuhi target JP")
    IKM = "ikm", _("IKM unit layanan")
    JPM_BAND = "jpm_band", _("Persentase pegawai pada kategori JPM atau lebih tinggi")


class ProgrammeStatus(models.TextChoices):
    PLANNED = "planned", _("Direncanakan")
    ACTIVE = "active", _("Berjalan")
    DONE = "done", _("Selesai")


class RecommendationStatus(models.TextChoices):
    OPEN = "open", _("Belum ditindaklanjuti")
    IN_PROGRESS = "in_progress", _("Sedang ditindaklanjuti")
    CLOSED = "closed", _("Selesai")


class ServiceComponent(models.TextChoices):
    """The parts of a unit's public-service composite (each on a 0–100 scale)."""

    ON_TIME = "on_time", _("Pengaduan ditindaklanjuti tepat waktu")
    RATING = "rating", _("Penilaian pelapor")
    NOT_REOPENED = "not_reopened", _("Pengaduan yang tidak dibuka kembali")
    IKM = "ikm", _("IKM")
    IKM_TREND = "ikm_trend", _("Tren IKM")
    SKP = "skp", _("Predikat kinerja pegawai unit (Baik atau lebih)")
