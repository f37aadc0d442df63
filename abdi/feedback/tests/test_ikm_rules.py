"""The IKM and sample-size functions: hand-computed examples and properties (hypothesis)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from abdi.feedback.rules import ELEMENT_CODES, ElementTally, GradeBand
from abdi.feedback.rules import surveys as rules

GRADES = [
    GradeBand("A", Decimal("88.31"), "Sangat Baik"),
    GradeBand("B", Decimal("76.61"), "Baik"),
    GradeBand("C", Decimal("65.00"), "Kurang Baik"),
    GradeBand("D", Decimal("25.00"), "Tidak Baik"),
]

answer = st.integers(min_value=1, max_value=4)
respondents = st.lists(st.lists(answer, min_size=9, max_size=9), min_size=1, max_size=40)


def ikm_of(rows: list[list[int]]) -> Fraction | None:
    nrrs = {code: rules.nrr_of_answers(r[i] for r in rows) for i, code in enumerate(ELEMENT_CODES)}
    return rules.ikm(nrrs)


def test_hand_computed_example():
    # Three respondents: U1 answers 4,3,3 → NRR 10/3; every other element 3,3,3 → 3.
    rows = [[4] + [3] * 8, [3] * 9, [3] * 9]
    index = ikm_of(rows)
    assert index == (Fraction(10, 3) + 8 * 3) / 9  # 82/27 = 3.0370…
    assert rules.to_decimal(index, 3) == Decimal("3.037")
    assert rules.ikm_100(index) == Decimal("75.93")  # 2050/27 = 75.925… → 75.93
    assert rules.grade_for(rules.ikm_100(index), GRADES).grade == "C"


def test_exact_one_ninth_not_0_111():
    # All 4 with the printed weight 0.111 would give 99.9; the exact 1/9 gives 100.
    assert rules.ikm_100(ikm_of([[4] * 9])) == Decimal("100.00")


def test_nrr_counts_only_respondents_who_answered():
    assert rules.nrr_of_answers([4, None, 2]) == 3
    assert rules.nrr_of_answers([None, None]) is None
    assert rules.nrr(ElementTally(0, 0)) is None


def test_ikm_not_computed_when_an_element_has_no_answer():
    nrrs = {code: Fraction(3) for code in ELEMENT_CODES}
    nrrs["U9"] = None
    assert rules.ikm(nrrs) is None
    assert rules.ikm(nrrs, elements=ELEMENT_CODES[:8]) == 3


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        ("100", "A"),
        ("88.31", "A"),
        ("88.305", "A"),  # rounds to 88.31
        ("88.304", "B"),
        ("76.61", "B"),
        ("76.60", "C"),
        ("65.00", "C"),
        ("64.99", "D"),
        ("25", "D"),
    ],
)
def test_grade_boundaries(score, grade):
    assert rules.grade_for(Decimal(score), GRADES).grade == grade


def test_grade_boundary_on_an_exact_fraction():
    # 88.305 exactly as a fraction rounds half up to 88.31 → A.
    assert rules.grade_for(Fraction(88305, 1000), GRADES).grade == "A"


@pytest.mark.parametrize(
    ("population", "sample"),
    [(1, 1), (10, 10), (100, 80), (500, 218), (1000, 278), (10000, 370), (100000, 383)],
)
def test_krejcie_morgan_table(population, sample):
    assert rules.sample_size(population) == sample


def test_sample_size_parameters():
    assert rules.sample_size(0) == 0
    # A wider margin needs fewer respondents.
    assert rules.sample_size(1000, margin="0.1") < rules.sample_size(1000)


def test_weakest_elements():
    nrrs = {code: Fraction(3) for code in ELEMENT_CODES}
    nrrs.update({"U3": Fraction(2), "U8": Fraction(5, 2), "U4": None})
    assert rules.weakest_elements(nrrs, 3) == ["U3", "U8", "U1"]


def test_answer_problems():
    ok = dict.fromkeys(ELEMENT_CODES, 3)
    assert rules.answer_problems(ok, require_all=True) == {}
    bad = dict(ok, U2=5, U3=0, U4="3", U10=2)
    del bad["U9"]
    problems = rules.answer_problems(bad, require_all=True)
    assert set(problems) == {"U2", "U3", "U4", "U9", "U10"}
    # Paper forms may leave an element blank, but not all of them.
    assert rules.answer_problems({"U1": 4}, require_all=False) == {}
    assert "answers" in rules.answer_problems({}, require_all=False)


# --- properties -----------------------------------------------------------------------------


@given(respondents)
def test_ikm_100_between_25_and_100(rows):
    score = rules.ikm_100(ikm_of(rows))
    assert Decimal(25) <= score <= Decimal(100)


@given(st.integers(min_value=1, max_value=500))
def test_all_4_is_100_and_all_1_is_25(n):
    assert rules.ikm_100(ikm_of([[4] * 9] * n)) == Decimal("100.00")
    assert rules.ikm_100(ikm_of([[1] * 9] * n)) == Decimal("25.00")


@given(respondents, st.integers(min_value=0, max_value=39), st.integers(min_value=0, max_value=8))
def test_a_better_answer_never_lowers_the_score(rows, r, e):
    r %= len(rows)
    better = [list(row) for row in rows]
    better[r][e] = min(4, better[r][e] + 1)
    assert ikm_of(better) >= ikm_of(rows)


@given(
    st.decimals(min_value=25, max_value=100, places=2),
    st.decimals(min_value=25, max_value=100, places=2),
)
def test_grade_monotone(a, b):
    order = "DCBA"
    low, high = sorted((a, b))
    assert order.index(rules.grade_for(low, GRADES).grade) <= order.index(
        rules.grade_for(high, GRADES).grade
    )


@given(st.integers(min_value=1, max_value=10**7))
def test_sample_size_at_most_population_and_non_decreasing(n):
    s = rules.sample_size(n)
    assert 1 <= s <= n
    assert rules.sample_size(n + 1) >= s
    assert s <= 385  # the limit for an infinite population is 384.1…


# --- found by mutation testing (`make mutation`): values and messages by hand ------------------


def test_answer_problems_messages():
    ok = dict.fromkeys(ELEMENT_CODES, 3)
    problems = rules.answer_problems(
        dict(ok, U1="", U2=None, U3=1, U4=4, U5=5, U10=2), require_all=True
    )
    assert {k: str(v) for k, v in problems.items()} == {
        "U1": "Jawaban wajib diisi.",
        "U2": "Jawaban wajib diisi.",
        "U5": "Jawaban harus angka 1 sampai 4.",
        "U10": "Unsur tidak dikenal.",
    }
    # A blank first element does not stop the check of the others.
    blanks = rules.answer_problems({"U1": "", "U2": 9}, require_all=False)
    assert {k: str(v) for k, v in blanks.items()} == {"U2": "Jawaban harus angka 1 sampai 4."}
    assert {k: str(v) for k, v in rules.answer_problems({}, require_all=False).items()} == {
        "answers": "Isi paling sedikit satu jawaban."
    }
    assert rules.answer_problems({"U1": "", "U2": 1}, require_all=False) == {}


def test_grade_below_the_lowest_band_is_the_lowest_grade():
    assert rules.grade_for(Decimal("20.00"), GRADES).grade == "D"
    two = [GradeBand("A", Decimal(80), "a"), GradeBand("B", Decimal(50), "b")]
    assert rules.grade_for(Decimal(10), two).grade == "B"


def test_grade_of_an_exact_fraction_rounds_to_two_places():
    # 88.3049… as a fraction rounds to 88.30 (B); at three places it would be 88.305 → A.
    assert rules.grade_for(Fraction(883049, 10000), GRADES).grade == "B"
    assert rules.grade_for(Fraction(88305, 1000), GRADES).grade == "A"


def test_to_decimal():
    assert str(rules.to_decimal(Fraction(1, 3), 2)) == "0.33"
    assert str(rules.to_decimal(Fraction(5, 8), 2)) == "0.63"  # 0.625 half up
    assert str(rules.to_decimal(Fraction(2, 1), 3)) == "2.000"


def test_ikm_of_fractions_is_exact():
    nrrs = dict.fromkeys(ELEMENT_CODES, Fraction(10, 3))
    value = rules.ikm(nrrs)
    assert value == Fraction(10, 3) and isinstance(value, Fraction)


def test_weakest_elements_default_is_three():
    nrrs = {code: Fraction(i + 1) for i, code in enumerate(ELEMENT_CODES)}
    assert rules.weakest_elements(nrrs) == ["U1", "U2", "U3"]
