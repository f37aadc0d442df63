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
