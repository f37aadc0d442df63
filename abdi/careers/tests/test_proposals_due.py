"""Due lists: the database window, the judged rows with their blocking reasons, scope and
bounded queries."""

import datetime as dt

import pytest

from abdi.careers.selectors.due import DueList
from abdi.core.models import Rank
from abdi.employees.models import AnnualPredikat, Award, DisciplineRecord
from abdi.testing import make_employee

D = dt.date
TODAY = D(2026, 12, 1)
pytestmark = pytest.mark.django_db


def predikats(employee, **by_year):
    for year, value in by_year.items():
        AnnualPredikat.objects.create(employee=employee, year=int(year[1:]), predikat=value)


def rows(due: DueList):
    return {r.employee.pk: r for r in due.rows(due.queryset)}


def kp(user=None, **kw):
    return DueList(
        kind="kp",
        period_start=D(2027, 1, 1),
        period_end=D(2027, 6, 30),
        user=user,
        today=TODAY,
        **kw,
    )


def test_kp_due_and_blocking_reasons(personas):
    p = personas
    # employee: III/a since 1 Apr 2020 (S1, ceiling III/d), Baik in 2024 and 2025 → due.
    predikats(p.employee, y2024="baik", y2025="sangat_baik")
    # colleague: same rank date, Butuh Perbaikan in 2025 → blocked.
    p.colleague.rank_effective_from = D(2020, 4, 1)
    p.colleague.save()
    predikats(p.colleague, y2024="baik", y2025="butuh_perbaikan")
    # supervisor: III/d, the ceiling of S1 → blocked.
    predikats(p.supervisor, y2024="baik", y2025="baik")
    # outsider: a sanction in force on the TMT.
    predikats(p.outsider, y2024="baik", y2025="baik")
    DisciplineRecord.objects.create(
        employee=p.outsider,
        severity="moderate",
        sanction="Penurunan pangkat",
        decided_on=D(2026, 6, 1),
        effective_from=D(2026, 6, 1),
        effective_until=D(2027, 5, 31),
    )
    found = rows(kp(p.admin))
    assert found[p.employee.pk].due_date == D(2027, 1, 1)
    assert found[p.employee.pk].eligible
    assert found[p.employee.pk].detail == "III/a → III/b"
    assert found[p.employee.pk].proposed_rank_id == Rank.objects.get(code="III/b").pk
    assert found[p.colleague.pk].reasons == ("Predikat kinerja tahun 2025 di bawah Baik.",)
    assert found[p.supervisor.pk].reasons == (
        "Golongan sudah mencapai batas tertinggi untuk pendidikan terakhir.",
    )
    assert not found[p.supervisor.pk].eligible
    assert found[p.outsider.pk].reasons == ("Sedang menjalani hukuman disiplin.",)


def test_kp_window_leaves_out_those_not_four_years_in_rank(personas):
    p = personas
    p.colleague.rank_effective_from = D(2023, 10, 1)  # four years only in Oct 2027
    p.colleague.save()
    ids = set(kp(p.admin).queryset.values_list("pk", flat=True))
    assert p.employee.pk in ids
    assert p.colleague.pk not in ids
    row = kp(p.admin).evaluate(p.colleague)
    assert not row.is_due
    assert row.reasons[0] == "Belum 4 tahun dalam pangkat pada periode ini."


def test_operator_sees_only_own_opd_and_unit_filter(personas):
    p = personas
    ids = set(kp(p.operator).queryset.values_list("pk", flat=True))
    assert p.employee.pk in ids and p.outsider.pk not in ids
    ids = set(kp(p.admin, unit=p.unit_b).queryset.values_list("pk", flat=True))
    assert ids == {p.outsider.pk, p.head_b.pk} & ids and p.employee.pk not in ids
    assert not kp(p.employee.user).queryset.exists()  # no due lists for a plain employee


