"""The selection rules with worked examples written by hand from REGULATIONS.md §8 (never values
recomputed by the code under test)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from abdi.careers import rules
from abdi.careers.rules import (
    FAIL,
    PASS,
    UNKNOWN,
    Candidate,
    CandidateFacts,
    PanelLimits,
    Requirement,
    Sanction,
    Spell,
    Tables,
)

D = dt.date
TABLES = Tables(
    education={"SLTA": ("SLTA", 3), "D3": ("D3", 5), "S1": ("S1/D4", 6), "S2": ("S2", 7)},
    ranks={"III/c": ("III/c", 11), "III/d": ("III/d", 12), "IV/a": ("IV/a", 13)},
    predikats=[
        ("sangat_baik", "Sangat Baik"),
        ("baik", "Baik"),
        ("butuh_perbaikan", "Butuh Perbaikan"),
        ("kurang", "Kurang"),
        ("sangat_kurang", "Sangat Kurang"),
    ],
    position_kinds={"administrator": "Administrator", "jf_ahli_madya": "JF Ahli Madya"},
)
CLOSING = D(2026, 3, 31)


def one(rule, params, facts, closing=CLOSING):
    return rules.evaluate([Requirement(rule, params, rule)], facts, closing=closing, tables=TABLES)[
        0
    ]


# --- age (REGULATIONS §8: completed years on the closing date; 56 y 10 m is 56) -------------


def test_56_years_10_months_is_56_and_eligible_for_pratama():
    # Born 31 May 1969: on 31 March 2026 that is 56 years and 10 months.
    result = one(
        "max_age", {"years": 56, "reading": "completed_years"}, CandidateFacts(D(1969, 5, 31))
    )
    assert result.status == PASS
    assert "56 tahun 10 bulan" in result.data


def test_57th_birthday_before_closing_is_too_old():
    # Born 30 March 1969: 57 on 30 March 2026, the day before the closing date.
    result = one(
        "max_age", {"years": 56, "reading": "completed_years"}, CandidateFacts(D(1969, 3, 30))
    )
    assert result.status == FAIL


def test_57th_birthday_after_closing_is_still_56():
    # Born 1 April 1969: turns 57 on 1 April 2026, one day after the closing date.
    result = one("max_age", {"years": 56}, CandidateFacts(D(1969, 4, 1)))
    assert result.status == PASS


def test_strict_reading_refuses_56_years_10_months():
    # The other reading of "paling tinggi 56 tahun": past the 56th birthday is too old.
    result = one(
        "max_age", {"years": 56, "reading": "not_past_birthday"}, CandidateFacts(D(1969, 5, 31))
    )
    assert result.status == FAIL


def test_strict_reading_accepts_the_56th_birthday_itself():
    # Born 31 March 1970: exactly 56 on the closing date.
    result = one(
        "max_age", {"years": 56, "reading": "not_past_birthday"}, CandidateFacts(D(1970, 3, 31))
    )
    assert result.status == PASS


def test_leap_day_birth():
    # Born 29 Feb 1972. In completed years the 54th birthday of 2026 (no 29 Feb) comes on
    # 1 March, so on 28 Feb 2026 the age is still 53; the strict reading puts the 54th
    # birthday on 28 Feb, so 1 March 2026 is past it.
    assert rules.age_within(D(1972, 2, 29), D(2026, 2, 28), 53, "completed_years")
    assert rules.age_within(D(1972, 2, 29), D(2026, 2, 28), 54, "not_past_birthday")
    assert not rules.age_within(D(1972, 2, 29), D(2026, 3, 1), 54, "not_past_birthday")


# --- education and rank ----------------------------------------------------------------------


def test_s2_meets_s1_and_d3_does_not():
    assert one("min_education", {"level": "S1"}, CandidateFacts(education=("S2", 7))).status == PASS
    result = one("min_education", {"level": "S1"}, CandidateFacts(education=("D3", 5)))
    assert result.status == FAIL
    assert "D3" in result.reason and "S1/D4" in result.reason


def test_rank_iii_d_is_below_iv_a():
    assert one("min_rank", {"rank": "IV/a"}, CandidateFacts(rank=("III/d", 12))).status == FAIL
    assert one("min_rank", {"rank": "III/c"}, CandidateFacts(rank=("III/d", 12))).status == PASS
    # PPPK: no PNS rank at all.
    assert one("min_rank", {"rank": "III/c"}, CandidateFacts()).status == FAIL


def test_education_and_rank_say_what_they_read_and_differ_on_a_missing_record():
    passed = one("min_rank", {"rank": "III/c"}, CandidateFacts(rank=("III/c", 11)))
    assert (passed.status, passed.data) == (PASS, "Golongan III/c")
    assert passed.reason == "III/c memenuhi syarat minimal III/c."
    below = one("min_education", {"level": "S1"}, CandidateFacts(education=("SLTA", 3)))
    assert (below.status, below.data) == (FAIL, "Pendidikan terakhir SLTA")
    assert below.reason == "SLTA di bawah syarat minimal S1/D4."
    # An education not on record is not known (an external applicant); a missing rank fails.
    assert one("min_education", {"level": "S1"}, CandidateFacts()).status == UNKNOWN
    assert one("min_rank", {"rank": "III/c"}, CandidateFacts()).data == "tidak ada"
    # A requirement naming a level or rank the tables do not hold cannot be judged.
    assert one("min_education", {"level": "S9"}, CandidateFacts(education=("S2", 7))).status == (
        UNKNOWN
    )
    assert one("min_rank", {"rank": "V/z"}, CandidateFacts(rank=("IV/e", 17))).status == UNKNOWN


# --- position experience ("sedang atau pernah menduduki", summed) ------------------------------


def test_administrator_from_4_jan_2024_has_2_years_2_months_on_31_march_2026():
    facts = CandidateFacts(spells=(Spell("administrator", D(2024, 1, 4)),))
    result = one("position_experience", {"kinds": ["administrator"], "years": 2}, facts)
    assert result.status == PASS
    assert "2 tahun 2 bulan" in result.data


def test_one_year_11_months_is_not_two_years():
    facts = CandidateFacts(spells=(Spell("administrator", D(2024, 4, 1)),))
    result = one("position_experience", {"kinds": ["administrator"], "years": 2}, facts)
    assert result.status == FAIL
    assert "1 tahun 11 bulan" in result.data


def test_past_spells_of_listed_kinds_add_up():
    # 1 Jan 2020 – 31 Dec 2020 as Administrator (12 months), then JF Ahli Madya from
    # 1 Jan 2025 (14 months to 1 March 2026; closing 31 March → 1 year 2 months). Total 26 months.
    facts = CandidateFacts(
        spells=(
            Spell("administrator", D(2020, 1, 1), D(2020, 12, 31)),
            Spell("pelaksana", D(2021, 1, 1), D(2024, 12, 31)),
            Spell("jf_ahli_madya", D(2025, 1, 1)),
        )
    )
    result = one(
        "position_experience", {"kinds": ["administrator", "jf_ahli_madya"], "years": 2}, facts
    )
    assert result.status == PASS
    assert "2 tahun 2 bulan" in result.data


def test_pratama_needs_five_years_in_any_position_cumulated():
    # REGULATIONS §8: 5 years of position experience for JPT Pratama. Pelaksana 1 Apr 2021 –
    # 31 Dec 2022 (21 months), Administrator from 1 Jan 2023 (3 years 2 months to 1 March 2026;
    # closing 31 March → 38 months). Total 59 months = 4 years 11 months: not 5 years.
    spells = (
        Spell("pelaksana", D(2021, 4, 1), D(2022, 12, 31)),
        Spell("administrator", D(2023, 1, 1)),
    )
    result = one("total_experience", {"years": 5}, CandidateFacts(spells=spells))
    assert result.status == FAIL
    assert "4 tahun 11 bulan" in result.data
    # One month earlier start (1 Mar 2021): 60 months, exactly 5 years.
    spells = (Spell("pelaksana", D(2021, 3, 1), D(2022, 12, 31)), spells[1])
    result = one("total_experience", {"years": 5}, CandidateFacts(spells=spells))
    assert result.status == PASS
    assert "5 tahun 0 bulan" in result.data
    # Madya needs 7 years, Utama 10: the same 5 years fail both.
    assert one("total_experience", {"years": 7}, CandidateFacts(spells=spells)).status == FAIL


def test_a_change_of_post_mid_month_does_not_break_the_count():
    # Pelaksana 16 Jan 2020 – 10 Jun 2022, Administrator from 11 Jun 2022; closing 20 Jan 2025.
    # One unbroken career: 16 Jan 2020 → 16 Jan 2025 is 5 years (and 4 days): Pratama's 5 years.
    # Counting each post in whole months apart gave 28 + 31 = 59 months and failed him.
    spells = (
        Spell("pelaksana", D(2020, 1, 16), D(2022, 6, 10)),
        Spell("administrator", D(2022, 6, 11)),
    )
    result = one("total_experience", {"years": 5}, CandidateFacts(spells=spells), D(2025, 1, 20))
    assert result.status == PASS
    assert "5 tahun 0 bulan" in result.data


def test_an_acting_post_beside_the_own_post_counts_once():
    # Administrator from 1 Jul 2020; also acting (Plt.) in a JPT post 1 Jan – 31 Dec 2023.
    # Closing 1 Jan 2025: 4 years 6 months in positions, not 5 years 6 months.
    spells = (
        Spell("administrator", D(2020, 7, 1)),
        Spell("jpt_pratama", D(2023, 1, 1), D(2023, 12, 31)),
    )
    result = one("total_experience", {"years": 5}, CandidateFacts(spells=spells), D(2025, 1, 1))
    assert result.status == FAIL
    assert "4 tahun 6 bulan" in result.data
    kinds = {"kinds": ["administrator", "jpt_pratama"], "years": 5}
    result = one("position_experience", kinds, CandidateFacts(spells=spells), D(2025, 1, 1))
    assert result.status == FAIL
    assert "4 tahun 6 bulan" in result.data


# --- predikat: the two calendar years before the closing year, each ≥ Baik ---------------------


def test_predikat_2024_and_2025_baik_or_better_passes():
    facts = CandidateFacts(predikats={2025: "sangat_baik", 2024: "baik", 2023: "kurang"})
    result = one("predikat", {"years": 2, "minimum": "baik"}, facts)
    assert result.status == PASS
    assert result.data == "2025: Sangat Baik; 2024: Baik"


def test_predikat_butuh_perbaikan_fails_with_the_year():
    facts = CandidateFacts(predikats={2025: "baik", 2024: "butuh_perbaikan"})
    result = one("predikat", {"years": 2, "minimum": "baik"}, facts)
    assert result.status == FAIL
    assert "2024" in result.reason


def test_missing_predikat_year_fails():
    result = one("predikat", {"years": 2}, CandidateFacts(predikats={2025: "baik"}))
    assert result.status == FAIL
    assert "2024" in result.reason


# --- discipline ---------------------------------------------------------------------------------


def test_sanction_ending_the_day_before_closing_is_no_longer_in_force():
    facts = CandidateFacts(
        sanctions=(Sanction("moderate", "Penundaan KGB", D(2025, 3, 31), D(2026, 3, 30)),)
    )
    assert one("no_discipline", {}, facts).status == PASS


def test_sanction_ending_on_the_closing_date_is_in_force():
    facts = CandidateFacts(
        sanctions=(Sanction("moderate", "Penundaan KGB", D(2025, 4, 1), D(2026, 3, 31)),)
    )
    result = one("no_discipline", {}, facts)
    assert result.status == FAIL
    assert "Penundaan KGB" in result.data


# --- JPM --------------------------------------------------------------------------------------


def test_best_jpm_over_target_posts():
    facts = CandidateFacts(
        jpm={"Kepala Dinas A": Decimal("75.00"), "Kepala Dinas B": Decimal("80.00")}
    )
    assert one("min_jpm", {"percent": "78"}, facts).status == PASS
    facts = CandidateFacts(jpm={"Kepala Dinas A": Decimal("77.99")})
    assert one("min_jpm", {"percent": "78"}, facts).status == FAIL


def test_external_applicant_without_data_is_unknown_and_not_eligible():
    results = rules.evaluate(
        [Requirement("predikat", {"years": 2}, 1), Requirement("no_discipline", {}, 2)],
        CandidateFacts(),
        closing=CLOSING,
        tables=TABLES,
    )
    assert [r.status for r in results] == [UNKNOWN, UNKNOWN]
    assert not rules.is_eligible(results)
    assert not rules.is_eligible(results, {1})
    assert rules.is_eligible(results, {1, 2})


# --- panel, weights ---------------------------------------------------------------------------


def test_panel_of_five_with_two_internal_is_fine():
    # 2 of 5 = 40 % ≤ 45 %
    assert rules.panel_problems(5, 2, PanelLimits()) == []


def test_panel_of_five_with_three_internal_is_refused_with_numbers():
    # 3 of 5 = 60 % > 45 %: at most 2 (45 % of 5 = 2.25)
    problems = rules.panel_problems(5, 3, PanelLimits())
    assert len(problems) == 1
    assert "3 dari 5" in problems[0] and "60.00%" in problems[0] and "2 orang" in problems[0]


def test_panel_of_nine_allows_four_internal():
    # 4 of 9 = 44.4 %; 5 of 9 = 55.6 %
    assert rules.panel_problems(9, 4, PanelLimits()) == []
    assert rules.panel_problems(9, 5, PanelLimits())


def test_panel_size_even_or_out_of_range():
    assert len(rules.panel_problems(6, 2, PanelLimits())) == 1  # even
    assert len(rules.panel_problems(3, 1, PanelLimits())) == 1  # too small
    assert len(rules.panel_problems(11, 3, PanelLimits())) == 1  # too big
    assert len(rules.panel_problems(4, 1, PanelLimits())) == 2  # even and too small


def test_weights_must_sum_to_100():
    weights = {"administrative": 0, "written_test": 20, "interview": 35, "track_record": 20}
    problems = rules.weight_problems(weights, {"administrative"})
    assert problems and "75%" in problems[0]
    weights["competency_assessment"] = 25
    assert rules.weight_problems(weights, {"administrative"}) == []


# --- scores and ranking -----------------------------------------------------------------------


def test_mean_of_panel_scores():
    # (80 + 85 + 90 + 70) / 4 = 81.25
    assert rules.mean_score([Decimal(80), Decimal(85), Decimal(90), Decimal(70)]) == Decimal(
        "81.25"
    )
    # (80 + 85 + 86) / 3 = 83.666… → 83.67
    assert rules.mean_score([Decimal(80), Decimal(85), Decimal(86)]) == Decimal("83.67")
    assert rules.mean_score([]) is None


WEIGHTS = {"written_test": 20, "competency_assessment": 25, "interview": 35, "track_record": 20}
ORDER = ["administrative", "written_test", "competency_assessment", "interview", "track_record"]
T0 = dt.datetime(2026, 3, 1, 8, 0)


def scores(written, assessment, interview, track):
    return {
        "written_test": Decimal(written),
        "competency_assessment": Decimal(assessment),
        "interview": Decimal(interview),
        "track_record": Decimal(track),
    }


def test_weighted_total_worked_example():
    # 0.20·80 + 0.25·70 + 0.35·90 + 0.20·60 = 16 + 17.5 + 31.5 + 12 = 77.00
    scores = {
        "written_test": Decimal(80),
        "competency_assessment": Decimal(70),
        "interview": Decimal(90),
        "track_record": Decimal(60),
    }
    assert rules.weighted_total(scores, WEIGHTS) == Decimal("77.00")


def test_tie_broken_by_the_heaviest_stage_then_the_earlier_application():
    # A: 0.2·90 + 0.25·70 + 0.35·80 + 0.2·70 = 18 + 17.5 + 28 + 14 = 77.5
    # B: 0.2·80 + 0.25·70 + 0.35·80 + 0.2·80 = 16 + 17.5 + 28 + 16 = 77.5 — same total and
    #    same interview (heaviest, 35): next heaviest is the assessment (25), equal again; then
    #    written test and track record weigh 20 each: the written test comes first → A wins.
    # C: 0.2·70 + 0.25·70 + 0.35·90 + 0.2·60 = 14 + 17.5 + 31.5 + 12 = 75.0
    a = Candidate("A", scores(90, 70, 80, 70), T0)
    b = Candidate("B", scores(80, 70, 80, 80), T0 - dt.timedelta(1))
    c = Candidate("C", scores(70, 70, 90, 60), T0)
    ranked = rules.rank_candidates([c, b, a], WEIGHTS, ORDER)
    assert [(r.key, r.rank, r.total) for r in ranked] == [
        ("A", 1, Decimal("77.50")),
        ("B", 2, Decimal("77.50")),
        ("C", 3, Decimal("75.00")),
    ]
    # All scores equal: the earlier application first.
    d = Candidate("D", a.scores, T0 + dt.timedelta(1))
    assert [r.key for r in rules.rank_candidates([d, a], WEIGHTS, ORDER)] == ["A", "D"]


def test_track_record_worked_example():
    # Closing 2026: years 2025, 2024, 2023. Predikat Sangat Baik (100), Baik (80), Baik (80)
    # → mean 86.67; one award in 2024 → +5; a light sanction decided 2022 is outside the window.
    points = {
        "predikat_sangat_baik": Decimal(100),
        "predikat_baik": Decimal(80),
        "award": Decimal(5),
        "award_cap": Decimal(10),
        "discipline_light": Decimal(10),
        "years": Decimal(3),
    }
    value, facts = rules.track_record_score(
        predikats={2025: "sangat_baik", 2024: "baik", 2023: "baik"},
        awards=[D(2024, 8, 17)],
        sanctions=[("light", D(2022, 5, 1))],
        on=CLOSING,
        points=points,
        predikat_labels=dict(TABLES.predikats),
    )
    assert value == Decimal("91.67")
    assert len(facts) == 4
    # With a light sanction decided in 2025: 91.67 − 10 = 81.67
    value, _facts = rules.track_record_score(
        predikats={2025: "sangat_baik", 2024: "baik", 2023: "baik"},
        awards=[D(2024, 8, 17)],
        sanctions=[("light", D(2025, 5, 1))],
        on=CLOSING,
        points=points,
        predikat_labels={},
    )
    assert value == Decimal("81.67")


def test_objection_deadline():
    # Result on Friday 10 April 2026, 3 days: until Monday 13 April.
    assert rules.objection_deadline(D(2026, 4, 10), 3) == D(2026, 4, 13)


@given(
    birth=st.dates(min_value=D(1950, 1, 1), max_value=D(2000, 12, 31)),
    closing=st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 12, 31)),
    max_years=st.integers(min_value=30, max_value=65),
)
def test_strict_reading_never_accepts_what_completed_years_refuses(birth, closing, max_years):
    strict = rules.age_within(birth, closing, max_years, "not_past_birthday")
    loose = rules.age_within(birth, closing, max_years, "completed_years")
    assert not strict or loose


# --- the stages' windows ----------------------------------------------------------------------


def _at(day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    """A moment in March 2026, agency time (Asia/Jakarta)."""
    from django.utils import timezone

    return timezone.make_aware(dt.datetime(2026, 3, day, hour, minute))


def _windows(*rows):
    from abdi.careers.rules import StageWindow

    return [StageWindow(kind, label, start, end, needs) for kind, label, start, end, needs in rows]


def test_stage_windows_worked_example():
    """Registration 2–13 March 2026: the administrative check may start on the 2nd; the written
    test from 14 March 00:00; the interview not before the written test."""
    from abdi.careers.rules import stage_window_problems

    bounds = {"opens_at": _at(2), "registration_ends_at": _at(14)}
    good = _windows(
        ("administrative", "Administrasi", _at(2, 8), _at(16, 16), False),
        ("written_test", "Ujian tertulis", _at(17, 8), _at(17, 10), True),
        ("interview", "Wawancara", _at(20, 8), _at(21, 16), False),
        ("track_record", "Rekam jejak", None, None, False),
    )
    assert stage_window_problems(good, **bounds) == []
    bad = _windows(
        ("administrative", "Administrasi", _at(1, 23, 59), _at(5), False),  # before opening
        ("written_test", "Ujian tertulis", _at(13, 8), _at(13, 10), True),  # before closing
        ("competency_assessment", "Asesmen", _at(18, 10), _at(18, 10), False),  # end = start
        ("interview", "Wawancara", _at(15, 8), None, False),  # one of the two
        ("track_record", "Rekam jejak", _at(16, 8), _at(16, 9), False),  # before the assessment
    )
    problems = stage_window_problems(bad, **bounds)
    assert problems == [
        "Tahap Administrasi tidak dapat dimulai sebelum pendaftaran dibuka (2 Maret 2026 00:00).",
        "Tahap Ujian tertulis baru dapat dimulai sesudah pendaftaran ditutup, paling cepat "
        "14 Maret 2026 00:00.",
        "Waktu selesai tahap Asesmen harus sesudah waktu mulainya.",
        "Isi waktu mulai dan selesai tahap Wawancara, atau kosongkan keduanya.",
        "Tahap Rekam jejak tidak dapat dimulai sebelum tahap Asesmen (18 Maret 2026 10:00).",
    ]


def test_a_quiz_linked_written_test_needs_its_window():
    from abdi.careers.rules import stage_window_problems

    problems = stage_window_problems(
        _windows(("written_test", "Ujian tertulis", None, None, True)),
        opens_at=_at(2),
        registration_ends_at=_at(14),
    )
    assert len(problems) == 1 and "kuis Abdi" in problems[0]
