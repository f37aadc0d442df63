from django.db import models
from django.utils.translation import gettext_lazy as _


class Cadence(models.TextChoices):
    MONTHLY = "monthly", _("Bulanan")
    QUARTERLY = "quarterly", _("Triwulanan")
    SEMESTER = "semester", _("Semesteran")


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Bulan")
    QUARTER = "quarter", _("Triwulan")
    SEMESTER = "semester", _("Semester")
    YEAR = "year", _("Tahunan")


class Rating(models.TextChoices):
    """Rating of work results or behaviour (Permen PANRB 6/2022)."""

    ABOVE = "above", _("Di Atas Ekspektasi")
    MEETS = "meets", _("Sesuai Ekspektasi")
    BELOW = "below", _("Di Bawah Ekspektasi")


class OrgPredikat(models.TextChoices):
    """The unit's own (organisational) predikat."""

    ISTIMEWA = "istimewa", _("Istimewa")
    BAIK = "baik", _("Baik")
    BUTUH_PERBAIKAN = "butuh_perbaikan", _("Butuh Perbaikan")
    KURANG = "kurang", _("Kurang")
    SANGAT_KURANG = "sangat_kurang", _("Sangat Kurang")


class SKPStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan")
    RETURNED = "returned", _("Dikembalikan")
    APPROVED = "approved", _("Disetujui")
    SUPERSEDED = "superseded", _("Digantikan versi baru")


class SKPAction(models.TextChoices):
    CREATE = "create", _("Dibuat")
    SUBMIT = "submit", _("Diajukan")
    RETURN = "return", _("Dikembalikan")
    APPROVE = "approve", _("Disetujui")
    REVISE = "revise", _("Versi baru dibuat")


class Approach(models.TextChoices):
    QUANTITATIVE = "quantitative", _("Kuantitatif")
    QUALITATIVE = "qualitative", _("Kualitatif")


class WorkResultKind(models.TextChoices):
    MAIN = "main", _("Hasil kerja utama")
    ADDITIONAL = "additional", _("Hasil kerja tambahan")


class IndicatorAspect(models.TextChoices):
    QUANTITY = "quantity", _("Kuantitas")
    QUALITY = "quality", _("Kualitas")
    TIME = "time", _("Waktu")
    COST = "cost", _("Biaya")


class EvaluationStatus(models.TextChoices):
    DRAFT = "draft", _("Draf penilai")
    FINAL = "final", _("Final (terkalibrasi)")
    RELEASED = "released", _("Dirilis ke pegawai")
    ACKNOWLEDGED = "acknowledged", _("Diterima pegawai")


class ObjectionStatus(models.TextChoices):
    FILED = "filed", _("Diajukan")
    UPHELD = "upheld", _("Diterima")
    REJECTED = "rejected", _("Ditolak")
