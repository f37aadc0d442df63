"""The talent rules, with examples worked by hand from REGULATIONS §3 and the default tables of
docs/decisions/0016-talent.md (points SB 5, B 4, BP 3, K 2, SK 1; performance: Di Bawah < 3.5,
Sesuai 3.5–4.5, Di Atas ≥ 4.5) and, for potential, example bands Rendah < 70, Menengah 70–85,
Tinggi ≥ 85 (the tables are passed in: the rules do not depend on the defaults)."""

import datetime as dt
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from abdi.talent import rules
from abdi.talent.rules import Band, PlacementTables, PotentialInputs

POINTS = {
    "sangat_baik": D(5),
    "baik": D(4),
    "butuh_perbaikan": D(3),
    "kurang": D(2),
    "sangat_kurang": D(1),
}
PERF = [
    Band("below", None, D("3.5")),
    Band("meets", D("3.5"), D("4.5")),
    Band("above", D("4.5"), None),
]
POT = [Band("low", None, D(70)), Band("medium", D(70), D(85)), Band("high", D(85), None)]
# REGULATIONS §3, copied by hand: rows performance, columns potential Rendah/Menengah/Tinggi.
CELLS = {
    ("above", "low"): 4,
    ("above", "medium"): 7,
    ("above", "high"): 9,
    ("meets", "low"): 2,
    ("meets", "medium"): 5,
    ("meets", "high"): 8,
    ("below", "low"): 1,
    ("below", "medium"): 3,
    ("below", "high"): 6,
}
TABLES = PlacementTables(POINTS, PERF, POT, CELLS, score_weight=50, jpm_weight=50)
PERF_LEVELS = ("below", "meets", "above")


# --- threshold tables -------------------------------------------------------------------------


def test_a_complete_table_has_no_problem():
    assert rules.band_problems(PERF, PERF_LEVELS) == []


def test_a_gap_is_named_with_its_bounds():
    table = [Band("below", None, D("3.5")), Band("meets", D(4), D("4.5")), PERF[2]]
    assert rules.band_problems(table, PERF_LEVELS) == [rules.BandProblem("gap", D("3.5"), D(4))]


def test_an_overlap_is_named_with_its_bounds():
    table = [Band("below", None, D(4)), Band("meets", D("3.5"), D("4.5")), PERF[2]]
    problems = rules.band_problems(table, PERF_LEVELS)
    assert rules.BandProblem("overlap", D("3.5"), D(4), "meets") in problems


def test_a_table_closed_below_or_above_leaves_values_out():
    table = [Band("below", D(1), D("3.5")), PERF[1], Band("above", D("4.5"), D(5))]
    problems = rules.band_problems(table, PERF_LEVELS)
    assert rules.BandProblem("open_start", None, D(1)) in problems
    assert rules.BandProblem("open_end", D(5), None) in problems


def test_levels_missing_or_out_of_order_are_refused():
    assert rules.band_problems(PERF[:2], PERF_LEVELS)[0].kind == "levels"
    swapped = [Band("meets", None, D("3.5")), Band("below", D("3.5"), D("4.5")), PERF[2]]
    assert rules.band_problems(swapped, PERF_LEVELS)[0].kind == "levels"


def test_an_empty_band_is_refused():
    table = [PERF[0], Band("meets", D("4.5"), D("3.5")), PERF[2]]
    kinds = {p.kind for p in rules.band_problems(table, PERF_LEVELS)}
    assert "empty" in kinds


@pytest.mark.parametrize(
    ("value", "level"),
    [(D("3.49"), "below"), (D("3.5"), "meets"), (D("4.49"), "meets"), (D("4.5"), "above")],
)
def test_a_band_holds_its_lower_bound_not_its_upper(value, level):
    assert rules.classify(value, PERF) == level


def test_no_value_has_no_level():
    assert rules.classify(None, PERF) is None


# --- performance and potential values ---------------------------------------------------------


def test_performance_is_the_mean_of_two_years_points():
    # Sangat Baik (5) + Baik (4) = 9 / 2 = 4.5 → Di Atas
    assert rules.performance_value(["sangat_baik", "baik"], POINTS) == D("4.50")
    # Baik + Butuh Perbaikan = 7 / 2 = 3.5 → Sesuai
    assert rules.performance_value(["baik", "butuh_perbaikan"], POINTS) == D("3.50")


def test_one_year_is_not_enough():
    assert rules.performance_value(["baik", None], POINTS) is None
    assert rules.performance_value(["baik"], POINTS) is None


def test_potential_is_the_weighted_mean_with_jpm_capped_at_100():
    # 50 % of 80 + 50 % of min(110, 100) = 40 + 50 = 90
    value, missing = rules.potential_value(
        PotentialInputs(D(80), D(110)), score_weight=50, jpm_weight=50
    )
    assert (value, missing) == (D("90.00"), "")
    # 75 % of 60 + 25 % of 100 = 45 + 25 = 70
    value, _ = rules.potential_value(PotentialInputs(D(60), D(100)), score_weight=75, jpm_weight=25)
    assert value == D("70.00")