def test_kgb_due_two_years_after_the_last(personas):
    p = personas
    p.employee.last_kgb_date = D(2025, 3, 1)
    p.employee.save()
    p.colleague.last_kgb_date = D(2026, 1, 1)
    p.colleague.save()
    due = DueList(
        kind="kgb",
        period_start=D(2027, 1, 1),
        period_end=D(2027, 6, 30),
        user=p.admin,
        today=TODAY,
    )
    found = rows(due)
    assert found[p.employee.pk].due_date == D(2027, 3, 1)
    assert found[p.employee.pk].eligible
    assert p.colleague.pk not in found  # due 1 Jan 2028


def test_bup_in_the_next_24_months(personas):
    p = personas
    # Pelaksana (BUP 58), born 20 Dec 1968: BUP birthday 20 Dec 2026 → retires 1 Jan 2027.
    old = make_employee(
        name="Sri Purna",
        unit=p.subunit_a,
        position=p.staff_position,
        birth_date=D(1968, 12, 20),
        tmt_cpns=D(1992, 3, 1),
    )
    # JPT Pratama (BUP 60), head_b born 9 Jan 1969: retires 1 Feb 2029, outside the period.
    due = DueList(
        kind="bup",
        period_start=D(2027, 1, 1),
        period_end=D(2028, 12, 31),
        user=p.admin,
        today=TODAY,
    )
    found = rows(due)
    assert found[old.pk].due_date == D(2027, 1, 1)
    assert found[old.pk].detail == "BUP 58 tahun"
    assert p.head_b.pk not in found


def test_satyalancana_ten_twenty(personas):
    p = personas
    ten = make_employee(
        name="Sepuluh", unit=p.subunit_a, tmt_cpns=D(2017, 3, 1), birth_date=D(1990, 1, 5)
    )
    twenty = make_employee(
        name="Duapuluh", unit=p.subunit_a, tmt_cpns=D(2007, 5, 1), birth_date=D(1980, 1, 5)
    )
    twenty_with_ten = make_employee(
        name="Lengkap", unit=p.subunit_a, tmt_cpns=D(2007, 6, 1), birth_date=D(1980, 2, 5)
    )
    Award.objects.create(
        employee=twenty_with_ten, name="Satyalancana Karya Satya X Tahun", awarded_on=D(2018, 8, 17)
    )
    DisciplineRecord.objects.create(
        employee=ten,
        severity="light",
        sanction="Teguran lisan",
        decided_on=D(2020, 1, 1),
        effective_from=D(2020, 1, 1),
        effective_until=D(2020, 6, 30),
    )
    due = DueList(
        kind="satyalancana",
        period_start=D(2027, 1, 1),
        period_end=D(2027, 12, 31),
        user=p.admin,
        today=TODAY,
    )
    found = rows(due)
    assert found[ten.pk].due_date == D(2027, 3, 1) and found[ten.pk].eligible  # light: no bar
    assert found[twenty.pk].reasons == ("Belum menerima Satyalancana Karya Satya X Tahun.",)
    assert found[twenty_with_ten.pk].eligible
    assert found[twenty_with_ten.pk].detail == "Satyalancana Karya Satya XX Tahun"


@pytest.mark.parametrize("kind", ["kp", "kgb", "bup", "satyalancana"])
def test_a_page_costs_the_same_queries_for_any_size(personas, django_assert_max_num_queries, kind):
    p = personas
    for i in range(30):
        make_employee(
            name=f"Massal {i}",
            unit=p.subunit_a,
            birth_date=D(1968, 12, 1 + i % 28),
            tmt_cpns=D(2017, 3, 1),
        )
    with django_assert_max_num_queries(14):
        due = DueList(
            kind=kind,
            period_start=D(2027, 1, 1),
            period_end=D(2028, 12, 31),
            user=p.operator,
            today=TODAY,
        )
        page = list(due.queryset[:25])
        due.rows(page)
