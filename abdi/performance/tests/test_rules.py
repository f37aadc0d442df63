"""Property tests of the pure performance rules against REGULATIONS.md §2."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from abdi.performance import rules
from abdi.performance.rules import Limit

# REGULATIONS.md §2, rows: work results, columns: behaviour (Di Bawah, Sesuai, Di Atas).
REGULATION_MATRIX = {
    "above": ("kurang", "baik", "sangat_baik"),
    "meets": ("kurang", "baik", "baik"),
    "below": ("sangat_kurang", "butuh_perbaikan", "butuh_perbaikan"),
}
COLUMNS = ("below", "meets", "above")
# The matrix as loaded by migration 0002 (the same table the services read).
SEEDED = {
    (work, behaviour): REGULATION_MATRIX[work][COLUMNS.index(behaviour)]
    for work in rules.RATINGS
    for behaviour in rules.RATINGS
}

ratings = st.sampled_from(rules.RATINGS)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("work", "behaviour", "expected"),
    [
        # REGULATIONS.md §2, written out cell by cell (rows: work results; columns: behaviour)
        ("above", "below", "kurang"),
        ("above", "meets", "baik"),
        ("above", "above", "sangat_baik"),
        ("meets", "below", "kurang"),
        ("meets", "meets", "baik"),
        ("meets", "above", "baik"),
        ("below", "below", "sangat_kurang"),
        ("below", "meets", "butuh_perbaikan"),
        ("below", "above", "butuh_perbaikan"),
    ],
)
def test_predikat_for_every_cell_of_the_loaded_matrix(work, behaviour, expected):
    from abdi.performance.selectors import predikat_matrix

    assert rules.predikat_for(work, behaviour, predikat_matrix(dt.date(2026, 12, 31))) == expected


def test_predikat_for_all_nine_cells_explicitly():
    cells = {(w, b): rules.predikat_for(w, b, SEEDED) for w in rules.RATINGS for b in rules.RATINGS}
    assert len(cells) == 9
    assert cells[("above", "above")] == "sangat_baik"
    assert cells[("above", "below")] == "kurang"  # misconduct drags the predikat down
    assert cells[("meets", "below")] == "kurang"
    assert cells[("below", "below")] == "sangat_kurang"
    assert cells[("below", "above")] == "butuh_perbaikan"


def test_predikat_for_rejects_unknown_rating_and_incomplete_matrix():
    with pytest.raises(ValueError):
        rules.predikat_for("great", "meets", SEEDED)
    with pytest.raises(ValueError):
        rules.predikat_for("above", "above", {})


@pytest.mark.django_db
def test_seeded_matrix_matches_the_regulation():
    from abdi.performance.selectors import predikat_matrix

    assert predikat_matrix(dt.date(2026, 12, 31)) == SEEDED


def test_head_work_rating_from_org_predikat():
    mapping = {"istimewa": "above", "baik": "meets", "kurang": "below"}
    assert rules.head_work_rating("istimewa", mapping) == "above"
    with pytest.raises(ValueError):
        rules.head_work_rating("sangat_kurang", mapping)


@given(st.integers(min_value=2022, max_value=2100), st.sampled_from(rules.CADENCES))
def test_periods_tile_the_year_and_codes_parse_back(year, cadence):
    periods = rules.periods_for(year, cadence)
    *parts, annual = periods
    assert annual == (str(year), "year", dt.date(year, 1, 1), dt.date(year, 12, 31))
    assert len(parts) == {"monthly": 12, "quarterly": 4, "semester": 2}[cadence]
    assert parts[0][2] == dt.date(year, 1, 1)
    assert parts[-1][3] == dt.date(year, 12, 31)
    for (_c, _k, _s, end), (_c2, _k2, start, _e) in zip(parts, parts[1:], strict=False):
        assert start == end + dt.timedelta(days=1)  # no gap, no overlap
    for code, kind, start, end in periods:
        assert start <= end
        parsed_year, parsed_kind, number = rules.parse_period_code(code)
        assert (parsed_year, parsed_kind) == (year, kind)
        if kind == "month":
            assert number == start.month
    assert len({p[0] for p in periods}) == len(periods)


@pytest.mark.parametrize("bad", ["", "2026-Q5", "2026-13", "2026-S3", "26-Q1", "2026-q1", "x"])
def test_malformed_period_codes_are_refused(bad):
    with pytest.raises(ValueError):
        rules.parse_period_code(bad)


def test_unknown_cadence_is_refused():
    with pytest.raises(ValueError):
        rules.periods_for(2026, "weekly")


# ---------------------------------------------------------------- distribution

D = Decimal
SOME = D("0.01")
LIMITS = [
    Limit("istimewa", ("sangat_baik",), None, D(70)),
    Limit("baik", ("baik",), None, D(70)),
    Limit("baik", ("butuh_perbaikan", "kurang"), SOME, None),
    Limit("butuh_perbaikan", ("sangat_baik",), None, D(10)),
    Limit("butuh_perbaikan", ("butuh_perbaikan",), D(60), None),
    Limit("kurang", ("sangat_baik",), None, D(10)),
    Limit("kurang", ("butuh_perbaikan",), D(10), None),
    Limit("kurang", ("kurang",), D(60), None),
    Limit("sangat_kurang", ("sangat_baik",), None, D(0)),
    Limit("sangat_kurang", ("sangat_kurang",), D(60), None),
    Limit("sangat_kurang", ("butuh_perbaikan", "kurang"), D(10), None),
]


def _counts(**kw):
    return {p: kw.get(p, 0) for p in rules.PREDIKATS}


def _filler(limit: Limit) -> str:
    """A predikat outside the limit's group, to make up the rest of the unit."""
    return next(p for p in rules.PREDIKATS if p not in limit.predikats)


