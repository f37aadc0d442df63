"""Edges of the personnel rules that mutation testing (`make mutation`) showed untested. Values by
hand; no database."""

from __future__ import annotations

import datetime as dt

from abdi.employees import rules


def test_parse_nip_keeps_the_value_it_read():
    assert rules.parse_nip(" 19850314 2010011002 ").value == "198503142010011002"
    assert rules.parse_nip("1985031420100110").value == "1985031420100110"  # too short
    assert rules.parse_nip("abc").value == "abc"
    assert rules.parse_nip("").value == ""
    assert rules.parse_nip(None).value == ""
    assert rules.parse_nip("199001012016122001").value == "199001012016122001"  # PPPK


def test_cpns_month_of_the_birth_is_before_the_birth():
    # Born 1 January 1990, CPNS from January 1990: the TMT (1 Jan) is not after the birth.
    info = rules.parse_nip("199001011990011001")
    assert not info.valid
    assert info.errors == ("TMT CPNS pada NIP tidak boleh sebelum tanggal lahir.",)


def test_appointment_age_is_taken_on_the_last_day_of_the_tmt_month():
    # Born 31 Jan 1992: 18 on 31 Jan 2010, the last day of the TMT month → valid.
    assert rules.parse_nip("199201312010011001").valid
    # Born 1 Feb 1992: still 17 on 31 Jan 2010 → invalid.
    assert not rules.parse_nip("199202012010011001").valid


def test_pppk_appointment_too_close_to_the_birth_says_why():
    info = rules.parse_nip("200501012020211001")  # born 2005, appointed 2020
    assert info.kind == "pppk" and not info.valid
    assert info.errors[0].startswith("Tahun pengangkatan PPPK 2020 terlalu dekat")


def test_retirement_age_uses_the_latest_row_not_the_highest_age():
    table = [("x", dt.date(2000, 1, 1), 60), ("x", dt.date(2020, 1, 1), 58)]
    assert rules.retirement_age_for("x", dt.date(2021, 1, 1), table) == 58
    assert rules.retirement_age_for("x", dt.date(2010, 1, 1), table) == 60


def test_the_current_years_predikat_is_not_yet_counted():
    # Due 1 Oct 2026, today 1 Jun 2026: the last two complete years are 2024 and 2025; a low
    # predikat already recorded for 2026 does not stand in the way.
    outlook = rules.regular_promotion_outlook(
        today=dt.date(2026, 6, 1),
        rank_effective_from=dt.date(2022, 10, 1),
        rank_order=9,
        next_rank_exists=True,
        ceiling_rank_order=None,
        predikat_by_year={2024: "baik", 2025: "baik", 2026: "kurang"},
        sanction_in_force=False,
        min_years_in_rank=4,
        predikat_years=2,
        good_predikats={"baik", "sangat_baik"},
        schedules=[(dt.date(2025, 10, 1), tuple(range(1, 13)))],
    )
    assert outlook.due_date == dt.date(2026, 10, 1) and outlook.reasons == ()