def test_an_unweighted_input_may_be_missing_a_weighted_one_may_not():
    assert rules.potential_value(PotentialInputs(D(80), None), score_weight=100, jpm_weight=0) == (
        D("80.00"),
        "",
    )
    assert rules.potential_value(PotentialInputs(D(80), None), score_weight=50, jpm_weight=50) == (
        None,
        "jpm",
    )
    assert rules.potential_value(PotentialInputs(None, D(90)), score_weight=50, jpm_weight=50) == (
        None,
        "score",
    )


# --- the nine-box (REGULATIONS §3) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("performance", "potential", "box"),
    [
        ("above", "low", 4),
        ("above", "medium", 7),
        ("above", "high", 9),
        ("meets", "low", 2),
        ("meets", "medium", 5),
        ("meets", "high", 8),
        ("below", "low", 1),
        ("below", "medium", 3),
        ("below", "high", 6),
    ],
)
def test_box_numbers_follow_regulations_section_3(performance, potential, box):
    assert rules.box_for(performance, potential, CELLS) == box


def test_worked_placements():
    # SB, SB → 5.0 Di Atas; score 90, JPM 95 → 92.5 Tinggi → box 9
    p = rules.place(["sangat_baik", "sangat_baik"], PotentialInputs(D(90), D(95)), TABLES)
    assert (p.performance, p.potential, p.box) == ("above", "high", 9)
    # B, B → 4.0 Sesuai; score 72, JPM 80 → 76 Menengah → box 5
    p = rules.place(["baik", "baik"], PotentialInputs(D(72), D(80)), TABLES)
    assert (p.performance_value, p.potential_value, p.box) == (D("4.00"), D("76.00"), 5)
    # BP, K → 2.5 Di Bawah; score 60, JPM 70 → 65 Rendah → box 1
    p = rules.place(["butuh_perbaikan", "kurang"], PotentialInputs(D(60), D(70)), TABLES)
    assert p.box == 1
    # SB, B → 4.5 Di Atas; score 70, JPM 69.99 → 69.995 → 70.00 (half up) Menengah → box 7
    p = rules.place(["sangat_baik", "baik"], PotentialInputs(D(70), D("69.99")), TABLES)
    assert (p.potential_value, p.box) == (D("70.00"), 7)


def test_missing_inputs_are_reasons_not_boxes():
    p = rules.place(["baik", None], PotentialInputs(D(90), D(90)), TABLES)
    assert (p.box, p.unmappable) == (None, "no_predikat")
    p = rules.place(["baik", "baik"], PotentialInputs(None, D(90)), TABLES)
    assert (p.box, p.unmappable) == (None, "no_potential")
    p = rules.place(["baik", "baik"], PotentialInputs(D(90), None), TABLES)
    assert (p.box, p.unmappable) == (None, "no_jpm")


@given(
    st.sampled_from(list(POINTS)),
    st.sampled_from(list(POINTS)),
    st.decimals(0, 100, places=2),
    st.decimals(0, 150, places=2),
)
def test_every_complete_input_gets_one_of_the_nine_boxes(p1, p2, score, jpm):
    placement = rules.place([p1, p2], PotentialInputs(score, jpm), TABLES)
    assert placement.box in set(range(1, 10))
    assert placement.unmappable == ""


# --- levels, pool, succession -----------------------------------------------------------------


def test_position_levels_and_default_critical_posts():
    assert rules.position_level("jpt_pratama") == "jpt"
    assert rules.position_level("jf_ahli_muda") == "functional"
    assert rules.position_level(None) == "none"
    assert rules.is_critical_by_default("administrator")
    assert not rules.is_critical_by_default("pengawas")


def test_pool_is_the_boxes_given():
    assert rules.in_pool(7, [7, 8, 9]) and not rules.in_pool(6, [7, 8, 9])
    assert not rules.in_pool(None, [7, 8, 9])


def test_retirement_risk_within_24_months_without_ready_successor():
    today = dt.date(2026, 12, 7)
    # 2028-12-07 is exactly 24 months ahead: within the horizon
    assert rules.retirement_risk(dt.date(2028, 12, 1), today, 0, horizon_months=24)
    assert rules.retirement_risk(dt.date(2028, 12, 7), today, 0, horizon_months=24)
    assert not rules.retirement_risk(dt.date(2029, 1, 1), today, 0, horizon_months=24)
    # a ready-now successor clears the flag
    assert not rules.retirement_risk(dt.date(2027, 6, 1), today, 1, horizon_months=24)
    assert not rules.retirement_risk(None, today, 0, horizon_months=24)


def test_add_months_keeps_the_day_or_the_months_end():
    assert rules.add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert rules.add_months(dt.date(2026, 12, 7), 24) == dt.date(2028, 12, 7)


def test_candidates_rank_by_jpm_then_box():
    people = [("a", D(80), 9), ("b", D(95), 7), ("c", D(95), 8), ("d", None, 9)]
    ranked = sorted(people, key=lambda x: rules.candidate_order(x[1], x[2]))
    assert [x[0] for x in ranked] == ["c", "b", "a", "d"]
