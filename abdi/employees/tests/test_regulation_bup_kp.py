"""Worked examples of retirement (BUP, PP 11/2017) and regular rank promotion dates (KP reguler),
against the tables the app actually loads (core migration 0002, read by `reference_tables()`)
and through the functions the pages and the API use (`retirement_for`, `employee_facts`).

Every expected date below is written by hand from REGULATIONS.md §1 — never computed by the
code under test. Changing a row of the loaded tables must make one of these tests fail
(docs/decisions/0020-api-contract-and-regulation-tests.md lists the mutations tried)."""

from __future__ import annotations

import datetime as dt

import pytest

from abdi.core.choices import PositionKind
from abdi.core.selectors import reference_tables
from abdi.employees import rules
from abdi.employees.models import Employee
from abdi.employees.selectors import employee_facts, retirement_for
from abdi.org.models import Position
from abdi.testing import make_employee

TODAY = dt.date(2026, 12, 7)

# position kind, birth date, BUP (PP 11/2017), retirement date: the 1st of the month after the
# month of the BUP birthday — all by hand.
BUP_EXAMPLES = [
    # Administrator, Pengawas, Pelaksana: 58
    (PositionKind.ADMINISTRATOR, dt.date(1967, 3, 14), 58, dt.date(2025, 4, 1)),
    (PositionKind.PENGAWAS, dt.date(1970, 12, 5), 58, dt.date(2029, 1, 1)),  # across a year end
    (PositionKind.PELAKSANA, dt.date(1968, 1, 31), 58, dt.date(2026, 2, 1)),
    # JPT (Utama, Madya, Pratama): 60
    (PositionKind.JPT_UTAMA, dt.date(1966, 7, 1), 60, dt.date(2026, 8, 1)),  # born on the 1st
    (PositionKind.JPT_MADYA, dt.date(1965, 11, 20), 60, dt.date(2025, 12, 1)),
    (PositionKind.JPT_PRATAMA, dt.date(1964, 2, 29), 60, dt.date(2024, 3, 1)),  # 29 Feb, leap
    # JF Ahli Pertama, Ahli Muda: 58
    (PositionKind.JF_AHLI_PERTAMA, dt.date(1972, 5, 10), 58, dt.date(2030, 6, 1)),
    (PositionKind.JF_AHLI_MUDA, dt.date(1971, 8, 17), 58, dt.date(2029, 9, 1)),
    # JF Ahli Madya: 60
    (PositionKind.JF_AHLI_MADYA, dt.date(1968, 10, 2), 60, dt.date(2028, 11, 1)),
    # JF Ahli Utama: 65
    (PositionKind.JF_AHLI_UTAMA, dt.date(1962, 4, 21), 65, dt.date(2027, 5, 1)),
    # JF keterampilan (Pemula, Terampil, Mahir, Penyelia): 58
    (PositionKind.JF_PEMULA, dt.date(1975, 9, 9), 58, dt.date(2033, 10, 1)),
    (PositionKind.JF_TERAMPIL, dt.date(1969, 6, 30), 58, dt.date(2027, 7, 1)),
    (PositionKind.JF_MAHIR, dt.date(1970, 2, 14), 58, dt.date(2028, 3, 1)),
    (PositionKind.JF_PENYELIA, dt.date(1967, 12, 25), 58, dt.date(2026, 1, 1)),  # year end
]


def test_every_position_kind_has_a_worked_example():
    assert {row[0] for row in BUP_EXAMPLES} == set(PositionKind.values)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "born", "bup", "retires"), BUP_EXAMPLES, ids=[row[0] for row in BUP_EXAMPLES]
)
def test_bup_and_retirement_date_from_the_loaded_table(kind, born, bup, retires):
    employee = Employee(birth_date=born, position=Position(kind=kind))
    assert retirement_for(employee, reference_tables(), TODAY) == (bup, retires)


@pytest.mark.django_db
def test_jf_ahli_utama_born_on_a_leap_day_retires_in_march():
    # 65th birthday falls in February 2025 (no 29th): the month after is March.
    employee = Employee(
        birth_date=dt.date(1960, 2, 29), position=Position(kind=PositionKind.JF_AHLI_UTAMA)
    )
    assert retirement_for(employee, reference_tables(), TODAY) == (65, dt.date(2025, 3, 1))


@pytest.mark.django_db
def test_position_override_wins_over_the_table():
    # A teacher (special law, BUP 60) in a Pelaksana-kind position born 1970-05-05.
    employee = Employee(
        birth_date=dt.date(1970, 5, 5),
        position=Position(kind=PositionKind.PELAKSANA, retirement_age_override=60),
    )
    assert retirement_for(employee, reference_tables(), TODAY) == (60, dt.date(2030, 6, 1))


