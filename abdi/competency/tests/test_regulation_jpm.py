"""Worked examples of the Job Person Match (Permen PANRB 38/2017; REGULATIONS.md §3) against the
tables the app loads (competency migration 0002: the dictionary, the default required levels by
position kind, the JPM bands), through `employee_gaps`, the selector of the competency page.

JPM = Σ actual levels ÷ Σ required levels × 100; Optimal ≥ 90, Cukup Optimal 78 to < 90,
Kurang Optimal < 78. Expected values are worked by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from abdi.competency import selectors, services
from abdi.competency.models import Competency

pytestmark = pytest.mark.django_db


def _by_code():
    return {
        c.code: c.pk for c in Competency.objects.filter(kind__in=["managerial", "socio_cultural"])
    }


def _assess(personas, employee, levels):
    services.assessment_record(
        actor=personas.admin,
        employee=employee,
        date=dt.date(2025, 6, 1),
        method="competency_test",
        assessor="UPT Penilaian Kompetensi",
        levels=levels,
    )


def test_loaded_default_standard_of_an_administrator(personas):
    """Administrator: level 3 in the eight managerial competencies and Perekat Bangsa."""
    codes = _by_code()
    assert sorted(codes) == ["M1", "M2", "M3", "M4", "M5", "M6", "M7", "M8", "SK1"]
    _assess(personas, personas.employee, {codes["M1"]: 3})
    result = selectors.employee_gaps(personas.employee, personas.supervisor_position)
    assert {g["competency"].code: g["required"] for g in result["gaps"]} == dict.fromkeys(codes, 3)
    # 3 of 27 = 11.11 %
    assert (result["jpm"], result["band"]) == (Decimal("11.11"), "Kurang Optimal")


def test_levels_above_the_standard_make_up_for_levels_below(personas):
    codes = _by_code()
    # Four above (4), four below (2), one at the standard (3): 16 + 8 + 3 = 27 of 27 → 100 %.
    levels = {codes[f"M{i}"]: 4 for i in (1, 2, 3, 4)}
    levels |= {codes[f"M{i}"]: 2 for i in (5, 6, 7, 8)}
    levels[codes["SK1"]] = 3
    _assess(personas, personas.employee, levels)
    result = selectors.employee_gaps(personas.employee, personas.supervisor_position)
    assert (result["jpm"], result["band"]) == (Decimal("100.00"), "Optimal")
    below = sorted(g["competency"].code for g in result["gaps"] if g["below"])
    assert below == ["M5", "M6", "M7", "M8"]


def test_three_levels_below_is_cukup_optimal(personas):
    codes = _by_code()
    # Three at 2, six at 3: 6 + 18 = 24 of 27 = 88.888… → 88.89 %, Cukup Optimal.
    levels = dict.fromkeys(codes.values(), 3) | {codes["M1"]: 2, codes["M2"]: 2, codes["M3"]: 2}
    _assess(personas, personas.employee, levels)
    result = selectors.employee_gaps(personas.employee, personas.supervisor_position)
    assert (result["jpm"], result["band"]) == (Decimal("88.89"), "Cukup Optimal")


def test_unassessed_competencies_count_as_zero_for_a_pelaksana(personas):
    codes = _by_code()
    # Pelaksana: level 1 in each of the nine. Seven assessed at 1, two never assessed:
    # 7 of 9 = 77.777… → 77.78 %, just under 78: Kurang Optimal.
    levels = {pk: 1 for code, pk in codes.items() if code not in ("M7", "M8")}
    _assess(personas, personas.employee, levels)
    result = selectors.employee_gaps(personas.employee)
    assert (result["jpm"], result["band"]) == (Decimal("77.78"), "Kurang Optimal")


@pytest.mark.parametrize(
    ("actual", "jpm", "band"),
    [
        # standard: five competencies at level 2 (10 in all)
        ((3, 1, 2, 1, 2), "90.00", "Optimal"),  # one above, two below: 9 of 10
        ((3, 3, 1, 1, 0), "80.00", "Cukup Optimal"),  # 8 of 10, one never assessed
        ((4, 4, 4, 4, 4), "200.00", "Optimal"),  # far above: counts as it is
        ((1, 1, 1, 1, 1), "50.00", "Kurang Optimal"),
    ],
)
def test_custom_position_standard(personas, actual, jpm, band):
    codes = _by_code()
    chosen = [codes[c] for c in ("M1", "M2", "M3", "M4", "M5")]
    services.position_standard_set(
        actor=personas.admin,
        position=personas.staff_position,
        levels=dict.fromkeys(chosen, 2) | {codes[c]: None for c in ("M6", "M7", "M8", "SK1")},
    )
    _assess(
        personas,
        personas.employee,
        {pk: lvl for pk, lvl in zip(chosen, actual, strict=True) if lvl},
    )
    result = selectors.employee_gaps(personas.employee)
    assert (result["jpm"], result["band"]) == (Decimal(jpm), band)
