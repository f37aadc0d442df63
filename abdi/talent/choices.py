from django.db import models
from django.utils.translation import gettext_lazy as _


class ThresholdKind(models.TextChoices):
    PERFORMANCE = "performance", _("Kinerja")
    POTENTIAL = "potential", _("Potensial")


class PerformanceLevel(models.TextChoices):
    """Lowest first: the order of a threshold table."""

    BELOW = "below", _("Di Bawah Ekspektasi")
    MEETS = "meets", _("Sesuai Ekspektasi")
    ABOVE = "above", _("Di Atas Ekspektasi")


class PotentialLevel(models.TextChoices):
    LOW = "low", _("Rendah")
    MEDIUM = "medium", _("Menengah")
    HIGH = "high", _("Tinggi")


LEVELS_BY_KIND = {
    ThresholdKind.PERFORMANCE: tuple(PerformanceLevel.values),
    ThresholdKind.POTENTIAL: tuple(PotentialLevel.values),
}


class PositionLevel(models.TextChoices):
    """Position levels of the talent map (groups of position kinds)."""

    JPT = "jpt", _("Jabatan Pimpinan Tinggi")
    ADMINISTRATOR = "administrator", _("Administrator")
    PENGAWAS = "pengawas", _("Pengawas")
    FUNCTIONAL = "functional", _("Fungsional")
    PELAKSANA = "pelaksana", _("Pelaksana")
    NONE = "none", _("Tanpa jabatan")


class Unmappable(models.TextChoices):
    """Why an employee has no box."""

    NO_PREDIKAT = "no_predikat", _("Predikat kinerja dua tahun terakhir belum lengkap")
    NO_POTENTIAL = "no_potential", _("Belum ada hasil asesmen dengan skor potensi")
    NO_JPM = "no_jpm", _("Jabatan tanpa standar kompetensi (JPM tidak dapat dihitung)")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Menunggu")
    RUNNING = "running", _("Sedang dihitung")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")


class Readiness(models.TextChoices):
    READY_NOW = "ready_now", _("Siap sekarang")
    ONE_TWO_YEARS = "one_two_years", _("Siap 1–2 tahun")
    THREE_PLUS = "three_plus", _("Siap 3 tahun atau lebih")


class ProjectState(models.TextChoices):
    DRAFT = "draft", _("Rancangan")
    ACTIVE = "active", _("Berjalan")
    COMPLETED = "completed", _("Selesai")
    LAPSED = "lapsed", _("Terhenti")


class ProjectAction(models.TextChoices):
    REGISTERED = "registered", _("Didaftarkan")
    STARTED = "started", _("Dimulai")
    COMPLETED = "completed", _("Dinyatakan selesai")
    LAPSED = "lapsed", _("Dinyatakan terhenti")
    PUBLISHED = "published", _("Dipublikasikan di galeri")
    UNPUBLISHED = "unpublished", _("Ditarik dari galeri")


class LeadershipTraining(models.TextChoices):
    PKN = "pkn", _("PKN Tingkat II")
    PKA = "pka", _("Pelatihan Kepemimpinan Administrator (PKA)")
    PKP = "pkp", _("Pelatihan Kepemimpinan Pengawas (PKP)")


class MilestoneTerm(models.TextChoices):
    SHORT = "short", _("Jangka pendek")
    MEDIUM = "medium", _("Jangka menengah")
    LONG = "long", _("Jangka panjang")