# (limit, unit size, fewest allowed, most allowed), by hand: the percentage of the unit, rounded
# to the nearest employee; a positive minimum asks for at least one.
ALLOWED = [
    (LIMITS[0], 10, None, 7),  # Istimewa: Sangat Baik at most 70 % of 10
    (LIMITS[0], 13, None, 9),  # 70 % of 13 = 9.1
    (LIMITS[1], 37, None, 26),  # Baik: Baik at most 70 % of 37 = 25.9
    (LIMITS[2], 10, 1, None),  # Baik: some Butuh Perbaikan/Kurang must exist
    (LIMITS[2], 400, 1, None),
    (LIMITS[3], 24, None, 2),  # Butuh Perbaikan: Sangat Baik at most 10 % of 24 = 2.4
    (LIMITS[4], 24, 14, None),  # Butuh Perbaikan: at least 60 % of 24 = 14.4
    (LIMITS[5], 15, None, 2),  # Kurang: Sangat Baik at most 10 % of 15 = 1.5 → 2
    (LIMITS[6], 15, 2, None),  # Kurang: Butuh Perbaikan at least 10 % of 15 = 1.5 → 2
    (LIMITS[7], 11, 7, None),  # Kurang: Kurang at least 60 % of 11 = 6.6
    (LIMITS[8], 50, None, 0),  # Sangat Kurang: no Sangat Baik at all
    (LIMITS[9], 50, 30, None),  # Sangat Kurang: Sangat Kurang at least 60 % of 50
    (LIMITS[10], 12, 1, None),  # Sangat Kurang: BP/Kurang at least 10 % of 12 = 1.2
]


@pytest.mark.parametrize(("limit", "total", "low", "high"), ALLOWED)
def test_allowed_counts_worked_by_hand(limit, total, low, high):
    assert rules.allowed_counts(limit, total) == (low, high)


@pytest.mark.parametrize(("limit", "total", "low", "high"), ALLOWED)
def test_every_limit_row_flags_a_breach_and_passes_compliance(limit, total, low, high):
    group = limit.predikats[0]
    filler = _filler(limit)
    if high is not None:
        breaking = _counts(**{group: high + 1, filler: total - high - 1})
        if high + 1 <= total:
            found = rules.distribution_check(breaking, limit.org_predikat, [limit])
            assert [v.limit for v in found] == [limit] and found[0].kind == "too_many"
        meeting = _counts(**{group: high, filler: total - high})
        assert rules.distribution_check(meeting, limit.org_predikat, [limit]) == []
    if low is not None:
        assert low >= 1  # a positive minimum: some must exist
        breaking = _counts(**{group: low - 1, filler: total - low + 1})
        found = rules.distribution_check(breaking, limit.org_predikat, [limit])
        assert [v.limit for v in found] == [limit] and found[0].kind == "too_few"
        meeting = _counts(**{group: low, filler: total - low})
        assert rules.distribution_check(meeting, limit.org_predikat, [limit]) == []


