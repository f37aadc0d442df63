"""The public voice of the demo province: the service catalogue of the public-facing units,
complaints in every state of their handling (some overdue, some linked to an officer), and
satisfaction surveys over four quarters with online and paper responses.

Complaints go through the real services (abdi.feedback.services_complaints), so every step is a
timeline event with its actor; the services stamp the current time, so afterwards the step times
are moved back to the planned ones (events, dispatch/follow-up/close times and the deadlines
recomputed from them with the working-day calendar). Everything is drawn from a Random of its own,
so the employees of a seed do not change with this module and the same seed gives the same
complaints, codes and answers.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from simple_history.utils import bulk_create_with_history

from abdi.accounts.models import RoleAssignment, User
from abdi.accounts.roles import Role
from abdi.core.calendar import JAKARTA, is_working_day
from abdi.core.selectors import non_working_days, working_day_deadline
from abdi.demo.builders.accounts import DemoLogin
from abdi.employees.models import Employee
from abdi.feedback import rules, rules_complaints
from abdi.feedback import services_complaints as svc
from abdi.feedback.choices import (
    AgeBand,
    RespondentEducation,
    RespondentOccupation,
    RespondentSex,
    ResponseChannel,
)
from abdi.feedback.choices import ComplaintAction as A
from abdi.feedback.choices import ComplaintKind as K
from abdi.feedback.choices import ComplaintStatus as S
from abdi.feedback.models import (
    Complaint,
    ComplaintEvent,
    PublicService,
    SatisfactionSurvey,
    SurveyResponse,
)
from abdi.feedback.selectors_complaints import deadline_days
from abdi.feedback.services_surveys import (
    CODE_ALPHABET as SURVEY_CODE_ALPHABET,
)
from abdi.feedback.services_surveys import (
    CODE_LENGTH as SURVEY_CODE_LENGTH,
)
from abdi.feedback.services_surveys import (
    ResponseInput,
    device_day_hash,
    paper_responses_enter,
    survey_create,
)
from abdi.org.models import OrgUnit

HISTORY_REASON = "Data demo (seed_demo)"
PUSKESMAS_LIAISON_SCOPE = "DINKES-PKM-KJB-1"  # the first puskesmas always exists (Kota Jambi 1)

FEEDBACK_LOGINS = [
    DemoLogin("pengaduan", "Pengelola pengaduan", "Pengelola", "Pengaduan",
              Role.COMPLAINT_COORDINATOR),
    DemoLogin("penghubung.puskesmas", "Penghubung pengaduan (Puskesmas)", "Penghubung",
              "Puskesmas", Role.COMPLAINT_LIAISON, PUSKESMAS_LIAISON_SCOPE),
    DemoLogin("admin.layanan", "Admin layanan (Dinas Kesehatan)", "Admin", "Layanan Dinkes",
              Role.SERVICE_ADMIN, "DINKES"),
]  # fmt: skip

# --- the service catalogue ----------------------------------------------------------------------
# (name, description, standard working days) per kind of public-facing unit.
PUSKESMAS_SERVICES = [
    ("Pelayanan Poli Umum", "Pemeriksaan dan pengobatan umum untuk semua usia.", 1),
    ("Pelayanan Kesehatan Ibu dan Anak", "Pemeriksaan kehamilan, KB dan tumbuh kembang anak.", 1),
    ("Imunisasi", "Imunisasi dasar lengkap dan lanjutan sesuai jadwal nasional.", 1),
    ("Surat Keterangan Sehat", "Pemeriksaan dan penerbitan surat keterangan sehat.", 1),
]
HOSPITAL_SERVICES = [
    ("Pendaftaran dan Rawat Jalan", "Pendaftaran pasien dan pelayanan poliklinik spesialis.", 1),
    ("Instalasi Gawat Darurat", "Pelayanan kegawatdaruratan 24 jam.", 1),
    ("Rawat Inap", "Perawatan pasien di ruang rawat inap.", None),
    ("Pelayanan Farmasi", "Penyerahan obat resep rawat jalan dan rawat inap.", 1),
]
SCHOOL_SERVICES = [
    ("Penerimaan Peserta Didik Baru", "Pendaftaran dan seleksi PPDB sesuai jalur.", 5),
    ("Legalisir Ijazah", "Pengesahan fotokopi ijazah dan SKHUN alumni.", 1),
    ("Surat Keterangan Pindah Sekolah", "Surat pindah (mutasi) peserta didik.", 3),
]
SAMSAT_SERVICES = [
    ("Pengesahan STNK Tahunan", "Pembayaran PKB dan pengesahan STNK setiap tahun.", 1),
    ("Balik Nama Kendaraan Bermotor", "BBNKB kendaraan bekas dan mutasi dari luar daerah.", 3),
    ("Penggantian STNK Hilang atau Rusak", "Penerbitan STNK pengganti.", 3),
]
# Permits (perizinan) and other counters of the offices: unit code -> services.
OFFICE_SERVICES = {
    "DINKES": [
        ("Rekomendasi Perizinan Fasilitas Kesehatan",
         "Rekomendasi teknis izin klinik, apotek dan laboratorium.", 10),
    ],
    "DISHUB": [
        ("Izin Trayek Angkutan Antarkota dalam Provinsi", "Izin penyelenggaraan angkutan AKDP.", 7),
        ("Uji Berkala Kendaraan Bermotor", "Uji KIR kendaraan angkutan umum dan barang.", 1),
    ],
    "DLH": [
        ("Persetujuan Teknis Pembuangan Air Limbah",
         "Persetujuan teknis untuk usaha yang membuang air limbah.", 14),
    ],
    "DISNAKERTRANS": [
        ("Pengesahan Peraturan Perusahaan", "Pengesahan peraturan perusahaan lintas kabupaten.", 7),
        ("Kartu Pencari Kerja (AK/1)", "Penerbitan kartu pencari kerja.", 1),
    ],
    "DISPERINDAG": [
        ("Tera dan Tera Ulang Alat Ukur", "Pengujian alat ukur, takar, timbang dan perlengkapannya.", 3),
    ],
    "DINSOS": [
        ("Rekomendasi Pengangkatan Anak", "Rekomendasi izin pengangkatan anak antarwarga.", 14),
    ],
    "BKPSDM": [
        ("Layanan Kenaikan Pangkat", "Verifikasi usul kenaikan pangkat ASN.", 10),
        ("Legalisir SK Kepegawaian", "Pengesahan salinan SK kepegawaian.", 1),
    ],
}  # fmt: skip

# --- complaint stories --------------------------------------------------------------------------
# (kind, title, description, where, officer?, public reply of the unit)
Story = tuple[str, str, str, str, bool, str]
STORIES: dict[str, list[Story]] = {
    "puskesmas": [
        (K.COMPLAINT, "Antrean poli umum terlalu lama",
         "Saya datang pukul 07.30 dan baru dipanggil pukul 11.00. Nomor antrean tidak jelas dan "
         "loket pendaftaran sempat kosong hampir satu jam.", "Loket pendaftaran", False,
         "Terima kasih atas laporannya. Mulai minggu ini nomor antrean dicetak dengan perkiraan "
         "jam layanan dan loket pendaftaran dijaga dua petugas secara bergantian."),
        (K.COMPLAINT, "Petugas pendaftaran bersikap kurang ramah",
         "Petugas di loket membentak ibu saya yang sudah lanjut usia karena lupa membawa kartu "
         "BPJS. Mohon petugas dibina.", "Loket pendaftaran", True,
         "Mohon maaf atas ketidaknyamanan Bapak/Ibu. Petugas yang bersangkutan sudah dipanggil "
         "dan dibina oleh kepala puskesmas; pelatihan layanan prima dijadwalkan bulan ini."),
        (K.COMPLAINT, "Diminta biaya untuk surat keterangan sehat",
         "Saya diminta membayar Rp50.000 tanpa kuitansi untuk surat keterangan sehat, padahal "
         "tarif resminya tidak sebesar itu.", "Ruang pemeriksaan umum", True,
         "Laporan sudah diperiksa. Tarif resmi sesuai Perda retribusi kini dipasang di loket, "
         "kelebihan pembayaran dikembalikan, dan petugas yang bersangkutan diberi pembinaan."),
        (K.COMPLAINT, "Obat di apotek puskesmas sering kosong",
         "Sudah tiga kali resep saya tidak bisa ditebus karena obat hipertensi kosong.",
         "Apotek puskesmas", False,
         "Stok amlodipin sudah diisi ulang dari gudang farmasi kabupaten; pemesanan kini "
         "dilakukan dua minggu sebelum stok habis."),
        (K.COMPLAINT, "Toilet ruang tunggu kotor dan tidak ada air",
         "Toilet di ruang tunggu bau dan air tidak mengalir sejak beberapa hari.",
         "Ruang tunggu", False,
         "Pompa air sudah diperbaiki dan jadwal kebersihan toilet ditempel di pintu."),
        (K.ASPIRATION, "Mohon jam layanan poli diperpanjang sampai sore",
         "Banyak pekerja tidak bisa datang pagi. Kami berharap ada layanan poli sampai pukul 16.00.",
         "", False,
         "Usulan diterima. Mulai bulan depan poli umum buka sampai pukul 15.00 pada hari Senin "
         "dan Kamis sebagai uji coba."),
        (K.INFORMATION_REQUEST, "Jadwal imunisasi campak anak",
         "Kapan jadwal imunisasi campak-rubela untuk anak usia 9 bulan di puskesmas ini?",
         "", False,
         "Imunisasi MR dilayani setiap Selasa dan Kamis pukul 08.00–11.00; bawa buku KIA."),
    ],
    "hospital": [
        (K.COMPLAINT, "Pasien BPJS diminta membeli obat di luar",
         "Keluarga kami dirawat dengan BPJS tetapi disuruh membeli obat sendiri di apotek luar.",
         "Ruang rawat inap", True,
         "Obat yang diresepkan termasuk Formularium Nasional dan seharusnya tersedia. Biaya "
         "pembelian obat diganti dan dokter penanggung jawab sudah diingatkan."),
        (K.COMPLAINT, "Menunggu di IGD tanpa penjelasan",
         "Anak saya demam tinggi dan kami menunggu dua jam di IGD tanpa ada yang menjelaskan.",
         "Instalasi Gawat Darurat", False,
         "IGD menerapkan triase; petugas triase kini wajib menyampaikan kategori dan perkiraan "
         "waktu tunggu kepada keluarga pasien."),
        (K.COMPLAINT, "Parkir RSUD semrawut dan ada pungutan liar",
         "Juru parkir di depan IGD meminta bayaran dua kali.", "Halaman parkir", False,
         "Pengelolaan parkir sudah ditertibkan bersama Dinas Perhubungan; karcis resmi wajib "
         "diberikan di pintu masuk."),
        (K.INFORMATION_REQUEST, "Syarat rujukan ke poli spesialis jantung",
         "Apa saja syarat berobat ke poli jantung dengan BPJS?", "", False,
         "Bawa surat rujukan FKTP, kartu BPJS dan KTP; pendaftaran daring tersedia H-1."),
    ],
    "school": [
        (K.COMPLAINT, "Pungutan uang seragam saat daftar ulang",
         "Saat daftar ulang kami diwajibkan membeli seragam di sekolah seharga Rp1.200.000.",
         "Ruang tata usaha", True,
         "Pembelian seragam di sekolah tidak wajib. Sekolah sudah mengumumkannya kepada orang "
         "tua dan pungutan yang terlanjur dibayar dapat dikembalikan."),
        (K.COMPLAINT, "Legalisir ijazah dikenakan biaya",
         "Saya diminta membayar Rp10.000 per lembar untuk legalisir ijazah.", "Tata usaha", False,
         "Legalisir ijazah tidak dipungut biaya; petugas tata usaha sudah diingatkan."),
        (K.ASPIRATION, "Perbaikan atap kelas yang bocor",
         "Atap dua ruang kelas bocor setiap hujan sehingga siswa dipindah ke perpustakaan.",
         "Gedung kelas X", False,
         "Perbaikan atap masuk usulan rehabilitasi tahun ini dan dikerjakan saat libur semester."),
        (K.INFORMATION_REQUEST, "Jadwal PPDB jalur zonasi",
         "Kapan pendaftaran PPDB jalur zonasi dibuka dan dokumen apa yang diperlukan?", "", False,
         "Jadwal dan persyaratan PPDB diumumkan di papan informasi dan laman sekolah."),
    ],
    "samsat": [
        (K.COMPLAINT, "Calo menawarkan jasa di loket pengesahan STNK",
         "Beberapa orang menawarkan jasa pengurusan cepat di depan loket dengan tarif tinggi.",
         "Loket pengesahan", False,
         "Petugas keamanan dan Satpol PP kini berjaga di area loket; pembayaran hanya melalui "
         "kasir resmi."),
        (K.COMPLAINT, "Antrean daring sering gangguan",
         "Aplikasi antrean tidak bisa dibuka sejak pagi sehingga kami harus antre manual.", "",
         False, "Gangguan server antrean sudah diperbaiki bersama penyedia aplikasi."),
        (K.INFORMATION_REQUEST, "Syarat balik nama kendaraan dari luar provinsi",
         "Dokumen apa saja yang dibutuhkan untuk mutasi masuk kendaraan dari Sumatera Barat?", "",
         False, "Bawa BPKB asli, STNK, KTP, surat fiskal daerah asal dan hasil cek fisik."),
    ],
    "office": [
        (K.COMPLAINT, "Izin tidak selesai sesuai standar waktu",
         "Permohonan saya sudah dua kali melewati waktu penyelesaian yang diumumkan tanpa kabar.",
         "Loket pelayanan", False,
         "Permohonan Bapak/Ibu sudah selesai diproses; status permohonan kini dapat dipantau "
         "melalui pesan singkat."),
        (K.COMPLAINT, "Petugas meminta imbalan untuk mempercepat rekomendasi",
         "Petugas verifikasi berkas menyarankan 'uang lelah' agar rekomendasi cepat keluar.",
         "Ruang verifikasi", True,
         "Laporan ditindaklanjuti oleh atasan langsung dan Inspektorat; petugas yang "
         "bersangkutan tidak lagi menangani verifikasi selama pemeriksaan."),
        (K.ASPIRATION, "Mohon persyaratan izin diumumkan daring",
         "Persyaratan berubah-ubah setiap datang ke loket. Mohon daftar persyaratan dipasang di "
         "laman resmi.", "", False,
         "Daftar persyaratan terbaru sudah diunggah di laman resmi dan ditempel di loket."),
        (K.INFORMATION_REQUEST, "Lama proses permohonan",
         "Berapa lama proses permohonan setelah berkas lengkap?", "", False,
         "Sesuai standar pelayanan, paling lama sesuai waktu yang tercantum pada maklumat."),
    ],
}  # fmt: skip
NOT_OUR_AUTHORITY = [
    ("Jalan desa rusak berat di Kecamatan Pemayung",
     "Jalan penghubung antardesa berlubang besar dan membahayakan pengendara.",
     "Jalan desa adalah kewenangan pemerintah kabupaten; laporan diteruskan ke SP4N-LAPOR! "
     "Kabupaten Batanghari."),
    ("KTP elektronik belum jadi setelah tiga bulan",
     "Saya merekam KTP-el tiga bulan lalu dan belum juga dicetak.",
     "Pencetakan KTP-el adalah kewenangan Disdukcapil kabupaten/kota; silakan menghubungi "
     "Disdukcapil tempat perekaman."),
    ("Lampu penerangan jalan kota mati",
     "Lampu jalan di depan pasar padam sejak seminggu.",
     "Penerangan jalan kota adalah kewenangan pemerintah kota; laporan diteruskan ke Pemerintah "
     "Kota Jambi."),
]  # fmt: skip
ARCHIVE = [
    ("tes", "coba coba", "Laporan uji coba tanpa isi."),
    ("Laporan ganda antrean puskesmas", "Sama dengan laporan saya sebelumnya.",
     "Laporan sama dengan laporan sebelumnya dari pelapor yang sama."),
]  # fmt: skip
REPLIES_OK = [
    "Terima kasih, sudah sesuai harapan.",
    "Terima kasih atas tanggapannya, semoga tidak terulang.",
]
REOPEN_REASONS = [
    "Sampai hari ini keadaannya masih sama, belum ada perubahan di lapangan.",
    "Pungutan belum dikembalikan seperti yang dijanjikan.",
]

# The state every complaint ends in, with weights for the ones beyond the first of each.
RECIPES = [
    ("received", 7), ("received_overdue", 3), ("postponed", 3), ("verified", 4),
    ("not_authority", 4), ("archived", 3), ("dispatched", 7), ("dispatched_overdue", 4),
    ("followed_up", 9), ("reopened", 4), ("closed", 24), ("auto_closed", 6),
]  # fmt: skip
SUGGESTIONS = [
    "Antrean perlu dipercepat.",
    "Petugas ramah, pertahankan.",
    "Ruang tunggu perlu kipas angin.",
    "Tambah kursi di ruang tunggu.",
    "Informasi biaya agar dipasang di loket.",
    "Pelayanan sudah cepat dan jelas.",
    "Mohon sediakan layanan pendaftaran daring.",
    "Toilet perlu lebih bersih.",
]


@dataclass
class FeedbackStats:
    services: int = 0
    complaints: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    overdue: int = 0
    linked: int = 0
    surveys: int = 0
    responses_online: int = 0
    responses_paper: int = 0


# --- logins -------------------------------------------------------------------------------------


def create_feedback_logins(*, hashed_password: str, units_by_code: dict) -> dict[str, User]:
    """The public-voice demo logins, with the (already hashed) demo password."""
    groups = {g.name: g for g in Group.objects.filter(name__in=Role.values)}
    users: dict[str, User] = {}
    for login in FEEDBACK_LOGINS:
        user = User(
            username=login.username,
            first_name=login.first_name,
            last_name=login.last_name,
            email=f"{login.username}@demo.abdi.local",
        )
        user.password = hashed_password
        user.save()
        RoleAssignment.objects.create(
            user=user,
            role=login.role,
            org_unit=units_by_code[login.scope_code] if login.scope_code else None,
        )
        if login.role in groups:
            user.groups.add(groups[login.role])
        users[login.username] = user
    return users


# --- helpers ------------------------------------------------------------------------------------


class Clock:
    """Working-day arithmetic backwards from the reference moment (Jakarta office hours)."""

    def __init__(self, today: dt.date, now: dt.datetime):
        self.today = today
        self.off = non_working_days([today.year - 1, today.year, today.year + 1])
        anchor = dt.datetime.combine(today, dt.time(15, 0), tzinfo=JAKARTA)
        # Seeding "today": nothing may happen after the present moment.
        self.now = min(now, anchor) if today == now.astimezone(JAKARTA).date() else anchor

    def workday_back(self, n: int) -> dt.date:
        day, counted = self.today, 0
        while counted < n or not is_working_day(day, self.off):
            day -= dt.timedelta(days=1)
            if is_working_day(day, self.off):
                counted += 1
        return day

    def workday_after(self, day: dt.date, n: int) -> dt.date:
        counted = 0
        while counted < n:
            day += dt.timedelta(days=1)
            if is_working_day(day, self.off):
                counted += 1
        return day

    def at(self, day: dt.date, rng: random.Random, hour_from: int = 8, hour_to: int = 15):
        moment = dt.datetime.combine(
            day, dt.time(rng.randint(hour_from, hour_to), rng.randint(0, 59)), tzinfo=JAKARTA
        )
        return min(moment, self.now)


@contextmanager
def _calendar_memo():
    """Within the seed, the non-working days of a year are read once, not at every deadline the
    services compute (the holidays package and the collective leave days do not change while
    the seed runs)."""
    from abdi.core import selectors as core_selectors

    original = core_selectors.non_working_days
    memo: dict[tuple[int, ...], set[dt.date]] = {}

    def remembered(years):
        key = tuple(sorted(set(years)))
        if key not in memo:
            memo[key] = original(key)
        return memo[key]

    core_selectors.non_working_days = remembered
    try:
        yield
    finally:
        core_selectors.non_working_days = original


def _code(rng: random.Random, alphabet: str, length: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(length))


# --- catalogue ----------------------------------------------------------------------------------


def _catalogue_for(unit: OrgUnit) -> tuple[str, list] | None:
    if unit.kind == "puskesmas":
        return "puskesmas", PUSKESMAS_SERVICES
    if unit.kind == "hospital":
        return "hospital", HOSPITAL_SERVICES
    if unit.kind == "school":
        return "school", SCHOOL_SERVICES
    if unit.code.startswith("BAPENDA-UPTD"):
        return "samsat", SAMSAT_SERVICES
    if unit.code in OFFICE_SERVICES:
        return "office", OFFICE_SERVICES[unit.code]
    return None


def write_catalogue(units: list[OrgUnit]) -> dict[int, tuple[str, list[PublicService]]]:
    """One bulk write of the services of every public-facing unit; unit id -> (kind, services)."""
    has_samsat = any(u.code.startswith("BAPENDA-UPTD") for u in units)
    out: dict[int, tuple[str, list[PublicService]]] = {}
    objs: list[PublicService] = []
    for unit in units:
        found = _catalogue_for(unit)
        if found is None and unit.code == "BAPENDA" and not has_samsat:
            found = ("samsat", SAMSAT_SERVICES)  # a small province: Bapenda's own counter
        if found is None:
            continue
        kind, specs = found
        services = [
            PublicService(org_unit=unit, name=name, description=desc, standard_days=days)
            for name, desc, days in specs
        ]
        out[unit.pk] = (kind, services)
        objs.extend(services)
    bulk_create_with_history(
        objs, PublicService, batch_size=1000, default_change_reason=HISTORY_REASON
    )
    return out


# --- complaints ---------------------------------------------------------------------------------


@dataclass
class Step:
    action: str
    at: dt.datetime


def _recipes(n: int, rng: random.Random) -> list[str]:
    names = [name for name, _w in RECIPES]
    weights = [w for _n, w in RECIPES]
    out = list(names)  # every state at least once
    out += rng.choices(names, weights=weights, k=max(0, n - len(out)))
    rng.shuffle(out)
    return out


def _timeline(recipe: str, clock: Clock, rng: random.Random) -> tuple[dt.datetime, list[Step]]:
    """When the complaint came in and when each handling step happened."""

    def day_at(n_back: int, lo=8, hi=15):
        return clock.at(clock.workday_back(n_back), rng, lo, hi)

    def after(moment: dt.datetime, n: int, lo=8, hi=15) -> dt.datetime:
        day = clock.workday_after(moment.astimezone(JAKARTA).date(), n)
        return max(clock.at(day, rng, lo, hi), moment + dt.timedelta(minutes=5))

    if recipe == "received":
        return day_at(rng.randint(0, 2), 7, 14), []
    if recipe == "received_overdue":
        return day_at(rng.randint(5, 12)), []
    if recipe == "postponed":
        t0 = day_at(rng.randint(1, 2))
        return t0, [Step(A.POSTPONE, after(t0, 1))]
    if recipe == "verified":
        t0 = day_at(rng.randint(1, 2))
        return t0, [Step(A.VERIFY, after(t0, 1))]
    if recipe in {"not_authority", "archived"}:
        t0 = day_at(rng.randint(6, 60))
        action = A.NOT_AUTHORITY if recipe == "not_authority" else A.ARCHIVE
        return t0, [Step(action, after(t0, rng.randint(1, 2)))]
    if recipe == "dispatched":
        t0 = day_at(rng.randint(2, 4))
        t1 = after(t0, 1)
        return t0, [Step(A.VERIFY, t1), Step(A.DISPATCH, after(t1, 0, 13, 15))]
    if recipe == "dispatched_overdue":
        t0 = day_at(rng.randint(10, 18))
        t1 = after(t0, rng.randint(1, 2))
        return t0, [Step(A.VERIFY, t1), Step(A.DISPATCH, after(t1, 1))]
    # followed up at some point: verify, dispatch, respond
    if recipe == "followed_up":
        t0 = day_at(rng.randint(6, 10))
        answered_back = rng.randint(0, 4)
    elif recipe == "reopened":
        t0 = day_at(rng.randint(10, 16))
        answered_back = rng.randint(3, 5)
    elif recipe == "auto_closed":
        t0 = day_at(rng.randint(30, 90))
        answered_back = None
    else:  # closed
        t0 = day_at(rng.randint(15, 120))
        answered_back = None
    t1 = after(t0, rng.randint(1, 3))
    t2 = after(t1, 0, 13, 15) if rng.random() < 0.7 else after(t1, 1)
    if answered_back is not None:
        t3 = max(day_at(answered_back), after(t2, 1))
    else:
        t3 = after(t2, rng.randint(2, 7))  # some of these were answered late
    steps = [Step(A.VERIFY, t1), Step(A.DISPATCH, t2), Step(A.RESPOND, t3)]
    if recipe == "reopened":
        steps.append(Step(A.REOPEN, after(t3, rng.randint(1, 2))))
    elif recipe == "closed":
        t4 = after(t3, rng.randint(1, 4))
        steps += [Step(A.CITIZEN_REPLY, t4), Step(A.RATE, t4 + dt.timedelta(minutes=2))]
        steps.append(Step(A.CLOSE, after(t4, 1)))
    elif recipe == "auto_closed":
        steps.append(Step(A.AUTO_CLOSE, t3))  # the time is the auto-close deadline, set later
    return t0, steps


def build_complaints(
    *,
    rng: random.Random,
    faker,
    clock: Clock,
    catalogue: dict[int, tuple[str, list[PublicService]]],
    units: dict[int, OrgUnit],
    coordinator: User,
    liaison: User,
    liaison_unit: OrgUnit,
    employee_login: User | None,
    n: int,
    stats: FeedbackStats,
) -> list[Complaint]:
    # Where the complaints go: the liaison's puskesmas gets a good share so its inbox is alive.
    targets: list[tuple[OrgUnit, str, list[PublicService]]] = []
    for unit_id, (kind, services) in catalogue.items():
        targets.append((units[unit_id], kind, services))
    targets.sort(key=lambda t: t[0].path)
    by_kind: dict[str, list] = defaultdict(list)
    for target in targets:
        by_kind[target[1]].append(target)
    home = next(t for t in targets if t[0].pk == liaison_unit.pk)
    kind_weights = {"puskesmas": 5, "hospital": 3, "school": 3, "samsat": 2, "office": 3}
    kinds = [k for k in kind_weights if by_kind.get(k)]
    staff_cache: dict[int, list[Employee]] = {}
    employee = getattr(employee_login, "employee", None) if employee_login else None

    recipes = _recipes(n, rng)
    # The first one is certain: a closed complaint about the demo employee's conduct at Dinas
    # Kesehatan, linked to them, so that their appraiser (the "atasan" login) sees it.
    dinkes_office = next((t for t in by_kind["office"] if t[0].code == "DINKES"), None)
    if employee is not None and dinkes_office is not None:
        recipes.insert(0, "closed")
    else:
        dinkes_office = None
    planned: list[tuple[Complaint, dt.datetime, list[Step]]] = []
    story_turn: dict[str, int] = defaultdict(int)
    for index, recipe in enumerate(recipes):
        if index == 0 and dinkes_office is not None:
            unit, kind, services = dinkes_office
        elif index % 3 == 0:
            unit, kind, services = home
        else:
            kind = rng.choices(kinds, weights=[kind_weights[k] for k in kinds])[0]
            unit, kind, services = rng.choice(by_kind[kind])
        t0, steps = _timeline(recipe, clock, rng)
        if recipe == "not_authority":
            title, description, reply = NOT_OUR_AUTHORITY[index % len(NOT_OUR_AUTHORITY)]
            story = (K.COMPLAINT, title, description, "", False, reply)
        elif recipe == "archived":
            title, description, reply = ARCHIVE[index % len(ARCHIVE)]
            story = (K.COMPLAINT, title, description, "", False, reply)
        elif index == 0 and dinkes_office is not None:
            story = STORIES["office"][1]  # an officer asking for money: linked to the employee
        else:
            pool = STORIES[kind]
            story = pool[story_turn[kind] % len(pool)]
            story_turn[kind] += 1
        story_kind, title, description, place, about_officer, reply = story
        service = services[rng.randrange(len(services))] if rng.random() < 0.8 else None
        anonymous = rng.random() < 0.2
        confidential = about_officer and rng.random() < 0.5
        incident = t0.astimezone(JAKARTA).date() - dt.timedelta(days=rng.randint(0, 3))
        data = svc.ComplaintInput(
            kind=story_kind,
            title=title,
            description=description,
            org_unit=unit,
            service=service,
            incident_date=incident,
            incident_place=f"{place}, {unit.name}" if place else "",
            officer_description="petugas berseragam, tidak memakai tanda nama"
            if about_officer
            else "",
            reporter_name="" if anonymous else faker.name(),
            reporter_email="" if anonymous or rng.random() < 0.4 else faker.free_email(),
            reporter_phone="" if anonymous else f"08{rng.randint(1100000000, 1399999999)}",
            is_anonymous=anonymous,
            is_confidential=confidential,
        )
        complaint = svc.complaint_submit(data=data, received_at=t0)
        complaint.tracking_code = _code(
            rng, rules_complaints.CODE_ALPHABET, rules_complaints.CODE_LENGTH
        )
        complaint._story = story  # type: ignore[attr-defined]
        complaint._recipe = recipe  # type: ignore[attr-defined]
        planned.append((complaint, t0, steps))
    # The demo codes come from the seed (unguessable codes are for real complaints).
    Complaint.objects.bulk_update([c for c, _t, _s in planned], ["tracking_code"])

    linked_pegawai = False
    for complaint, _t0, steps in planned:
        _kind, title, _d, _p, about_officer, reply = complaint._story  # type: ignore[attr-defined]
        handler = liaison if complaint.org_unit_id == liaison_unit.pk else coordinator
        for step in steps:
            if step.action == A.VERIFY:
                svc.complaint_verify(complaint=complaint, actor=coordinator)
            elif step.action == A.POSTPONE:
                svc.complaint_postpone(
                    complaint=complaint,
                    actor=coordinator,
                    note="Menunggu foto dan waktu kejadian yang lebih rinci dari pelapor.",
                    public_message="Mohon lengkapi waktu kejadian dan foto bila ada.",
                )
            elif step.action == A.NOT_AUTHORITY:
                svc.complaint_not_authority(
                    complaint=complaint, actor=coordinator, note=reply, public_message=reply
                )
            elif step.action == A.ARCHIVE:
                svc.complaint_archive(complaint=complaint, actor=coordinator, note=reply)
            elif step.action == A.DISPATCH:
                svc.complaint_dispatch(
                    complaint=complaint, actor=coordinator, unit=complaint.org_unit
                )
            elif step.action == A.RESPOND:
                svc.complaint_respond(
                    complaint=complaint,
                    actor=handler,
                    public_message=reply,
                    internal_note="Sudah dikonfirmasi dengan kepala unit.",
                )
            elif step.action == A.CITIZEN_REPLY:
                svc.citizen_reply(complaint=complaint, message=rng.choice(REPLIES_OK))
            elif step.action == A.RATE:
                svc.citizen_rate(
                    complaint=complaint, rating=rng.choices([5, 4, 3, 2], [4, 4, 2, 1])[0]
                )
            elif step.action == A.REOPEN:
                svc.citizen_reopen(complaint=complaint, reason=rng.choice(REOPEN_REASONS))
            elif step.action == A.CLOSE:
                svc.complaint_close(complaint=complaint, actor=handler)
        # A substantiated complaint about an officer: linked to an employee of the unit.
        if about_officer and complaint.status in {S.FOLLOWED_UP, S.CLOSED}:
            target = None
            if dinkes_office is not None and not linked_pegawai:
                target, linked_pegawai = employee, True  # the first, certain complaint
            elif rng.random() < 0.5 and (staff := _staff_of(complaint.org_unit_id, staff_cache)):
                target = staff[rng.randrange(len(staff))]
            if target is not None:
                svc.complaint_link_employee(
                    complaint=complaint,
                    actor=coordinator,
                    employee=target,
                    note=f"Terbukti dalam klarifikasi: {title.lower()}. Telah dibina atasan.",
                )
                # after the answer (and the closing), before a later automatic closing
                last = [s for s in steps if s.action != A.AUTO_CLOSE][-1]
                link = Step(A.LINK_EMPLOYEE, min(last.at + dt.timedelta(hours=1), clock.now))
                steps.insert(len([s for s in steps if s.action != A.AUTO_CLOSE]), link)
                stats.linked += 1
    _auto_close(planned, clock)
    _backdate(planned, clock)
    complaints = [c for c, _t, _s in planned]
    for c in complaints:
        stats.complaints[c.status] += 1
        stats.overdue += bool(
            rules_complaints.overdue_step(
                c.status,
                now=clock.now,
                verification_due=c.verification_due,
                follow_up_due=c.follow_up_due,
            )
        )
    return complaints


def _staff_of(unit_id: int, cache: dict[int, list[Employee]]) -> list[Employee]:
    """Up to 50 employees of a unit (by NIP), read once per unit."""
    if unit_id not in cache:
        cache[unit_id] = list(
            Employee.objects.filter(org_unit_id=unit_id)
            .only("pk", "nip", "name", "org_unit_id")
            .order_by("nip")[:50]
        )
    return cache[unit_id]


def _auto_close(planned, clock: Clock) -> None:
    """The followed-up complaints whose reporter never answered: closed by the periodic tick,
    as `complaints_tick` would have done once their waiting time ran out."""
    for complaint, _t0, steps in planned:
        if steps and steps[-1].action == A.AUTO_CLOSE:
            respond = next(s for s in steps if s.action == A.RESPOND)
            due = working_day_deadline(
                respond.at, deadline_days("auto_close", on=respond.at.date())
            )
            Complaint.objects.filter(pk=complaint.pk).update(auto_close_due=due)
            moment = due + dt.timedelta(minutes=1)
            due_then = Complaint.objects.filter(status=S.FOLLOWED_UP, auto_close_due__lt=moment)
            if list(due_then.values_list("pk", flat=True)) != [complaint.pk]:
                steps.pop()  # a reference date far in the future: leave it followed up
                continue
            svc.complaints_auto_close(now=moment)  # only this one is due at that moment
            complaint.status = S.CLOSED
            steps[-1].at = min(moment, clock.now)


def _backdate(planned, clock: Clock) -> None:
    """Move the events and the step times of every complaint to the planned moments."""
    by_complaint = defaultdict(list)
    for event in ComplaintEvent.objects.filter(
        complaint_id__in=[c.pk for c, _t, _s in planned]
    ).order_by("complaint_id", "pk"):
        by_complaint[event.complaint_id].append(event)
    events, complaints = [], []
    fields = ["dispatched_at", "follow_up_due", "followed_up_at", "auto_close_due", "closed_at"]
    for complaint, t0, steps in planned:
        rows = by_complaint[complaint.pk]
        moments = [t0] + [s.at for s in steps]
        if len(rows) != len(moments):
            raise RuntimeError(
                f"complaint {complaint.pk}: {len(rows)} events, {len(moments)} steps"
            )
        for event, moment in zip(rows, moments, strict=True):
            event.created_at = moment
            events.append(event)
        c = complaint  # refreshed by the last service call; only the step times change
        for step in steps:
            if step.action == A.DISPATCH:
                c.dispatched_at = step.at
                c.follow_up_due = working_day_deadline(
                    step.at, deadline_days("follow_up", on=step.at.date())
                )
            elif step.action == A.RESPOND:
                c.followed_up_at = step.at
                c.auto_close_due = working_day_deadline(
                    step.at, deadline_days("auto_close", on=step.at.date())
                )
            elif step.action == A.REOPEN:
                c.follow_up_due = working_day_deadline(
                    step.at, deadline_days("follow_up", on=step.at.date())
                )
                c.auto_close_due = None
            elif step.action in {A.CLOSE, A.AUTO_CLOSE}:
                c.closed_at = step.at
        complaints.append(c)
    ComplaintEvent.objects.bulk_update(events, ["created_at"], batch_size=500)
    Complaint.objects.bulk_update(complaints, fields, batch_size=500)


# --- surveys ------------------------------------------------------------------------------------

# How each element tends to be answered, relative to the service's level (the Permen's order:
# U1 requirements, U2 procedure, U3 completion time, U4 cost, U5 product, U6 competence,
# U7 conduct, U8 facilities, U9 complaint handling): cost (mostly free) scores well; completion
# time and facilities are the usual weak spots.
ELEMENT_BIAS = {"U1": 0.1, "U2": 0.05, "U3": -0.3, "U4": 0.3, "U5": 0.1, "U6": 0.1,
                "U7": 0.15, "U8": -0.25, "U9": -0.1}  # fmt: skip
PROFILE_WEIGHTS = {
    "age_band": ([AgeBand.UNDER_20, AgeBand.AGE_20_29, AgeBand.AGE_30_39, AgeBand.AGE_40_49,
                  AgeBand.AGE_50_59, AgeBand.AGE_60_PLUS], [4, 22, 28, 22, 15, 9]),
    "sex": ([RespondentSex.MALE, RespondentSex.FEMALE], [45, 55]),
    "education": ([RespondentEducation.SD, RespondentEducation.SMP, RespondentEducation.SMA,
                   RespondentEducation.DIPLOMA, RespondentEducation.S1,
                   RespondentEducation.S2_PLUS], [10, 15, 40, 10, 21, 4]),
    "occupation": ([RespondentOccupation.CIVIL_SERVANT, RespondentOccupation.PRIVATE,
                    RespondentOccupation.ENTREPRENEUR, RespondentOccupation.STUDENT,
                    RespondentOccupation.OTHER], [12, 25, 28, 10, 25]),
}  # fmt: skip


def quarters(today: dt.date, count: int = 4) -> list[tuple[dt.date, dt.date]]:
    """The last `count` calendar quarters up to and including today's, oldest first."""
    year, q = today.year, (today.month - 1) // 3
    out = []
    for _i in range(count):
        start = dt.date(year, q * 3 + 1, 1)
        end_month = q * 3 + 3
        end = dt.date(year + end_month // 12, end_month % 12 + 1, 1) - dt.timedelta(days=1)
        out.append((start, end))
        q -= 1
        if q < 0:
            q, year = 3, year - 1
    return out[::-1]


def _answer(rng: random.Random, level: float) -> int:
    return max(1, min(4, round(rng.gauss(level, 0.55))))


def _profile(rng: random.Random) -> dict[str, str]:
    return {
        name: rng.choices(values, weights=weights)[0]
        for name, (values, weights) in PROFILE_WEIGHTS.items()
    }


def _surveyed_services(catalogue, units) -> list[PublicService]:
    """A handful of services with surveys: two of the liaison's puskesmas, the RSUD, a school,
    the Samsat counter and a permit service of Dinas Kesehatan."""
    wanted: list[PublicService] = []
    by_kind: dict[str, list[tuple[OrgUnit, list[PublicService]]]] = defaultdict(list)
    for unit_id, (kind, services) in sorted(catalogue.items(), key=lambda kv: units[kv[0]].path):
        by_kind[kind].append((units[unit_id], services))
    home = next((s for u, s in by_kind["puskesmas"] if u.code == PUSKESMAS_LIAISON_SCOPE), None)
    if home:
        wanted += home[:2]
    wanted += [s[0] for _u, s in by_kind["hospital"][:1]]
    wanted += [s[1] for _u, s in by_kind["school"][:1]]
    wanted += [s[0] for _u, s in by_kind["samsat"][:1]]
    wanted += [s for u, ss in by_kind["office"] if u.code == "DINKES" for s in ss[:1]]
    return wanted


def build_surveys(
    *,
    rng: random.Random,
    clock: Clock,
    services: list[PublicService],
    unit_admin: User,
    unit_admin_path: str,
    bkpsdm_admin: User,
    stats: FeedbackStats,
) -> list[SatisfactionSurvey]:
    periods = quarters(clock.today)
    surveys: list[SatisfactionSurvey] = []
    online: list[SurveyResponse] = []
    paper_timestamps: list[tuple[int, dt.datetime]] = []
    for service in services:
        in_scope = service.org_unit.path.startswith(unit_admin_path)
        actor = unit_admin if in_scope else bkpsdm_admin
        level = rng.uniform(2.85, 3.45)  # this service's starting level on the 1–4 scale
        drift = rng.choice([0.06, 0.1, -0.05, 0.03])  # better or worse from quarter to quarter
        for index, (start, end) in enumerate(periods):
            current = index == len(periods) - 1
            population = rng.randrange(150, 700, 10)
            survey = survey_create(
                actor=actor,
                service=service,
                period_start=start,
                period_end=end,
                population=population,
                title=f"SKM {service.name} triwulan {(start.month - 1) // 3 + 1} {start.year}",
            )
            survey.code = _code(rng, SURVEY_CODE_ALPHABET, SURVEY_CODE_LENGTH)
            survey.is_open = current
            surveys.append(survey)
            required = rules.sample_size(population)
            if current:
                elapsed = max(1, (min(clock.today, end) - start).days + 1)
                share = elapsed / ((end - start).days + 1)
                count = max(12, round(required * share * rng.uniform(0.5, 0.9)))
            else:
                count = round(required * rng.uniform(0.55, 1.15))
            period_level = level + drift * index
            last_day = min(end, clock.today)
            n_paper = round(count * rng.uniform(0.25, 0.5))
            rows: list[ResponseInput] = []
            for i in range(count):
                answers = {
                    code: _answer(rng, period_level + bias) for code, bias in ELEMENT_BIAS.items()
                }
                profile = _profile(rng)
                suggestion = rng.choice(SUGGESTIONS) if rng.random() < 0.15 else ""
                if i < n_paper:
                    if rng.random() < 0.05:  # a respondent skipped one element on paper
                        answers[rng.choice(rules.ELEMENT_CODES)] = None
                    rows.append(ResponseInput(answers=answers, suggestion=suggestion, **profile))
                    continue
                day = start + dt.timedelta(days=rng.randint(0, (last_day - start).days))
                online.append(
                    SurveyResponse(
                        survey=survey,
                        channel=ResponseChannel.ONLINE,
                        device_day_hash=device_day_hash(survey.pk, f"demo-device-{i}", day),
                        suggestion=suggestion,
                        **{c.lower(): v for c, v in answers.items()},
                        **profile,
                    )
                )
            if rows:
                paper_responses_enter(survey=survey, rows=rows, actor=actor)
                stats.responses_paper += len(rows)
                paper_timestamps.append(
                    (survey.pk, dt.datetime.combine(last_day, dt.time(14, 0), tzinfo=JAKARTA))
                )
            stats.responses_online += count - len(rows)
    SatisfactionSurvey.objects.bulk_update(surveys, ["code", "is_open"])
    SurveyResponse.objects.bulk_create(online, batch_size=2000)
    for survey_id, moment in paper_timestamps:  # paper forms are typed in at the period's end
        SurveyResponse.objects.filter(survey_id=survey_id, channel=ResponseChannel.PAPER).update(
            created_at=min(moment, clock.now)
        )
    stats.surveys = len(surveys)
    return surveys


# --- entry point ----------------------------------------------------------------------------------


def seed_feedback(
    *,
    seed: int,
    faker,
    today: dt.date,
    now: dt.datetime,
    n_employees: int,
    users: dict[str, User],
    units_by_code: dict[str, OrgUnit],
) -> tuple[dict[str, User], FeedbackStats]:
    """The public voice of the demo province. `users` holds the demo logins of accounts.py."""
    with _calendar_memo():
        return _seed_feedback(
            seed=seed,
            faker=faker,
            today=today,
            now=now,
            n_employees=n_employees,
            users=users,
            units_by_code=units_by_code,
        )


def _seed_feedback(*, seed, faker, today, now, n_employees, users, units_by_code):
    rng = random.Random(f"feedback-{seed}")
    stats = FeedbackStats()
    clock = Clock(today, now)
    hashed = users["admin"].password
    logins = create_feedback_logins(hashed_password=hashed, units_by_code=units_by_code)
    units = {u.pk: u for u in units_by_code.values()}
    catalogue = write_catalogue(sorted(units.values(), key=lambda u: u.path))
    stats.services = sum(len(s) for _k, s in catalogue.values())
    liaison_unit = units_by_code[PUSKESMAS_LIAISON_SCOPE]
    n_complaints = min(200, 30 + n_employees // 80)
    build_complaints(
        rng=rng,
        faker=faker,
        clock=clock,
        catalogue=catalogue,
        units=units,
        coordinator=logins["pengaduan"],
        liaison=logins["penghubung.puskesmas"],
        liaison_unit=liaison_unit,
        employee_login=users.get("pegawai"),
        n=n_complaints,
        stats=stats,
    )
    dinkes = units_by_code["DINKES"]
    build_surveys(
        rng=rng,
        clock=clock,
        services=_surveyed_services(catalogue, units),
        unit_admin=logins["admin.layanan"],
        unit_admin_path=dinkes.path,
        bkpsdm_admin=users["admin"],
        stats=stats,
    )
    return logins, stats


def summary(stats: FeedbackStats) -> dict[str, object]:
    states = ", ".join(f"{k} {v}" for k, v in sorted(stats.complaints.items()))
    return {
        "public services": stats.services,
        "complaints": f"{sum(stats.complaints.values())} ({states})",
        "  overdue": stats.overdue,
        "  linked to an employee": stats.linked,
        "surveys (4 quarters)": stats.surveys,
        "survey responses": f"{stats.responses_online} online, {stats.responses_paper} paper",
    }
