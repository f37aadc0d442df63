from django.db import models
from django.utils.translation import gettext_lazy as _


class ComplaintKind(models.TextChoices):
    COMPLAINT = "complaint", _("Pengaduan")
    ASPIRATION = "aspiration", _("Aspirasi")
    INFORMATION_REQUEST = "information", _("Permintaan informasi")


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("Diterima")
    POSTPONED = "postponed", _("Ditunda")
    VERIFIED = "verified", _("Terverifikasi")
    NOT_OUR_AUTHORITY = "not_authority", _("Bukan kewenangan")
    ARCHIVED = "archived", _("Diarsipkan")
    DISPATCHED = "dispatched", _("Diteruskan ke unit")
    FOLLOWED_UP = "followed_up", _("Ditindaklanjuti")
    REOPENED = "reopened", _("Dibuka kembali")
    CLOSED = "closed", _("Selesai")


class ComplaintAction(models.TextChoices):
    SUBMIT = "submit", _("Laporan diterima")
    VERIFY = "verify", _("Diverifikasi")
    POSTPONE = "postpone", _("Ditunda")
    NOT_AUTHORITY = "not_authority", _("Dinyatakan bukan kewenangan")
    ARCHIVE = "archive", _("Diarsipkan")
    DISPATCH = "dispatch", _("Diteruskan ke unit")
    RESPOND = "respond", _("Dijawab unit")
    NOTE = "note", _("Catatan internal")
    CITIZEN_REPLY = "citizen_reply", _("Tanggapan pelapor")
    RATE = "rate", _("Penilaian pelapor")
    REOPEN = "reopen", _("Dibuka kembali oleh pelapor")
    CLOSE = "close", _("Ditutup")
    AUTO_CLOSE = "auto_close", _("Ditutup otomatis (tidak ada tanggapan)")
    ESCALATE = "escalate", _("Dieskalasi ke kepala unit")
    LINK_EMPLOYEE = "link_employee", _("Dikaitkan dengan pegawai")
    IMPORT = "import", _("Diimpor dari SP4N-LAPOR!")


class ComplaintChannel(models.TextChoices):
    WEB = "web", _("Situs Abdi")
    LAPOR = "lapor", _("SP4N-LAPOR!")
    COUNTER = "counter", _("Loket / tatap muka")


class ResponseChannel(models.TextChoices):
    ONLINE = "online", _("Daring (tautan/QR)")
    PAPER = "paper", _("Kuesioner kertas")


class AgeBand(models.TextChoices):
    UNDER_20 = "lt20", _("< 20 tahun")
    AGE_20_29 = "20_29", _("20–29 tahun")
    AGE_30_39 = "30_39", _("30–39 tahun")
    AGE_40_49 = "40_49", _("40–49 tahun")
    AGE_50_59 = "50_59", _("50–59 tahun")
    AGE_60_PLUS = "60plus", _("≥ 60 tahun")


class RespondentSex(models.TextChoices):
    MALE = "m", _("Laki-laki")
    FEMALE = "f", _("Perempuan")


class RespondentEducation(models.TextChoices):
    SD = "sd", _("SD ke bawah")
    SMP = "smp", _("SMP")
    SMA = "sma", _("SMA/SMK")
    DIPLOMA = "diploma", _("D1–D4")
    S1 = "s1", _("S1")
    S2_PLUS = "s2plus", _("S2 ke atas")


class RespondentOccupation(models.TextChoices):
    CIVIL_SERVANT = "asn", _("PNS/PPPK/TNI/Polri")
    PRIVATE = "private", _("Pegawai swasta")
    ENTREPRENEUR = "entrepreneur", _("Wiraswasta/usahawan")
    STUDENT = "student", _("Pelajar/mahasiswa")
    OTHER = "other", _("Lainnya")