@pytest.mark.django_db
def test_employee_page_facts_show_the_jf_ahli_utama_retirement(personas):
    position = Position.objects.create(
        code="JF-UTAMA-1",
        name="Analis Kebijakan Ahli Utama",
        kind=PositionKind.JF_AHLI_UTAMA,
        class_grade=14,
        org_unit=personas.unit_a,
    )
    person = make_employee(
        name="Prof. Siti Aminah",
        unit=personas.unit_a,
        position=position,
        birth_date=dt.date(1962, 4, 21),
        rank_code="IV/d",
    )
    facts = employee_facts(person, today=TODAY, with_supervisor=False)
    assert (facts.retirement_age, facts.retirement_date) == (65, dt.date(2027, 5, 1))


# --- KP reguler: promotion dates (TMT) --------------------------------------------------------
# 4 years in rank → the first promotion date on or after that day, by the schedule in force:
# 1 Apr / 1 Oct until 2023; 1 Feb, Apr, Jun, Aug, Oct, Dec from 2024; every month from
# 1 October 2025. All by hand.
KP_EXAMPLES = [
    # (current rank since, next promotion date)
    # until 2023: April and October
    (dt.date(2019, 4, 1), dt.date(2023, 4, 1)),  # exactly on a promotion date
    (dt.date(2019, 1, 15), dt.date(2023, 4, 1)),
    (dt.date(2019, 4, 2), dt.date(2023, 10, 1)),
    (dt.date(2019, 8, 1), dt.date(2023, 10, 1)),
    # the switch to six a year: after 1 Oct 2023 the next date is 1 Feb 2024, not 1 Apr 2024
    (dt.date(2019, 10, 2), dt.date(2024, 2, 1)),
    (dt.date(2019, 12, 31), dt.date(2024, 2, 1)),
    # 2024 to September 2025: even months
    (dt.date(2020, 1, 10), dt.date(2024, 2, 1)),
    (dt.date(2020, 2, 2), dt.date(2024, 4, 1)),
    (dt.date(2020, 2, 29), dt.date(2024, 4, 1)),  # 4 years later is 29 Feb 2024
    (dt.date(2020, 4, 2), dt.date(2024, 6, 1)),
    (dt.date(2020, 6, 15), dt.date(2024, 8, 1)),
    (dt.date(2020, 8, 1), dt.date(2024, 8, 1)),
    (dt.date(2020, 10, 2), dt.date(2024, 12, 1)),
    (dt.date(2020, 12, 2), dt.date(2025, 2, 1)),
    (dt.date(2021, 6, 2), dt.date(2025, 8, 1)),
    # the switch to monthly: September 2025 is no promotion month yet, October 2025 is
    (dt.date(2021, 8, 2), dt.date(2025, 10, 1)),
    (dt.date(2021, 8, 20), dt.date(2025, 10, 1)),
    (dt.date(2021, 9, 1), dt.date(2025, 10, 1)),
    # from 1 October 2025: the 1st of every month
    (dt.date(2021, 10, 2), dt.date(2025, 11, 1)),
    (dt.date(2021, 11, 30), dt.date(2025, 12, 1)),
    (dt.date(2022, 1, 1), dt.date(2026, 1, 1)),
    (dt.date(2022, 2, 28), dt.date(2026, 3, 1)),
    (dt.date(2022, 6, 2), dt.date(2026, 7, 1)),
    (dt.date(2022, 12, 31), dt.date(2027, 1, 1)),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("since", "due"), KP_EXAMPLES, ids=[str(r[0]) for r in KP_EXAMPLES])
def test_next_promotion_date_from_the_loaded_schedules(since, due):
    schedules = reference_tables().promotion_schedules
    assert rules.next_promotion_date(rules.add_years(since, 4), schedules) == due


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("on", "months"),
    [
        (dt.date(2023, 12, 31), (4, 10)),
        (dt.date(2024, 1, 1), (2, 4, 6, 8, 10, 12)),
        (dt.date(2025, 9, 30), (2, 4, 6, 8, 10, 12)),
        (dt.date(2025, 10, 1), tuple(range(1, 13))),
    ],
)
def test_promotion_months_in_force_around_each_switch(on, months):
    assert tuple(rules.promotion_months_on(on, reference_tables().promotion_schedules)) == months


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("since", "today", "due"),
    [
        (dt.date(2020, 4, 2), dt.date(2024, 1, 15), dt.date(2024, 6, 1)),
        (dt.date(2020, 10, 2), dt.date(2024, 3, 1), dt.date(2024, 12, 1)),
        (dt.date(2022, 6, 2), dt.date(2026, 1, 5), dt.date(2026, 7, 1)),
    ],
)
def test_employee_page_facts_show_the_next_promotion(personas, since, today, due):
    Employee.objects.filter(pk=personas.employee.pk).update(rank_effective_from=since)
    person = Employee.objects.get(pk=personas.employee.pk)
    facts = employee_facts(person, today=today, with_supervisor=False)
    assert facts.promotion is not None and facts.promotion.due_date == due
