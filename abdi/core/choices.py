from django.db import models
from django.utils.translation import gettext_lazy as _


class Confidence(models.TextChoices):
    """How sure we are of a regulation table (see REGULATIONS.md)."""

    CONFIRMED = "c2", _("C2+ — dua sumber atau lebih")
    SINGLE_SOURCE = "c1", _("C1 — satu sumber")
    BACKGROUND = "m", _("M — pengetahuan latar, perlu diverifikasi")


class EmployeeKind(models.TextChoices):
    PNS = "pns", _("PNS")
    PPPK = "pppk", _("PPPK")


class PositionKind(models.TextChoices):
    JPT_UTAMA = "jpt_utama", _("JPT Utama")
    JPT_MADYA = "jpt_madya", _("JPT Madya")
    JPT_PRATAMA = "jpt_pratama", _("JPT Pratama")
    ADMINISTRATOR = "administrator", _("Administrator")
    PENGAWAS = "pengawas", _("Pengawas")
    PELAKSANA = "pelaksana", _("Pelaksana")
    JF_AHLI_PERTAMA = "jf_ahli_pertama", _("JF Ahli Pertama")
    JF_AHLI_MUDA = "jf_ahli_muda", _("JF Ahli Muda")
    JF_AHLI_MADYA = "jf_ahli_madya", _("JF Ahli Madya")
    JF_AHLI_UTAMA = "jf_ahli_utama", _("JF Ahli Utama")
    JF_PEMULA = "jf_pemula", _("JF Pemula")
    JF_TERAMPIL = "jf_terampil", _("JF Terampil")
    JF_MAHIR = "jf_mahir", _("JF Mahir")
    JF_PENYELIA = "jf_penyelia", _("JF Penyelia")

    @classmethod
    def structural(cls) -> set[str]:
        return {
            cls.JPT_UTAMA,
            cls.JPT_MADYA,
            cls.JPT_PRATAMA,
            cls.ADMINISTRATOR,
            cls.PENGAWAS,
        }

    @classmethod
    def functional(cls) -> set[str]:
        return {c for c in cls.values if c.startswith("jf_")}


class Predikat(models.TextChoices):
    """Predikat kinerja pegawai (Permen PANRB 6/2022), best first."""

    SANGAT_BAIK = "sangat_baik", _("Sangat Baik")
    BAIK = "baik", _("Baik")
    BUTUH_PERBAIKAN = "butuh_perbaikan", _("Butuh Perbaikan")
    KURANG = "kurang", _("Kurang")
    SANGAT_KURANG = "sangat_kurang", _("Sangat Kurang")

    @classmethod
    def at_least_baik(cls) -> set[str]:
        return {cls.SANGAT_BAIK, cls.BAIK}