@pytest.mark.django_db
def test_seeded_limits_are_the_regulation_table():
    from abdi.performance.selectors import distribution_limits

    seeded = {
        (lim.org_predikat, lim.predikats, lim.min_percent, lim.max_percent)
        for lim in distribution_limits(dt.date(2026, 12, 31))
    }
    assert seeded == {(x.org_predikat, x.predikats, x.min_percent, x.max_percent) for x in LIMITS}


def test_only_the_units_own_predikat_limits_apply():
    counts = _counts(sangat_baik=10)  # 100 % Sangat Baik
    assert rules.distribution_check(counts, "istimewa", LIMITS)[0].limit == LIMITS[0]
    assert {v.limit.org_predikat for v in rules.distribution_check(counts, "kurang", LIMITS)} == {
        "kurang"
    }


def test_empty_unit_breaks_nothing():
    assert rules.distribution_check(_counts(), "sangat_kurang", LIMITS) == []


@pytest.mark.parametrize(
    ("rounding", "allowed_sangat_baik"),
    [("nearest", 2), ("floor", 2), ("ceil", 3)],  # 70 % of 3 = 2.1
)
def test_small_unit_rounding_is_a_setting(rounding, allowed_sangat_baik):
    limit = LIMITS[0]
    assert rules.allowed_counts(limit, 3, rounding=rounding)[1] == allowed_sangat_baik
    three = _counts(sangat_baik=3)
    found = rules.distribution_check(three, "istimewa", [limit], rounding=rounding)
    assert bool(found) == (allowed_sangat_baik < 3)


def test_small_unit_rounding_half_way():
    limit = Limit("x", ("baik",), None, D(50))
    assert rules.allowed_counts(limit, 3, rounding="nearest")[1] == 2  # 1.5 rounds up
    assert rules.allowed_counts(limit, 3, rounding="floor")[1] == 1
    with pytest.raises(ValueError):
        rules.allowed_counts(limit, 3, rounding="banker")


def test_must_exist_in_a_small_unit():
    """Baik unit of 2, both Baik: "some Butuh Perbaikan/Kurang must exist" is flagged whatever
    the rounding."""
    counts = _counts(baik=2)
    for rounding in rules.ROUNDINGS:
        kinds = {
            v.kind for v in rules.distribution_check(counts, "baik", LIMITS, rounding=rounding)
        }
        assert "too_few" in kinds


def test_shares_are_percentages():
    shares = rules.shares(_counts(baik=3, kurang=1))
    assert shares["baik"] == D("75.00") and shares["kurang"] == D("25.00")
    assert rules.shares(_counts())["baik"] == D("0.00")


# ---------------------------------------------------------------- credit points

COEFFICIENTS = {
    "jf_pemula": D("3.75"),
    "jf_terampil": D(5),
    "jf_mahir": D("12.5"),
    "jf_ahli_pertama": D("12.5"),
    "jf_penyelia": D(25),
    "jf_ahli_muda": D(25),
    "jf_ahli_madya": D("37.5"),
    "jf_ahli_utama": D(50),
}
PERCENT = {
    "sangat_baik": 150,
    "baik": 100,
    "butuh_perbaikan": 75,
    "kurang": 50,
    "sangat_kurang": 25,
}


@pytest.mark.parametrize(
    ("predikat", "kind", "points"),
    [
        ("baik", "jf_ahli_muda", D(25)),
        ("sangat_baik", "jf_ahli_muda", D("37.5")),
        ("butuh_perbaikan", "jf_terampil", D("3.75")),
        ("sangat_kurang", "jf_ahli_utama", D("12.5")),
        ("kurang", "jf_pemula", D("1.875")),
    ],
)
def test_credit_points(predikat, kind, points):
    assert rules.credit_points(predikat, kind, COEFFICIENTS, PERCENT) == points


@given(st.sampled_from(rules.PREDIKATS), st.sampled_from(["pelaksana", "administrator", None]))
def test_no_credit_points_outside_functional_positions(predikat, kind):
    assert rules.credit_points(predikat, kind, COEFFICIENTS, PERCENT) is None


