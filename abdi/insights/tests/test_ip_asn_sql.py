"""The one-statement IP ASN (services/ip_asn_sql) on the database under test (SQLite and
PostgreSQL in CI): worked BY HAND from REGULATIONS §5 for every position kind and the category
edges, and compared with the per-employee Python rules on the same records.

§5: qualification S3 25 · S2 20 · S1/D4 15 · D3 10 · D1/D2/SLTA 5 · below SLTA 1; competency
structural leadership 15 + technical ≥ 20 JP 15 + seminar (2 years) 10, JF functional 15 + 15 +
10, Pelaksana technical 22.5 + seminar 17.5; performance Sangat Baik 30 · Baik 25 · Butuh
Perbaikan 15 · Kurang 5 · Sangat Kurang 1; discipline none 5 · light 3 · moderate 2 · severe 1;
categories > 90 Sangat Tinggi · > 80 Tinggi · > 70 Sedang · > 60 Rendah · otherwise Sangat
Rendah."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal as D

import pytest

from abdi.core.models import EducationLevel
from abdi.employees.models import AnnualPredikat, DisciplineRecord, EducationHistory
from abdi.insights import rules, services
from abdi.insights.models import IpAsnScore
from abdi.insights.selectors.ip_asn_inputs import employee_inputs, points_table
from abdi.insights.tests.factories import training
from abdi.org.models import Position
from abdi.testing import make_employee

YEAR = 2025
pytestmark = pytest.mark.django_db


def position(unit, kind: str) -> Position:
    return Position.objects.create(
        code=f"T-{kind}-{Position.objects.count()}",
        name=f"Jabatan {kind}",
        kind=kind,
        org_unit=unit,
        posts=5,
    )


def person(unit, kind: str | None, education: str, name: str):
    return make_employee(
        name=name,
        unit=unit,
        position=position(unit, kind) if kind else None,
        education_code=education,
    )


def predikat(employee, value: str, year: int = YEAR) -> None:
    AnnualPredikat.objects.create(employee=employee, year=year, predikat=value)


def sanction(employee, severity: str, start: dt.date, until: dt.date | None = None) -> None:
    DisciplineRecord.objects.create(
        employee=employee,
        severity=severity,
        sanction="Uji",
        decided_on=start,
        effective_from=start,
        effective_until=until,
    )


@pytest.fixture
def cases(personas):
    unit = personas.subunit_a
    c = {}
    # Pengawas, S2 20; PKP (the Pengawas level) 15; exactly 20 JP 15; seminar last year 10;
    # Butuh Perbaikan 15; no sanction 5 → 80.0: NOT above 80 → Sedang.
    e = c["pengawas_80"] = person(unit, "pengawas", "S2", "Pengawas 80")
    training(e, category="pkp", year=2019)
    training(e, category="technical", year=YEAR, jp=20)
    training(e, category="seminar", year=YEAR - 1, jp=2)
    predikat(e, "butuh_perbaikan")
    # Pelaksana, S3 25; 20 JP 22.5; no seminar; Sangat Baik 30; a light sanction in force 3
    # → 80.5 → Tinggi.
    e = c["pelaksana_80_5"] = person(unit, "pelaksana", "S3", "Pelaksana 80,5")
    training(e, category="technical", year=YEAR, jp=20)
    predikat(e, "sangat_baik")
    sanction(e, "light", dt.date(YEAR, 2, 1), dt.date(YEAR, 7, 31))
    # JF Ahli Muda, S1 15; functional training (2019) 15; 19 JP → 0; a seminar two years ago
    # (outside the window) → 0; Kurang 5; moderate 2 (and an older severe one that ended in
    # 2023 → not in force) → 37 → Sangat Rendah.
    e = c["jf_37"] = person(unit, "jf_ahli_muda", "S1", "JF 37")
    training(e, category="functional", year=2019)
    training(e, category="technical", year=YEAR, jp=19)
    training(e, category="seminar", year=YEAR - 2, jp=2)
    predikat(e, "kurang")
    sanction(e, "moderate", dt.date(YEAR, 11, 1))
    sanction(e, "severe", dt.date(2021, 1, 1), dt.date(2023, 12, 31))
    # JF Terampil, D3 10; functional 15 + 25 JP 15 + seminar this year 10; Baik only for the
    # year before 25; no sanction 5 → 80.0 → Sedang.
    e = c["jf_80"] = person(unit, "jf_terampil", "D3", "JF 80")
    training(e, category="functional", year=2020)
    training(e, category="technical", year=YEAR, jp=25)
    training(e, category="seminar", year=YEAR, jp=2)
    predikat(e, "baik", YEAR - 1)
    # JPT Pratama, S1 15; PKA only (below the JPT level) → 0; 30 JP 15; seminar 10; Sangat
    # Baik 30; severe 1 → 71 → Sedang (above 70).
    e = c["jpt_71"] = person(unit, "jpt_pratama", "S1", "JPT 71")
    training(e, category="pka", year=2018)
    training(e, category="technical", year=YEAR, jp=30)
    training(e, category="seminar", year=YEAR, jp=2)
    predikat(e, "sangat_baik")
    sanction(e, "severe", dt.date(YEAR - 1, 6, 1), dt.date(YEAR, 1, 1))
    # Administrator, S1 on the record but S3 in the education history 25; PKN (above the
    # Administrator level) 15 + 20 JP 15 + seminar 10; Sangat Baik 30; none 5 → 100.
    e = c["admin_100"] = person(unit, "administrator", "S1", "Administrator 100")
    EducationHistory.objects.create(
        employee=e,
        level=EducationLevel.objects.get(code="S3"),
        institution="Universitas Uji",
        graduation_year=2015,
    )
    training(e, category="pkn", year=2021)
    training(e, category="technical", year=YEAR, jp=20)
    training(e, category="seminar", year=YEAR - 1, jp=2)
    predikat(e, "sangat_baik")
    # No position (a Pelaksana), D3 10; 22.5 + 17.5; Kurang 5; none 5 → 60 → Sangat Rendah.
    e = c["none_60"] = person(unit, None, "D3", "Tanpa jabatan 60")
    training(e, category="technical", year=YEAR, jp=22)
    training(e, category="seminar", year=YEAR, jp=2)
    predikat(e, "kurang")
    # Pelaksana, S3 25; 22.5 + 17.5; Baik 25; light 3 → 93 → Sangat Tinggi; a functional
    # training earns a Pelaksana nothing.
    e = c["pelaksana_93"] = person(unit, "pelaksana", "S3", "Pelaksana 93")
    training(e, category="technical", year=YEAR, jp=40)
    training(e, category="seminar", year=YEAR, jp=2)
    training(e, category="functional", year=YEAR, jp=2)
    predikat(e, "baik")
    sanction(e, "light", dt.date(YEAR, 5, 1))
    return c


EXPECTED = {
    # name: (group, qualification, competency, performance, discipline, total, category)
    "pengawas_80": ("structural", 20, 40, 15, 5, "80", "sedang"),
    "pelaksana_80_5": ("pelaksana", 25, "22.5", 30, 3, "80.5", "tinggi"),
    "jf_37": ("functional", 15, 15, 5, 2, "37", "sangat_rendah"),
    "jf_80": ("functional", 10, 40, 25, 5, "80", "sedang"),
    "jpt_71": ("structural", 15, 25, 30, 1, "71", "sedang"),
    "admin_100": ("structural", 25, 40, 30, 5, "100", "sangat_tinggi"),
    "none_60": ("pelaksana", 10, 40, 5, 5, "60", "sangat_rendah"),
    "pelaksana_93": ("pelaksana", 25, 40, 25, 3, "93", "sangat_tinggi"),
}


def test_one_statement_worked_by_hand(cases):
    services.ip_asn_compute(year=YEAR)
    got = {s.employee_id: s for s in IpAsnScore.objects.filter(year=YEAR)}
    for name, (group, q, c, p, d, total, category) in EXPECTED.items():
        s = got[cases[name].pk]
        assert (
            s.position_group,
            s.qualification,
            s.competency,
            s.performance,
            s.discipline,
            s.total,
            s.category,
        ) == (group, D(q), D(c), D(p), D(d), D(total), category), name
    jf = got[cases["jf_37"].pk]
    assert (jf.jp, jf.functional_training, jf.seminar, jf.sanction) == (19, True, False, "moderate")
    admin = got[cases["admin_100"].pk]
    assert (admin.education_code, admin.leadership_training) == ("S3", True)
    assert got[cases["jpt_71"].pk].leadership_training is False
    assert got[cases["jf_80"].pk].predikat == "baik"  # the year before
    assert got[cases["pengawas_80"].pk].sanction == ""


def _python_path(year: int) -> dict[int, tuple]:
    """The per-employee reference: the facts read set-wise and the rules in Python."""
    table = points_table(year)
    out = {}
    for item in employee_inputs(year, table):
        f = item.facts
        s = rules.ip_asn_score(f, table)
        out[item.employee_id] = (
            item.org_unit_id,
            f.position_group,
            f.education_code,
            f.jp,
            f.leadership_training,
            f.functional_training,
            f.seminar,
            f.predikat,
            f.sanction,
            s.qualification,
            s.competency,
            s.performance,
            s.discipline,
            s.total,
            s.category,
        )
    return out


def test_sql_and_python_paths_agree_on_the_same_records(cases, personas):
    rnd = random.Random(12)
    kinds = [None, "pelaksana", "pengawas", "administrator", "jpt_pratama", "jf_ahli_muda"]
    levels = ["SD", "SLTA", "D3", "S1", "S2", "S3"]
    predikats = ["sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang"]
    for n in range(24):
        e = person(personas.unit_b, rnd.choice(kinds), rnd.choice(levels), f"Acak {n}")
        for category in rnd.sample(["technical", "seminar", "pkp", "pka", "pkn", "functional"], 3):
            training(
                e,
                category=category,
                year=rnd.choice([2017, YEAR - 2, YEAR - 1, YEAR]),
                jp=rnd.choice([4, 16, 20, 24]),
            )
        for year in (YEAR - 1, YEAR):
            if rnd.random() < 0.6:
                predikat(e, rnd.choice(predikats), year)
        if rnd.random() < 0.4:
            start = dt.date(rnd.choice([2022, YEAR - 1, YEAR]), rnd.randint(1, 12), 1)
            sanction(
                e,
                rnd.choice(["light", "moderate", "severe"]),
                start,
                rnd.choice([None, start + dt.timedelta(days=200)]),
            )
    services.ip_asn_compute(year=YEAR)
    sql = {
        s.employee_id: (
            s.org_unit_id,
            s.position_group,
            s.education_code,
            s.jp,
            s.leadership_training,
            s.functional_training,
            s.seminar,
            s.predikat,
            s.sanction,
            s.qualification,
            s.competency,
            s.performance,
            s.discipline,
            s.total,
            s.category,
        )
        for s in IpAsnScore.objects.filter(year=YEAR)
    }
    python = _python_path(YEAR)
    assert len(sql) > 30
    assert sql == python
