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
