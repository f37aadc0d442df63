"""The demo province's unit kerja tree and positions, computed in memory and written in bulk.

The tree is built as plain specs first, then written level by level with the materialised
paths computed here (treebeard layout: steplen 4, siblings ordered by name), which is what
`OrgUnit.objects.add_child` would have produced, only without one query per node.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from abdi.demo.builders.bulk import bulk_create_with_history
from abdi.demo.builders.names import PROVINCE, REGENCIES
from abdi.org.models import Agency, OrgUnit, Position

HISTORY_REASON = "Data demo"  # shown to auditors in the audit trail: no command names


@dataclass
class StaffTemplate:
    suffix: str
    name: str
    kind: str
    class_grade: int
    profession: str
    weight: float
    override: int | None = None  # BUP override, e.g. teachers 60


@dataclass
class PositionSpec:
    code: str
    name: str
    kind: str
    class_grade: int
    unit: UnitSpec
    parent: PositionSpec | None
    profession: str
    is_head: bool = False
    override: int | None = None
    weight: float = 0.0
    holders: int = 0
    posts: int = 1
    obj: Position | None = None

    @property
    def depth(self) -> int:
        d, p = 0, self.parent
        while p is not None:
            d, p = d + 1, p.parent
        return d


@dataclass
class UnitSpec:
    code: str
    name: str
    kind: str
    category: str  # office | school | health | uptd | none
    parent: UnitSpec | None = None
    children: list[UnitSpec] = field(default_factory=list)
    head: PositionSpec | None = None
    staff: list[PositionSpec] = field(default_factory=list)
    opd: UnitSpec | None = None
    obj: OrgUnit | None = None

    def add(self, child: UnitSpec) -> UnitSpec:
        child.parent = self
        child.opd = self.opd or (child if child.kind in {"opd", "secretariat"} else None)
        self.children.append(child)
        return child


# code, name, unit kind, head title, head profession, JF of the office, bidang topics
OPDS = [
    ("DINKES", "Dinas Kesehatan", "opd", "Kepala Dinas Kesehatan", "health_admin", ("Administrator Kesehatan", "health_admin"),
     ["Kesehatan Masyarakat", "Pencegahan dan Pengendalian Penyakit", "Pelayanan Kesehatan", "Sumber Daya Kesehatan"]),
    ("DISDIK", "Dinas Pendidikan", "opd", "Kepala Dinas Pendidikan", "teacher", ("Analis Kebijakan", "admin"),
     ["Pembinaan SMA", "Pembinaan SMK", "Pembinaan Pendidikan Khusus", "Guru dan Tenaga Kependidikan"]),
    ("BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "opd", "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "hr", ("Analis Sumber Daya Manusia Aparatur", "hr"),
     ["Pengadaan, Pemberhentian dan Informasi", "Mutasi dan Promosi", "Pengembangan Kompetensi Aparatur", "Penilaian Kinerja Aparatur dan Penghargaan"]),
    ("BAPPEDA", "Badan Perencanaan Pembangunan Daerah", "opd", "Kepala Badan Perencanaan Pembangunan Daerah", "planner", ("Perencana", "planner"),
     ["Perencanaan, Pengendalian dan Evaluasi", "Perekonomian dan Sumber Daya Alam", "Infrastruktur dan Kewilayahan", "Pemerintahan dan Pembangunan Manusia"]),
    ("PUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", "opd", "Kepala Dinas Pekerjaan Umum dan Penataan Ruang", "engineer", ("Teknik Jalan dan Jembatan", "engineer"),
     ["Bina Marga", "Sumber Daya Air", "Cipta Karya", "Penataan Ruang"]),
    ("DINSOS", "Dinas Sosial", "opd", "Kepala Dinas Sosial", "social", ("Pekerja Sosial", "social"),
     ["Perlindungan dan Jaminan Sosial", "Rehabilitasi Sosial", "Pemberdayaan Sosial"]),
    ("INSPEKTORAT", "Inspektorat", "opd", "Inspektur", "auditor", ("Auditor", "auditor"),
     ["Inspektur Pembantu Wilayah I", "Inspektur Pembantu Wilayah II", "Inspektur Pembantu Wilayah III", "Inspektur Pembantu Khusus"]),
    ("BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah", "opd", "Kepala Badan Pengelolaan Keuangan dan Aset Daerah", "finance", ("Analis Keuangan Pusat dan Daerah", "finance"),
     ["Anggaran", "Perbendaharaan", "Akuntansi", "Aset"]),
    ("BAPENDA", "Badan Pendapatan Daerah", "opd", "Kepala Badan Pendapatan Daerah", "finance", ("Analis Keuangan Pusat dan Daerah", "finance"),
     ["Pajak Daerah", "Retribusi dan Pendapatan Lain", "Pengendalian dan Evaluasi Pendapatan"]),
    ("DISHUB", "Dinas Perhubungan", "opd", "Kepala Dinas Perhubungan", "engineer", ("Penguji Kendaraan Bermotor", "engineer"),
     ["Lalu Lintas dan Angkutan Jalan", "Pelayaran", "Perkeretaapian dan Udara"]),
    ("KOMINFO", "Dinas Komunikasi dan Informatika", "opd", "Kepala Dinas Komunikasi dan Informatika", "it", ("Pranata Komputer", "it"),
     ["Aplikasi Informatika", "Informasi dan Komunikasi Publik", "Statistik dan Persandian"]),
    ("DISNAKERTRANS", "Dinas Tenaga Kerja dan Transmigrasi", "opd", "Kepala Dinas Tenaga Kerja dan Transmigrasi", "admin", ("Pengantar Kerja", "admin"),
     ["Pelatihan dan Penempatan Tenaga Kerja", "Hubungan Industrial", "Transmigrasi"]),
    ("DLH", "Dinas Lingkungan Hidup", "opd", "Kepala Dinas Lingkungan Hidup", "engineer", ("Pengendali Dampak Lingkungan", "engineer"),
     ["Tata Lingkungan", "Pengendalian Pencemaran", "Pengelolaan Sampah dan Limbah B3"]),
    ("DISTPHP", "Dinas Tanaman Pangan, Hortikultura dan Peternakan", "opd", "Kepala Dinas Tanaman Pangan, Hortikultura dan Peternakan", "agri", ("Penyuluh Pertanian", "agri"),
     ["Tanaman Pangan", "Hortikultura", "Peternakan dan Kesehatan Hewan"]),
    ("DISHUT", "Dinas Kehutanan", "opd", "Kepala Dinas Kehutanan", "agri", ("Pengendali Ekosistem Hutan", "agri"),
     ["Perencanaan dan Pemanfaatan Hutan", "Perlindungan Hutan", "Penyuluhan dan Pemberdayaan Masyarakat"]),
    ("DISPERINDAG", "Dinas Perindustrian dan Perdagangan", "opd", "Kepala Dinas Perindustrian dan Perdagangan", "admin", ("Pengawas Perdagangan", "admin"),
     ["Perindustrian", "Perdagangan Dalam Negeri", "Perlindungan Konsumen"]),
    ("DISBUDPAR", "Dinas Kebudayaan dan Pariwisata", "opd", "Kepala Dinas Kebudayaan dan Pariwisata", "admin", ("Pamong Budaya", "admin"),
     ["Kebudayaan", "Destinasi Pariwisata", "Pemasaran Pariwisata"]),
    ("SATPOLPP", "Satuan Polisi Pamong Praja", "opd", "Kepala Satuan Polisi Pamong Praja", "law", ("Polisi Pamong Praja", "law"),
     ["Penegakan Perundang-undangan Daerah", "Ketertiban Umum", "Perlindungan Masyarakat"]),
    ("BPBD", "Badan Penanggulangan Bencana Daerah", "opd", "Kepala Pelaksana Badan Penanggulangan Bencana Daerah", "admin", ("Analis Bencana", "admin"),
     ["Pencegahan dan Kesiapsiagaan", "Kedaruratan dan Logistik", "Rehabilitasi dan Rekonstruksi"]),
    ("SETWAN", "Sekretariat DPRD", "secretariat", "Sekretaris DPRD", "law", ("Perancang Peraturan Perundang-undangan", "law"),
     ["Bagian Umum", "Bagian Persidangan dan Perundang-undangan", "Bagian Keuangan"]),
]  # fmt: skip
SETDA_BIRO = [
    "Biro Pemerintahan dan Otonomi Daerah", "Biro Hukum", "Biro Organisasi",
    "Biro Perekonomian", "Biro Kesejahteraan Rakyat", "Biro Umum",
    "Biro Pengadaan Barang dan Jasa",
]  # fmt: skip
DINKES_SEKSI = {
    "Kesehatan Masyarakat": ["Kesehatan Keluarga dan Gizi", "Promosi Kesehatan", "Kesehatan Lingkungan"],
    "Pencegahan dan Pengendalian Penyakit": ["Surveilans dan Imunisasi", "Pencegahan Penyakit Menular", "Penyakit Tidak Menular dan Kesehatan Jiwa"],
    "Pelayanan Kesehatan": ["Pelayanan Kesehatan Primer", "Pelayanan Kesehatan Rujukan", "Pelayanan Kesehatan Tradisional"],
    "Sumber Daya Kesehatan": ["Kefarmasian dan Alat Kesehatan", "Sumber Daya Manusia Kesehatan"],
}  # fmt: skip
SUBBAGIAN = ["Umum dan Kepegawaian", "Keuangan", "Perencanaan dan Pelaporan"]
UPTDS = {
    "BAPENDA": "UPTD Samsat",
    "PUPR": "UPTD Peralatan dan Perbekalan",
    "DINSOS": "UPTD Panti Sosial",
    "DISHUB": "UPTD Pengelolaan Prasarana Perhubungan",
    "DISHUT": "UPTD Kesatuan Pengelolaan Hutan",
    "DISNAKERTRANS": "UPTD Balai Latihan Kerja",
}


def _office_staff(jf_name: str, profession: str) -> list[StaffTemplate]:
    return [
        StaffTemplate("JF1", f"{jf_name} Ahli Pertama", "jf_ahli_pertama", 8, profession, 2),
        StaffTemplate("JF2", f"{jf_name} Ahli Muda", "jf_ahli_muda", 9, profession, 1.2),
        StaffTemplate("JF3", f"{jf_name} Ahli Madya", "jf_ahli_madya", 11, profession, 0.3),
        StaffTemplate("PLK1", "Penata Layanan Operasional", "pelaksana", 7, "admin", 2),
        StaffTemplate("PLK2", "Pengolah Data dan Informasi", "pelaksana", 6, "admin", 1.5),
        StaffTemplate("PLK3", "Pengadministrasi Perkantoran", "pelaksana", 5, "admin", 2),
        StaffTemplate("PLK4", "Operator Layanan Operasional", "pelaksana", 5, "admin", 0.8),
    ]


SCHOOL_STAFF = [
    StaffTemplate("GR1", "Guru Ahli Pertama", "jf_ahli_pertama", 8, "teacher", 5, 60),
    StaffTemplate("GR2", "Guru Ahli Muda", "jf_ahli_muda", 9, "teacher", 6, 60),
    StaffTemplate("GR3", "Guru Ahli Madya", "jf_ahli_madya", 11, "teacher", 2, 60),
    StaffTemplate("TU1", "Pengadministrasi Perkantoran", "pelaksana", 5, "admin", 1.5),
    StaffTemplate("TU2", "Pengelola Layanan Operasional", "pelaksana", 6, "admin", 0.8),
]
PUSKESMAS_STAFF = [
    StaffTemplate("DR", "Dokter Ahli Pertama", "jf_ahli_pertama", 9, "doctor", 1.5),
    StaffTemplate("PRW1", "Perawat Terampil", "jf_terampil", 7, "nurse", 4),
    StaffTemplate("PRW2", "Perawat Ahli Pertama", "jf_ahli_pertama", 8, "nurse", 2),
    StaffTemplate("BDN", "Bidan Terampil", "jf_terampil", 7, "midwife", 3),
    StaffTemplate("LAB", "Pranata Laboratorium Kesehatan Terampil", "jf_terampil", 7, "lab", 1),
    StaffTemplate("APT", "Apoteker Ahli Pertama", "jf_ahli_pertama", 8, "pharmacist", 0.7),
    StaffTemplate("TU", "Pengadministrasi Perkantoran", "pelaksana", 5, "admin", 1.2),
]
HOSPITAL_STAFF = [
    StaffTemplate("DRS", "Dokter Spesialis Ahli Muda", "jf_ahli_muda", 11, "specialist", 1.2),
    StaffTemplate("DR", "Dokter Ahli Muda", "jf_ahli_muda", 9, "doctor", 1.2),
    StaffTemplate("PRW1", "Perawat Terampil", "jf_terampil", 7, "nurse", 4),
    StaffTemplate("PRW2", "Perawat Ahli Pertama", "jf_ahli_pertama", 8, "nurse", 3),
    StaffTemplate("PRW3", "Perawat Mahir", "jf_mahir", 8, "nurse", 1.5),
    StaffTemplate("BDN", "Bidan Terampil", "jf_terampil", 7, "midwife", 1.5),
    StaffTemplate("APT", "Apoteker Ahli Pertama", "jf_ahli_pertama", 8, "pharmacist", 0.8),
    StaffTemplate("TU", "Pengadministrasi Perkantoran", "pelaksana", 5, "admin", 1.5),
]
UPTD_STAFF = [
    StaffTemplate("PLK1", "Penata Layanan Operasional", "pelaksana", 7, "admin", 2),
    StaffTemplate("PLK2", "Pengadministrasi Perkantoran", "pelaksana", 5, "admin", 2),
    StaffTemplate("PLK3", "Operator Layanan Operasional", "pelaksana", 5, "admin", 1.5),
]
# Share of the staff (non-head) employees per category of unit; rescaled over what exists.
CATEGORY_SHARE = {"office": 0.30, "school": 0.40, "health": 0.20, "uptd": 0.10}


@dataclass
class OrgPlan:
    agency: Agency | None
    root: UnitSpec
    units: list[UnitSpec]
    positions: list[PositionSpec]
    top: PositionSpec

    def unit(self, code: str) -> UnitSpec:
        return next(u for u in self.units if u.code == code)


def plan_org(n_employees: int, rng: random.Random) -> OrgPlan:
    """Lay out units and positions sized for about `n_employees`."""
    n = n_employees
    with_sections = n >= 5000
    with_subsections = n >= 800
    bidang_count = 4 if n >= 400 else 2
    root = UnitSpec("PEMPROV", f"Pemerintah Provinsi {PROVINCE}", "region", "none")
    positions: list[PositionSpec] = []

    def head(
        unit: UnitSpec, name: str, kind: str, grade: int, parent, prof: str, override=None
    ) -> PositionSpec:
        spec = PositionSpec(
            f"{unit.code}-KA", name, kind, grade, unit, parent, prof, True, override
        )
        unit.head = spec
        positions.append(spec)
        return spec

    setda = root.add(UnitSpec("SETDA", "Sekretariat Daerah", "secretariat", "office"))
    setda.opd = setda
    sekda = head(setda, "Sekretaris Daerah", "jpt_madya", 15, None, "admin")
    for i, biro in enumerate(SETDA_BIRO[: 7 if n >= 400 else 3], start=1):
        b = setda.add(UnitSpec(f"SETDA-B{i}", biro, "division", "office"))
        head(b, f"Kepala {biro}", "jpt_pratama", 14, sekda, "admin")
        if with_subsections:
            for j in range(1, 4):
                s = b.add(UnitSpec(f"SETDA-B{i}-{j}", f"Bagian {j} {biro}", "section", "office"))
                s.name = f"Bagian {['Perencanaan', 'Pelaksanaan', 'Evaluasi'][j - 1]} {biro[5:]}"
                head(s, f"Kepala {s.name}", "administrator", 11, b.head, "admin")

    for code, name, kind, head_title, prof, (jf_name, jf_prof), topics in OPDS:
        opd = root.add(UnitSpec(code, name, kind, "office"))
        opd.opd = opd
        kadis = head(opd, head_title, "jpt_pratama", 14, sekda, prof)
        staff_tpl = _office_staff(jf_name, jf_prof)
        opd_staff_units: list[UnitSpec] = []
        if kind == "opd":
            sek = opd.add(UnitSpec(f"{code}-SEK", "Sekretariat", "division", "office"))
            sek.name = f"Sekretariat {name}"
            head(sek, f"Sekretaris {name}", "administrator", 12, kadis, "admin")
            if with_subsections:
                for j, sub in enumerate(SUBBAGIAN, start=1):
                    s = sek.add(
                        UnitSpec(f"{code}-SEK-{j}", f"Subbagian {sub}", "section", "office")
                    )
                    s.name = f"Subbagian {sub} {name}"
                    head(s, f"Kepala {s.name}", "pengawas", 9, sek.head, "admin")
                    opd_staff_units.append(s)
            else:
                opd_staff_units.append(sek)
        for i, topic in enumerate(topics[:bidang_count], start=1):
            is_itban = topic.startswith(("Inspektur", "Bagian"))
            bname = topic if is_itban else f"Bidang {topic}"
            b = opd.add(UnitSpec(f"{code}-B{i}", bname, "division", "office"))
            title = (
                topic
                if topic.startswith("Inspektur")
                else f"Kepala {bname}"
                if is_itban
                else f"Kepala Bidang {topic}"
            )
            b.name = bname if is_itban and not topic.startswith("Bagian") else f"{bname} {name}"
            head(b, title, "administrator", 11, kadis, prof if i == 1 else jf_prof)
            seksi = DINKES_SEKSI.get(topic) if code == "DINKES" else None
            if with_sections and not is_itban:
                seksi = seksi or [f"Perencanaan {topic}", f"Pembinaan {topic}"]
                for j, sname in enumerate(seksi, start=1):
                    s = b.add(UnitSpec(f"{code}-B{i}-S{j}", f"Seksi {sname}", "section", "office"))
                    head(s, f"Kepala Seksi {sname}", "pengawas", 9, b.head, jf_prof)
                    opd_staff_units.append(s)
            else:
                opd_staff_units.append(b)
        if not opd_staff_units:
            opd_staff_units.append(opd)
        for u in opd_staff_units:
            u.staff = [_staff(u, t) for t in staff_tpl]
            positions.extend(u.staff)
        _add_special_units(code, opd, n, rng, head, positions)

    units: list[UnitSpec] = []

    def walk(u: UnitSpec) -> None:
        units.append(u)
        for c in u.children:
            walk(c)

    walk(root)
    # Every unit without staff positions but with a head gets a small office staff.
    for u in units:
        if u.head and not u.staff and u.category in {"office"} and not u.children:
            u.staff = [_staff(u, t) for t in UPTD_STAFF]
            positions.extend(u.staff)
    return OrgPlan(None, root, units, positions, sekda)


def _staff(unit: UnitSpec, t: StaffTemplate) -> PositionSpec:
    return PositionSpec(
        f"{unit.code}-{t.suffix}",
        t.name,
        t.kind,
        t.class_grade,
        unit,
        unit.head,
        t.profession,
        False,
        t.override,
        weight=t.weight,
    )


def _add_special_units(code, opd, n, rng, head, positions) -> None:
    kadis = opd.head
    bidang = [c for c in opd.children if c.code.startswith(f"{code}-B")]
    if code == "DISDIK":
        n_schools = max(3, round(n * CATEGORY_SHARE["school"] / 38))
        counters: dict[tuple[str, str], int] = {}
        for k in range(n_schools):
            regency_code, regency, _nik = REGENCIES[k % len(REGENCIES)]
            level = "SMA" if k % 3 != 2 else "SMK"
            if k % 40 == 39:
                level = "SLB"
            counters[(level, regency)] = counters.get((level, regency), 0) + 1
            number = counters[(level, regency)]
            name = f"{level} Negeri {number} {regency}"
            school = opd.add(
                UnitSpec(f"{code}-{level}-{regency_code}-{number}", name, "school", "school")
            )
            sup = bidang[0 if level == "SMA" else min(1, len(bidang) - 1)].head
            head(school, f"Kepala {name}", "jf_ahli_madya", 12, sup, "teacher", 60)
            school.staff = [_staff(school, t) for t in SCHOOL_STAFF]
            positions.extend(school.staff)
    elif code == "DINKES":
        rsud = opd.add(UnitSpec(f"{code}-RSUD", "RSUD Raden Mattaher", "hospital", "health"))
        direktur = head(
            rsud, "Direktur RSUD Raden Mattaher", "jpt_pratama", 14, kadis, "specialist"
        )
        rsud_units = [rsud]
        if n >= 1000:
            for j, part in enumerate(
                ["Bidang Pelayanan Medik", "Bidang Keperawatan", "Bagian Umum"]
            ):
                u = rsud.add(UnitSpec(f"{code}-RSUD-{j + 1}", part, "division", "health"))
                u.name = f"{part} RSUD Raden Mattaher"
                head(u, f"Kepala {u.name}", "administrator", 11, direktur, "health_admin")
                rsud_units.append(u)
        for u in rsud_units:
            u.staff = [_staff(u, t) for t in HOSPITAL_STAFF]
            positions.extend(u.staff)
        n_pkm = max(1, round(n * CATEGORY_SHARE["health"] * 0.6 / 25))
        yankes = next((b for b in bidang if "Pelayanan" in b.name), bidang[0])
        for k in range(n_pkm):
            regency_code, regency, _nik = REGENCIES[k % len(REGENCIES)]
            number = k // len(REGENCIES) + 1
            name = f"UPTD Puskesmas {regency} {number}"
            pkm = opd.add(
                UnitSpec(f"{code}-PKM-{regency_code}-{number}", name, "puskesmas", "health")
            )
            head(pkm, f"Kepala {name}", "pengawas", 9, yankes.head, "health_admin")
            pkm.staff = [_staff(pkm, t) for t in PUSKESMAS_STAFF]
            positions.extend(pkm.staff)
    elif code in UPTDS and n >= 300:
        count = min(len(REGENCIES), max(1, n // 3000))
        for k in range(count):
            regency_code, regency, _nik = REGENCIES[k]
            name = f"{UPTDS[code]} {regency}" if count > 1 else UPTDS[code]
            u = opd.add(UnitSpec(f"{code}-UPTD-{regency_code}", name, "uptd", "uptd"))
            head(u, f"Kepala {name}", "administrator", 10, kadis, "admin")
            u.staff = [_staff(u, t) for t in UPTD_STAFF]
            positions.extend(u.staff)


def allocate_staff(plan: OrgPlan, n_staff: int, rng: random.Random) -> None:
    """Spread `n_staff` employees over the staff positions: by category share, then by weight."""
    by_category: dict[str, list[PositionSpec]] = {}
    for p in plan.positions:
        if not p.is_head:
            by_category.setdefault(p.unit.category, []).append(p)
    shares = {c: CATEGORY_SHARE[c] for c in by_category}
    total_share = sum(shares.values())
    remaining = n_staff
    cats = sorted(by_category)
    for idx, cat in enumerate(cats):
        count = remaining if idx == len(cats) - 1 else round(n_staff * shares[cat] / total_share)
        remaining -= count
        specs = by_category[cat]
        weights = [p.weight * rng.uniform(0.6, 1.4) for p in specs]
        _spread(specs, weights, count)
    for p in plan.positions:
        p.posts = max(1, p.holders + (rng.randint(0, 2) if not p.is_head else 0))
        if p.is_head:
            p.posts = 1


def _spread(specs: list[PositionSpec], weights: list[float], count: int) -> None:
    total = sum(weights) or 1.0
    raw = [w * count / total for w in weights]
    base = [int(r) for r in raw]
    left = count - sum(base)
    order = sorted(range(len(specs)), key=lambda i: raw[i] - base[i], reverse=True)
    for i in order[:left]:
        base[i] += 1
    for spec, c in zip(specs, base, strict=True):
        spec.holders += c


def _paths(root: UnitSpec) -> dict[int, tuple[str, int, int]]:
    """id(spec) → (path, depth, numchild), siblings ordered by name as treebeard would."""
    out: dict[int, tuple[str, int, int]] = {}

    def walk(u: UnitSpec, path: str, depth: int) -> None:
        out[id(u)] = (path, depth, len(u.children))
        for i, c in enumerate(sorted(u.children, key=lambda c: (c.name, c.code)), start=1):
            walk(c, OrgUnit._get_path(path, depth + 1, i), depth + 1)

    walk(root, OrgUnit._get_path("", 1, 1), 1)
    return out


def write_org(plan: OrgPlan, *, batch_size: int = 1000) -> Agency:
    agency = Agency.objects.create(
        code="PEMPROV-JAMBI", name=f"Pemerintah Provinsi {PROVINCE}", region=PROVINCE
    )
    plan.agency = agency
    paths = _paths(plan.root)
    by_depth: dict[int, list[UnitSpec]] = {}
    for u in plan.units:
        by_depth.setdefault(paths[id(u)][1], []).append(u)
    for depth in sorted(by_depth):
        objs = []
        for u in by_depth[depth]:
            path, d, numchild = paths[id(u)]
            u.obj = OrgUnit(
                agency=agency,
                code=u.code,
                name=u.name,
                kind=u.kind,
                parent=u.parent.obj if u.parent else None,
                path=path,
                depth=d,
                numchild=numchild,
            )
            objs.append(u.obj)
        bulk_create_with_history(
            objs, OrgUnit, batch_size=batch_size, default_change_reason=HISTORY_REASON
        )
    pos_by_depth: dict[int, list[PositionSpec]] = {}
    for p in plan.positions:
        pos_by_depth.setdefault(p.depth, []).append(p)
    for depth in sorted(pos_by_depth):
        positions: list[Position] = []
        for p in pos_by_depth[depth]:
            p.obj = Position(
                code=p.code,
                name=p.name,
                kind=p.kind,
                class_grade=p.class_grade,
                org_unit=p.unit.obj,
                reports_to=p.parent.obj if p.parent else None,
                posts=p.posts,
                is_unit_head=p.is_head,
                retirement_age_override=p.override,
            )
            positions.append(p.obj)
        bulk_create_with_history(
            positions, Position, batch_size=batch_size, default_change_reason=HISTORY_REASON
        )
    return agency