# Permen PANRB 1/2023: yearly coefficient × 150/100/75/50/25 %, every cell by hand.
CREDIT_POINTS_BY_HAND = {
    "jf_pemula": ("5.625", "3.75", "2.8125", "1.875", "0.9375"),
    "jf_terampil": ("7.5", "5", "3.75", "2.5", "1.25"),
    "jf_mahir": ("18.75", "12.5", "9.375", "6.25", "3.125"),
    "jf_ahli_pertama": ("18.75", "12.5", "9.375", "6.25", "3.125"),
    "jf_penyelia": ("37.5", "25", "18.75", "12.5", "6.25"),
    "jf_ahli_muda": ("37.5", "25", "18.75", "12.5", "6.25"),
    "jf_ahli_madya": ("56.25", "37.5", "28.125", "18.75", "9.375"),
    "jf_ahli_utama": ("75", "50", "37.5", "25", "12.5"),
}
PREDIKAT_ORDER = ("sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang")


@pytest.mark.django_db
@pytest.mark.parametrize("kind", sorted(CREDIT_POINTS_BY_HAND))
def test_credit_points_of_every_cell_with_the_loaded_tables(kind):
    from abdi.performance.selectors import credit_point_tables

    coefficients, percentages = credit_point_tables(dt.date(2026, 12, 31))
    got = tuple(rules.credit_points(p, kind, coefficients, percentages) for p in PREDIKAT_ORDER)
    assert got == tuple(D(v) for v in CREDIT_POINTS_BY_HAND[kind])


@pytest.mark.django_db
def test_seeded_credit_point_tables():
    from abdi.performance.selectors import credit_point_tables

    coefficients, percentages = credit_point_tables(dt.date(2026, 12, 31))
    assert coefficients == COEFFICIENTS
    assert {k: int(v) for k, v in percentages.items()} == PERCENT


# ---------------------------------------------------------------- tables in force and raters


class Row:
    def __init__(self, key, effective_from, value):
        self.key, self.effective_from, self.value = key, effective_from, value


def test_rows_in_force_pick_the_latest_effective_on_or_before_the_date():
    rows = [
        Row("a", dt.date(2022, 1, 1), 1),
        Row("a", dt.date(2025, 1, 1), 2),
        Row("a", dt.date(2027, 1, 1), 3),
        Row("b", dt.date(2022, 1, 1), 4),
    ]
    got = rules.rows_in_force(rows, dt.date(2026, 6, 1), key=lambda r: r.key)
    assert sorted(r.value for r in got) == [2, 4]
    assert [r.value for r in rules.rows_in_force(rows, dt.date(2021, 1, 1))] == []
    # without a key: the whole table version in force
    assert [r.value for r in rules.rows_in_force(rows, dt.date(2030, 1, 1))] == [3]


def test_rows_in_force_keep_every_row_of_the_version_in_force():
    # the distribution limits: a version has several bands per unit predikat
    rows = [
        Row("istimewa", dt.date(2022, 1, 1), "old band 1"),
        Row("istimewa", dt.date(2022, 1, 1), "old band 2"),
        Row("istimewa", dt.date(2026, 1, 1), "new band 1"),
        Row("istimewa", dt.date(2026, 1, 1), "new band 2"),
        Row("baik", dt.date(2022, 1, 1), "baik band"),
    ]
    got = rules.rows_in_force(rows, dt.date(2026, 3, 1), key=lambda r: r.key)
    assert [r.value for r in got] == ["new band 1", "new band 2", "baik band"]
    got = rules.rows_in_force(rows, dt.date(2025, 12, 31), key=lambda r: r.key)
    assert [r.value for r in got] == ["old band 1", "old band 2", "baik band"]


def test_in_force_per_key_one_row_each():
    rows = [
        Row("a", dt.date(2022, 1, 1), 1),
        Row("a", dt.date(2025, 1, 1), 2),
        Row("a", dt.date(2027, 1, 1), 3),
        Row("b", dt.date(2026, 7, 1), 4),
    ]
    got = rules.in_force_per(rows, dt.date(2026, 6, 1), key=lambda r: r.key)
    assert {k: r.value for k, r in got.items()} == {"a": 2}
    got = rules.in_force_per(rows, dt.date(2027, 1, 1), key=lambda r: r.key)
    assert {k: r.value for k, r in got.items()} == {"a": 3, "b": 4}


def test_rater_consistency_flags_the_lenient_and_the_severe():
    rows = rules.rater_consistency(
        {
            "lenient": {"sangat_baik": 5},
            "typical": {"baik": 10, "butuh_perbaikan": 2},
            "severe": {"kurang": 4},
            "few": {"sangat_kurang": 1},
        }
    )
    flags = {r.rater: r.flag for r in rows}
    assert flags == {"lenient": "lenient", "typical": "", "severe": "severe", "few": ""}
    assert rules.rater_consistency({}) == []


