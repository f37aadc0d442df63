"""Shared pieces of the SKP demo: constants and texts, the people and the appraiser chain."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Q

from abdi.core.calendar import JAKARTA
from abdi.employees.models import ActingAssignment, Employee, PositionHistory
from abdi.org.models import Position
from abdi.performance.choices import (
    OrgPredikat,
    Rating,
    SKPStatus,
)

HISTORY_REASON = "Data demo"  # shown to auditors in the audit trail: no command names
SEED_OFFSET = 3_000_003  # this module's own Random: seed + offset
MAX_CHAIN = 20
BATCH = 2000

# Share of the active employees' SKPs per state; the rest (≈4 %) have not started.
LEAF_STATES = [
    (SKPStatus.APPROVED, 0.72),
    (SKPStatus.SUBMITTED, 0.10),
    (SKPStatus.RETURNED, 0.05),
    (SKPStatus.DRAFT, 0.09),
    (None, 0.04),
]
# Appraisers are almost always approved (their staff cascade from them).
APPRAISER_STATES = [(SKPStatus.APPROVED, 0.94), (SKPStatus.SUBMITTED, 0.04), (None, 0.02)]
ORG_PREDIKATS = [
    (OrgPredikat.ISTIMEWA, 0.15),
    (OrgPredikat.BAIK, 0.72),
    (OrgPredikat.BUTUH_PERBAIKAN, 0.11),
    (OrgPredikat.KURANG, 0.02),
]
WORK_RATINGS = [(Rating.ABOVE, 0.25), (Rating.MEETS, 0.60), (Rating.BELOW, 0.15)]
BEHAVIOUR_RATINGS = [(Rating.ABOVE, 0.30), (Rating.MEETS, 0.63), (Rating.BELOW, 0.07)]

AGREEMENT_RHK = [
    "Meningkatnya kualitas tata kelola pemerintahan daerah",
    "Meningkatnya kualitas pelayanan publik di seluruh perangkat daerah",
    "Terwujudnya reformasi birokrasi yang berdampak",
]
HEAD_RHK = [
    "Meningkatnya capaian kinerja {unit}",
    "Meningkatnya kualitas layanan {unit}",
    "Terwujudnya akuntabilitas kinerja dan anggaran {unit}",
]
MIDDLE_RHK = [
    "Terlaksananya program dan kegiatan {unit} sesuai rencana",
    "Tersusunnya dokumen perencanaan dan evaluasi {unit}",
    "Meningkatnya mutu layanan {unit}",
]
STAFF_RHK = [
    "Tersusunnya laporan kegiatan {unit}",
    "Terlaksananya verifikasi dokumen administrasi {unit}",
    "Terkelolanya data dan arsip {unit}",
    "Terlaksananya pelayanan kepada masyarakat pada {unit}",
    "Tersedianya bahan rapat dan telaah staf {unit}",
]
ADDITIONAL_RHK = [
    "Menjadi anggota tim penyusun laporan kinerja instansi",
    "Menjadi narasumber sosialisasi internal",
    "Menjadi panitia kegiatan hari besar nasional",
]
# (aspect, description, target, unit); a quarter's realisation is target/4 for counts.
QUANTITY_INDICATORS = [
    ("Jumlah laporan yang tersusun", 12, "laporan"),
    ("Jumlah dokumen yang diverifikasi", 240, "dokumen"),
    ("Jumlah layanan yang diselesaikan", 600, "layanan"),
    ("Jumlah kegiatan yang terlaksana", 8, "kegiatan"),
]
QUALITY_INDICATORS = [
    ("Persentase dokumen yang diterima tanpa revisi", 90, "persen"),
    ("Indeks kepuasan pengguna layanan", 85, "indeks"),
]
TIME_INDICATOR = ("Ketepatan waktu penyelesaian", 12, "bulan")
QUALITATIVE_TARGETS = [
    "Laporan diterima pimpinan tanpa revisi dan tepat waktu",
    "Layanan diberikan sesuai standar pelayanan tanpa pengaduan",
]
EXPECTATIONS = {
    "berorientasi_pelayanan": "Memberikan layanan yang ramah, cepat dan tuntas kepada pengguna {unit}.",
    "akuntabel": "Menyelesaikan setiap tugas dengan jujur, cermat dan dapat dipertanggungjawabkan.",
    "kompeten": "Mengikuti minimal satu pengembangan kompetensi dan berbagi ilmu kepada rekan kerja.",
    "harmonis": "Menjaga suasana kerja yang saling menghargai di lingkungan {unit}.",
    "loyal": "Menjaga nama baik instansi dan kerahasiaan data yang dikelola.",
    "adaptif": "Terbuka pada cara kerja baru, termasuk layanan digital.",
    "kolaboratif": "Aktif bekerja sama lintas tim untuk menyelesaikan pekerjaan bersama.",
}  # fmt: skip
ACTIVITY_TEXT = [
    ("Menyusun draf laporan", "Draf laporan"),
    ("Memverifikasi berkas masuk", "Berkas terverifikasi"),
    ("Mengikuti rapat koordinasi", "Notula rapat"),
    ("Melayani permohonan masyarakat", "Permohonan selesai"),
    ("Memperbarui basis data", "Data mutakhir"),
    ("Menyiapkan bahan paparan pimpinan", "Bahan paparan"),
]
RETURN_NOTES = [
    "Target kuantitas belum terukur, mohon dilengkapi dengan satuan yang jelas.",
    "RHK kedua belum selaras dengan RHK atasan, mohon diperbaiki.",
    "Indikator waktu perlu disesuaikan dengan jadwal kegiatan bidang.",
]
FEEDBACK_TEXT = [
    "Capaian triwulan ini sudah baik, pertahankan ketepatan waktunya.",
    "Mohon bukti dukung kegiatan dilengkapi agar mudah diverifikasi.",
    "Koordinasi dengan seksi lain perlu ditingkatkan.",
    "Terima kasih atas inisiatifnya membantu tim saat beban kerja tinggi.",
]
SELF_ASSESSMENT = [
    "Target triwulan tercapai sesuai rencana.",
    "Sebagian kegiatan tertunda karena menunggu data dari unit lain.",
    "Capaian melebihi rencana berkat dukungan tim.",
]
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


class ResultRef(NamedTuple):
    """What the execution step needs of a main work result (RHK): a model instance per RHK of
    the whole province would hold hundreds of megabytes."""

    pk: int
    title: str


class IndicatorRef(NamedTuple):
    """What the realisations need of an indicator (a model instance per indicator of the whole
    province would hold hundreds of megabytes)."""

    pk: int
    target_value: Decimal | None
    target_unit: str


@dataclass
class PerformanceStats:
    skps: Counter = field(default_factory=Counter)
    rows: Counter = field(default_factory=Counter)
    predikat: Counter = field(default_factory=Counter)
    evaluations: Counter = field(default_factory=Counter)


@dataclass
class Person:
    employee_id: int
    name: str
    user_id: int | None
    position_id: int | None
    unit_id: int
    is_head: bool
    appraiser: int | None = None
    superior: int | None = None
    level: int = 0


def pick(rng: random.Random, weighted):
    x, acc = rng.random(), 0.0
    for value, weight in weighted:
        acc += weight
        if x < acc:
            return value
    return weighted[-1][0]


def moment(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=JAKARTA)


# ---------------------------------------------------------------- the chain, in memory


class Chain:
    """`employees.positions.supervisor_of` and `services.planning.derive_chain` over in-memory maps."""

    def __init__(self, on: dt.date):
        self.positions = {
            pid: (parent, active)
            for pid, parent, active in Position.objects.values_list(
                "pk", "reports_to_id", "is_active"
            )
        }
        self.acting: dict[int, int] = {}
        for pid, eid in (
            ActingAssignment.objects.filter(
                start_date__lte=on, end_date__gte=on, employee__is_active=True
            )
            .order_by("position_id", "kind", "-start_date")
            .values_list("position_id", "employee_id")
        ):
            self.acting.setdefault(pid, eid)
        self.history_holder: dict[int, int] = {}
        self.own_position: dict[int, int] = {}
        rows = (
            PositionHistory.objects.filter(effective_from__lte=on)
            .filter(Q(effective_until__gte=on) | Q(effective_until__isnull=True))
            .order_by("-effective_from")
            .values_list("position_id", "employee_id", "effective_until", "employee__is_active")
        )
        for pid, eid, until, active in rows:
            if until is not None or active:
                self.history_holder.setdefault(pid, eid)
            self.own_position.setdefault(eid, pid)
        self.first_holder: dict[int, int] = {}
        for pid, eid in (
            Employee.objects.filter(is_active=True, position__isnull=False)
            .order_by("nip")
            .values_list("position_id", "pk")
        ):
            self.first_holder.setdefault(pid, eid)

    def holder(self, pid: int) -> int | None:
        return self.acting.get(pid) or self.history_holder.get(pid) or self.first_holder.get(pid)

    def position_of(self, person: Person) -> int | None:
        return self.own_position.get(person.employee_id) or person.position_id

    def above(self, pid: int | None, exclude: set[int]) -> tuple[int | None, int | None]:
        current = self.positions.get(pid, (None, None))[0] if pid else None
        for _step in range(MAX_CHAIN):
            if current is None or current not in self.positions:
                return None, None
            parent, active = self.positions[current]
            if active:
                holder = self.holder(current)
                if holder is not None and holder not in exclude:
                    return holder, current
            current = parent
        return None, None

    def derive(self, person: Person, people: dict[int, Person]) -> tuple[int | None, int | None]:
        appraiser, via = self.above(self.position_of(person), {person.employee_id})
        if appraiser is None:
            return None, None
        superior, _via = self.above(via, {person.employee_id, appraiser})
        return appraiser, superior


def month_end(day: dt.date) -> dt.date:
    nxt = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return nxt - dt.timedelta(days=1)
