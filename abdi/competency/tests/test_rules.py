from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from abdi.competency import rules

BANDS = [("Optimal", Decimal(90)), ("Cukup Optimal", Decimal(78)), ("Kurang Optimal", Decimal(0))]

levels = st.integers(min_value=1, max_value=5)
required_maps = st.dictionaries(st.integers(1, 20), levels, min_size=1, max_size=9)


@given(required_maps)
def test_meeting_every_standard_is_100(required):
    assert rules.jpm(required, required) == Decimal("100.00")


@given(required_maps)
def test_missing_actuals_count_as_zero(required):
    assert rules.jpm({}, required) == Decimal("0.00")
    assert all(g.gap == g.required and g.actual is None for g in rules.gaps({}, required))


@given(required_maps, st.data())
def test_raising_a_level_never_lowers_the_jpm(required, data):
    actual = {k: data.draw(st.integers(0, 4)) for k in required}
    key = data.draw(st.sampled_from(sorted(required)))
    higher = {**actual, key: actual[key] + 1}
    assert rules.jpm(higher, required) >= rules.jpm(actual, required)


@given(required_maps, st.data())
def test_gaps_add_up_to_the_jpm_shortfall(required, data):
    actual = {k: data.draw(levels) for k in required if data.draw(st.booleans())}
    total_gap = sum(g.gap for g in rules.gaps(actual, required))
    assert total_gap == sum(required.values()) - sum(actual.values())
    # No shortfall in all ⇔ at least 100 % (worked values: test_regulation_jpm.py).
    assert (rules.jpm(actual, required) >= 100) == (total_gap <= 0)


def test_competencies_outside_the_standard_are_ignored():
    assert rules.jpm({1: 3, 2: 5}, {1: 3}) == Decimal("100.00")


def test_no_standard_no_jpm():
    assert rules.jpm({1: 3}, {}) is None
    assert rules.band(None, BANDS) is None


def test_band_edges():
    assert rules.band(Decimal("90"), BANDS) == "Optimal"
    assert rules.band(Decimal("89.99"), BANDS) == "Cukup Optimal"
    assert rules.band(Decimal("78"), BANDS) == "Cukup Optimal"
    assert rules.band(Decimal("77.99"), BANDS) == "Kurang Optimal"
    assert rules.band(Decimal("120"), BANDS) == "Optimal"


@given(st.decimals(min_value=0, max_value=200, places=2))
def test_band_is_the_highest_minimum_reached(value):
    name = rules.band(value, BANDS)
    minimum = dict(BANDS)[name]
    assert value >= minimum
    assert not any(minimum < m <= value for _, m in BANDS)


# Found by mutation testing (`make mutation`): values by hand.


def test_jpm_rounds_half_up():
    # 1 of 32 = 3.125 % → 3.13 (half up), not 3.12 (half even).
    assert rules.jpm({1: 1}, dict.fromkeys(range(1, 33), 1)) == Decimal("3.13")


def test_no_band_below_the_lowest_minimum():
    assert rules.band(Decimal("-1"), BANDS) is None


def test_gaps_name_the_competency_and_the_actual_level():
    assert rules.gaps({1: 2}, {1: 3, 2: 1}) == [rules.Gap(1, 3, 2, 1), rules.Gap(2, 1, None, 1)]


def test_below_standard():
    assert rules.below_standard(None, 1) is True
    assert rules.below_standard(1, 2) is True
    assert rules.below_standard(2, 2) is False
    assert rules.below_standard(3, 2) is False
