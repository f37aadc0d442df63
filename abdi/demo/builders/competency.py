"""Competency data of the demo province: a handful of technical competencies per field
(health, education, finance, HR, planning, IT) with five level descriptors each, position
standards for the positions that matter (every structural head, a sample of the functional and
of the pelaksana positions in those fields, always the demo `pegawai`'s position), and
assessment results for about 85 % of the active employees — some with an earlier assessment as
history — whose levels lie around the standard with a realistic spread: a person's own ability,
a unit's tendency and a competency's difficulty, so that the unit heat-map shows gaps and some
sub-units reach ABDI_WORKSHOP_MIN_STAFF.

The rest of the positions keep the by-kind defaults (DefaultRequiredLevel), which is how an
agency starts. Everything is written with bulk_create (assessments with their history rows), so
60,000 employees take seconds, and drawn from a Random of its own (seed + offset) in NIP order, so
the rest of the province does not change with this module.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from abdi.accounts.models import User
from abdi.competency.choices import AssessmentMethod, CompetencyKind
from abdi.competency.models import (
    Assessment,
    AssessmentResult,
    Competency,
    CompetencyLevel,
    PositionStandard,
)
from abdi.competency.selectors import default_levels
from abdi.competency.services import refresh_current_levels
from abdi.demo.builders.bulk import bulk_create_with_history
from abdi.demo.builders.fastinsert import bigger_sqlite_cache, fast_insert, reserve_ids
from abdi.employees.models import Employee
from abdi.org.models import Position

HISTORY_REASON = "Data demo"  # shown to auditors in the audit trail: no command names
SEED_OFFSET = 4_000_004
BATCH = 2000
ASSESSED_SHARE = 0.85
HISTORY_SHARE = 0.2  # of the assessed, the share with an earlier assessment as well

# field → (code, name, definition, descriptors 1..5)
TECHNICAL = {
    "health": [
        ("T-KES-01", "Manajemen Pelayanan Kesehatan",
         "Kemampuan merencanakan, melaksanakan dan mengevaluasi pelayanan kesehatan sesuai "
         "standar pelayanan minimal bidang kesehatan.",
         ["Memahami standar pelayanan kesehatan dan melaksanakannya dengan bimbingan.",
          "Melaksanakan pelayanan kesehatan sesuai SOP secara mandiri.",
          "Menyusun rencana dan memantau mutu pelayanan kesehatan di unitnya.",
          "Mengevaluasi dan memperbaiki sistem pelayanan kesehatan lintas unit.",
          "Merumuskan kebijakan pelayanan kesehatan daerah."]),
        ("T-KES-02", "Promosi Kesehatan dan Pemberdayaan Masyarakat",
         "Kemampuan merancang dan melaksanakan promosi kesehatan serta menggerakkan peran "
         "serta masyarakat.",
         ["Menyampaikan pesan kesehatan sederhana kepada masyarakat.",
          "Melaksanakan kegiatan penyuluhan dan posyandu sesuai panduan.",
          "Merancang kampanye promosi kesehatan berbasis data wilayah.",
          "Membangun kemitraan lintas sektor untuk pemberdayaan masyarakat.",
          "Merumuskan strategi promosi kesehatan tingkat provinsi."]),
    ],
    "education": [
        ("T-DIK-01", "Pengelolaan Pembelajaran",
         "Kemampuan merencanakan, melaksanakan dan menilai pembelajaran yang berpusat pada "
         "peserta didik.",
         ["Melaksanakan pembelajaran sesuai modul ajar yang tersedia.",
          "Menyusun modul ajar dan asesmen sesuai kurikulum.",
          "Menerapkan pembelajaran berdiferensiasi dan memanfaatkan hasil asesmen.",
          "Membimbing rekan guru dalam inovasi pembelajaran.",
          "Mengembangkan model pembelajaran yang diadopsi sekolah lain."]),
    ],
    "finance": [
        ("T-KEU-01", "Pengelolaan Keuangan Daerah",
         "Kemampuan menatausahakan, mempertanggungjawabkan dan melaporkan keuangan daerah sesuai "
         "peraturan perundang-undangan.",
         ["Mencatat transaksi keuangan sesuai prosedur.",
          "Menatausahakan dokumen pelaksanaan anggaran pada aplikasi SIPD.",
          "Menyusun laporan keuangan unit dan menindaklanjuti temuan.",
          "Mengendalikan pelaksanaan anggaran perangkat daerah.",
          "Merumuskan kebijakan pengelolaan keuangan daerah."]),
    ],
    "hr": [
        ("T-SDM-01", "Manajemen Aparatur Sipil Negara",
         "Kemampuan melaksanakan manajemen ASN berbasis sistem merit.",
         ["Mengolah data kepegawaian sesuai prosedur.",
          "Melaksanakan layanan kepegawaian (kenaikan pangkat, mutasi, pensiun).",
          "Menganalisis kebutuhan dan kinerja pegawai untuk pengembangan karier.",
          "Merancang program manajemen talenta dan pengembangan kompetensi.",
          "Merumuskan kebijakan manajemen ASN daerah berbasis merit."]),
    ],
    "planning": [
        ("T-PRC-01", "Perencanaan Pembangunan Daerah",
         "Kemampuan menyusun, mengendalikan dan mengevaluasi perencanaan pembangunan daerah.",
         ["Mengumpulkan data perencanaan sesuai format.",
          "Menyusun dokumen rencana kerja perangkat daerah.",
          "Menganalisis keselarasan program dengan RPJMD.",
          "Mengendalikan dan mengevaluasi capaian rencana pembangunan.",
          "Merumuskan arah kebijakan pembangunan daerah."]),
    ],
    "it": [
        ("T-TIK-01", "Tata Kelola Sistem Pemerintahan Berbasis Elektronik",
         "Kemampuan mengelola layanan dan keamanan informasi SPBE.",
         ["Menggunakan aplikasi layanan SPBE dengan aman.",
          "Mengelola data dan aplikasi layanan sesuai standar keamanan informasi.",
          "Merancang integrasi layanan dan interoperabilitas data.",
          "Mengaudit dan mengendalikan risiko SPBE.",
          "Merumuskan arsitektur SPBE daerah."]),
    ],
}  # fmt: skip
# The first part of a position code names its OPD; these OPDs have a field.
FIELD_OF_OPD = {
    "DINKES": "health",
    "DISDIK": "education",
    "BPKAD": "finance",
    "BAPENDA": "finance",
    "BKPSDM": "hr",
    "BAPPEDA": "planning",
    "KOMINFO": "it",
}
JF_TECHNICAL_LEVEL = {
    "jf_ahli_pertama": 2,
    "jf_ahli_muda": 3,
    "jf_ahli_madya": 4,
    "jf_ahli_utama": 4,
    "jf_pemula": 1,
    "jf_terampil": 2,
    "jf_mahir": 2,
    "jf_penyelia": 3,
}
HEAD_KINDS = {"jpt_utama", "jpt_madya", "jpt_pratama", "administrator", "pengawas"}
# How hard a managerial competency tends to be (added to the level drawn).
DIFFICULTY = {"M1": 0.35, "M2": 0.2, "M3": 0.0, "M4": 0.0, "M5": 0.1, "M6": -0.25,
              "M7": -0.35, "M8": -0.4, "SK1": 0.15}  # fmt: skip
TECHNICAL_DIFFICULTY = -0.3
ASSESSORS: dict[str, list[str]] = {
    AssessmentMethod.ASSESSMENT_CENTRE: [
        "UPT Penilaian Kompetensi BKPSDM Provinsi Jambi",
        "Pusat Penilaian Kompetensi ASN, BKN",
    ],
    AssessmentMethod.CACT: ["Kantor Regional VII BKN Palembang", "UPT Penilaian Kompetensi BKPSDM"],
    AssessmentMethod.COMPETENCY_TEST: [
        "Tim Uji Kompetensi Jabatan Fungsional",
        "Lembaga Sertifikasi Profesi Universitas Jambi",
    ],
    AssessmentMethod.FEEDBACK_360: ["Tim Penilai 360 derajat BKPSDM"],
}


@dataclass
class Staff:
    employee_id: int
    nip: str
    kind: str  # pns / pppk
    position_id: int | None
    position_kind: str | None
    position_code: str
    unit_id: int
    unit_path: str
    user_id: int | None

    @property
    def field(self) -> str | None:
        return FIELD_OF_OPD.get(self.position_code.split("-", 1)[0])


@dataclass
class CompetencyResult:
    """What the learning builder needs: competencies by code, the staff, and each assessed or
    standard-bearing employee's gaps {employee id: {competency id: (required, actual)}}."""

    competencies: dict[str, Competency]
    technical_by_field: dict[str, list[Competency]]
    staff: list[Staff]
    required: dict[int, dict[int, int]] = field(default_factory=dict)  # employee → comp → level
    actual: dict[int, dict[int, int]] = field(default_factory=dict)  # latest levels
    stats: Counter = field(default_factory=Counter)

    def gaps(self, employee_id: int) -> dict[int, int]:
        """{competency id: gap} for the competencies the employee is below standard in."""
        mine = self.actual.get(employee_id, {})
        return {
            cid: level - mine.get(cid, 0)
            for cid, level in self.required.get(employee_id, {}).items()
            if mine.get(cid, 0) < level
        }


