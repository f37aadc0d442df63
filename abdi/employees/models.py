"""Employees (pegawai) and their histories. Every model here keeps a simple-history trail."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from abdi.core.choices import EmployeeKind, Predikat
from abdi.core.models import EducationLevel, Rank, TimeStampedModel
from abdi.employees.choices import (
    ActingKind,
    CorrectionStatus,
    DisciplineSeverity,
    EmploymentStatus,
    ImportStatus,
    Sex,
)
from abdi.org.models import OrgUnit, Position

nik_validator = RegexValidator(r"^\d{16}$", _("NIK harus 16 digit angka."))
phone_validator = RegexValidator(r"^\+?[0-9 ()-]{6,20}$", _("Nomor telepon tidak valid."))


class Employee(TimeStampedModel):
    nip = models.CharField(_("NIP / NI PPPK"), max_length=18, unique=True)
    kind = models.CharField(_("jenis ASN"), max_length=4, choices=EmployeeKind.choices)
    status = models.CharField(
        _("status kepegawaian"), max_length=4, choices=EmploymentStatus.choices
    )
    front_title = models.CharField(_("gelar depan"), max_length=40, blank=True)
    name = models.CharField(_("nama"), max_length=150)
    back_title = models.CharField(_("gelar belakang"), max_length=60, blank=True)
    birth_place = models.CharField(_("tempat lahir"), max_length=100, blank=True)
    birth_date = models.DateField(_("tanggal lahir"))
    # Derived, never typed in: the pension date (1st of the month after the BUP birthday) from
    # the birth date and the BUP of the position, rewritten by every writer of those inputs
    # (services.store_retirement_date, the import, retirement_dates_refresh) so that the list's
    # "retiring within" filter is one indexed range.
    retirement_date = models.DateField(_("tanggal pensiun (BUP)"), null=True, editable=False)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    # Personal data: shown only to BKPSDM admins and the employee (see permissions).
    nik = models.CharField(_("NIK"), max_length=16, blank=True, validators=[nik_validator])
    address = models.TextField(_("alamat"), blank=True)
    phone = models.CharField(_("telepon"), max_length=20, blank=True, validators=[phone_validator])
    email = models.EmailField(_("e-mail"), blank=True)

    tmt_cpns = models.DateField(_("TMT CPNS"), null=True, blank=True)
    tmt_pns = models.DateField(_("TMT PNS"), null=True, blank=True)
    appointment_date = models.DateField(_("TMT pengangkatan PPPK"), null=True, blank=True)

    rank = models.ForeignKey(
        Rank,
        verbose_name=_("golongan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rank_effective_from = models.DateField(_("TMT golongan"), null=True, blank=True)
    position = models.ForeignKey(
        Position,
        verbose_name=_("jabatan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="holders",
    )
    position_effective_from = models.DateField(_("TMT jabatan"), null=True, blank=True)
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit kerja"), on_delete=models.PROTECT, related_name="employees"
    )
    education_level = models.ForeignKey(
        EducationLevel,
        verbose_name=_("pendidikan terakhir"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    last_kgb_date = models.DateField(_("TMT KGB terakhir"), null=True, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employee",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "nip"]
        verbose_name = _("pegawai")
        verbose_name_plural = _("pegawai")
        indexes = [
            models.Index(fields=["name"]),
            models.Index(fields=["org_unit", "is_active"]),
            models.Index(fields=["birth_date"]),
            models.Index(fields=["status"]),
            models.Index(fields=["retirement_date"], name="employee_retirement_date"),
            # The careers due lists' windows (docs/decisions/0065): the KP list's count reads
            # the active PNS by TMT golongan, the Satyalancana list's by TMT CPNS, from the index
            # alone (unit and id are key columns: the unit filter and the anti-join need them).
            models.Index(
                fields=["rank_effective_from", "org_unit", "id"],
                condition=Q(is_active=True, kind=EmployeeKind.PNS, rank__isnull=False),
                name="employee_due_kp",
            ),
            # KGB: the base date as Coalesce in the due list, with its columns (index-only).
            models.Index(
                Coalesce("last_kgb_date", "tmt_cpns", "appointment_date"),
                "org_unit",
                "id",
                "last_kgb_date",
                "tmt_cpns",
                "appointment_date",
                condition=Q(is_active=True),
                name="employee_due_kgb",
            ),
            models.Index(
                fields=["tmt_cpns", "org_unit", "id"],
                condition=Q(is_active=True, kind=EmployeeKind.PNS),
                name="employee_due_award",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.nip})"

    @property
    def full_name(self) -> str:
        name = f"{self.front_title} {self.name}".strip()
        return f"{name}, {self.back_title}" if self.back_title else name


class PersonnelRecord(TimeStampedModel):
    """A row of one of an employee's histories (reverse accessor: `employee.<related_name>`)."""

    class Meta:
        abstract = True