# ---------------------------------------------------------------- found by mutation testing


def test_allowed_counts_of_tiny_units_and_zero_minimums():
    assert rules.allowed_counts(LIMITS[2], 1) == (1, None)  # "must exist" even in a unit of 1
    assert rules.allowed_counts(LIMITS[2], 0) == (0, None)  # an empty unit needs nobody
    assert rules.allowed_counts(Limit("x", ("baik",), D(0), None), 10) == (0, None)


def test_a_unit_of_one_is_checked_and_counts_may_leave_predikats_out():
    one = rules.distribution_check({"sangat_baik": 1}, "sangat_kurang", LIMITS)
    assert [(v.limit, v.count, v.total, v.share) for v in one] == [
        (LIMITS[8], 1, 1, D("100.00")),  # no Sangat Baik at all
        (LIMITS[9], 0, 1, D("0.00")),  # Sangat Kurang at least 60 %
        (LIMITS[10], 0, 1, D("0.00")),  # BP/Kurang at least 10 %
    ]
    # Istimewa, 10 evaluated, 8 Sangat Baik (at most 70 % = 7): too many.
    (found,) = rules.distribution_check({"sangat_baik": 8, "baik": 2}, "istimewa", LIMITS)
    assert (found.count, found.total, found.share, found.min_count, found.max_count) == (
        8,
        10,
        D("80.00"),
        None,
        7,
    )
    assert rules.shares({"baik": 1, "kurang": 3}) == {
        "sangat_baik": D("0.00"),
        "baik": D("25.00"),
        "butuh_perbaikan": D("0.00"),
        "kurang": D("75.00"),
        "sangat_kurang": D("0.00"),
    }


def test_credit_points_are_written_without_trailing_zeros():
    assert str(rules.credit_points("baik", "jf_ahli_muda", COEFFICIENTS, PERCENT)) == "25"
    assert str(rules.credit_points("kurang", "jf_pemula", COEFFICIENTS, PERCENT)) == "1.875"


def test_rater_consistency_by_hand():
    by_rater = {
        # scores: Sangat Baik 5, Baik 4, Butuh Perbaikan 3, Kurang 2, Sangat Kurang 1
        "lenient": {"sangat_baik": 4},  # mean 5
        "severe": {"kurang": 3, "sangat_kurang": 1},  # (6 + 1) / 4 = 1.75
        "few": {"sangat_baik": 2},  # mean 5, but only 2 evaluations
        "none": {},
        "middle": {"baik": 4, "butuh_perbaikan": 1},  # (16 + 3) / 5 = 3.8
    }
    rows = {r.rater: r for r in rules.rater_consistency(by_rater)}
    # unit: 20 + 7 + 10 + 19 = 56 over 15 evaluations = 3.73
    assert set(rows) == {"lenient", "severe", "few", "middle"}
    assert {r.unit_mean for r in rows.values()} == {D("3.73")}
    assert (rows["lenient"].mean, rows["lenient"].difference, rows["lenient"].flag) == (
        D("5.00"),
        D("1.27"),
        "lenient",
    )
    assert (rows["severe"].mean, rows["severe"].flag) == (D("1.75"), "severe")
    assert (rows["few"].count, rows["few"].flag) == (2, "")
    assert (rows["middle"].difference, rows["middle"].flag) == (D("0.07"), "")
    assert rows["middle"].counts == {"baik": 4, "butuh_perbaikan": 1}
    assert rules.rater_consistency({"a": {}}) == []
    # a: (15 + 2) / 4 = 4.25; b: (4 + 3 + 2 + 2) / 4 = 2.75; unit 28 / 8 = 3.50: exactly 0.75
    # above and below → flagged both ways
    edge = rules.rater_consistency(
        {"a": {"sangat_baik": 3, "kurang": 1}, "b": {"baik": 1, "butuh_perbaikan": 1, "kurang": 2}}
    )
    assert [r.flag for r in edge] == ["lenient", "severe"]


def test_rater_consistency_flags_from_exactly_min_count():
    # a: 3 × Baik = 4.00; b: 3 × Butuh Perbaikan = 3.00; unit 21 / 6 = 3.50; ±0.50 ≥ 0.50
    rows = rules.rater_consistency(
        {"a": {"baik": 3}, "b": {"butuh_perbaikan": 3}}, threshold=D("0.50")
    )
    assert [(r.count, r.flag) for r in rows] == [(3, "lenient"), (3, "severe")]
