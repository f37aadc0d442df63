"""The pure regulation functions of abdi.employees.rules (REGULATIONS.md §1).

Examples pin the readings documented in docs/decisions/0005-regulation-readings.md; hypothesis
properties check that the NIP builders and parser agree and that the schedule walk is sound.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from abdi.core.choices import Predikat
from abdi.employees import rules

# The real promotion schedules of abdi/core/migrations/0002_reference_data.py.
SCHEDULES = (
    (dt.date(2000, 10, 10), (4, 10)),
    (dt.date(2024, 1, 1), (2, 4, 6, 8, 10, 12)),
    (dt.date(2025, 10, 1), tuple(range(1, 13))),
)
BUP_TABLE = (
    ("pelaksana", dt.date(2017, 4, 7), 58),
    ("jpt_pratama", dt.date(2017, 4, 7), 60),
    ("jf_ahli_utama", dt.date(2017, 4, 7), 65),
)
GOOD = Predikat.at_least_baik()


@pytest.fixture(autouse=True)
def _indonesian():
    with translation.override("id"):
        yield


# --- parse_nip: the regulation's example and PPPK numbers -------------------------------------


def test_parse_nip_reads_the_regulation_example():
    info = rules.parse_nip("198503142010011002")
    assert info.valid and info.errors == ()
    assert info.kind == "pns"
    assert info.birth_date == dt.date(1985, 3, 14)
    assert info.tmt_cpns == dt.date(2010, 1, 1)
    assert info.sex == "m"
    assert info.sequence == 2
    assert info.appointment_year is None


def test_parse_nip_strips_spaces_and_reads_a_woman():
    info = rules.parse_nip(" 19900101 201503 2 005 ")
    assert info.valid
    assert info.value == "199001012015032005"
    assert info.sex == "f"
    assert info.tmt_cpns == dt.date(2015, 3, 1)
    assert info.sequence == 5


def test_parse_nip_reads_a_pppk_number():
    info = rules.parse_nip("199204152022" + "2" + "1" + "2" + "017")
    assert info.valid, info.errors
    assert info.kind == "pppk"
    assert info.birth_date == dt.date(1992, 4, 15)
    assert info.appointment_year == 2022
    assert info.contract_frequency == 1
    assert info.sex == "f"
    assert info.sequence == 17
    assert info.tmt_cpns is None


def test_parse_nip_pppk_errors():
    too_young = rules.parse_nip("200501012020" + "2112" + "01")
    assert not too_young.valid
    assert any("Tahun pengangkatan PPPK 2020" in e for e in too_young.errors)
    zero_frequency = rules.parse_nip("199001012022" + "2" + "0" + "1" + "001")
    assert not zero_frequency.valid
    assert zero_frequency.errors == ("Digit ke-14 (frekuensi kontrak PPPK) tidak boleh 0.",)


# --- parse_nip: every error path, with its message ----------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("19850314201001100A", "NIP hanya boleh berisi angka."),
        ("", "NIP hanya boleh berisi angka."),
        ("1985-03-14", "NIP hanya boleh berisi angka."),
        ("19850314201001100", "NIP harus 18 digit, bukan 17."),
        ("1985031420100110021", "NIP harus 18 digit, bukan 19."),
        (
            "198502302010011002",
            "Delapan digit pertama (19850230) bukan tanggal lahir yang sah (TTTTBBHH).",
        ),
        (
            "198503142010131002",
            "Digit ke-9 s.d. 14 (201013) bukan bulan TMT CPNS yang sah (TTTTBB).",
        ),
        (
            "198503142010001002",
            "Digit ke-9 s.d. 14 (201000) bukan bulan TMT CPNS yang sah (TTTTBB).",
        ),
        ("198503141980011002", "TMT CPNS pada NIP tidak boleh sebelum tanggal lahir."),
        ("198503142003011002", "Menurut NIP, usia saat TMT CPNS di bawah 18 tahun."),
        ("198503142010013002", "Digit ke-15 (3) harus 1 (laki-laki) atau 2 (perempuan)."),
        ("198503142010010002", "Digit ke-15 (0) harus 1 (laki-laki) atau 2 (perempuan)."),
        ("198503142010011000", "Nomor urut (tiga digit terakhir) tidak boleh 000."),
    ],
)
def test_parse_nip_error_messages(value, message):
    info = rules.parse_nip(value)
    assert not info.valid
    assert message in info.errors


def test_parse_nip_under_18_is_measured_at_the_end_of_the_tmt_month():
    # Born 1992-03-14: 18 on 2010-03-14, which lies inside the TMT month 2010-03.
    assert rules.parse_nip("199203142010031001").valid
    assert not rules.parse_nip("199203142010021001").valid


def test_parse_nip_reports_every_error_at_once():
    info = rules.parse_nip("198502302010133000")
    assert len(info.errors) == 4


def test_parse_nip_minimum_age_comes_from_the_caller():
    assert not rules.parse_nip("198503142010011002", min_appointment_age=30).valid


def test_parse_nip_rejects_non_ascii_digits():
    # '²' and Arabic-Indic digits pass str.isdigit(); they are no NIP.
    assert rules.parse_nip("²" * 18).errors == ("NIP hanya boleh berisi angka.",)
    assert not rules.parse_nip("١٩٨٥٠٣١٤٢٠١٠٠١١٠٠٢").valid


# --- NIP properties -------------------------------------------------------------------------------

birth_dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2060, 12, 31))


@st.composite
def pns_inputs(draw):
    birth = draw(birth_dates)
    eighteenth = rules.add_years(birth, 18)
    months_after = draw(st.integers(min_value=0, max_value=40 * 12))
    index = eighteenth.year * 12 + eighteenth.month - 1 + months_after
    tmt = dt.date(index // 12, index % 12 + 1, 1)
    return birth, tmt, draw(st.sampled_from("mf")), draw(st.integers(1, 999))


@given(pns_inputs())
def test_build_pns_nip_round_trips(data):
    birth, tmt, sex, sequence = data
    nip = rules.build_pns_nip(birth, tmt, sex, sequence)
    info = rules.parse_nip(nip)
    assert info.valid, (nip, info.errors)
    assert (info.kind, info.birth_date, info.tmt_cpns, info.sex, info.sequence) == (
        "pns",
        birth,
        tmt,
        sex,
        sequence,
    )


@given(
    birth_dates,
    st.integers(min_value=18, max_value=60),
    st.integers(1, 9),
    st.sampled_from("mf"),
    st.integers(1, 999),
)
def test_build_pppk_nip_round_trips(birth, age, frequency, sex, sequence):
    year = birth.year + age
    nip = rules.build_pppk_nip(birth, year, frequency, sex, sequence)
    info = rules.parse_nip(nip)
    assert info.valid, (nip, info.errors)
    assert (info.kind, info.birth_date, info.appointment_year) == ("pppk", birth, year)
    assert (info.contract_frequency, info.sex, info.sequence) == (frequency, sex, sequence)


@settings(max_examples=300)
@given(st.one_of(st.text(), st.text(alphabet="0123456789 ", min_size=15, max_size=21)))
def test_parse_nip_never_raises(value):
    info = rules.parse_nip(value)
    assert info.valid == (not info.errors)
    assert info.valid or info.errors


def test_parse_nip_accepts_none():
    assert not rules.parse_nip(None).valid


# --- retirement ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth", "age", "expected"),
    [
        (dt.date(1967, 3, 14), 58, dt.date(2025, 4, 1)),  # the regulation's example
        (dt.date(1967, 3, 1), 58, dt.date(2025, 4, 1)),  # born on the 1st: still the next month
        (dt.date(1967, 3, 31), 58, dt.date(2025, 4, 1)),
        (dt.date(1967, 12, 5), 58, dt.date(2026, 1, 1)),  # December rolls the year
        (dt.date(1968, 2, 29), 58, dt.date(2026, 3, 1)),  # 29 Feb in a common year
        (dt.date(1968, 2, 29), 60, dt.date(2028, 3, 1)),  # 29 Feb in a leap year
        (dt.date(1965, 7, 20), 65, dt.date(2030, 8, 1)),
    ],
)
def test_retirement_date(birth, age, expected):
    assert rules.retirement_date(birth, age) == expected


def test_retirement_age_for_uses_the_row_in_force():
    table = (
        *BUP_TABLE,
        ("pelaksana", dt.date(2030, 1, 1), 60),  # a future change
    )
    on = dt.date(2026, 6, 1)
    assert rules.retirement_age_for("pelaksana", on, table) == 58
    assert rules.retirement_age_for("pelaksana", dt.date(2030, 1, 1), table) == 60
    assert rules.retirement_age_for("jpt_pratama", on, table) == 60
    assert rules.retirement_age_for("jf_ahli_utama", on, table) == 65
    # before any row, or for an unknown kind or no position: the default
    assert rules.retirement_age_for("pelaksana", dt.date(2010, 1, 1), table) == 58
    assert rules.retirement_age_for(None, on, table) == 58
    assert rules.retirement_age_for(None, on, table, default=56) == 56
    # a special law (teachers 60) overrides the table
    assert rules.retirement_age_for("pelaksana", on, table, override=60) == 60


@given(birth_dates, st.integers(40, 75))
def test_retirement_date_is_the_first_after_the_birthday_month(birth, age):
    retires = rules.retirement_date(birth, age)
    birthday = rules.add_years(birth, age)
    assert retires.day == 1
    assert retires > birthday
    assert (retires - birthday).days <= 31
    assert (retires.year * 12 + retires.month) - (birthday.year * 12 + birthday.month) == 1


# --- promotion schedule --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("earliest", "expected"),
    [
        (dt.date(2023, 4, 1), dt.date(2023, 4, 1)),  # already a TMT
        (dt.date(2023, 4, 2), dt.date(2023, 10, 1)),
        (dt.date(2023, 5, 1), dt.date(2023, 10, 1)),
        (dt.date(2023, 10, 2), dt.date(2024, 2, 1)),  # Apr 2024 is old rule; Feb 2024 is new
        (dt.date(2023, 11, 15), dt.date(2024, 2, 1)),
        (dt.date(2024, 1, 1), dt.date(2024, 2, 1)),
        (dt.date(2024, 3, 10), dt.date(2024, 4, 1)),
        (dt.date(2025, 5, 1), dt.date(2025, 6, 1)),
        (dt.date(2025, 8, 2), dt.date(2025, 10, 1)),  # Sep is not a month yet in 2025
        (dt.date(2025, 10, 1), dt.date(2025, 10, 1)),
        (dt.date(2025, 10, 2), dt.date(2025, 11, 1)),  # monthly from Oct 2025
        (dt.date(2026, 12, 31), dt.date(2027, 1, 1)),
        (dt.date(2010, 12, 31), dt.date(2011, 4, 1)),
    ],
)
def test_next_promotion_date_follows_the_schedule_changes(earliest, expected):
    assert rules.next_promotion_date(earliest, SCHEDULES) == expected


def test_promotion_months_on():
    assert rules.promotion_months_on(dt.date(2023, 12, 31), SCHEDULES) == (4, 10)
    assert rules.promotion_months_on(dt.date(2024, 1, 1), SCHEDULES) == (2, 4, 6, 8, 10, 12)
    assert len(rules.promotion_months_on(dt.date(2025, 10, 1), SCHEDULES)) == 12
    assert rules.promotion_months_on(dt.date(1990, 1, 1), SCHEDULES) == (4, 10)  # before any row


def firsts_of_months(start: dt.date, end: dt.date) -> list[dt.date]:
    """The 1st of every month from `start` (itself when it is a 1st) to before `end`."""
    month = start.year * 12 + start.month - 1 + (start.day > 1)  # months since year 0
    days = []
    while (day := dt.date(month // 12, month % 12 + 1, 1)) < end:
        days.append(day)
        month += 1
    return days


def test_firsts_of_months():
    assert firsts_of_months(dt.date(2023, 11, 15), dt.date(2024, 2, 1)) == [
        dt.date(2023, 12, 1),
        dt.date(2024, 1, 1),
    ]
    assert firsts_of_months(dt.date(2024, 1, 1), dt.date(2024, 2, 2)) == [
        dt.date(2024, 1, 1),
        dt.date(2024, 2, 1),
    ]


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1)))
def test_next_promotion_date_properties(earliest):
    result = rules.next_promotion_date(earliest, SCHEDULES)
    assert result >= earliest
    assert result.day == 1
    assert result.month in rules.promotion_months_on(result, SCHEDULES)
    # and it is the first such date: no allowed 1st lies between
    for day in firsts_of_months(earliest, result):
        assert day.month not in rules.promotion_months_on(day, SCHEDULES)


# --- regular promotion outlook -------------------------------------------------------------------


def outlook(**overrides):
    values = {
        "today": dt.date(2026, 1, 15),
        "rank_effective_from": dt.date(2022, 4, 1),
        "rank_order": 9,
        "next_rank_exists": True,
        "ceiling_rank_order": 12,
        "predikat_by_year": {2024: Predikat.BAIK, 2025: Predikat.SANGAT_BAIK},
        "sanction_in_force": False,
        "min_years_in_rank": 4,
        "predikat_years": 2,
        "good_predikats": GOOD,
        "schedules": SCHEDULES,
    }
    values.update(overrides)
    return rules.regular_promotion_outlook(**values)


def test_outlook_due_date_is_first_tmt_after_four_years_in_rank():
    result = outlook()
    assert result.due_date == dt.date(2026, 4, 1)
    assert result.reasons == ()
    assert result.eligible_when_due


@pytest.mark.parametrize(
    ("rank_from", "due"),
    [
        (dt.date(2019, 4, 1), dt.date(2023, 4, 1)),
        (dt.date(2019, 5, 1), dt.date(2023, 10, 1)),
        (dt.date(2020, 1, 1), dt.date(2024, 2, 1)),
        (dt.date(2021, 5, 1), dt.date(2025, 6, 1)),
        (dt.date(2021, 9, 1), dt.date(2025, 10, 1)),
        (dt.date(2021, 11, 20), dt.date(2025, 12, 1)),
        (dt.date(2024, 2, 29), dt.date(2028, 3, 1)),
    ],
)
def test_outlook_due_dates_across_schedules(rank_from, due):
    today = dt.date(2026, 1, 15)
    result = outlook(rank_effective_from=rank_from, today=today)
    assert result.due_date == due


def test_outlook_reasons():
    assert outlook(rank_effective_from=None).reasons == ("Golongan atau TMT golongan belum diisi.",)
    assert outlook(rank_order=None).due_date is None
    top = outlook(next_rank_exists=False, rank_order=17)
    assert (top.due_date, top.reasons) == (None, ("Sudah berada pada golongan tertinggi.",))
    ceiling = outlook(rank_order=12, ceiling_rank_order=12)
    assert ceiling.due_date is None
    assert ceiling.reasons == (
        "Golongan sudah mencapai batas tertinggi untuk pendidikan terakhir.",
    )
    assert outlook(rank_order=11, ceiling_rank_order=12).reasons == ()
    assert outlook(ceiling_rank_order=None).reasons == ()
    sanction = outlook(sanction_in_force=True)
    assert sanction.due_date == dt.date(2026, 4, 1)
    assert sanction.reasons == ("Sedang menjalani hukuman disiplin.",)
    assert not sanction.eligible_when_due


def test_outlook_predikat_missing_or_low():
    missing = outlook(predikat_by_year={2025: Predikat.BAIK})
    assert missing.reasons == ("Predikat kinerja tahun 2024 belum ada.",)
    low = outlook(predikat_by_year={2024: Predikat.BUTUH_PERBAIKAN, 2025: Predikat.BAIK})
    assert low.reasons == ("Predikat kinerja tahun 2024 di bawah Baik.",)
    both = outlook(predikat_by_year={}, sanction_in_force=True)
    assert len(both.reasons) == 3


def test_outlook_future_due_date_does_not_ask_for_years_not_yet_over():
    # Due in 2028: the years that count are 2026 and 2027, which are not over yet in 2026.
    result = outlook(rank_effective_from=dt.date(2024, 4, 1), predikat_by_year={})
    assert result.due_date == dt.date(2028, 4, 1)
    assert result.reasons == ()
    # ... but a low predikat already given for such a year is a reason.
    low = outlook(rank_effective_from=dt.date(2024, 4, 1), predikat_by_year={2026: Predikat.KURANG})
    assert low.reasons == ("Predikat kinerja tahun 2026 di bawah Baik.",)


# --- KGB and durations ---------------------------------------------------------------------------


def test_next_periodic_increase():
    today = dt.date(2026, 1, 15)
    kgb = rules.next_periodic_increase
    # from the service start: 2010, 2012, ... 2026-01-01 is past, so 2028-01-01
    assert kgb(
        today=today, service_start=dt.date(2010, 1, 1), last_increase=None, interval_years=2
    ) == dt.date(2028, 1, 1)
    # from the last increase, which wins over the start
    assert kgb(
        today=today,
        service_start=dt.date(2010, 1, 1),
        last_increase=dt.date(2025, 4, 1),
        interval_years=2,
    ) == dt.date(2027, 4, 1)
    # a last increase exactly two years ago today is due again in two years
    assert kgb(
        today=today, service_start=None, last_increase=dt.date(2024, 1, 15), interval_years=2
    ) == dt.date(2028, 1, 15)
    assert kgb(today=today, service_start=None, last_increase=None, interval_years=2) is None


@given(
    st.dates(min_value=dt.date(1970, 1, 1), max_value=dt.date(2030, 1, 1)),
    st.dates(min_value=dt.date(1970, 1, 1), max_value=dt.date(2030, 1, 1)),
    st.integers(1, 4),
)
def test_next_periodic_increase_is_in_the_future(today, start, interval):
    result = rules.next_periodic_increase(
        today=today, service_start=start, last_increase=None, interval_years=interval
    )
    assert result > today
    assert result > start
    assert rules.add_years(result, -interval) <= today or result == rules.add_years(start, interval)


@pytest.mark.parametrize(
    ("start", "end", "years", "months"),
    [
        (dt.date(2010, 1, 1), dt.date(2026, 1, 15), 16, 0),
        (dt.date(2010, 1, 20), dt.date(2026, 1, 15), 15, 11),
        (dt.date(2010, 3, 1), dt.date(2010, 3, 1), 0, 0),
        (dt.date(2026, 3, 1), dt.date(2010, 3, 1), 0, 0),  # reversed: nothing
    ],
)
def test_duration_between(start, end, years, months):
    duration = rules.duration_between(start, end)
    assert (duration.years, duration.months) == (years, months)
    assert str(duration) == f"{years} tahun {months} bulan"


def test_age_on_birthday_boundaries():
    assert rules.age_on(dt.date(1985, 3, 14), dt.date(2026, 3, 13)) == 40
    assert rules.age_on(dt.date(1985, 3, 14), dt.date(2026, 3, 14)) == 41
    assert rules.add_years(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)