def _employee_fk(related_name: str) -> "models.ForeignKey[Employee, Employee]":
    return models.ForeignKey(
        Employee, verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name=related_name
    )


class RankHistory(PersonnelRecord):
    employee = _employee_fk("rank_history")
    rank = models.ForeignKey(
        Rank, verbose_name=_("golongan"), on_delete=models.PROTECT, related_name="+"
    )
    effective_from = models.DateField(_("TMT"))
    decree_number = models.CharField(_("nomor SK"), max_length=100, blank=True)
    decree_date = models.DateField(_("tanggal SK"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["employee", "-effective_from"]
        verbose_name = _("riwayat golongan")
        verbose_name_plural = _("riwayat golongan")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "rank", "effective_from"],
                name="rank_history_unique",
                violation_error_message=_("Riwayat golongan ini sudah tercatat."),
            )
        ]


class PositionHistory(PersonnelRecord):
    employee = _employee_fk("position_history")
    position = models.ForeignKey(
        Position, verbose_name=_("jabatan"), on_delete=models.PROTECT, related_name="history_rows"
    )
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit kerja"), on_delete=models.PROTECT, related_name="+"
    )
    effective_from = models.DateField(_("TMT"))
    effective_until = models.DateField(_("sampai"), null=True, blank=True)
    decree_number = models.CharField(_("nomor SK"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["employee", "-effective_from"]
        verbose_name = _("riwayat jabatan")
        verbose_name_plural = _("riwayat jabatan")
        indexes = [models.Index(fields=["position", "effective_from"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_until__isnull=True)
                | Q(effective_until__gte=models.F("effective_from")),
                name="position_history_dates_ordered",
                violation_error_message=_("Tanggal selesai tidak boleh sebelum TMT."),
            )
        ]


class EducationHistory(PersonnelRecord):
    employee = _employee_fk("education_history")
    level = models.ForeignKey(
        EducationLevel, verbose_name=_("jenjang"), on_delete=models.PROTECT, related_name="+"
    )
    institution = models.CharField(_("lembaga pendidikan"), max_length=200)
    major = models.CharField(_("jurusan"), max_length=200, blank=True)
    graduation_year = models.PositiveSmallIntegerField(_("tahun lulus"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["employee", "-graduation_year"]
        verbose_name = _("riwayat pendidikan")
        verbose_name_plural = _("riwayat pendidikan")


class ActingAssignment(PersonnelRecord):
    """Plt/Plh: the employee acts in a position (usually a vacant or absent head) for a period."""

    employee = _employee_fk("acting_assignments")
    position = models.ForeignKey(
        Position,
        verbose_name=_("jabatan"),
        on_delete=models.PROTECT,
        related_name="acting_assignments",
    )
    kind = models.CharField(_("jenis"), max_length=3, choices=ActingKind.choices)
    start_date = models.DateField(_("mulai"))
    end_date = models.DateField(_("selesai"))
    decree_number = models.CharField(_("nomor surat perintah"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("penugasan Plt/Plh")
        verbose_name_plural = _("penugasan Plt/Plh")
        indexes = [models.Index(fields=["position", "start_date", "end_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="acting_dates_ordered",
                violation_error_message=_("Tanggal selesai tidak boleh sebelum tanggal mulai."),
            )
        ]


class SalaryStepHistory(PersonnelRecord):
    """A periodic salary increase (kenaikan gaji berkala, KGB) granted by decree."""

    employee = _employee_fk("salary_steps")
    effective_from = models.DateField(_("TMT"))
    decree_number = models.CharField(_("nomor SK"), max_length=100)
    decree_date = models.DateField(_("tanggal SK"), null=True, blank=True)
    basic_salary = models.PositiveIntegerField(_("gaji pokok baru (Rp)"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["employee", "-effective_from"]
        verbose_name = _("riwayat kenaikan gaji berkala")
        verbose_name_plural = _("riwayat kenaikan gaji berkala")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "effective_from"],
                name="salary_step_unique",
                violation_error_message=_("KGB dengan TMT ini sudah tercatat."),
            )
        ]


class DisciplineRecord(PersonnelRecord):
    employee = _employee_fk("discipline_records")
    severity = models.CharField(
        _("tingkat hukuman"), max_length=10, choices=DisciplineSeverity.choices
    )
    sanction = models.CharField(_("jenis hukuman"), max_length=200)
    decree_number = models.CharField(_("nomor SK"), max_length=100, blank=True)
    decided_on = models.DateField(_("tanggal SK"))
    effective_from = models.DateField(_("berlaku mulai"))
    effective_until = models.DateField(_("berlaku sampai"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["employee", "-effective_from"]
        verbose_name = _("hukuman disiplin")
        verbose_name_plural = _("hukuman disiplin")
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_until__isnull=True)
                | Q(effective_until__gte=models.F("effective_from")),
                name="discipline_dates_ordered",
                violation_error_message=_("Tanggal akhir tidak boleh sebelum tanggal mulai."),
            )
        ]


class Award(PersonnelRecord):
    employee = _employee_fk("awards")
    name = models.CharField(_("nama penghargaan"), max_length=200)
    issuer = models.CharField(_("pemberi"), max_length=200, blank=True)
    awarded_on = models.DateField(_("tanggal"))
    decree_number = models.CharField(_("nomor SK"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["employee", "-awarded_on"]
        verbose_name = _("penghargaan")
        verbose_name_plural = _("penghargaan")


class AnnualPredikat(PersonnelRecord):
    """The final annual performance predikat. Filled from the SKP cycle or imported from SIASN."""

    employee = _employee_fk("annual_predikats")
    year = models.PositiveSmallIntegerField(_("tahun"))
    predikat = models.CharField(_("predikat"), max_length=20, choices=Predikat.choices)
    source = models.CharField(_("sumber"), max_length=60, default="import")
    history = HistoricalRecords()

    class Meta:
        ordering = ["employee", "-year"]
        verbose_name = _("predikat kinerja tahunan")
        verbose_name_plural = _("predikat kinerja tahunan")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "year"],
                name="annual_predikat_unique",
                violation_error_message=_("Predikat tahun ini sudah tercatat."),
            )
        ]


class CorrectionRequest(TimeStampedModel):
    """An employee asks for a fix of their own data, with a supporting document."""

    employee = models.ForeignKey(
        Employee,
        verbose_name=_("pegawai"),
        on_delete=models.CASCADE,
        related_name="correction_requests",
    )
    field_name = models.CharField(_("data yang dikoreksi"), max_length=40)
    current_value = models.TextField(_("nilai saat ini"), blank=True)
    requested_value = models.TextField(_("nilai yang diminta"))
    reason = models.TextField(_("alasan"))
    document = models.FileField(_("dokumen pendukung"), upload_to="corrections/%Y/%m/")
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CorrectionStatus.choices,
        default=CorrectionStatus.PENDING,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diajukan oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diputuskan oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)
    decision_note = models.TextField(_("catatan keputusan"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("permintaan koreksi data")
        verbose_name_plural = _("permintaan koreksi data")
        indexes = [models.Index(fields=["status", "created_at"])]


class ImportJob(TimeStampedModel):
    """One uploaded personnel file: validated first (dry run), then imported all-or-nothing."""

    file = models.FileField(_("berkas"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("nama berkas"), max_length=255)
    status = models.CharField(
        _("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    total_rows = models.PositiveIntegerField(_("jumlah baris"), default=0)
    processed_rows = models.PositiveIntegerField(_("baris diproses"), default=0)
    error_count = models.PositiveIntegerField(_("jumlah kesalahan"), default=0)
    created_count = models.PositiveIntegerField(_("pegawai baru"), default=0)
    updated_count = models.PositiveIntegerField(_("pegawai diperbarui"), default=0)
    report = models.JSONField(_("laporan"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diunggah oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    scope_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("lingkup unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Kosong bila pengunggah berwenang atas seluruh instansi."),
    )
    finished_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("impor pegawai")
        verbose_name_plural = _("impor pegawai")

    @property
    def progress_percent(self) -> int:
        return int(self.processed_rows * 100 / self.total_rows) if self.total_rows else 0


class PersonalDataRead(models.Model):
    """Someone other than the employee was shown the employee's personal data (NIK, address,
    phone, e-mail): who, whose, what, when, where (page or API endpoint). Written by
    abdi.employees.read_log; read by auditors. Never changed or deleted from the app."""

    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibaca oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    employee = models.ForeignKey(
        Employee,
        verbose_name=_("pegawai"),
        on_delete=models.CASCADE,
        related_name="personal_data_reads",
    )
    fields = models.CharField(_("data"), max_length=100)
    channel = models.CharField(_("melalui"), max_length=8)  # "page" | "api"
    path = models.CharField(_("alamat"), max_length=300)
    read_at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-read_at", "-pk"]
        verbose_name = _("pembacaan data pribadi")
        verbose_name_plural = _("pembacaan data pribadi")
        indexes = [models.Index(fields=["employee", "read_at"], name="personal_read_employee")]

    def __str__(self) -> str:
        return f"{self.reader_id} → {self.employee_id} ({self.fields})"