def _clamp(value: float) -> int:
    return max(1, min(5, round(value)))


def create_technical_competencies() -> dict[str, list[Competency]]:
    existing = set(Competency.objects.values_list("code", flat=True))
    start = (
        max(
            Competency.objects.filter(kind=CompetencyKind.TECHNICAL).values_list(
                "order", flat=True
            ),
            default=0,
        )
        + 1
    )
    rows: list[Competency] = []
    for _fld, items in TECHNICAL.items():
        for code, name, definition, _levels in items:
            if code not in existing:
                rows.append(
                    Competency(
                        code=code,
                        name=name,
                        kind=CompetencyKind.TECHNICAL,
                        description=definition,
                        order=start + len(rows),
                    )
                )
    bulk_create_with_history(rows, Competency, default_change_reason=HISTORY_REASON)
    by_code = {c.code: c for c in Competency.objects.filter(code__in=[r.code for r in rows])}
    descriptors = {code: lv for items in TECHNICAL.values() for code, _n, _d, lv in items}
    levels = [
        CompetencyLevel(competency=by_code[c.code], level=i, descriptor=text)
        for c in rows  # written above (the same objects, now with their keys)
        for i, text in enumerate(descriptors[c.code], 1)
    ]
    bulk_create_with_history(levels, CompetencyLevel, default_change_reason=HISTORY_REASON)
    all_by_code = {c.code: c for c in Competency.objects.filter(kind=CompetencyKind.TECHNICAL)}
    return {
        fld: [all_by_code[code] for code, *_rest in items if code in all_by_code]
        for fld, items in TECHNICAL.items()
    }


