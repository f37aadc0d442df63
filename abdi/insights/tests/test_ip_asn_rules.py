"""IP ASN rules, worked BY HAND from REGULATIONS.md §5 (never from the code under test).

The table below is typed from §5: qualification S3 25 · S2 20 · S1/D4 15 · D3 10 ·
D1/D2/SLTA 5 · below SLTA 1; competency structural 15 (leadership) + 15 (≥ 20 JP) + 10
(seminar), JF 15 (functional) + 15 + 10, Pelaksana 22.5 (≥ 20 JP) + 17.5 (seminar);
performance 30/25/15/5/1; discipline 5/3/2/1; categories > 90, > 80, > 70, > 60."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from abdi.insights import rules
from abdi.insights.rules import EmployeeFacts

TABLE = rules.PointsTable(
    qualification={
        "S3": D(25),
        "S2": D(20),
        "S1": D(15),
        "D4": D(15),
        "D3": D(10),
        "D2": D(5),
        "D1": D(5),
        "SLTA": D(5),
        "SLTP": D(1),
        "SD": D(1),
    },
    competency={
        "structural.leadership": D(15),
        "structural.technical": D(15),
        "structural.seminar": D(10),
        "functional.functional": D(15),
        "functional.technical": D(15),
        "functional.seminar": D(10),
        "pelaksana.technical": D("22.5"),
        "pelaksana.seminar": D("17.5"),
    },
    performance={
        "sangat_baik": D(30),
        "baik": D(25),
        "butuh_perbaikan": D(15),
        "kurang": D(5),
        "sangat_kurang": D(1),
    },
    discipline={"none": D(5), "light": D(3), "moderate": D(2), "severe": D(1)},
    bands=(
        (D(90), "sangat_tinggi"),
        (D(80), "tinggi"),
        (D(70), "sedang"),
        (D(60), "rendah"),
        (None, "sangat_rendah"),
    ),
    thresholds={
        "structural.technical": 20,
        "functional.technical": 20,
        "pelaksana.technical": 20,
        "structural.seminar": 2,
        "functional.seminar": 2,
        "pelaksana.seminar": 2,
    },
)


def score(**facts):
    return rules.ip_asn_score(EmployeeFacts(**facts), TABLE)


# --- position kinds -----------------------------------------------------------------------------


def test_structural_everything_and_s3_is_100_sangat_tinggi():
    # 25 + (15 + 15 + 10) + 30 + 5 = 100
    s = score(
        position_group="structural",
        education_code="S3",
        jp=40,
        leadership_training=True,
        seminar=True,
        predikat="sangat_baik",
    )
    assert (s.qualification, s.competency, s.performance, s.discipline) == (
        D(25),
        D(40),
        D(30),
        D(5),
    )
    assert s.total == D(100)
    assert s.category == "sangat_tinggi"


def test_structural_exactly_90_is_tinggi():
    # S2 20 + 40 + Baik 25 + none 5 = 90, not above 90
    s = score(
        position_group="structural",
        education_code="S2",
        jp=24,
        leadership_training=True,
        seminar=True,
        predikat="baik",
    )
    assert s.total == D(90)
    assert s.category == "tinggi"


def test_structural_exactly_80_is_sedang():
    # S2 20 + leadership 15 + technical 15 + Baik 25 + none 5 = 80.0
    s = score(
        position_group="structural",
        education_code="S2",
        jp=20,
        leadership_training=True,
        predikat="baik",
    )
    assert s.competency == D(30)
    assert s.total == D(80)
    assert s.category == "sedang"


def test_functional_with_functional_training_and_light_sanction():
    # S1 15 + (functional 15 + technical 15) + Baik 25 + light 3 = 73 → Sedang
    s = score(
        position_group="functional",
        education_code="S1",
        jp=20,
        functional_training=True,
        predikat="baik",
        sanction="light",
    )
    assert s.competency == D(30)
    assert s.discipline == D(3)
    assert s.total == D(73)
    assert s.category == "sedang"


def test_functional_exactly_60_is_sangat_rendah():
    # S1 15 + seminar 10 (19 JP is below 20) + Sangat Baik 30 + none 5 = 60
    s = score(
        position_group="functional",
        education_code="S1",
        jp=19,
        seminar=True,
        predikat="sangat_baik",
    )
    assert s.competency == D(10)
    assert s.total == D(60)
    assert s.category == "sangat_rendah"


def test_functional_ignores_leadership_training():
    s = score(position_group="functional", education_code="S1", leadership_training=True)
    assert s.competency == D(0)


def test_pelaksana_technical_and_seminar():
    # SLTA 5 + (22.5 + 17.5) + Baik 25 + none 5 = 75 → Sedang
    s = score(
        position_group="pelaksana", education_code="SLTA", jp=20, seminar=True, predikat="baik"
    )
    assert s.competency == D(40)
    assert s.total == D(75)
    assert s.category == "sedang"


def test_pelaksana_80_5_is_tinggi():
    # S3 25 + technical 22.5 + Sangat Baik 30 + light 3 = 80.5
    s = score(
        position_group="pelaksana",
        education_code="S3",
        jp=30,
        predikat="sangat_baik",
        sanction="light",
    )
    assert s.total == D("80.5")
    assert s.category == "tinggi"


def test_pelaksana_60_5_is_rendah():
    # SLTA 5 + technical 22.5 + Sangat Baik 30 + light 3 = 60.5
    s = score(
        position_group="pelaksana",
        education_code="SLTA",
        jp=21,
        predikat="sangat_baik",
        sanction="light",
    )
    assert s.total == D("60.5")
    assert s.category == "rendah"


def test_pelaksana_70_is_rendah_and_70_5_is_sedang():
    # D3 10 + technical 22.5 + Sangat Baik 30 + moderate 2 = 64.5 → Rendah
    s = score(
        position_group="pelaksana",
        education_code="D3",
        jp=20,
        predikat="sangat_baik",
        sanction="moderate",
    )
    assert s.total == D("64.5")
    assert s.category == "rendah"
    # D3 10 + 22.5 + 17.5 + Butuh Perbaikan 15 + none 5 = 70 → Rendah (not above 70)
    s = score(
        position_group="pelaksana",
        education_code="D3",
        jp=20,
        seminar=True,
        predikat="butuh_perbaikan",
    )
    assert s.total == D(70)
    assert s.category == "rendah"
    # S3 25 + seminar 17.5 + Baik 25 + light 3 = 70.5 → Sedang
    s = score(
        position_group="pelaksana",
        education_code="S3",
        seminar=True,
        predikat="baik",
        sanction="light",
    )
    assert s.total == D("70.5")
    assert s.category == "sedang"


def test_above_90_is_sangat_tinggi():
    # S2 20 + 40 + Sangat Baik 30 + severe 1 = 91
    s = score(
        position_group="pelaksana",
        education_code="S2",
        jp=20,
        seminar=True,
        predikat="sangat_baik",
        sanction="severe",
    )
    assert s.total == D(91)
    assert s.category == "sangat_tinggi"


def test_lowest_values_and_missing_data():
    # below SLTA 1 + nothing + Sangat Kurang 1 + severe 1 = 3
    s = score(
        position_group="pelaksana", education_code="SD", predikat="sangat_kurang", sanction="severe"
    )
    assert s.total == D(3)
    # no education, no predikat: 0 + 0 + 0 + none 5
    s = score(position_group="pelaksana")
    assert (s.qualification, s.performance, s.total) == (D(0), D(0), D(5))
    assert s.category == "sangat_rendah"


@pytest.mark.parametrize(
    ("code", "points"),
    [
        ("S3", 25),
        ("S2", 20),
        ("S1", 15),
        ("D4", 15),
        ("D3", 10),
        ("D2", 5),
        ("D1", 5),
        ("SLTA", 5),
        ("SLTP", 1),
        ("SD", 1),
    ],
)
def test_qualification_points(code, points):
    assert score(position_group="pelaksana", education_code=code).qualification == D(points)


@pytest.mark.parametrize(
    ("predikat", "points"),
    [
        ("sangat_baik", 30),
        ("baik", 25),
        ("butuh_perbaikan", 15),
        ("kurang", 5),
        ("sangat_kurang", 1),
    ],
)
def test_performance_points(predikat, points):
    assert score(position_group="pelaksana", predikat=predikat).performance == D(points)


@pytest.mark.parametrize(
    ("sanction", "points"), [("", 5), ("light", 3), ("moderate", 2), ("severe", 1)]
)
def test_discipline_points(sanction, points):
    assert score(position_group="pelaksana", sanction=sanction).discipline == D(points)


# --- position kinds and training matching -------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "group"),
    [
        ("jpt_pratama", "structural"),
        ("administrator", "structural"),
        ("pengawas", "structural"),
        ("jf_ahli_muda", "functional"),
        ("jf_terampil", "functional"),
        ("pelaksana", "pelaksana"),
        (None, "pelaksana"),
    ],
)
def test_position_group(kind, group):
    assert rules.position_group(kind) == group


@pytest.mark.parametrize(
    ("kind", "categories", "matches"),
    [
        ("pengawas", {"pkp"}, True),
        ("pengawas", {"pka"}, True),  # a higher level covers the lower one
        ("administrator", {"pkp"}, False),
        ("administrator", {"pka"}, True),
        ("jpt_pratama", {"pka"}, False),
        ("jpt_pratama", {"pkn"}, True),
        ("pelaksana", {"pkn"}, False),
        ("administrator", set(), False),
    ],
)
def test_leadership_matches(kind, categories, matches):
    assert rules.leadership_matches(kind, categories) is matches


def test_most_severe():
    assert rules.most_severe(["light", "severe", "moderate"]) == "severe"
    assert rules.most_severe([]) == ""


# --- what would raise it ------------------------------------------------------------------------


def test_suggestions_for_a_pelaksana_short_of_jp():
    facts = EmployeeFacts(position_group="pelaksana", education_code="S1", jp=8, predikat="baik")
    s = rules.ip_asn_score(facts, TABLE)
    got = rules.raise_suggestions(facts, s, TABLE)
    # 12 more JP: +22.5; a seminar: +17.5; S2 instead of S1: +5
    assert [(g.criterion, g.gain, g.jp_missing) for g in got] == [
        ("pelaksana.technical", D("22.5"), 12),
        ("pelaksana.seminar", D("17.5"), 0),
        ("education.S2", D(5), 0),
    ]


def test_suggestions_for_a_structural_employee():
    facts = EmployeeFacts(position_group="structural", education_code="S3", jp=20, predikat="baik")
    s = rules.ip_asn_score(facts, TABLE)
    got = rules.raise_suggestions(facts, s, TABLE)
    assert [(g.criterion, g.gain) for g in got] == [
        ("structural.leadership", D(15)),
        ("structural.seminar", D(10)),
    ]


@given(
    group=st.sampled_from(["structural", "functional", "pelaksana"]),
    education=st.sampled_from(["", "SD", "SLTA", "D3", "S1", "S2", "S3"]),
    jp=st.integers(0, 200),
    flags=st.tuples(st.booleans(), st.booleans(), st.booleans()),
    predikat=st.sampled_from(["", "sangat_baik", "baik", "butuh_perbaikan", "kurang"]),
    sanction=st.sampled_from(["", "light", "moderate", "severe"]),
)
def test_total_is_the_sum_within_0_and_100(group, education, jp, flags, predikat, sanction):
    s = score(
        position_group=group,
        education_code=education,
        jp=jp,
        leadership_training=flags[0],
        functional_training=flags[1],
        seminar=flags[2],
        predikat=predikat,
        sanction=sanction,
    )
    assert s.total == s.qualification + s.competency + s.performance + s.discipline
    assert D(0) <= s.total <= D(100)
    assert s.competency <= D(40)
