"""The yearly IP ASN snapshot computed from the other apps' records; expected values worked by
hand from REGULATIONS §5 (see test_ip_asn_rules for the table)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from abdi.core.models import EducationLevel
from abdi.employees.models import AnnualPredikat, DisciplineRecord, EducationHistory
from abdi.insights import services
from abdi.insights.models import IpAsnScore, SnapshotRun
from abdi.insights.selectors.ip_asn_inputs import points_table
from abdi.insights.tests.factories import training

YEAR = 2025
pytestmark = pytest.mark.django_db


def sanction(employee, severity, start, until=None):
    DisciplineRecord.objects.create(
        employee=employee,
        severity=severity,
        sanction="Uji",
        decided_on=start,
        effective_from=start,
        effective_until=until,
    )


@pytest.fixture
def world(personas):
    p = personas
    # employee: Pelaksana, S1; 24 JP in 2025 (technical), a seminar in 2024, Baik in 2025.
    training(p.employee, category="technical", year=YEAR, jp=24)
    training(p.employee, category="seminar", year=YEAR - 1, jp=4)
    AnnualPredikat.objects.create(employee=p.employee, year=YEAR - 1, predikat="sangat_baik")
    AnnualPredikat.objects.create(employee=p.employee, year=YEAR, predikat="baik")
    # supervisor: Administrator; S1 on the record but an S2 in the education history; PKP only
    # (below the position's level); 10 JP; a seminar in 2022 (outside two years); Baik in
    # 2024; a light sanction during 2025.
    EducationHistory.objects.create(
        employee=p.supervisor,
        level=EducationLevel.objects.get(code="S2"),
        institution="Universitas Uji",
        graduation_year=2015,
    )
    training(p.supervisor, category="pkp", year=2019, jp=10)
    training(p.supervisor, category="seminar", year=2022, jp=3)
    training(p.supervisor, category="technical", year=YEAR, jp=10)
    AnnualPredikat.objects.create(employee=p.supervisor, year=YEAR - 1, predikat="baik")
    sanction(p.supervisor, "light", dt.date(YEAR, 3, 1), dt.date(YEAR, 9, 1))
    # head_a: JPT Pratama, S1; PKN; 30 JP in 2025; no predikat; a severe sanction that ended
    # before 2025.
    training(p.head_a, category="pkn", year=2020, jp=30)
    training(p.head_a, category="technical", year=YEAR, jp=30)
    sanction(p.head_a, "severe", dt.date(2022, 1, 1), dt.date(YEAR - 1, 12, 31))
    # head_b left: not scored.
    p.head_b.is_active = False
    p.head_b.save()
    return p


def scores():
    return {s.employee_id: s for s in IpAsnScore.objects.filter(year=YEAR)}


def test_points_table_is_loaded_as_regulation_data():
    table = points_table(YEAR)
    assert table.qualification["S3"] == D(25)
    assert table.qualification["SLTP"] == D(1)
    assert table.competency["pelaksana.technical"] == D("22.5")
    assert table.competency["functional.functional"] == D(15)
    assert table.performance["butuh_perbaikan"] == D(15)
    assert table.discipline["none"] == D(5)
    assert table.jp_threshold("structural") == 20
    assert table.seminar_years() == 2
    assert [c for _a, c in table.bands] == [
        "sangat_tinggi",
        "tinggi",
        "sedang",
        "rendah",
        "sangat_rendah",
    ]


def test_compute_a_year(world):
    p = world
    count = services.ip_asn_compute(year=YEAR)
    got = scores()
    assert count == len(got) == 5  # head_b is inactive
    assert p.head_b.pk not in got

    e = got[p.employee.pk]  # 15 + 22.5 + 17.5 + 25 + 5 = 85
    assert (e.position_group, e.education_code, e.jp, e.seminar, e.predikat) == (
        "pelaksana",
        "S1",
        24,
        True,
        "baik",
    )
    assert (e.qualification, e.competency, e.performance, e.discipline) == (
        D(15),
        D(40),
        D(25),
        D(5),
    )
    assert e.total == D(85) and e.category == "tinggi"

    s = got[p.supervisor.pk]  # S2 20 + 0 + Baik (2024) 25 + light 3 = 48
    assert (s.education_code, s.leadership_training, s.seminar, s.jp) == ("S2", False, False, 10)
    assert (s.predikat, s.sanction) == ("baik", "light")
    assert s.total == D(48) and s.category == "sangat_rendah"

    h = got[p.head_a.pk]  # S1 15 + (15 + 15) + no predikat 0 + none 5 = 50
    assert (h.position_group, h.leadership_training, h.sanction) == ("structural", True, "")
    assert (h.competency, h.performance, h.discipline, h.total) == (D(30), D(0), D(5), D(50))

    c = got[p.colleague.pk]  # S1 15 + 0 + 0 + 5 = 20
    assert c.total == D(20)
    assert c.org_unit_id == p.subunit_a.pk


def test_recompute_replaces_the_year(world):
    services.ip_asn_compute(year=YEAR)
    AnnualPredikat.objects.create(employee=world.colleague, year=YEAR, predikat="sangat_baik")
    services.ip_asn_compute(year=YEAR)
    assert IpAsnScore.objects.filter(year=YEAR).count() == 5
    assert scores()[world.colleague.pk].total == D(50)  # 15 + 30 + 5


def test_request_by_admin_runs_in_the_worker(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = services.ip_asn_request(actor=world.admin, year=YEAR)
    run.refresh_from_db()
    assert run.status == "done"
    assert run.rows == 5
    assert run.requested_by == world.admin


def test_request_refused_to_others_and_for_bad_years(world):
    with pytest.raises(PermissionDenied):
        services.ip_asn_request(actor=world.leader, year=YEAR)
    with pytest.raises(ValidationError, match="Tahun harus antara"):
        services.ip_asn_request(actor=world.admin, year=2017)
    assert not SnapshotRun.objects.exists()


def test_compute_makes_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    # On PostgreSQL the year's partition is swapped in (0058): a fixed number of statements
    # more (the new table, its check, one per index and its rename, the ATTACH).
    with django_assert_max_num_queries(14 if connection.vendor != "postgresql" else 30):
        services.ip_asn_compute(year=YEAR)


def test_sync_command_refreshes_the_dashboard_snapshots(world):
    from django.core.management import call_command

    from abdi.insights.models import DashboardSnapshot

    assert not DashboardSnapshot.objects.filter(year=YEAR).exists()
    call_command("ip_asn_recompute", "--year", str(YEAR), stdout=io.StringIO())
    top = DashboardSnapshot.objects.filter(year=YEAR).order_by("unit__depth").first()
    assert top is not None
    # The agency snapshot counts the scores just computed: the five active employees.
    assert top.data["figures"]["ip_n"] == 5
    # A second run after a change is seen by the snapshot too.
    world.colleague.is_active = False
    world.colleague.save()
    call_command("ip_asn_recompute", "--year", str(YEAR), stdout=io.StringIO())
    top = DashboardSnapshot.objects.filter(year=YEAR).order_by("unit__depth").first()
    assert top is not None
    assert top.data["figures"]["ip_n"] == 4