def load_staff() -> list[Staff]:
    return [
        Staff(*row)
        for row in Employee.objects.filter(is_active=True)
        .order_by("nip")
        .values_list(
            "pk",
            "nip",
            "kind",
            "position_id",
            "position__kind",
            "position__code",
            "org_unit_id",
            "org_unit__path",
            "user_id",
        )
    ]


def seed_competency(
    *,
    seed: int,
    today: dt.date,
    users: dict[str, User],
    pegawai_position_code: str | None = None,
) -> CompetencyResult:
    rng = random.Random(seed + SEED_OFFSET)
    bigger_sqlite_cache()
    technical = create_technical_competencies()
    core = list(
        Competency.objects.filter(
            is_active=True, kind__in=[CompetencyKind.MANAGERIAL, CompetencyKind.SOCIO_CULTURAL]
        ).order_by("kind", "order")
    )
    by_code = {c.code: c for c in Competency.objects.all()}
    defaults = default_levels(today)
    staff = load_staff()
    for s in staff:
        s.position_code = s.position_code or ""
    result = CompetencyResult(
        competencies=by_code, technical_by_field=technical, staff=staff, stats=Counter()
    )

    # --- position standards ----------------------------------------------------------------
    positions = list(
        Position.objects.filter(is_active=True)
        .order_by("code")
        .values_list("pk", "code", "kind", "is_unit_head")
    )
    own: dict[int, dict[int, int]] = {}
    service_units = ("-RSUD", "-PKM", "-SMA", "-SMK", "-SLB", "-UPTD")
    for pk, code, kind, is_head in positions:
        fld = FIELD_OF_OPD.get(code.split("-", 1)[0])
        base = defaults.get(kind)
        if base is None:
            continue
        if is_head or kind in HEAD_KINDS:
            take, tech_level = True, max(2, base)
        elif kind.startswith("jf_"):
            take, tech_level = fld is not None and rng.random() < 0.6, JF_TECHNICAL_LEVEL[kind]
        else:  # pelaksana
            take = code == pegawai_position_code or (fld is not None and rng.random() < 0.5)
            tech_level = 2
        if not take:
            continue
        levels = {c.pk: base for c in core}
        if kind == "pelaksana" or (kind.startswith("jf_") and base < 2):
            # Front-line staff deal with the public and with colleagues every day.
            levels[by_code["M5"].pk] = 2
            levels[by_code["M3"].pk] = 2
        if is_head and any(part in code for part in service_units):
            levels[by_code["M5"].pk] = min(5, base + 1)
        for comp in technical.get(fld, []) if fld is not None else []:
            # Health: every health position needs the service competency; the public-health
            # bidang (B1) and the puskesmas need health promotion as well.
            if comp.code == "T-KES-02" and not ("-B1-" in code or "-PKM-" in code):
                continue
            levels[comp.pk] = min(5, tech_level)
        own[pk] = levels
    rows = [
        PositionStandard(position_id=pk, competency_id=cid, required_level=level)
        for pk, levels in own.items()
        for cid, level in levels.items()
    ]
    bulk_create_with_history(
        rows, PositionStandard, batch_size=BATCH, default_change_reason=HISTORY_REASON
    )
    result.stats["positions with own standard"] = len(own)
    result.stats["position standard rows"] = len(rows)

    # --- assessments -----------------------------------------------------------------------
    core_ids = [c.pk for c in core]
    difficulty = {c.pk: DIFFICULTY.get(c.code, 0.0) for c in core}
    for comps in technical.values():
        for c in comps:
            difficulty[c.pk] = TECHNICAL_DIFFICULTY
    unit_bias: dict[str, float] = {}
    must = {users[u].pk for u in ("pegawai", "atasan") if u in users}
    admin = users.get("admin")
    assessments: list[dict] = []
    planned: list[dict[int, int]] = []
    for s in staff:
        if s.position_id is None:
            continue
        kind_level = defaults.get(s.position_kind) if s.position_kind is not None else None
        if s.position_id in own:
            required = own[s.position_id]
        else:
            base = kind_level
            required = dict.fromkeys(core_ids, base) if base else {}
        result.required[s.employee_id] = required
        if s.user_id not in must and rng.random() >= ASSESSED_SHARE:
            continue
        key = s.unit_path[:12]
        if key not in unit_bias:
            unit_bias[key] = rng.gauss(0, 0.35)
        ability = rng.gauss(0.0, 0.5)
        assessed = dict.fromkeys(core_ids, kind_level or 1)
        assessed.update(required)
        fld = s.field
        field_competencies = technical.get(fld, []) if fld is not None else []
        for comp in field_competencies:
            assessed.setdefault(comp.pk, 2)
        latest = {
            cid: _clamp(
                req + ability + unit_bias[key] + difficulty.get(cid, 0) + rng.gauss(0, 0.55)
            )
            for cid, req in assessed.items()
        }
        if s.user_id is not None and users.get("pegawai") and s.user_id == users["pegawai"].pk:
            # The demo employee: a clear gap in the field's competency and in communication.
            for comp in field_competencies:
                if comp.pk in required:
                    latest[comp.pk] = max(1, required[comp.pk] - 1)
            latest[by_code["M3"].pk] = max(1, required.get(by_code["M3"].pk, 2) - 1)
        method = _method(rng, s.position_kind)
        second = rng.random() < HISTORY_SHARE
        if second:
            earlier = today - dt.timedelta(days=rng.randint(700, 1090))
            when = earlier + dt.timedelta(days=rng.randint(365, (today - earlier).days - 10))
            previous = {cid: max(1, lv - (rng.random() < 0.4)) for cid, lv in latest.items()}
            old_method = _method(rng, s.position_kind)
            assessments.append(_assessment(rng, s, earlier, old_method, ability, admin))
            planned.append(previous)
        else:
            when = today - dt.timedelta(days=rng.randint(20, 1090))
        assessments.append(_assessment(rng, s, when, method, ability, admin))
        planned.append(latest)
        result.actual[s.employee_id] = latest
        result.stats[f"method {method}"] += 1
    now = timezone.now()
    for pk, row in zip(reserve_ids(Assessment, len(assessments)), assessments, strict=True):
        row.update(id=pk, created_at=now, updated_at=now)
    fast_insert(Assessment, assessments, with_ids=True)
    fast_insert(  # each row's initial history entry, as bulk_create_with_history writes it
        Assessment.history.model,
        (
            {
                **row,
                "history_date": now,
                "history_type": "+",
                "history_change_reason": HISTORY_REASON,
            }
            for row in assessments
        ),
    )
    fast_insert(
        AssessmentResult,
        (
            {"assessment_id": assessment["id"], "competency_id": cid, "level": level}
            for assessment, levels in zip(assessments, planned, strict=True)
            for cid, level in levels.items()
        ),
    )
    # The current-level table, ranked by the database from the rows just written (chunked).
    refresh_current_levels({row["employee_id"] for row in assessments})
    result.stats["assessments"] = len(assessments)
    result.stats["employees assessed"] = len(result.actual)
    below: Counter[str] = Counter()
    for emp_id in result.required:
        if result.gaps(emp_id):
            below["employees below standard somewhere"] += 1
    result.stats.update(below)
    return result


