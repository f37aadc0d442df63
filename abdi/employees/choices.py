from django.db import models
from django.utils.translation import gettext_lazy as _


class EmploymentStatus(models.TextChoices):
    CPNS = "cpns", _("CPNS")
    PNS = "pns", _("PNS")
    PPPK = "pppk", _("PPPK")


class Sex(models.TextChoices):
    MALE = "m", _("Laki-laki")
    FEMALE = "f", _("Perempuan")


class ActingKind(models.TextChoices):
    PLT = "plt", _("Pelaksana Tugas (Plt)")
    PLH = "plh", _("Pelaksana Harian (Plh)")


class DisciplineSeverity(models.TextChoices):
    LIGHT = "light", _("Ringan")
    MODERATE = "moderate", _("Sedang")
    SEVERE = "severe", _("Berat")


class CorrectionStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu")
    APPROVED = "approved", _("Disetujui")
    REJECTED = "rejected", _("Ditolak")


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu")
    VALIDATING = "validating", _("Memeriksa")
    VALIDATED = "validated", _("Siap diimpor")
    INVALID = "invalid", _("Ada kesalahan")
    IMPORTING = "importing", _("Mengimpor")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")
