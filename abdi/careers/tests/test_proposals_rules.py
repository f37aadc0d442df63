"""careers.rules with worked examples written by hand from REGULATIONS.md §1 and §10."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from abdi.careers import rules

D = dt.date
# REGULATIONS §1: 1 Apr / 1 Oct until 2023; six a year from 2024; every month from 1 Oct 2025.
SCHEDULES = [
    (D(2000, 1, 1), (4, 10)),
    (D(2024, 1, 1), (2, 4, 6, 8, 10, 12)),
    (D(2025, 10, 1), tuple(range(1, 13))),
]
GRADES = [
    rules.Grade(10, "Satyalancana Karya Satya X Tahun", False),
    rules.Grade(20, "Satyalancana Karya Satya XX Tahun", True),
    rules.Grade(30, "Satyalancana Karya Satya XXX Tahun", True),
]


def test_promotion_dates_follow_the_schedule_in_force_on_each_date():
    # Jun 2025: six a year (Aug), then monthly from Oct 2025.
    assert rules.promotion_dates_between(D(2025, 6, 15), D(2025, 12, 31), SCHEDULES) == [
        D(2025, 8, 1),
        D(2025, 10, 1),
        D(2025, 11, 1),
        D(2025, 12, 1),
    ]
    # 2023: April and October only.
    assert rules.promotion_dates_between(D(2023, 1, 1), D(2023, 12, 31), SCHEDULES) == [
        D(2023, 4, 1),
        D(2023, 10, 1),
    ]


def test_kp_due_after_four_years_on_the_next_tmt_in_the_period():
    # In rank since 1 Apr 2022: four years on 1 Apr 2026, a TMT (monthly since Oct 2025).
    assert rules.kp_due_date(
        rank_effective_from=D(2022, 4, 1),
        period_start=D(2026, 1, 1),
        period_end=D(2026, 6, 30),
        min_years_in_rank=4,
        schedules=SCHEDULES,
    ) == D(2026, 4, 1)
    # Since 15 Apr 2022: four years on 15 Apr 2026, first TMT after it 1 May 2026.
    assert rules.kp_due_date(
        rank_effective_from=D(2022, 4, 15),
        period_start=D(2026, 1, 1),
        period_end=D(2026, 6, 30),
        min_years_in_rank=4,
        schedules=SCHEDULES,
    ) == D(2026, 5, 1)
    # Not yet four years by the end of March 2026.
    assert (
        rules.kp_due_date(
            rank_effective_from=D(2022, 4, 15),
            period_start=D(2026, 1, 1),
            period_end=D(2026, 3, 31),
            min_years_in_rank=4,
            schedules=SCHEDULES,
        )
        is None
    )
    # Overdue (in rank since 2018): due on the period's first TMT.
    assert rules.kp_due_date(
        rank_effective_from=D(2018, 10, 1),
        period_start=D(2026, 3, 10),
        period_end=D(2026, 6, 30),
        min_years_in_rank=4,
        schedules=SCHEDULES,
    ) == D(2026, 4, 1)


def test_kp_under_the_2023_schedule_waits_for_october():
    # Four years on 1 May 2023; only April and October then: 1 Oct 2023.
    assert rules.kp_due_date(
        rank_effective_from=D(2019, 5, 1),
        period_start=D(2023, 1, 1),
        period_end=D(2023, 12, 31),
        min_years_in_rank=4,
        schedules=SCHEDULES,
    ) == D(2023, 10, 1)


def test_kgb_every_two_years_from_the_last_one():
    assert rules.kgb_due_date(
        last_increase=D(2024, 3, 1),
        service_start=D(2010, 1, 1),
        interval_years=2,
        period_end=D(2026, 12, 31),
    ) == D(2026, 3, 1)
    assert (
        rules.kgb_due_date(
            last_increase=D(2024, 3, 1),
            service_start=D(2010, 1, 1),
            interval_years=2,
            period_end=D(2026, 2, 28),
        )
        is None
    )
    # None recorded: two years after the TMT CPNS (long overdue).
    assert rules.kgb_due_date(
        last_increase=None,
        service_start=D(2019, 1, 1),
        interval_years=2,
        period_end=D(2026, 12, 31),
    ) == D(2021, 1, 1)


def test_kgb_of_a_pppk_needs_baik_in_the_two_years_before():
    good = {"baik", "sangat_baik"}
    reasons = rules.kgb_blocking_reasons(
        is_pppk=True,
        due_date=D(2026, 7, 1),
        predikat_by_year={2024: "baik", 2025: "butuh_perbaikan"},
        predikat_years=2,
        good_predikats=good,
        sanction_in_force=False,
    )
    assert reasons == ("Predikat kinerja tahun 2025 di bawah Baik.",)
    # A PNS: predikat not a condition; a sanction in force is.
    assert rules.kgb_blocking_reasons(
        is_pppk=False,
        due_date=D(2026, 7, 1),
        predikat_by_year={},
        predikat_years=2,
        good_predikats=good,
        sanction_in_force=True,
    ) == ("Sedang menjalani hukuman disiplin.",)


def test_retirement_example_of_the_regulation():
    # Born 14 Mar 1967, BUP 58 → retires 1 Apr 2025.
    assert rules.retirement_in_period(
        birth_date=D(1967, 3, 14),
        retirement_age=58,
        period_start=D(2025, 1, 1),
        period_end=D(2025, 12, 31),
    ) == D(2025, 4, 1)
    assert (
        rules.retirement_in_period(
            birth_date=D(1967, 3, 14),
            retirement_age=58,
            period_start=D(2025, 4, 2),
            period_end=D(2025, 12, 31),
        )
        is None
    )


def test_retirement_birthday_window():
    # Period 2027–2028: BUP birthdays from 1 Dec 2026 (retire 1 Jan 2027) to before 1 Dec 2028
    # (a birthday on 1 Dec 2028 retires 1 Jan 2029).
    assert rules.retirement_birthday_window(D(2027, 1, 1), D(2028, 12, 31)) == (
        D(2026, 12, 1),
        D(2028, 12, 1),
    )
    # A start mid-month: the first retirement in the period is the next 1st (1 Feb 2027).
    assert rules.retirement_birthday_window(D(2027, 1, 15), D(2027, 3, 31)) == (
        D(2027, 1, 1),
        D(2027, 3, 1),
    )


def test_satyalancana_ten_years_from_tmt_cpns():
    grade, completed, reasons = rules.service_award_due(
        tmt_cpns=D(2016, 3, 1),
        period_start=D(2026, 1, 1),
        period_end=D(2026, 12, 31),
        grades=GRADES,
        received_years=set(),
        ever_moderate_or_heavy_sanction=False,
    )
    assert (grade.years, completed, reasons) == (10, D(2026, 3, 1), ())


def test_satyalancana_twenty_needs_the_ten_and_no_moderate_sanction_ever():
    grade, _completed, reasons = rules.service_award_due(
        tmt_cpns=D(2006, 3, 1),
        period_start=D(2026, 1, 1),
        period_end=D(2026, 12, 31),
        grades=GRADES,
        received_years=set(),
        ever_moderate_or_heavy_sanction=True,
    )
    assert grade.years == 20
    assert reasons == (
        "Pernah dijatuhi hukuman disiplin tingkat sedang atau berat.",
        "Belum menerima Satyalancana Karya Satya X Tahun.",
    )
    grade, _c, reasons = rules.service_award_due(
        tmt_cpns=D(2006, 3, 1),
        period_start=D(2026, 1, 1),
        period_end=D(2026, 12, 31),
        grades=GRADES,
        received_years={10},
        ever_moderate_or_heavy_sanction=False,
    )
    assert (grade.years, reasons) == (20, ())
    # Already received: nothing due.
    assert rules.service_award_due(
        tmt_cpns=D(2006, 3, 1),
        period_start=D(2026, 1, 1),
        period_end=D(2026, 12, 31),
        grades=GRADES,
        received_years={10, 20},
        ever_moderate_or_heavy_sanction=False,
    ) == (None, None, ())
    # 15 years: no grade completes.
    assert rules.service_award_due(
        tmt_cpns=D(2011, 3, 1),
        period_start=D(2026, 1, 1),
        period_end=D(2026, 12, 31),
        grades=GRADES,
        received_years={10},
        ever_moderate_or_heavy_sanction=False,
    ) == (None, None, ())


def test_transfer_rules():
    reasons = rules.transfer_blocking_reasons(
        to_other_agency=True,
        appointment_date=D(2018, 3, 1),
        position_since=D(2025, 6, 1),
        today=D(2026, 12, 7),
        other_agency_min_years=10,
        min_years_in_post=2,
    )
    assert reasons == (
        "Pindah ke instansi lain atas permintaan sendiri baru boleh setelah 10 tahun sejak "
        "pengangkatan (TMT 01-03-2018).",
        "Belum 2 tahun pada jabatan sekarang (sejak 01-06-2025).",
    )
    # Within the agency, 11 years in, 3 years in post: allowed.
    assert not rules.transfer_blocking_reasons(
        to_other_agency=False,
        appointment_date=D(2015, 3, 1),
        position_since=D(2023, 6, 1),
        today=D(2026, 12, 7),
        other_agency_min_years=10,
        min_years_in_post=2,
    )


def M(key, emp, src, dst):
    return rules.PlannedMove(key, emp, src, dst)


def test_plan_swap_is_a_chain_and_fits():
    # A and B each have one post and one holder; the holders swap.
    check = rules.check_plan(
        [M(1, 11, 100, 200), M(2, 12, 200, 100)], posts={100: 1, 200: 1}, holders={100: 1, 200: 1}
    )
    assert check.ok
    assert check.vacancies == {100: 0, 200: 0}
    assert check.chains in (((1, 2),), ((2, 1),))


def test_plan_two_moves_into_one_post():
    check = rules.check_plan(
        [M(1, 11, 100, 300), M(2, 12, 200, 300)],
        posts={100: 1, 200: 1, 300: 1},
        holders={100: 1, 200: 1, 300: 0},
        position_names={300: "Analis"},
    )
    assert not check.ok
    assert check.errors[1] == (
        "2 perpindahan menuju Analis, padahal formasi yang tersedia 1 (formasi 1, pemegang "
        "sesudah rencana 2).",
    )
    # The two vacated posts remain open.
    assert check.vacancies == {100: 1, 200: 1, 300: -1}


def test_plan_full_post_and_twice_moved_employee():
    check = rules.check_plan(
        [M(1, 11, 100, 300), M(2, 11, 100, 200)],
        posts={100: 2, 200: 3, 300: 1},
        holders={100: 2, 200: 1, 300: 1},
        position_names={300: "Kasubbag"},
    )
    assert check.errors[1] == ("Formasi Kasubbag penuh: formasi 1, pemegang sesudah rencana 2.",)
    assert check.errors[2] == ("Pegawai ini dipindahkan dua kali dalam rencana yang sama.",)


@given(st.lists(st.tuples(st.integers(1, 5), st.integers(1, 5)), max_size=8))
def test_plan_vacancies_balance(pairs):
    """Whatever the moves, the free posts over the touched positions change by exactly the
    number of movers that had no position (none here): a plan only moves people around."""
    moves = [M(i, 1000 + i, src, dst) for i, (src, dst) in enumerate(pairs)]
    posts = dict.fromkeys(range(1, 6), 10)
    holders = dict.fromkeys(range(1, 6), 5)
    check = rules.check_plan(moves, posts=posts, holders=holders)
    touched = check.vacancies
    assert sum(touched.values()) == sum(posts[p] - holders[p] for p in touched)


def test_kp_decree_tmt_is_a_period_date_not_before_the_due_date():
    # In rank since 1 Apr 2020: due on 1 Apr 2024 (six periods a year in 2024).
    due = D(2024, 4, 1)
    assert (
        rules.kp_decree_tmt_problem(effective_from=due, due_date=due, schedules=SCHEDULES) is None
    )
    # 1 May 2024 is no period in 2024 (Feb, Apr, Jun, Aug, Oct, Dec).
    assert "periode" in rules.kp_decree_tmt_problem(
        effective_from=D(2024, 5, 1), due_date=due, schedules=SCHEDULES
    )
    # A later period is fine (the decree came late); an earlier one is not.
    assert (
        rules.kp_decree_tmt_problem(effective_from=D(2024, 6, 1), due_date=due, schedules=SCHEDULES)
        is None
    )
    assert "jatuh tempo 01-04-2024" in rules.kp_decree_tmt_problem(
        effective_from=D(2024, 2, 1), due_date=due, schedules=SCHEDULES
    )
    # Under the 2023 schedule only April and October: 1 June 2023 is refused.
    assert rules.kp_decree_tmt_problem(
        effective_from=D(2023, 6, 1), due_date=D(2023, 4, 1), schedules=SCHEDULES
    )
    # Monthly from 1 Oct 2025: 1 Nov 2025 is a period; the 15th never is.
    assert (
        rules.kp_decree_tmt_problem(
            effective_from=D(2025, 11, 1), due_date=D(2025, 11, 1), schedules=SCHEDULES
        )
        is None
    )
    assert rules.kp_decree_tmt_problem(
        effective_from=D(2025, 11, 15), due_date=D(2025, 11, 1), schedules=SCHEDULES
    )


def test_bup_decree_tmt_is_the_retirement_date_of_the_regulation_example():
    # REGULATIONS §1: born 1967-03-14, BUP 58 → retires 2025-04-01.
    due = D(2025, 4, 1)
    assert rules.bup_decree_tmt_problem(effective_from=D(2025, 4, 1), due_date=due) is None
    assert "01-04-2025" in rules.bup_decree_tmt_problem(effective_from=D(2025, 5, 1), due_date=due)
    assert rules.bup_decree_tmt_problem(effective_from=D(2025, 3, 1), due_date=due)
