"""Competency development of the demo province: providers (BKPSDM, LAN, two partner
universities — one agreement expired — and the Bapelkes), a catalogue across every category and
mode, sessions in every state relative to the reference date (not yet open, open with seats,
open and full with a waiting list, closed, running, finished, cancelled) with mixed approval
modes, registrations in every status with their step trail, attendance, reaction surveys and
pre/post tests; an e-learning course of ordered modules (text, video link, PDF, quiz) with a
question bank, enrolments in progress, failed attempts and completions; external certificates;
development plans; and a JP history for last year and this year for most employees.

Rules kept (docs/decisions/0030 and 0039): seat-holding registrations never exceed a session's
quota, the waiting list exists only where the session is full, one live registration per
employee and session, eligibility (employee kind, position kind, unit) holds, PPPK stay within
their 24 JP. Completions of the catalogue sessions and of the e-learning course are credited by
`abdi.learning.services_credit` (the JP line and the numbered certificate), then back-dated to
the day the demo completion happened (number re-derived by the credit core's own numbering).

The JP history of the whole province — in-house trainings of every OPD, the monthly webinar and
four light e-learning courses — is written in bulk (the same JP line, certificate number format
and snapshots the credit core writes, checked by the tests), so that 60,000 employees take well
under two minutes; it leaves no step trail or attendance (treated as history carried over from
the previous training records) and, for speed, no django-simple-history rows for those
registrations and certificates (the sessions have theirs).

Everything is drawn from a Random of its own (seed + offset) in NIP order.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from abdi.competency.choices import AssessmentMethod
from abdi.competency.models import Assessment, AssessmentResult
from abdi.competency.services import refresh_current_levels
from abdi.core.calendar import JAKARTA
from abdi.demo.builders.competency import CompetencyResult, Staff
from abdi.demo.builders.fastinsert import fast_insert, reserve_ids
from abdi.employees.models import Employee
from abdi.learning.choices import (
    ExternalCertificateStatus,
    JpSource,
    ModuleKind,
    PlanItemKind,
    PlanItemSource,
    PlanStatus,
    ProgrammeCategory,
    ProgrammeMode,
    ProviderKind,
    QuestionKind,
    RegistrationAction,
    RegistrationStatus,
    SessionApproval,
)
from abdi.learning.models import (
    Attendance,
    Certificate,
    Choice,
    Course,
    DevelopmentPlan,
    DevelopmentPlanItem,
    Enrolment,
    ExternalCertificate,
    JpEntry,
    Module,
    ModuleProgress,
    Programme,
    ProgrammeCompetency,
    Provider,
    Question,
    Quiz,
    QuizAnswer,
    QuizAttempt,
    ReactionSurvey,
    Registration,
    RegistrationStep,
    TrainingSession,
)
from abdi.learning.services_credit import (
    certificate_number,
    credit_enrolment,
    credit_registration,
    jp_totals_refresh,
)
from abdi.org.models import OrgUnit, Position

HISTORY_REASON = "Data demo (seed_demo)"
SEED_OFFSET = 5_000_005
BATCH = 2000
S = RegistrationStatus
A = RegistrationAction
SEAT_HOLDING = {S.CONFIRMED, S.COMPLETED, S.NOT_COMPLETED}
PPPK_MAX_JP = 24


# --- a small valid PDF ----------------------------------------------------------------------


def text_pdf(lines: list[str], title: str = "") -> bytes:
    """A one-page A4 PDF with the lines in Helvetica, written by hand (valid xref), so the demo
    needs no renderer: module handouts and the scanned external certificates."""

    def esc(s: str) -> str:
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    shown = [title, ""] + lines if title else lines
    text = " ".join(f"({esc(line)}) '" for line in shown)
    stream = f"BT /F1 11 Tf 16 TL 56 800 Td {text} ET".encode("cp1252", "replace")
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]"
        b"/Resources<</Font<</F1 4 0 R>>>>/Contents 5 0 R>>",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>",
        b"<</Length " + str(len(stream)).encode() + b">>stream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj".encode() + body + b"endobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer<</Size {len(objects) + 1}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


# --- the catalogue --------------------------------------------------------------------------

PROVIDERS = {
    # key: (name, kind, agreement number, agreement valid until (days from today), contact)
    "bkpsdm": ("BKPSDM Provinsi Jambi", ProviderKind.INTERNAL, "", None,
               "Bidang Pengembangan Kompetensi Aparatur, (0741) 000-111"),
    "lan": ("Lembaga Administrasi Negara (LAN RI)", ProviderKind.LAN,
            "", None, "Pusat Pembelajaran dan Strategi Kebijakan Manajemen Pemerintahan"),
    "unja": ("Universitas Jambi", ProviderKind.UNIVERSITY,
             "045/UN21/KS/2024 — 800/112/BKPSDM/2024", 540, "LPPM Universitas Jambi"),
    "unbari": ("Universitas Batanghari", ProviderKind.UNIVERSITY,
               "17/UNBARI/PKS/2021 — 800/061/BKPSDM/2021", -120, "Fakultas Ekonomi UNBARI"),
    "bapelkes": ("Bapelkes Jambi (Kementerian Kesehatan)", ProviderKind.OTHER, "", None,
                 "Seksi Penyelenggaraan Pelatihan"),
}  # fmt: skip

# code: (title, mode, category, provider, JP, certificate, [(competency code, target level)])
PROGRAMMES = {
    "PKA": ("Pelatihan Kepemimpinan Administrator (PKA)", ProgrammeMode.BLENDED,
            ProgrammeCategory.PKA, "lan", 400, True, [("M8", 3), ("M7", 3), ("M6", 3)]),
    "PKP": ("Pelatihan Kepemimpinan Pengawas (PKP)", ProgrammeMode.BLENDED,
            ProgrammeCategory.PKP, "bkpsdm", 300, True, [("M4", 2), ("M2", 2), ("M6", 2)]),
    "FUNG-SDM": ("Pelatihan Fungsional Analis SDM Aparatur", ProgrammeMode.CLASSROOM,
                 ProgrammeCategory.FUNCTIONAL, "bkpsdm", 60, True, [("T-SDM-01", 3)]),
    "FUNG-PRC": ("Pelatihan Jabatan Fungsional Perencana Ahli Muda", ProgrammeMode.CLASSROOM,
                 ProgrammeCategory.FUNCTIONAL, "unja", 80, True, [("T-PRC-01", 3)]),
    "TEK-PROMKES": ("Pelatihan Promosi Kesehatan dan Pemberdayaan Masyarakat",
                    ProgrammeMode.CLASSROOM, ProgrammeCategory.TECHNICAL, "bapelkes", 40, True,
                    [("T-KES-02", 2), ("M3", 2)]),
    "TEK-PKM": ("Pelatihan Manajemen Puskesmas", ProgrammeMode.CLASSROOM,
                ProgrammeCategory.TECHNICAL, "unbari", 40, True, [("T-KES-01", 3)]),
    "TEK-KEUDA": ("Bimtek Penatausahaan Keuangan Daerah pada SIPD-RI", ProgrammeMode.CLASSROOM,
                  ProgrammeCategory.TECHNICAL, "bkpsdm", 32, True, [("T-KEU-01", 3)]),
    "TEK-YANPRIMA": ("Pelatihan Pelayanan Prima", ProgrammeMode.CLASSROOM,
                     ProgrammeCategory.TECHNICAL, "bkpsdm", 16, True, [("M5", 2)]),
    "TEK-ARSIP": ("Bimtek Tata Naskah Dinas Elektronik dan Kearsipan", ProgrammeMode.CLASSROOM,
                  ProgrammeCategory.TECHNICAL, "bkpsdm", 24, True, [("M3", 2)]),
    "TEK-GURU": ("Pelatihan Pembelajaran Berdiferensiasi bagi Guru SMA/SMK",
                 ProgrammeMode.BLENDED, ProgrammeCategory.TECHNICAL, "unja", 32, True,
                 [("T-DIK-01", 3)]),
    "SEM-RB": ("Seminar Reformasi Birokrasi Berdampak", ProgrammeMode.CLASSROOM,
               ProgrammeCategory.SEMINAR, "bkpsdm", 8, True, [("M7", None)]),
    "WS-SKP": ("Lokakarya Penyusunan SKP dan Dialog Kinerja", ProgrammeMode.CLASSROOM,
               ProgrammeCategory.SEMINAR, "bkpsdm", 16, True, [("M4", None), ("M6", None)]),
    "COACH-PGW": ("Coaching dan Mentoring bagi Pejabat Pengawas", ProgrammeMode.CLASSROOM,
                  ProgrammeCategory.COACHING, "bkpsdm", 16, True, [("M6", 3)]),
    "EL-DIGITAL": ("E-learning Literasi Digital dan Keamanan Informasi ASN",
                   ProgrammeMode.ELEARNING, ProgrammeCategory.TECHNICAL, "bkpsdm", 12, True,
                   [("T-TIK-01", 2), ("M7", 2)]),
    "EL-BERAKHLAK": ("E-learning Wawasan Kebangsaan dan Nilai BerAKHLAK", ProgrammeMode.ELEARNING,
                     ProgrammeCategory.SEMINAR, "lan", 10, True, [("SK1", None), ("M1", None)]),
    "EL-RISIKO": ("E-learning Manajemen Risiko Sektor Publik", ProgrammeMode.ELEARNING,
                  ProgrammeCategory.TECHNICAL, "unja", 8, True, [("M8", None)]),
    "EL-ANTIKORUPSI": ("E-learning Pendidikan Antikorupsi bagi ASN", ProgrammeMode.ELEARNING,
                       ProgrammeCategory.SEMINAR, "bkpsdm", 6, True, [("M1", None)]),
    "EL-DATA": ("E-learning Literasi Data dan Statistik Sektoral", ProgrammeMode.ELEARNING,
                ProgrammeCategory.TECHNICAL, "bkpsdm", 16, True, [("M4", None)]),
    "WEB-ASN": ("Webinar Bulanan Smart ASN", ProgrammeMode.CLASSROOM, ProgrammeCategory.SEMINAR,
                "bkpsdm", 3, False, [("M6", None)]),
}  # fmt: skip
# In-house technical trainings each OPD holds for its own staff, by the OPD's field.
IN_HOUSE = {
    "health": ("IHT-KES", "Pelatihan Teknis Pelayanan Kesehatan (In-House)", "T-KES-01"),
    "education": ("IHT-DIK", "Pelatihan Implementasi Kurikulum Merdeka (In-House)", "T-DIK-01"),
    "finance": ("IHT-KEU", "Bimtek Akuntansi Berbasis Akrual (In-House)", "T-KEU-01"),
    "hr": ("IHT-SDM", "Bimtek Manajemen Kinerja dan Layanan Kepegawaian (In-House)", "T-SDM-01"),
    "planning": ("IHT-PRC", "Bimtek Penyusunan Renja dan Evaluasi Kinerja (In-House)", "T-PRC-01"),
    "it": ("IHT-TIK", "Pelatihan Keamanan Informasi dan Layanan SPBE (In-House)", "T-TIK-01"),
    None: ("IHT-UMUM", "Pelatihan Administrasi Perkantoran Digital (In-House)", "M4"),
}  # fmt: skip
IN_HOUSE_JP = 24
MASS_ELEARNING = ["EL-BERAKHLAK", "EL-RISIKO", "EL-ANTIKORUPSI", "EL-DATA"]
DESCRIPTIONS = {
    "PKA": "Pelatihan kepemimpinan bagi pejabat administrator: kepemimpinan kinerja, "
    "inovasi, dan aksi perubahan di unit kerja.",
    "PKP": "Pelatihan kepemimpinan bagi pejabat pengawas: kepemimpinan operasional dan aksi "
    "perubahan.",
    "TEK-PROMKES": "Merancang promosi kesehatan berbasis data wilayah dan menggerakkan "
    "posyandu serta kader kesehatan.",
    "TEK-KEUDA": "Penatausahaan dokumen pelaksanaan anggaran, SPP/SPM dan pertanggungjawaban "
    "pada SIPD-RI.",
    "TEK-YANPRIMA": "Standar pelayanan, komunikasi dengan pengguna layanan dan penanganan "
    "pengaduan.",
    "EL-DIGITAL": "Belajar mandiri: keamanan akun, kata sandi, phishing, perlindungan data "
    "pribadi dan etika bermedia sosial bagi ASN.",
}

# (programme, session name, start, days, opens, closes, quota, approval, extra)
# start/opens/closes are days from the reference date.
SUP_BKPSDM, SUP, NONE = (
    SessionApproval.SUPERVISOR_AND_BKPSDM,
    SessionApproval.SUPERVISOR,
    SessionApproval.NONE,
)
SESSIONS = [
    ("PKA", "Angkatan I", -420, 75, -480, -440, 30, SUP_BKPSDM, {"kinds": ["administrator"]}),
    ("PKA", "Angkatan II", -30, 105, -90, -45, 30, SUP_BKPSDM, {"kinds": ["administrator"]}),
    ("PKP", "Angkatan I", -300, 50, -360, -320, 30, SUP_BKPSDM, {"kinds": ["pengawas"]}),
    ("PKP", "Angkatan II", 40, 50, -5, 20, 30, SUP_BKPSDM, {"kinds": ["pengawas"]}),
    ("FUNG-SDM", "Angkatan I", -200, 8, -240, -215, 25, SUP_BKPSDM, {"jf": True}),
    ("FUNG-PRC", "Angkatan I", -380, 10, -420, -395, 25, SUP_BKPSDM, {"jf": True}),
    ("TEK-PROMKES", "Angkatan I", -120, 5, -160, -135, 30, SUP_BKPSDM, {"units": ["DINKES"]}),
    ("TEK-PROMKES", "Angkatan II", 25, 5, -10, 12, 30, SUP_BKPSDM, {"units": ["DINKES"]}),
    ("TEK-PKM", "Angkatan I", -330, 5, -370, -345, 30, SUP_BKPSDM, {"units": ["DINKES"]}),
    ("TEK-KEUDA", "Angkatan I", -350, 4, -390, -365, 25, SUP_BKPSDM, {}),
    ("TEK-KEUDA", "Angkatan II", -60, 4, -100, -75, 25, SUP_BKPSDM, {}),
    ("TEK-KEUDA", "Angkatan III", 21, 4, -14, 7, 25, SUP_BKPSDM, {"full": True}),
    ("TEK-YANPRIMA", "Angkatan I", -14, 2, -45, -24, 30, SUP, {}),
    ("TEK-YANPRIMA", "Angkatan II", 55, 2, 20, 40, 30, SUP, {}),
    ("TEK-ARSIP", "Angkatan I", 30, 3, -6, 16, 30, SUP, {}),
    ("TEK-GURU", "Angkatan I", -90, 6, -130, -105, 30, SUP, {"units": ["DISDIK"]}),
    ("TEK-GURU", "Angkatan II", 6, 6, -30, -2, 30, SUP, {"units": ["DISDIK"]}),
    ("SEM-RB", "Seminar Triwulan III", -30, 1, -50, -32, 150, NONE, {"online": True}),
    ("SEM-RB", "Seminar Triwulan IV", 10, 1, -10, 8, 150, NONE,
     {"online": True, "cancelled": True}),
    ("WS-SKP", "Angkatan I", -1, 3, -30, -8, 40, SUP, {}),
    ("COACH-PGW", "Angkatan I", -180, 4, -220, -195, 20, SUP_BKPSDM, {"kinds": ["pengawas"]}),
    ("COACH-PGW", "Angkatan II", 5, 4, -35, -3, 20, SUP_BKPSDM, {"kinds": ["pengawas"]}),
]  # fmt: skip
PLACES = [
    "Aula BKPSDM Provinsi Jambi",
    "Gedung Bapelkes Jambi, Jl. Prof. Dr. Sri Soedewi",
    "Hotel Aston Jambi",
    "Kampus Universitas Jambi, Mendalo",
    "Ruang Rapat Pola Kantor Gubernur Jambi",
]
SURVEY_COMMENTS = [
    "",
    "",
    "Materi sangat bermanfaat untuk pekerjaan sehari-hari.",
    "Waktu praktik sebaiknya ditambah.",
    "Fasilitator menguasai materi dan komunikatif.",
    "Ruangan kurang nyaman, pendingin udara tidak berfungsi.",
    "Mohon bahan tayang dibagikan sebelum pelatihan.",
]
CANCEL_NOTES = ["Bertugas ke luar daerah pada tanggal pelatihan.", "Sakit.", "Ada tugas kedinasan."]
REJECT_NOTES = [
    "Belum sesuai dengan kebutuhan pengembangan tahun ini.",
    "Beban kerja bidang sedang tinggi; diusulkan angkatan berikutnya.",
]
QUESTIONS = [
    ("Kata sandi yang paling aman untuk akun kedinasan adalah …", QuestionKind.SINGLE,
     [("Tanggal lahir sendiri", False), ("Frasa panjang yang unik untuk setiap akun", True),
      ("Nama instansi ditambah angka 123", False), ("Kata sandi yang sama dengan e-mail pribadi", False)]),
    ("Ciri-ciri e-mail phishing antara lain … (pilih semua yang benar)", QuestionKind.MULTIPLE,
     [("Meminta kata sandi atau kode OTP", True), ("Alamat pengirim mirip tetapi berbeda", True),
      ("Berasal dari alamat resmi yang sudah dikenal dan tidak meminta data", False),
      ("Mendesak untuk segera mengeklik tautan", True)]),
    ("Autentikasi dua faktor berarti …", QuestionKind.SINGLE,
     [("Masuk dengan dua kata sandi", False),
      ("Masuk dengan sesuatu yang diketahui dan sesuatu yang dimiliki", True),
      ("Masuk dari dua perangkat sekaligus", False)]),
    ("Data pribadi menurut UU 27/2022 antara lain … (pilih semua yang benar)", QuestionKind.MULTIPLE,
     [("NIK", True), ("Data kesehatan", True), ("Nama instansi pemerintah", False),
      ("Nomor telepon pribadi", True)]),
    ("Saat menemukan flashdisk tak dikenal di ruang kerja, sebaiknya …", QuestionKind.SINGLE,
     [("Mencolokkannya untuk mencari pemiliknya", False),
      ("Menyerahkannya ke pengelola TIK tanpa membukanya", True),
      ("Memformatnya lalu dipakai", False)]),
    ("Yang termasuk etika ASN di media sosial … (pilih semua yang benar)", QuestionKind.MULTIPLE,
     [("Tidak menyebarkan informasi yang belum terverifikasi", True),
      ("Menjaga kerahasiaan informasi jabatan", True),
      ("Mengunggah dokumen internal agar transparan", False)]),
    ("Pembaruan perangkat lunak (update) sebaiknya …", QuestionKind.SINGLE,
     [("Ditunda selama mungkin", False), ("Dipasang segera dari sumber resmi", True),
      ("Hanya dipasang jika komputer lambat", False)]),
    ("Jaringan Wi-Fi publik aman dipakai untuk …", QuestionKind.SINGLE,
     [("Mengakses aplikasi kepegawaian tanpa VPN", False),
      ("Membaca berita umum", True), ("Mengirim data pribadi pegawai", False)]),
    ("Langkah pertama bila akun kedinasan diduga dibobol …", QuestionKind.SINGLE,
     [("Mengganti kata sandi dan melapor ke pengelola TIK", True),
      ("Membuat akun baru tanpa melapor", False), ("Menunggu sampai ada kerugian", False)]),
    ("Klasifikasi informasi yang benar … (pilih semua yang benar)", QuestionKind.MULTIPLE,
     [("Informasi publik", True), ("Informasi dikecualikan", True), ("Informasi bebas ubah", False)]),
]  # fmt: skip


@contextmanager
def kept_timestamps(*models):
    """Let bulk_create write the created_at/updated_at/at values the demo sets (back-dated),
    instead of now: auto_now(_add) is switched off for those models while the block runs."""
    saved = []
    for model in models:
        for f in model._meta.concrete_fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                saved.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, now, add in saved:
            f.auto_now, f.auto_now_add = now, add


def _at(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=JAKARTA)


def _stamp(obj, when: dt.datetime):
    obj.created_at = obj.updated_at = when
    return obj


def _bulk(model, objs, *, history: bool = True, batch_size: int = BATCH):
    """bulk_create (with history rows when the model keeps history), timestamps as set."""
    if not objs:
        return []
    now = timezone.now()
    for obj in objs:
        for name in ("created_at", "updated_at"):
            if hasattr(obj, name) and getattr(obj, name) is None:
                setattr(obj, name, now)
    with kept_timestamps(model):
        if history:
            return bulk_create_with_history(
                objs, model, batch_size=batch_size, default_change_reason=HISTORY_REASON
            )
        return model.objects.bulk_create(objs, batch_size=batch_size)


@dataclass
class Draft:
    """A registration being planned, with its trail, before it is written."""

    reg: Registration
    steps: list = field(default_factory=list)  # (action, actor id, when, note)
    attendance: list = field(default_factory=list)  # (date, present)
    survey: ReactionSurvey | None = None
    raise_levels: dict = field(default_factory=dict)  # competency id → level
    confirmed_by: int | None = None


class LearningSeeder:
    def __init__(self, *, seed: int, today: dt.date, users: dict, comp: CompetencyResult):
        self.rng = random.Random(seed + SEED_OFFSET)
        self.today = today
        self.now = _at(today, 11)
        self.users = users
        self.comp = comp
        self.admin_id = users["admin"].pk if "admin" in users else None
        self.stats: Counter = Counter()
        self.staff: list[Staff] = comp.staff
        self.by_id: dict[int, Staff] = {s.employee_id: s for s in self.staff}
        self.jp_year: Counter = Counter()  # (employee, year) → JP credited
        self.taken: set[tuple[int, str]] = set()  # (employee, programme code)
        self.plan_items: dict[tuple[int, str], DevelopmentPlanItem] = {}
        self.backdate: list[tuple[int, dt.date]] = []  # certificate pk → issued on
        self._people()

    # -- who is who -------------------------------------------------------------------------

    def _people(self) -> None:
        self.login_employee = {
            username: emp_id
            for emp_id, username in Employee.objects.filter(
                user__username__in=["pegawai", "atasan"]
            ).values_list("pk", "user__username")
        }
        positions = list(
            Position.objects.values_list("pk", "reports_to_id", "is_unit_head", "kind")
        )
        self.reports_to = {pk: up for pk, up, _h, _k in positions}
        holder: dict[int, int] = {}
        for s in self.staff:
            if s.position_id is not None:
                holder.setdefault(s.position_id, s.employee_id)
        self.holder = holder
        self.opd_units = {
            u.path: u for u in OrgUnit.objects.filter(depth=2).only("pk", "path", "code", "name")
        }
        self.units_by_code = {u.code: u for u in self.opd_units.values()}
        below: dict[int, list[int]] = defaultdict(list)
        for pk, up in self.reports_to.items():
            if up is not None:
                below[up].append(pk)
        atasan = self.login_employee.get("atasan")
        self.atasan_team: list[int] = []
        if atasan is not None:
            root = self.by_id[atasan].position_id
            seen, frontier = set(), [root]
            while frontier:
                nxt = []
                for p in frontier:
                    for child in below.get(p, []):
                        if child not in seen:
                            seen.add(child)
                            nxt.append(child)
                frontier = nxt
            self.atasan_team = [s.employee_id for s in self.staff if s.position_id in seen]

    def supervisor(self, emp_id: int) -> int | None:
        position = self.by_id[emp_id].position_id
        for _step in range(20):
            position = self.reports_to.get(position)
            if position is None:
                return None
            if position in self.holder:
                return self.holder[position]
        return None

    def user_of(self, emp_id: int | None) -> int | None:
        if emp_id is None:
            return self.admin_id
        return self.by_id[emp_id].user_id or self.admin_id

    def opd_of(self, s: Staff) -> str:
        return s.unit_path[:8]

    def can_take(self, emp_id: int, jp: int, year: int) -> bool:
        s = self.by_id[emp_id]
        return s.kind != "pppk" or self.jp_year[emp_id, year] + jp <= PPPK_MAX_JP

    # -- run --------------------------------------------------------------------------------

    def run(self) -> Counter:
        self.catalogue()
        self.elearning_content()
        self.plans()
        self.catalogue_sessions()
        self.elearning_enrolments()
        self.externals()
        self.mass_history()
        self._backdate_certificates()
        jp_totals_refresh()  # the bulk JP lines above bypass the credit services
        self.stats["JP lines"] = JpEntry.objects.count()
        self.stats["certificates"] = Certificate.objects.count()
        return self.stats

    def catalogue(self) -> None:
        providers = []
        for _key, (name, kind, number, until, contact) in PROVIDERS.items():
            providers.append(
                Provider(
                    name=name,
                    kind=kind,
                    agreement_number=number,
                    agreement_until=self.today + dt.timedelta(days=until) if until else None,
                    contact=contact,
                )
            )
        _bulk(Provider, providers)
        self.providers = dict(zip(PROVIDERS, providers, strict=True))
        rows, links = [], []
        specs = dict(PROGRAMMES)
        for _fld, (code, title, competency) in IN_HOUSE.items():
            specs[code] = (title, ProgrammeMode.CLASSROOM, ProgrammeCategory.TECHNICAL,
                           "bkpsdm", IN_HOUSE_JP, True, [(competency, None)])  # fmt: skip
        for code, (title, mode, category, provider, jp, cert, _comps) in specs.items():
            rows.append(
                Programme(
                    code=code,
                    title=title,
                    description=DESCRIPTIONS.get(code, ""),
                    mode=mode,
                    category=category,
                    provider=self.providers[provider],
                    jp=jp,
                    gives_certificate=cert,
                    # the expired partnership's programme is no longer offered
                    is_active=provider != "unbari",
                )
            )
        _bulk(Programme, rows)
        self.programmes = {p.code: p for p in rows}
        self.targets: dict[str, dict[int, int | None]] = {}
        for code, (*_rest, comps) in specs.items():
            self.targets[code] = {}
            for ccode, level in comps:
                competency = self.comp.competencies[ccode]
                links.append(
                    ProgrammeCompetency(
                        programme=self.programmes[code], competency=competency, target_level=level
                    )
                )
                self.targets[code][competency.pk] = level
        ProgrammeCompetency.objects.bulk_create(links)
        self.stats["programmes"] = len(rows)

    # -- e-learning content -----------------------------------------------------------------

    def elearning_content(self) -> None:
        courses = [
            Course(programme=self.programmes[c], is_published=True)
            for c in ["EL-DIGITAL", *MASS_ELEARNING]
        ]
        _bulk(Course, courses)
        self.courses = {c.programme.code: c for c in courses}
        course = self.courses["EL-DIGITAL"]
        quiz = Quiz.objects.create(
            course=course,
            title="Kuis Akhir Literasi Digital",
            pass_mark=70,
            max_attempts=3,
            time_limit_minutes=20,
            questions_per_attempt=8,
            shuffle=True,
        )
        self.quiz = quiz
        self.questions: list[tuple[Question, list[Choice]]] = []
        for text, kind, choices in QUESTIONS:
            question = Question.objects.create(quiz=quiz, text=text, kind=kind)
            objs = Choice.objects.bulk_create(
                Choice(question=question, text=t, is_correct=ok, order=i)
                for i, (t, ok) in enumerate(choices, 1)
            )
            self.questions.append((question, objs))
        handout = text_pdf(
            [
                "1. Gunakan frasa sandi panjang dan unik untuk setiap akun kedinasan.",
                "2. Aktifkan autentikasi dua faktor pada e-mail dan aplikasi kepegawaian.",
                "3. Periksa alamat pengirim dan tautan sebelum mengeklik.",
                "4. Jangan bagikan kode OTP kepada siapa pun, termasuk yang mengaku petugas.",
                "5. Laporkan insiden ke pengelola TIK (CSIRT Provinsi Jambi).",
                "",
                "Data pribadi (UU 27/2022): kumpulkan seperlunya, simpan dengan aman,",
                "hapus bila tidak diperlukan lagi.",
            ],
            title="Modul 3 - Lembar Ringkas Keamanan Informasi ASN",
        )
        modules = [
            Module(course=course, order=1, title="Pengantar: mengapa keamanan informasi penting",
                   kind=ModuleKind.TEXT, minutes=10,
                   body="ASN mengelola data masyarakat setiap hari. Modul ini menjelaskan "
                   "ancaman yang paling sering terjadi di instansi pemerintah daerah — "
                   "phishing, kata sandi lemah, perangkat yang tidak diperbarui — dan "
                   "kebiasaan sederhana untuk mencegahnya."),
            Module(course=course, order=2, title="Video: mengenali phishing",
                   kind=ModuleKind.VIDEO_LINK, minutes=12,
                   url="https://example.org/video/mengenali-phishing-asn",
                   body="Tonton video berikut, lalu catat tiga ciri e-mail phishing."),
            Module(course=course, order=3, title="Lembar ringkas keamanan informasi (PDF)",
                   kind=ModuleKind.PDF, minutes=8),
            Module(course=course, order=4, title="Perlindungan data pribadi dan etika bermedia "
                   "sosial", kind=ModuleKind.TEXT, minutes=15,
                   body="UU 27/2022 tentang Pelindungan Data Pribadi mewajibkan pengendali data "
                   "— termasuk instansi pemerintah — menjaga kerahasiaan data. ASN juga terikat "
                   "kode etik saat bermedia sosial."),
            Module(course=course, order=5, title="Kuis akhir", kind=ModuleKind.QUIZ,
                   quiz=quiz, minutes=20),
        ]  # fmt: skip
        modules[2].file.save("modul-3-keamanan-informasi.pdf", ContentFile(handout), save=False)
        for m in modules:
            m.save()
        self.modules = {"EL-DIGITAL": modules}
        light = {
            "EL-BERAKHLAK": ["Nilai dasar ASN BerAKHLAK", "Wawasan kebangsaan", "Studi kasus"],
            "EL-RISIKO": ["Konsep risiko sektor publik", "Register risiko unit kerja"],
            "EL-ANTIKORUPSI": ["Mengenali gratifikasi", "Benturan kepentingan"],
            "EL-DATA": ["Prinsip Satu Data Indonesia", "Metadata statistik sektoral",
                        "Visualisasi data sederhana"],
        }  # fmt: skip
        rows = []
        for code, titles in light.items():
            for i, title in enumerate(titles, 1):
                rows.append(
                    Module(
                        course=self.courses[code],
                        order=i,
                        title=title,
                        kind=ModuleKind.TEXT,
                        minutes=15,
                        body=f"{title}: bacaan mandiri program {self.programmes[code].title}.",
                    )
                )
        _bulk(Module, [_stamp(m, self.now) for m in rows])
        for m in rows:
            self.modules.setdefault(m.course.programme.code, []).append(m)

    # -- development plans ------------------------------------------------------------------

    def programme_for(self, competency_id: int) -> str | None:
        """A catalogue programme (not in-house) that addresses the competency, with a level
        first."""
        best = None
        for code, targets in self.targets.items():
            if code.startswith("IHT") or not self.programmes[code].is_active:
                continue
            if competency_id in targets:
                if targets[competency_id]:
                    return code
                best = best or code
        return best

    def plans(self) -> None:
        rng, year = self.rng, self.today.year
        pegawai = self.login_employee.get("pegawai")
        with_gaps = [s.employee_id for s in self.staff if self.comp.gaps(s.employee_id)]
        n = min(300, max(20, len(self.staff) // 10))
        chosen = rng.sample(with_gaps, min(n, len(with_gaps)))
        team = [e for e in self.atasan_team if e != pegawai and self.comp.gaps(e)][:2]
        ordered = [e for e in [pegawai, *team] if e is not None]
        chosen = ordered + [e for e in chosen if e not in ordered]
        plans, items = [], []
        table = [(PlanStatus.AGREED, 0.5), (PlanStatus.SUBMITTED, 0.25),
                 (PlanStatus.DRAFT, 0.2), (PlanStatus.RETURNED, 0.05)]  # fmt: skip
        kind_of = {
            ProgrammeMode.ELEARNING: PlanItemKind.ELEARNING,
            ProgrammeCategory.COACHING: PlanItemKind.COACHING,
            ProgrammeCategory.SEMINAR: PlanItemKind.SEMINAR,
        }
        for emp_id in chosen:
            status = PlanStatus.SUBMITTED if emp_id in ordered else _pick(rng, table)
            sup = self.supervisor(emp_id)
            created = _at(dt.date(year, 1, 2) + dt.timedelta(days=rng.randint(0, 40)), 10)
            created = min(created, self.now - dt.timedelta(days=3))
            plan = _stamp(DevelopmentPlan(employee_id=emp_id, year=year, status=status), created)
            if status != PlanStatus.DRAFT:
                plan.supervisor_id = sup
                plan.submitted_at = created + dt.timedelta(days=rng.randint(1, 5))
            if status == PlanStatus.AGREED:
                plan.agreed_at = plan.submitted_at + dt.timedelta(days=rng.randint(1, 7))
                plan.agreed_by_id = self.user_of(sup)
            if status == PlanStatus.RETURNED:
                plan.return_note = "Mohon tambahkan kegiatan coaching untuk kompetensi teknis."
            plans.append(plan)
            gaps = sorted(self.comp.gaps(emp_id).items(), key=lambda kv: (-kv[1], kv[0]))
            if emp_id == pegawai:
                # the e-learning the demo employee is taking, as a plan item as well
                gaps.append((self.comp.competencies["T-TIK-01"].pk, 0))
            for cid, gap in gaps[:3]:
                code = self.programme_for(cid)
                programme = self.programmes[code] if code else None
                kind = PlanItemKind.TRAINING
                if programme is not None:
                    kind = kind_of.get(programme.mode) or kind_of.get(programme.category) or kind
                item = DevelopmentPlanItem(
                    plan=plan,
                    competency_id=cid,
                    kind=kind,
                    programme=programme,
                    description="" if programme else "Mentoring oleh atasan langsung",
                    target_date=dt.date(year, rng.choice([6, 9, 11]), 30),
                    source=PlanItemSource.GAP,
                    gap=gap or None,
                )
                if programme is None:
                    item.kind = PlanItemKind.MENTORING
                items.append(_stamp(item, created))
                if code:
                    self.plan_items.setdefault((emp_id, code), item)
            if rng.random() < 0.2:
                items.append(
                    _stamp(
                        DevelopmentPlanItem(
                            plan=plan,
                            kind=PlanItemKind.SECONDMENT,
                            description="Magang dua minggu di Bidang Pengembangan Kompetensi "
                            "BKPSDM",
                            target_date=dt.date(year, 10, 31),
                            source=PlanItemSource.MANUAL,
                        ),
                        created,
                    )
                )
        _bulk(DevelopmentPlan, plans)
        for item in items:
            item.plan_id = item.plan.pk
        _bulk(DevelopmentPlanItem, items)
        self.stats["development plans"] = len(plans)
        self.stats["plan items"] = len(items)

    # -- catalogue sessions with registrations ---------------------------------------------

    def eligible(self, s: Staff, extra: dict, units: list) -> bool:
        if extra.get("kinds") and s.position_kind not in extra["kinds"]:
            return False
        if extra.get("jf") and not (s.position_kind or "").startswith("jf_"):
            return False
        if extra.get("kinds") in (["administrator"], ["pengawas"]) and s.kind != "pns":
            return False
        return not units or any(s.unit_path.startswith(u.path) for u in units)

    def catalogue_sessions(self) -> None:
        rng, today = self.rng, self.today
        pegawai = self.login_employee.get("pegawai")
        team = [e for e in self.atasan_team if e != pegawai]
        sessions, drafts = [], []
        gap_sets = {s.employee_id: set(self.comp.gaps(s.employee_id)) for s in self.staff}
        for code, name, start, days, opens, closes, quota, approval, extra in SESSIONS:
            programme = self.programmes[code]
            units = [
                self.units_by_code[c] for c in extra.get("units", []) if c in self.units_by_code
            ]
            # a small demo province gets smaller classes, so that they are not everybody
            quota = max(10, min(quota, round(quota * len(self.staff) / 1000)))
            session = TrainingSession(
                programme=programme,
                name=name,
                start_date=today + dt.timedelta(days=start),
                end_date=today + dt.timedelta(days=start + days - 1),
                location="" if extra.get("online") else rng.choice(PLACES),
                is_online=bool(extra.get("online")),
                online_url="https://zoom.us/j/0000000000" if extra.get("online") else "",
                quota=quota,
                registration_opens=today + dt.timedelta(days=opens),
                registration_closes=today + dt.timedelta(days=closes),
                contact="Seksi Diklat BKPSDM, (0741) 000-111",
                approval=approval,
                eligible_employee_kinds=["pns"]
                if extra.get("kinds") in (["administrator"], ["pengawas"])
                else [],
                eligible_position_kinds=extra.get("kinds", []),
                is_cancelled=bool(extra.get("cancelled")),
            )
            session._units = units
            sessions.append(_stamp(session, _at(session.registration_opens) - dt.timedelta(days=7)))
            pool = [
                s.employee_id
                for s in self.staff
                if (s.employee_id, code) not in self.taken and self.eligible(s, extra, units)
            ]
            forced = self._forced(code, name, pegawai, team)
            pool = [e for e in pool if e not in forced and e != pegawai]
            targets = self.targets[code]
            rng.shuffle(pool)
            wanted = set(targets)
            pool.sort(key=lambda e: -len(gap_sets[e] & wanted))
            counts = self._counts(session, extra)
            drafts.extend(self._fill(session, extra, pool, counts, forced))
        with kept_timestamps(TrainingSession):
            sessions = bulk_create_with_history(
                sessions, TrainingSession, default_change_reason=HISTORY_REASON
            )
        through = TrainingSession.eligible_units.through
        through.objects.bulk_create(
            through(trainingsession_id=s.pk, orgunit_id=u.pk) for s in sessions for u in s._units
        )
        self._write_drafts(drafts, credit=True)
        self.stats["catalogue sessions"] = len(sessions)

    def _forced(self, code, name, pegawai, team) -> dict[int, str]:
        """The demo logins' own story (journey 3 and the supervisor's inbox)."""
        forced: dict[int, str] = {}
        if pegawai is None:
            return forced
        if (code, name) == ("TEK-YANPRIMA", "Angkatan I"):
            forced[pegawai] = S.COMPLETED  # finished two weeks ago, awaiting confirmation
            for e in team[:2]:
                forced[e] = S.COMPLETED
        elif (code, name) == ("TEK-ARSIP", "Angkatan I"):
            forced[pegawai] = S.PENDING_SUPERVISOR  # waiting for `atasan`
            for e in team[2:3]:
                forced[e] = S.PENDING_SUPERVISOR
        elif (code, name) == ("TEK-KEUDA", "Angkatan III"):
            for e in team[3:4]:
                forced[e] = S.PENDING_SUPERVISOR
        return forced

    def _counts(self, session: TrainingSession, extra: dict) -> dict[str, int]:
        rng, today, q = self.rng, self.today, session.quota
        if session.registration_opens > today:
            return {}
        if session.is_cancelled:
            return {S.CANCELLED: rng.randint(6, 12)}
        if session.end_date < today:  # finished
            if session.approval == NONE:
                return {S.COMPLETED: q // 2 + rng.randint(0, q // 3), S.CANCELLED: 2}
            return {
                S.COMPLETED: q - rng.randint(2, 5),
                S.NOT_COMPLETED: rng.randint(1, 2),
                S.CANCELLED: rng.randint(1, 2),
                S.REJECTED: 1,
            }
        if session.start_date <= today:  # running
            return {S.CONFIRMED: q - rng.randint(1, 4), S.CANCELLED: 1, S.REJECTED: 1}
        counts = {S.CANCELLED: 1, S.REJECTED: 1}
        if extra.get("full"):
            counts.update({S.CONFIRMED: q, S.WAITLISTED: 4, S.PENDING_SUPERVISOR: 2})
        else:
            counts[S.CONFIRMED] = q // 3 + rng.randint(0, q // 4)
            counts[S.PENDING_SUPERVISOR] = 3
        if session.approval == SUP_BKPSDM:
            counts[S.PENDING_BKPSDM] = 2
        if session.registration_closes < today:  # closed: nobody new is waiting
            counts.pop(S.PENDING_SUPERVISOR, None)
        return counts

    def _fill(self, session, extra, pool, counts, forced) -> list[Draft]:
        """Registrations for the session: seat holders never above the quota, the waiting list
        only when every seat is taken."""
        code = session.programme.code
        year = session.end_date.year
        jp = session.programme.jp
        wanted: list[tuple[int, str]] = list(forced.items())
        for status, n in counts.items():
            wanted.extend(
                (None, status) for _ in range(n - sum(1 for v in forced.values() if v == status))
            )
        seats = 0
        order = {S.COMPLETED: 0, S.NOT_COMPLETED: 0, S.CONFIRMED: 0}
        wanted.sort(key=lambda w: (w[0] is None, order.get(w[1], 1)))
        drafts, it = [], iter(pool)
        for emp_id, status in wanted:
            if status in SEAT_HOLDING and seats >= session.quota:
                continue
            if status == S.WAITLISTED and seats < session.quota:
                continue
            if emp_id is None:
                emp_id = next(
                    (e for e in it if status not in SEAT_HOLDING or self.can_take(e, jp, year)),
                    None,
                )
                if emp_id is None:
                    break
            if status in SEAT_HOLDING:
                seats += 1
            if status in (S.COMPLETED, S.NOT_COMPLETED, S.CONFIRMED, S.PENDING_SUPERVISOR,
                          S.PENDING_BKPSDM, S.WAITLISTED):  # fmt: skip
                self.taken.add((emp_id, code))
            if status == S.COMPLETED:
                self.jp_year[emp_id, year] += jp
            drafts.append(self._draft(session, emp_id, status, bool(extra.get("full"))))
        self.stats[f"session state {self._state(session)}"] += 1
        return drafts

    def _state(self, s: TrainingSession) -> str:
        t = self.today
        if s.is_cancelled:
            return "cancelled"
        if s.end_date < t:
            return "finished"
        if s.start_date <= t:
            return "running"
        if s.registration_opens > t:
            return "not yet open"
        if s.registration_closes < t:
            return "registration closed"
        return "open"

    def _draft(self, session: TrainingSession, emp_id: int, status: str, full: bool) -> Draft:
        """One registration and its trail. In a full session every seat was taken (at least
        three days ago) before anyone went on the waiting list, and nobody who had a seat
        cancelled (the list would have moved up)."""
        rng = self.rng
        me, sup = self.user_of(emp_id), self.user_of(self.supervisor(emp_id))
        cap = self.now - dt.timedelta(hours=1)
        last_day = min(session.registration_closes, self.today)
        span = max(0, (last_day - session.registration_opens).days)
        registered = _at(
            session.registration_opens + dt.timedelta(days=rng.randint(0, span)),
            rng.randint(8, 15),
            rng.randint(0, 59),
        )
        if status == S.PENDING_SUPERVISOR:
            registered = max(registered, self.now - dt.timedelta(days=rng.randint(1, 4)))
        if full and status in SEAT_HOLDING:
            cap = self.now - dt.timedelta(days=3)
            registered = min(registered, cap - dt.timedelta(days=4))
        elif full and status == S.WAITLISTED:
            registered = self.now - dt.timedelta(days=3) + dt.timedelta(hours=rng.randint(1, 20))
        registered = min(registered, self.now - dt.timedelta(hours=3))
        reg = _stamp(Registration(session=session, employee_id=emp_id, status=status), registered)
        d = Draft(reg)
        approval = session.approval
        nominated = approval == SUP_BKPSDM and rng.random() < 0.2 and status != S.PENDING_SUPERVISOR

        def later(t: dt.datetime, lo: int = 1, hi: int = 3) -> dt.datetime:
            step = dt.timedelta(days=rng.randint(lo, hi), hours=rng.randint(0, 5))
            if full and status == S.WAITLISTED:
                step = dt.timedelta(hours=rng.randint(1, 12))
            return max(t, min(t + step, cap))

        t = registered
        if nominated:
            reg.nominated_by_id = sup
            d.steps.append((A.NOMINATED, sup, t, ""))
        else:
            d.steps.append((A.REGISTERED, me, t, ""))
            reg.motivation = rng.choice(
                ["", "Sesuai rencana pengembangan tahun ini.", "Untuk menutup kesenjangan "
                 "kompetensi hasil asesmen.", "Menunjang tugas di unit kerja."]
            )  # fmt: skip
        if status == S.PENDING_SUPERVISOR:
            return d
        if status == S.REJECTED:
            t = later(t)
            if approval == SUP_BKPSDM and rng.random() < 0.5:
                d.steps.append((A.SUPERVISOR_APPROVED, sup, t, ""))
                d.steps.append((A.REJECTED, self.admin_id, later(t), rng.choice(REJECT_NOTES)))
            else:
                d.steps.append((A.SUPERVISOR_REJECTED, sup, t, rng.choice(REJECT_NOTES)))
            return d
        if approval != NONE and not nominated:
            t = later(t)
            d.steps.append((A.SUPERVISOR_APPROVED, sup, t, ""))
        if status == S.PENDING_BKPSDM:
            return d
        if status == S.CANCELLED and (full or rng.random() < 0.4):
            d.steps.append((A.CANCELLED, me, later(t), rng.choice(CANCEL_NOTES)))
            return d
        if approval == SUP_BKPSDM:
            t = later(t)
        if status == S.WAITLISTED:
            reg.waitlisted_at = t
            d.steps.append((A.WAITLISTED, self.admin_id if approval == SUP_BKPSDM else None,
                            reg.waitlisted_at, ""))  # fmt: skip
            return d
        t = min(t, _at(session.start_date, 7))
        reg.confirmed_at = t
        d.steps.append((A.CONFIRMED, self.admin_id if approval == SUP_BKPSDM else None, t, ""))
        if status == S.CANCELLED:
            if session.is_cancelled:
                note = "Sesi dibatalkan oleh penyelenggara."
                d.steps.append((A.CANCELLED, self.admin_id, later(t), note))
            else:
                d.steps.append((A.CANCELLED, me, later(t), rng.choice(CANCEL_NOTES)))
            return d
        # attendance for the days held so far (working days)
        day, absent = session.start_date, 0
        while day <= min(session.end_date, self.today - dt.timedelta(days=1)):
            if day.weekday() < 5:
                present = rng.random() > (0.35 if status == S.NOT_COMPLETED else 0.02)
                absent += not present
                d.attendance.append((day, present))
            day += dt.timedelta(days=1)
        if status == S.CONFIRMED:
            if session.start_date <= self.today and rng.random() < 0.6:
                reg.pre_test_score = Decimal(rng.randint(35, 75))
            return d
        pre = rng.randint(35, 75)
        reg.pre_test_score = Decimal(pre)
        done = _at(session.end_date, 16)
        if status == S.NOT_COMPLETED:
            reg.score = Decimal(rng.randint(40, 59)) if rng.random() < 0.5 else None
            reg.completed_at = done
            d.steps.append((A.NOT_COMPLETED, self.admin_id, done,
                            "Kehadiran kurang dari 80% atau nilai di bawah batas lulus."))  # fmt: skip
            return d
        reg.post_test_score = Decimal(min(100, pre + rng.randint(8, 35)))
        reg.score = Decimal(f"{rng.uniform(72, 97):.2f}")
        reg.completed_at = done
        d.steps.append((A.COMPLETED, self.admin_id, done, ""))
        if rng.random() < 0.85:
            d.survey = ReactionSurvey(
                content=_likert(rng),
                facilitator=_likert(rng),
                organisation=_likert(rng),
                usefulness=_likert(rng),
                comment=rng.choice(SURVEY_COMMENTS),
                submitted_at=done + dt.timedelta(hours=1),
            )
        code = session.programme.code
        if any(self.targets[code].values()) and done < self.now - dt.timedelta(days=21):
            when = later(done, 2, 10)
            reg.completion_confirmed_by_id = sup
            reg.completion_confirmed_at = when
            d.steps.append((A.COMPLETION_CONFIRMED, sup, when, ""))
            d.confirmed_by = sup
            d.raise_levels = self._raise(emp_id, code)
        return d

    def _raise(self, emp_id: int, code: str) -> dict[int, int]:
        mine = self.comp.actual.setdefault(emp_id, {})
        raised = {}
        for cid, level in self.targets[code].items():
            if level and mine.get(cid, 0) < level:
                raised[cid] = level
                mine[cid] = level
        return raised

    def _write_drafts(self, drafts: list[Draft], *, credit: bool) -> None:
        for d in drafts:  # the sessions are saved now: take their ids, keep them cached
            d.reg.session = d.reg.session
        # competency raises first: the registrations point at them
        raising = [d for d in drafts if d.raise_levels]
        assessments = [
            _stamp(
                Assessment(
                    employee_id=d.reg.employee_id,
                    date=d.reg.completion_confirmed_at.astimezone(JAKARTA).date(),
                    method=AssessmentMethod.TRAINING,
                    assessor=f"Penyelesaian pelatihan: {d.reg.session.programme.title}"[:200],
                    recorded_by_id=d.confirmed_by,
                ),
                d.reg.completion_confirmed_at,
            )
            for d in raising
        ]
        _bulk(Assessment, assessments)
        AssessmentResult.objects.bulk_create(
            AssessmentResult(assessment_id=a.pk, competency_id=cid, level=level)
            for a, d in zip(assessments, raising, strict=True)
            for cid, level in d.raise_levels.items()
        )
        refresh_current_levels({a.employee_id for a in assessments})
        for a, d in zip(assessments, raising, strict=True):
            d.reg.raised_assessment_id = a.pk
        self.stats["competency raises from training"] += len(assessments)
        for d in drafts:
            item = self.plan_items.get((d.reg.employee_id, d.reg.session.programme.code))
            if item is not None and d.reg.status != S.REJECTED:
                d.reg.plan_item_id = item.pk
        _bulk(Registration, [d.reg for d in drafts])
        steps, attendance, surveys = [], [], []
        for d in drafts:
            for action, actor, when, note in d.steps:
                steps.append(
                    RegistrationStep(
                        registration_id=d.reg.pk, action=action, actor_id=actor, at=when, note=note
                    )
                )
            attendance.extend(
                Attendance(registration_id=d.reg.pk, date=day, present=p) for day, p in d.attendance
            )
            if d.survey is not None:
                d.survey.registration_id = d.reg.pk
                surveys.append(d.survey)
            self.stats[f"registration {d.reg.status}"] += 1
        _bulk(RegistrationStep, steps, history=False)
        _bulk(Attendance, attendance, history=False)
        _bulk(ReactionSurvey, surveys, history=False)
        if credit:
            names = dict(
                Employee.objects.filter(
                    pk__in={d.reg.employee_id for d in drafts if d.reg.status == S.COMPLETED}
                ).values_list("pk", "name")
            )
            for d in drafts:
                if d.reg.status != S.COMPLETED:
                    continue
                d.reg.employee = Employee(pk=d.reg.employee_id, name=names[d.reg.employee_id])
                certificate = credit_registration(registration=d.reg)
                if certificate is not None:
                    issued = min(d.reg.session.end_date + dt.timedelta(days=3), self.today)
                    self.backdate.append((certificate.pk, issued))

    # -- e-learning enrolments --------------------------------------------------------------

    def elearning_enrolments(self) -> None:
        rng, code = self.rng, "EL-DIGITAL"
        course, modules = self.courses[code], self.modules[code]
        pegawai = self.login_employee.get("pegawai")
        team = [e for e in self.atasan_team if e != pegawai]
        n = min(60, max(12, len(self.staff) // 30))
        pool = [s.employee_id for s in self.staff if s.employee_id not in (pegawai, *team[:1])]
        chosen = ([pegawai] if pegawai else []) + team[:1] + rng.sample(pool, min(n, len(pool)))
        plan = [("progress", 0.4), ("failed", 0.2), ("completed", 0.3), ("new", 0.1)]
        enrolments, progress, attempts = [], [], []
        completed: list[Enrolment] = []
        for i, emp_id in enumerate(chosen):
            kind = "progress" if emp_id == pegawai else "completed" if i == 1 else _pick(rng, plan)
            if kind == "completed" and not self.can_take(emp_id, 12, self.today.year):
                kind = "progress"
            started = self.now - dt.timedelta(days=rng.randint(8, 90), hours=rng.randint(0, 6))
            if emp_id in team[:1]:  # a colleague who finished last week: awaiting `atasan`
                started = self.now - dt.timedelta(days=7)
            enrolment = _stamp(Enrolment(course=course, employee_id=emp_id), started)
            enrolment._kind = kind
            item = self.plan_items.get((emp_id, code))
            if item is not None:
                enrolment.plan_item_id = item.pk
            reached = {"new": 0, "progress": rng.randint(1, 3), "failed": 4, "completed": 5}[kind]
            if emp_id == pegawai:
                reached = 2
            if reached:
                enrolment.last_module = modules[min(reached, 4)]
            t = started
            for m in modules[:reached]:
                if m.kind == ModuleKind.QUIZ:
                    continue
                t = min(t + dt.timedelta(hours=rng.randint(1, 24)), self.now)
                progress.append((enrolment, m, t))
            if kind in ("failed", "completed"):
                tries = [False] if kind == "failed" else ([False, True] if rng.random() < 0.3
                                                         else [True])  # fmt: skip
                for number, passed in enumerate(tries, 1):
                    t = min(t + dt.timedelta(hours=rng.randint(1, 48)), self.now)
                    attempts.append((enrolment, number, t, passed))
            if kind == "completed":
                enrolment.completed_at = min(t + dt.timedelta(minutes=20), self.now)
                progress.append((enrolment, modules[-1], enrolment.completed_at))
                if enrolment.completed_at < self.now - dt.timedelta(days=21):
                    sup = self.user_of(self.supervisor(emp_id))
                    enrolment.completion_confirmed_by_id = sup
                    enrolment.completion_confirmed_at = enrolment.completed_at + dt.timedelta(
                        days=rng.randint(1, 6)
                    )
                self.jp_year[emp_id, self.today.year] += 12
                completed.append(enrolment)
            self.taken.add((emp_id, code))
            enrolments.append(enrolment)
            self.stats[f"e-learning {kind}"] += 1
        _bulk(Enrolment, enrolments, history=False)
        ModuleProgress.objects.bulk_create(
            ModuleProgress(enrolment_id=e.pk, module=m, completed_at=t) for e, m, t in progress
        )
        quiz_rows = []
        for enrolment, number, t, passed in attempts:
            picked = rng.sample(self.questions, 8)
            layout = []
            for q, choices in picked:
                order = [c.pk for c in choices]
                rng.shuffle(order)
                layout.append({"question": q.pk, "choices": order})
            right = rng.randint(6, 8) if passed else rng.randint(2, 5)  # of 8: 75 %+ vs ≤ 62.5 %
            attempt = QuizAttempt(
                enrolment_id=enrolment.pk,
                quiz=self.quiz,
                number=number,
                layout=layout,
                started_at=t - dt.timedelta(minutes=18),
                deadline=t - dt.timedelta(minutes=18) + dt.timedelta(minutes=20),
                submitted_at=t,
                score=Decimal(right * 100) / 8,
                passed=passed,
            )
            quiz_rows.append((attempt, picked, right))
        QuizAttempt.objects.bulk_create([a for a, _p, _r in quiz_rows])
        answers = []
        for attempt, picked, right in quiz_rows:
            for i, (q, choices) in enumerate(picked):
                correct = [c.pk for c in choices if c.is_correct]
                wrong = [c.pk for c in choices if not c.is_correct][:1]
                answers.append(
                    QuizAnswer(
                        attempt_id=attempt.pk,
                        question=q,
                        choice_ids=correct if i < right else wrong,
                        answered_at=attempt.submitted_at,
                    )
                )
        _bulk(QuizAnswer, answers, history=False)
        names = dict(
            Employee.objects.filter(pk__in=[e.employee_id for e in completed]).values_list(
                "pk", "name"
            )
        )
        # competency raise on confirmation
        for enrolment in completed:
            enrolment.course = course
            enrolment.employee = Employee(
                pk=enrolment.employee_id, name=names[enrolment.employee_id]
            )
            certificate = credit_enrolment(enrolment=enrolment)
            if certificate is not None:
                self.backdate.append(
                    (certificate.pk, enrolment.completed_at.astimezone(JAKARTA).date())
                )
        confirmed = [e for e in completed if e.completion_confirmed_at]
        raises = [(e, self._raise(e.employee_id, code)) for e in confirmed]
        raises = [(e, r) for e, r in raises if r]
        assessments = [
            _stamp(
                Assessment(
                    employee_id=e.employee_id,
                    date=e.completion_confirmed_at.astimezone(JAKARTA).date(),
                    method=AssessmentMethod.TRAINING,
                    assessor=f"Penyelesaian e-learning: {self.programmes[code].title}"[:200],
                    recorded_by_id=e.completion_confirmed_by_id,
                ),
                e.completion_confirmed_at,
            )
            for e, _r in raises
        ]
        _bulk(Assessment, assessments)
        AssessmentResult.objects.bulk_create(
            AssessmentResult(assessment_id=a.pk, competency_id=cid, level=level)
            for a, (_e, r) in zip(assessments, raises, strict=True)
            for cid, level in r.items()
        )
        refresh_current_levels({a.employee_id for a in assessments})
        for a, (e, _r) in zip(assessments, raises, strict=True):
            e.raised_assessment_id = a.pk
        Enrolment.objects.bulk_update([e for e, _r in raises], ["raised_assessment"])
        self.stats["competency raises from training"] += len(assessments)

    # -- external certificates --------------------------------------------------------------

    def externals(self) -> None:
        rng = self.rng
        n = min(120, max(10, len(self.staff) // 25))
        pool = rng.sample(self.staff, min(n, len(self.staff)))
        pegawai = self.login_employee.get("pegawai")
        if pegawai is not None and self.by_id[pegawai] not in pool:
            pool[0] = self.by_id[pegawai]
        events = [
            ("Webinar Literasi Digital Nasional", "Kementerian Komunikasi dan Digital", 2),
            ("Pelatihan Dasar Pengadaan Barang/Jasa", "LKPP", 24),
            ("Kursus Bahasa Inggris untuk ASN", "Balai Bahasa Provinsi Jambi", 32),
            ("Seminar Nasional Kesehatan Masyarakat", "IAKMI", 8),
            ("Workshop Penulisan Karya Ilmiah", "Universitas Jambi", 16),
            ("Bimtek Sistem Akuntabilitas Kinerja", "Kementerian PANRB", 16),
        ]
        table = [(ExternalCertificateStatus.VERIFIED, 0.6),
                 (ExternalCertificateStatus.SUBMITTED, 0.25),
                 (ExternalCertificateStatus.REJECTED, 0.15)]  # fmt: skip
        rows, lines = [], []
        names = dict(
            Employee.objects.filter(pk__in=[s.employee_id for s in pool]).values_list("pk", "name")
        )
        for i, s in enumerate(pool):
            title, provider, jp = rng.choice(events)
            status = (
                ExternalCertificateStatus.SUBMITTED
                if s.employee_id == pegawai
                else _pick(rng, table)
            )
            end = self.today - dt.timedelta(days=rng.randint(5, 600))
            if status == ExternalCertificateStatus.VERIFIED and not self.can_take(
                s.employee_id, jp, end.year
            ):
                status = ExternalCertificateStatus.REJECTED
            start = end - dt.timedelta(days=max(0, jp // 8 - 1))
            created = _at(end + dt.timedelta(days=rng.randint(1, 4)), 14)
            cert = ExternalCertificate(
                employee_id=s.employee_id,
                title=title,
                provider=provider,
                start_date=start,
                end_date=end,
                jp=jp,
                number=f"{rng.randint(100, 999)}/SERT/{end.year}",
                content_type="application/pdf",
                status=status,
            )
            pdf = text_pdf(
                [f"diberikan kepada {names[s.employee_id]}", f"atas partisipasi dalam {title}",
                 f"{start:%d-%m-%Y} s.d. {end:%d-%m-%Y} ({jp} JP)", f"Penyelenggara: {provider}"],
                title="SERTIFIKAT",
            )  # fmt: skip
            cert.file.save(f"sertifikat-{i + 1:04d}.pdf", ContentFile(pdf), save=False)
            if status != ExternalCertificateStatus.SUBMITTED:
                cert.decided_by_id = self.admin_id
                cert.decided_at = min(created + dt.timedelta(days=rng.randint(1, 10)), self.now)
                if status == ExternalCertificateStatus.REJECTED:
                    cert.decision_note = "Sertifikat tidak mencantumkan jumlah JP atau jam."
            rows.append(_stamp(cert, min(created, self.now)))
            if status == ExternalCertificateStatus.VERIFIED:
                self.jp_year[s.employee_id, end.year] += jp
                lines.append((cert, end))
            self.stats[f"external {status}"] += 1
        _bulk(ExternalCertificate, rows)
        JpEntry.objects.bulk_create(
            JpEntry(
                employee_id=c.employee_id,
                year=end.year,
                date=end,
                jp=c.jp,
                source=JpSource.EXTERNAL,
                title=c.title,
                external_id=c.pk,
            )
            for c, end in lines
        )

    # -- the province's JP history, in bulk -------------------------------------------------

    def mass_history(self) -> None:
        rng, today = self.rng, self.today
        years = [today.year - 1, today.year]
        elapsed = (today - dt.date(today.year, 1, 1)).days / 365
        in_house = {}  # (opd path, year) → [employee ids]
        webinar = defaultdict(list)  # (year, month) → [employee ids]
        elearn = defaultdict(list)  # (code) → [(employee, date)]
        months = {
            years[0]: list(range(1, 13)),
            years[1]: [m for m in range(1, 13) if dt.date(years[1], m, 15) < today],
        }
        ihts = {y: (dt.date(y, 2, 1), min(dt.date(y, 11, 30), today - dt.timedelta(days=14)))
                for y in years}  # fmt: skip
        el_jp = {c: self.programmes[c].jp for c in MASS_ELEARNING}
        table = [(0, 0.1), (1, 0.28), (2, 0.5), (3, 0.12)]
        pegawai = self.login_employee.get("pegawai")
        for s in self.staff:
            done_el: set[str] = set()
            for year in years:
                band = _pick(rng, table)
                want = [0, rng.randint(4, 19), rng.randint(20, 40), rng.randint(41, 72)][band]
                if year == today.year:  # the year is not over: part of it is still to come
                    want = round(want * min(1.0, elapsed * rng.uniform(0.8, 1.5)))
                    if s.employee_id == pegawai:
                        want = 0  # the demo employee is below the 20-JP target
                cap = PPPK_MAX_JP if s.kind == "pppk" else 10_000
                have = self.jp_year[s.employee_id, year]
                start, end = ihts[year]
                used_iht, used_months = False, set()
                for _guard in range(12):
                    left = min(want, cap) - have
                    if left <= 0:
                        break
                    options = []
                    if not used_iht and start < end and cap - have >= IN_HOUSE_JP and left >= 18:
                        options.append("iht")
                    fits = [c for c in MASS_ELEARNING
                            if c not in done_el and el_jp[c] <= min(cap - have, left + 4)]  # fmt: skip
                    if fits:
                        options.append("el")
                    free = [m for m in months[year] if m not in used_months]
                    if free and cap - have >= 3 and (left <= 8 or not options):
                        options.append("web")  # the webinar tops up what is left
                    if not options:
                        break
                    choice = options[0] if options[0] == "iht" and rng.random() < 0.7 else (
                        rng.choice(options))  # fmt: skip
                    if choice == "iht":
                        used_iht = True
                        in_house.setdefault((self.opd_of(s), year), []).append(s.employee_id)
                        have += IN_HOUSE_JP
                    elif choice == "el":
                        code = rng.choice(fits)
                        done_el.add(code)
                        last = min(dt.date(year, 12, 28), today - dt.timedelta(days=1))
                        day = min(last, dt.date(year, 1, 5) + dt.timedelta(
                            days=rng.randint(0, max(0, (last - dt.date(year, 1, 5)).days))
                        ))  # fmt: skip
                        elearn[code].append((s.employee_id, day))
                        have += el_jp[code]
                    else:
                        month = rng.choice(free)
                        used_months.add(month)
                        webinar[year, month].append(s.employee_id)
                        have += 3
                self.jp_year[s.employee_id, year] = have
        self._mass_sessions(in_house, webinar, ihts)
        self._mass_elearning(elearn)

    def _mass_sessions(self, in_house, webinar, ihts) -> None:
        rng = self.rng
        sessions, regs = [], []
        for (opd_path, year), people in sorted(in_house.items()):
            unit = self.opd_units.get(opd_path)
            fld = self.by_id[people[0]].field
            programme = self.programmes[IN_HOUSE[fld][0]]
            start, end = ihts[year]
            for k in range(0, len(people), 40):
                batch = people[k : k + 40]
                day = start + dt.timedelta(days=rng.randint(0, (end - start).days))
                while day.weekday() > 2:  # Monday–Wednesday start, three days
                    day -= dt.timedelta(days=1)
                session = TrainingSession(
                    programme=programme,
                    name=f"Angkatan {k // 40 + 1} {unit.code if unit else ''} {year}".strip(),
                    start_date=day,
                    end_date=day + dt.timedelta(days=2),
                    location=f"Aula {unit.name}" if unit else PLACES[0],
                    quota=5 * math.ceil(len(batch) / 5),
                    registration_opens=day - dt.timedelta(days=30),
                    registration_closes=day - dt.timedelta(days=10),
                    contact="Subbagian Umum dan Kepegawaian",
                    approval=SUP_BKPSDM,
                )
                session._units = [unit] if unit else []
                sessions.append(_stamp(session, _at(day - dt.timedelta(days=37))))
                regs.extend((session, e) for e in batch)
        for (year, month), people in sorted(webinar.items()):
            day = dt.date(year, month, 15)
            while day.weekday() > 3:  # Monday–Thursday, never later than the 15th
                day -= dt.timedelta(days=1)
            session = TrainingSession(
                programme=self.programmes["WEB-ASN"],
                name=f"Seri {month:02d}/{year}",
                start_date=day,
                end_date=day,
                is_online=True,
                online_url="https://zoom.us/j/0000000000",
                quota=max(500, 100 * math.ceil(len(people) / 100)),
                registration_opens=day - dt.timedelta(days=14),
                registration_closes=day - dt.timedelta(days=1),
                contact="Seksi Diklat BKPSDM",
                approval=NONE,
            )
            session._units = []
            sessions.append(_stamp(session, _at(day - dt.timedelta(days=20))))
            regs.extend((session, e) for e in people)
        # next month's webinar: open, no approval needed, a few already in
        nxt = (self.today.replace(day=1) + dt.timedelta(days=32)).replace(day=15)
        upcoming = TrainingSession(
            programme=self.programmes["WEB-ASN"],
            name=f"Seri {nxt.month:02d}/{nxt.year}",
            start_date=nxt,
            end_date=nxt,
            is_online=True,
            online_url="https://zoom.us/j/0000000000",
            quota=500,
            registration_opens=self.today - dt.timedelta(days=3),
            registration_closes=nxt - dt.timedelta(days=1),
            contact="Seksi Diklat BKPSDM",
            approval=NONE,
        )
        upcoming._units = []
        sessions.append(_stamp(upcoming, self.now - dt.timedelta(days=5)))
        with kept_timestamps(TrainingSession):
            bulk_create_with_history(
                sessions, TrainingSession, batch_size=BATCH, default_change_reason=HISTORY_REASON
            )
        through = TrainingSession.eligible_units.through
        through.objects.bulk_create(
            (through(trainingsession_id=s.pk, orgunit_id=u.pk) for s in sessions for u in s._units),
            batch_size=BATCH,
        )
        self.stats["in-house and webinar sessions"] = len(sessions)
        upcoming_people = rng.sample([s.employee_id for s in self.staff], min(12, len(self.staff)))
        ids = iter(reserve_ids(Registration, len(regs) + len(upcoming_people)))
        rows, lines, certs = [], [], []
        for session, emp_id in regs:
            pk, day, programme = next(ids), session.end_date, session.programme
            rows.append(
                {
                    "id": pk,
                    "created_at": _at(session.registration_opens + dt.timedelta(days=2), 9),
                    "updated_at": _at(day, 16),
                    "session_id": session.pk,
                    "employee_id": emp_id,
                    "status": S.COMPLETED,
                    "confirmed_at": _at(session.registration_closes, 10),
                    "completed_at": _at(day, 16),
                    "score": Decimal(rng.randint(70, 95)),
                }
            )
            lines.append(
                {
                    "employee_id": emp_id,
                    "year": day.year,
                    "date": day,
                    "jp": programme.jp,
                    "source": JpSource.TRAINING,
                    "title": programme.title,
                    "registration_id": pk,
                }
            )
            if programme.gives_certificate:
                certs.append((emp_id, programme, day, "registration_id", pk))
        yesterday = self.now - dt.timedelta(days=1)
        for emp_id in upcoming_people:
            rows.append(
                {
                    "id": next(ids),
                    "created_at": yesterday,
                    "updated_at": yesterday,
                    "session_id": upcoming.pk,
                    "employee_id": emp_id,
                    "status": S.CONFIRMED,
                    "confirmed_at": yesterday,
                }
            )
        fast_insert(Registration, rows, with_ids=True)  # carried-over history: see the docstring
        self.stats["registration completed"] += len(regs)
        self.stats["registration confirmed"] += len(upcoming_people)
        fast_insert(JpEntry, lines)
        self._mass_certificates(certs)

    def _mass_elearning(self, elearn) -> None:
        rng = self.rng
        planned = []  # (code, employee, completed day or None, created at, completed at)
        seen = set()
        for code, people in elearn.items():
            for emp_id, day in people:
                done = _at(day, rng.randint(9, 21), rng.randint(0, 59))
                planned.append(
                    (code, emp_id, day, done - dt.timedelta(days=rng.randint(1, 10)), done)
                )
                seen.add((emp_id, code))
        # and a few started this year, not finished
        pool = [s.employee_id for s in self.staff]
        for emp_id in rng.sample(pool, len(pool) // 20):
            code = rng.choice(MASS_ELEARNING)
            if (emp_id, code) not in seen:
                seen.add((emp_id, code))
                started = self.now - dt.timedelta(days=rng.randint(1, 30))
                planned.append((code, emp_id, None, started, None))
        ids = iter(reserve_ids(Enrolment, len(planned)))
        enrolments, progress, lines, certs = [], [], [], []
        for code, emp_id, day, created, done in planned:
            pk, modules = next(ids), self.modules[code]
            reached = modules if day else modules[:1]
            enrolments.append(
                {
                    "id": pk,
                    "created_at": created,
                    "updated_at": done or created,
                    "course_id": self.courses[code].pk,
                    "employee_id": emp_id,
                    "last_module_id": reached[-1].pk,
                    "completed_at": done,
                }
            )
            progress.extend(
                {"enrolment_id": pk, "module_id": m.pk, "completed_at": done or created}
                for m in reached
            )
            if day is None:
                continue
            programme = self.programmes[code]
            lines.append(
                {
                    "employee_id": emp_id,
                    "year": day.year,
                    "date": day,
                    "jp": programme.jp,
                    "source": JpSource.ELEARNING,
                    "title": programme.title,
                    "enrolment_id": pk,
                }
            )
            if programme.gives_certificate:
                certs.append((emp_id, programme, day, "enrolment_id", pk))
        fast_insert(Enrolment, enrolments, with_ids=True)
        fast_insert(ModuleProgress, progress)
        fast_insert(JpEntry, lines)
        self._mass_certificates(certs)
        self.stats["e-learning completions (province)"] = len(lines)

    def _mass_certificates(self, certs) -> None:
        """Certificates as the credit core writes them (snapshots, its own number format), with
        their primary keys reserved here so that the number is known before the insert."""
        if not certs:
            return
        names = {}
        people = list({c[0] for c in certs})
        for k in range(0, len(people), 5000):
            names.update(
                Employee.objects.filter(pk__in=people[k : k + 5000]).values_list("pk", "name")
            )
        rows = []
        for pk, (emp_id, programme, day, source, source_id) in zip(
            reserve_ids(Certificate, len(certs)), certs, strict=True
        ):
            issued = min(day + dt.timedelta(days=3), self.today)
            at = _at(issued, 10)
            rows.append(
                {
                    "id": pk,
                    "created_at": at,
                    "updated_at": at,
                    "code": _code(self.rng),
                    "number": certificate_number(pk=pk, issued_on=issued),
                    "employee_id": emp_id,
                    source: source_id,
                    "programme_id": programme.pk,
                    "employee_name": names[emp_id],
                    "programme_title": programme.title,
                    "jp": programme.jp,
                    "completed_on": day,
                    "issued_on": issued,
                }
            )
        fast_insert(Certificate, rows, with_ids=True)

    def _backdate_certificates(self) -> None:
        """Certificates the credit core issued today for completions the demo dates earlier:
        issued a few days after the completion, the number re-derived for that date."""
        if not self.backdate:
            return
        certificates = Certificate.objects.in_bulk([pk for pk, _d in self.backdate])
        rows = []
        for pk, issued in self.backdate:
            cert = certificates[pk]
            cert.issued_on = issued
            cert.number = certificate_number(pk=cert.pk, issued_on=issued)
            cert.created_at = cert.updated_at = _at(issued, 10)
            rows.append(cert)
        with kept_timestamps(Certificate):
            Certificate.objects.bulk_update(
                rows, ["issued_on", "number", "created_at", "updated_at"], batch_size=500
            )
        by_pk = {cert.pk: cert for cert in rows}  # the history says the same
        history = list(Certificate.history.filter(id__in=by_pk))
        for record in history:
            record.issued_on, record.number = by_pk[record.id].issued_on, by_pk[record.id].number
        Certificate.history.model.objects.bulk_update(
            history, ["issued_on", "number"], batch_size=500
        )


def _code(rng: random.Random) -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(rng.choice(alphabet) for _ in range(12))


def _likert(rng: random.Random) -> int:
    return _pick(rng, [(5, 0.4), (4, 0.42), (3, 0.13), (2, 0.05)])


def _pick(rng: random.Random, weighted):
    x, acc = rng.random(), 0.0
    for value, weight in weighted:
        acc += weight
        if x < acc:
            return value
    return weighted[-1][0]


def seed_learning(*, seed: int, today: dt.date, users: dict, comp: CompetencyResult) -> Counter:
    return LearningSeeder(seed=seed, today=today, users=users, comp=comp).run()


def summary(stats: Counter) -> dict:
    states = ", ".join(
        f"{k.removeprefix('session state ')} {v}"
        for k, v in sorted(stats.items())
        if k.startswith("session state ")
    )
    regs = ", ".join(
        f"{k.removeprefix('registration ')} {v}"
        for k, v in sorted(stats.items())
        if k.startswith("registration ")
    )
    return {
        "training programmes": stats["programmes"],
        "catalogue sessions": f"{stats['catalogue sessions']} ({states})",
        "in-house/webinar sessions": stats["in-house and webinar sessions"],
        "registrations": regs,
        "e-learning (course with quiz)": ", ".join(
            f"{k.removeprefix('e-learning ')} {v}"
            for k, v in sorted(stats.items())
            if k.startswith("e-learning ") and "(" not in k
        ),
        "e-learning completions": stats["e-learning completions (province)"],
        "development plans": f"{stats['development plans']} ({stats['plan items']} items)",
        "JP lines / certificates": f"{stats['JP lines']} / {stats['certificates']}",
    }