def _method(rng: random.Random, kind: str | None) -> str:
    m = AssessmentMethod
    if kind in {"jpt_utama", "jpt_madya", "jpt_pratama", "administrator"}:
        table = [(m.ASSESSMENT_CENTRE, 0.7), (m.CACT, 0.2), (m.FEEDBACK_360, 0.1)]
    elif kind == "pengawas":
        table = [(m.CACT, 0.5), (m.ASSESSMENT_CENTRE, 0.3), (m.FEEDBACK_360, 0.2)]
    elif kind and kind.startswith("jf_"):
        table = [(m.COMPETENCY_TEST, 0.5), (m.CACT, 0.3), (m.FEEDBACK_360, 0.2)]
    else:
        table = [(m.CACT, 0.5), (m.FEEDBACK_360, 0.35), (m.COMPETENCY_TEST, 0.15)]
    x, acc = rng.random(), 0.0
    for value, weight in table:
        acc += weight
        if x < acc:
            return value
    return table[-1][0]


def _assessment(rng, s: Staff, when: dt.date, method: str, ability: float, admin) -> dict:
    score = max(35.0, min(98.0, rng.gauss(70 + 9 * ability, 7)))
    return {
        "employee_id": s.employee_id,
        "date": when,
        "method": method,
        "assessor": rng.choice(ASSESSORS[method]),
        "potential_score": Decimal(f"{score:.2f}"),
        "recorded_by_id": admin.pk if admin else None,
    }


def summary(result: CompetencyResult) -> dict:
    s = result.stats
    return {
        "technical competencies": sum(len(v) for v in result.technical_by_field.values()),
        "positions with own standard": s["positions with own standard"],
        "competency assessments": f"{s['assessments']} ({s['employees assessed']} employees)",
        "employees below a standard": s["employees below standard somewhere"],
    }
