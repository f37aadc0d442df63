"""Shared pieces of the learning demo: constants, the catalogue's data, the small PDF,
timestamps kept as set, the bulk write and the registration draft."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import TypedDict

from django.utils import timezone

from abdi.core.calendar import JAKARTA
from abdi.demo.builders.bulk import bulk_create, bulk_create_with_history, kept_timestamps
from abdi.learning.choices import (
    ProgrammeCategory,
    ProgrammeMode,
    ProviderKind,
    QuestionKind,
    RegistrationAction,
    RegistrationStatus,
    SessionApproval,
)
from abdi.learning.models import (
    ReactionSurvey,
    Registration,
)

HISTORY_REASON = "Data demo"  # shown to auditors in the audit trail: no command names
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
ProgrammeSpec = tuple[
    str, ProgrammeMode, ProgrammeCategory, str, int, bool, list[tuple[str, int | None]]
]
PROGRAMMES: dict[str, ProgrammeSpec] = {
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
# What BKPSDM pays per programme, whole rupiah: (per session, per participant); None = not
# priced. Illustrative demo prices, not a published standard cost (SBM): two programmes stay
# unpriced so the training-needs analysis shows what is left out of its estimate.
PRICES: dict[str, tuple[int | None, int | None]] = {
    "PKA": (None, 35_000_000),
    "PKP": (15_000_000, 12_500_000),
    "FUNG-SDM": (12_000_000, 2_500_000),
    "FUNG-PRC": (None, 7_500_000),
    "TEK-PROMKES": (8_000_000, 1_750_000),
    "TEK-KEUDA": (6_500_000, 1_250_000),
    "TEK-YANPRIMA": (3_500_000, 450_000),
    "TEK-ARSIP": (4_000_000, 600_000),
    "SEM-RB": (5_000_000, 150_000),
    "WS-SKP": (4_500_000, 300_000),
    "COACH-PGW": (2_500_000, None),
    "EL-DIGITAL": (None, 75_000),
    "EL-BERAKHLAK": (None, 0),
    "EL-RISIKO": (None, 60_000),
    "EL-ANTIKORUPSI": (None, 0),
    "EL-DATA": (None, 50_000),
    "WEB-ASN": (1_000_000, None),
}  # TEK-PKM (no longer offered) and TEK-GURU (no quotation yet) are unpriced
IN_HOUSE_PRICE = (5_000_000, 350_000)
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


class SessionExtra(TypedDict, total=False):
    """What sets a demo session apart: who may join (position kinds, functional posts only, OPDs
    by code), online, every seat taken, cancelled."""

    kinds: list[str]
    jf: bool
    units: list[str]
    online: bool
    full: bool
    cancelled: bool


SessionSpec = tuple[str, str, int, int, int, int, int, str, SessionExtra]
SESSIONS: list[SessionSpec] = [
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


def moment(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=JAKARTA)


def stamp(obj, when: dt.datetime):
    obj.created_at = obj.updated_at = when
    return obj


def bulk_write(model, objs, *, history: bool = True, batch_size: int = BATCH):
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
        return bulk_create(model, objs, batch_size=batch_size)


@dataclass
class Draft:
    """A registration being planned, with its trail, before it is written."""

    reg: Registration
    # (action, actor id, when, note)
    steps: list[tuple[str, int | None, dt.datetime, str]] = field(default_factory=list)
    attendance: list[tuple[dt.date, bool]] = field(default_factory=list)  # (date, present)
    survey: ReactionSurvey | None = None
    raise_levels: dict[int, int] = field(default_factory=dict)  # competency id → level
    confirmed_by: int | None = None


def random_code(rng: random.Random) -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(rng.choice(alphabet) for _ in range(12))


def likert(rng: random.Random) -> int:
    return pick(rng, [(5, 0.4), (4, 0.42), (3, 0.13), (2, 0.05)])


def pick(rng: random.Random, weighted):
    x, acc = rng.random(), 0.0
    for value, weight in weighted:
        acc += weight
        if x < acc:
            return value
    return weighted[-1][0]
