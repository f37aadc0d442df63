"""The yearly JP totals (JpYearTotal) behind the JP dashboard: kept equal to the ledger by every
service that writes or removes a JP line, filled by the migration, and read by a dashboard whose
figures equal a plain computation over the ledger and whose pages are in a stable order."""

from __future__ import annotations

import datetime as dt
import importlib
from collections import defaultdict

import pytest
from django.apps import apps as django_apps
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from abdi.employees.models import Employee
from abdi.learning.choices import JpSource, RegistrationStatus
from abdi.learning.models import Choice, JpEntry, JpYearTotal, Registration
from abdi.learning.selectors import credit as sel
from abdi.learning.services import credit as svc
from abdi.learning.services import elearning as elearning
from abdi.learning.services import registration as registration_services
from abdi.learning.testing import TINY_PDF, build_learning_world, make_session
from abdi.org.models import OrgUnit
from abdi.testing import make_employee


@pytest.fixture
def world(personas):
    return build_learning_world(personas)


def ledger_totals() -> dict[tuple[int, int], int]:
    return {
        (e, y): t
        for e, y, t in JpEntry.objects.order_by()
        .values("employee_id", "year")
        .annotate(t=Sum("jp"))
        .values_list("employee_id", "year", "t")
    }


def stored_totals() -> dict[tuple[int, int], int]:
    return {(e, y): jp for e, y, jp in JpYearTotal.objects.values_list("employee_id", "year", "jp")}


def total_of(employee, year: int) -> int:
    row = JpYearTotal.objects.filter(employee=employee, year=year).first()
    return row.jp if row else 0


def add_line(employee, year: int, jp: int, title: str = "Webinar") -> None:
    """A JP line written outside the services (as a fixture would), then refreshed."""
    JpEntry.objects.create(
        employee=employee,
        year=year,
        date=dt.date(year, 3, 1),
        jp=jp,
        source=JpSource.EXTERNAL,
        title=title,
    )
    svc.jp_totals_refresh(employee_ids=[employee.pk])


# --- kept right by every writer -------------------------------------------------------------


@pytest.mark.django_db
def test_registration_completion_adds_to_the_total(personas, world):
    today = timezone.localdate()
    session = make_session(
        world.programme,
        today=today,
        name="Berjalan",
        start_date=today - dt.timedelta(days=1),
        end_date=today,
        registration_opens=today - dt.timedelta(days=30),
        registration_closes=today - dt.timedelta(days=10),
    )
    registration = Registration.objects.create(
        session=session,
        employee=personas.colleague,
        status=RegistrationStatus.CONFIRMED,
        confirmed_at=timezone.now(),
    )
    assert total_of(personas.colleague, today.year) == 0
    registration_services.registration_complete(
        actor=personas.admin, registration=registration, passed=True
    )
    assert total_of(personas.colleague, today.year) == world.programme.jp
    # Crediting again (idempotent) does not count twice.
    svc.credit_registration(registration=registration)
    assert total_of(personas.colleague, today.year) == world.programme.jp
    assert stored_totals() == ledger_totals()


@pytest.mark.django_db
def test_elearning_completion_adds_to_the_total(personas, world):
    user, year = personas.employee.user, timezone.localdate().year
    before = total_of(personas.employee, year)
    elearning.module_complete(actor=user, module=world.module)
    attempt = elearning.quiz_attempt_start(actor=user, module=world.quiz_module)
    answers = {
        row["question"]: list(
            Choice.objects.filter(question_id=row["question"], is_correct=True).values_list(
                "pk", flat=True
            )
        )
        for row in attempt.layout
    }
    attempt = elearning.quiz_attempt_submit(actor=user, attempt=attempt, answers=answers)
    assert attempt.passed
    assert total_of(personas.employee, year) == before + world.elearning_programme.jp
    assert stored_totals() == ledger_totals()


@pytest.mark.django_db
def test_external_verification_adds_and_rejection_does_not(personas, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    today = timezone.localdate()

    def submit(title):
        return svc.external_certificate_submit(
            actor=personas.colleague.user,
            title=title,
            provider="Universitas Jambi",
            start_date=today - dt.timedelta(days=3),
            end_date=today - dt.timedelta(days=2),
            jp=7,
            file=SimpleUploadedFile("s.pdf", TINY_PDF, content_type="application/pdf"),
        )

    year = (today - dt.timedelta(days=2)).year
    rejected = submit("Seminar A")
    svc.external_certificate_decide(
        actor=personas.admin, external=rejected, verify=False, note="Tanpa JP"
    )
    assert total_of(personas.colleague, year) == 0
    verified = submit("Seminar B")
    svc.external_certificate_decide(actor=personas.admin, external=verified, verify=True)
    assert total_of(personas.colleague, year) == 7
    assert stored_totals() == ledger_totals()


@pytest.mark.django_db
def test_revocation_takes_the_jp_off_the_total_and_drops_an_empty_row(personas, world):
    year = world.completed.session.end_date.year
    assert total_of(personas.employee, year) == world.programme.jp
    svc.certificate_revoke(actor=personas.admin, certificate=world.certificate, reason="Palsu")
    assert total_of(personas.employee, year) == 0
    assert not JpYearTotal.objects.filter(employee=personas.employee, year=year).exists()
    assert stored_totals() == ledger_totals()


@pytest.mark.django_db
def test_a_full_refresh_repairs_drifted_totals(personas, world):
    year = world.completed.session.end_date.year
    JpYearTotal.objects.update(jp=999)
    JpYearTotal.objects.create(employee=personas.outsider, year=year, jp=5)  # no ledger line
    svc.jp_totals_refresh()
    assert stored_totals() == ledger_totals()
    assert stored_totals()  # the world's completion is there


@pytest.mark.django_db
def test_crediting_without_the_refresh_leaves_the_totals_to_one_full_refresh(personas, world):
    """The demo seed credits in bulk with refresh_totals=False and refreshes everyone once at
    its end (one INSERT … SELECT): the line is written, the total only by that refresh."""
    today = timezone.localdate()
    session = make_session(
        world.programme,
        today=today,
        name="Tanpa segarkan",
        start_date=today - dt.timedelta(days=2),
        end_date=today - dt.timedelta(days=1),
        registration_opens=today - dt.timedelta(days=30),
        registration_closes=today - dt.timedelta(days=10),
    )
    registration = Registration.objects.create(
        session=session,
        employee=personas.colleague,
        status=RegistrationStatus.COMPLETED,
        confirmed_at=timezone.now(),
    )
    before = total_of(personas.colleague, today.year)
    svc.credit_registration(registration=registration, refresh_totals=False)
    assert JpEntry.objects.filter(registration=registration).count() == 1
    assert total_of(personas.colleague, today.year) == before  # not refreshed yet
    add_line(personas.colleague, 2024, 7)  # another year, refreshed per employee
    svc.jp_totals_refresh()
    assert total_of(personas.colleague, today.year) == before + world.programme.jp
    assert total_of(personas.colleague, 2024) == 7
    assert stored_totals() == ledger_totals()


@pytest.mark.django_db
def test_the_migration_fills_the_totals_from_the_ledger(personas, world):
    add_line(personas.colleague, 2025, 3)
    add_line(personas.colleague, 2025, 4)
    expected = ledger_totals()
    JpYearTotal.objects.all().delete()
    migration = importlib.import_module("abdi.learning.migrations.0003_jp_year_totals")
    migration.fill(django_apps, None)
    assert stored_totals() == expected
    assert expected[personas.colleague.pk, 2025] == 7


def test_certificate_number_is_public_and_keeps_its_format(settings):
    settings.ABDI_CERTIFICATE_PREFIX = "BKPSDM"
    assert svc.certificate_number(pk=42, issued_on=dt.date(2026, 5, 1)) == "BKPSDM/2026/000042"


# --- the dashboard against a plain computation ----------------------------------------------


@pytest.fixture
def crowd(personas, world):
    """Twelve more people with ties (same JP, same name), PPPK staff, an inactive employee with
    JP, and lines of another year, spread over both OPDs and the sub-unit."""
    year = timezone.localdate().year
    units = [personas.unit_a, personas.subunit_a, personas.unit_b]
    people = []
    for i in range(12):
        employee = make_employee(
            name="Sama Nama" if i % 3 == 0 else f"Pegawai {i:02d}", unit=units[i % 3]
        )
        if i % 4 == 1:
            Employee.objects.filter(pk=employee.pk).update(kind="pppk")
        people.append(employee)
        for jp in [(0,), (5,), (5, 3), (21,), (8, 8, 8)][i % 5]:
            if jp:
                add_line(employee, year, jp)
        add_line(employee, year - 1, 30)  # last year's JP never count this year
    gone = make_employee(name="Sudah Pensiun", unit=personas.unit_a, is_active=False)
    add_line(gone, year, 2)
    return year


def plain_summary(year: int, root_path: str, child_len: int) -> dict[str, tuple[int, int, int]]:
    """{bucket: (staff, jp, below)} by reading every active employee and their ledger lines."""
    jp: defaultdict[int, int] = defaultdict(int)
    for employee_id, value in JpEntry.objects.filter(year=year).values_list("employee_id", "jp"):
        jp[employee_id] += value
    targets = sel.targets_for(year)
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for e in Employee.objects.filter(is_active=True, org_unit__path__startswith=root_path):
        bucket = out[e.org_unit.path[:child_len]]
        bucket[0] += 1
        bucket[1] += jp[e.pk]
        bucket[2] += jp[e.pk] < targets[e.kind].target
    return {k: (v[0], v[1], v[2]) for k, v in out.items()}


@pytest.mark.django_db
@pytest.mark.parametrize("scope", ["agency", "unit_a", "region"])
def test_dashboard_counts_equal_a_plain_computation(personas, crowd, scope):
    year = crowd
    unit = {"agency": None, "unit_a": personas.unit_a, "region": personas.region}[scope]
    rows, total = sel.unit_summary(personas.admin, year, unit)
    base = unit.path if unit else ""
    expected = plain_summary(year, base, len(base) + OrgUnit.steplen)
    got = {
        (r.unit.path if r.unit and r.unit != unit else (unit.path if unit else "")): (
            r.staff,
            r.jp_sum,
            r.below,
        )
        for r in rows
    }
    assert got == expected
    assert (total.staff, total.jp_sum, total.below) == tuple(
        sum(v[i] for v in expected.values()) for i in range(3)
    )
    below = list(sel.below_target(personas.admin, year, unit))
    assert len(below) == total.below
    for e in below:
        assert e.missing_jp == e.jp_target - e.jp_total > 0


@pytest.mark.django_db
def test_below_target_pages_are_in_a_stable_total_order(personas, crowd):
    year = crowd
    qs = sel.below_target(personas.admin, year, None)
    everyone = list(qs)
    assert [(e.jp_total, e.name, e.nip, e.pk) for e in everyone] == sorted(
        (e.jp_total, e.name, e.nip, e.pk) for e in everyone
    )
    ties = [e for e in everyone if e.name == "Sama Nama"]
    assert len(ties) >= 2
    paged = []
    paginator = Paginator(qs, 3)
    for number in paginator.page_range:
        paged.extend(e.pk for e in paginator.page(number))
    assert paged == [e.pk for e in everyone]
    assert len(set(paged)) == len(paged)


@pytest.mark.django_db
def test_dashboard_runs_the_same_queries_whatever_the_head_count(client, personas, world, settings):
    settings.ABDI_JP_DASHBOARD_CACHE_SECONDS = 0  # count the computing path every time
    year = timezone.localdate().year
    url = f"{reverse('learning:jp_dashboard')}?year={year}&page=2"
    client.force_login(personas.admin)

    def count() -> int:
        client.get(url)  # warm the per-request caches alike
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for i in range(60):
        employee = make_employee(
            name=f"Tambahan {i:02d}", unit=personas.subunit_a, position=personas.staff_position
        )
        if i % 2:
            add_line(employee, year, i)
    after = count()
    assert after == before
    response = client.get(url)
    assert response.context["total"].staff == Employee.objects.filter(is_active=True).count()
    assert response.context["below"].number == 2


@pytest.mark.django_db
def test_unit_picker_is_preselected_and_searches_only_the_dashboard_scope(client, personas):
    unit_a, unit_b = personas.unit_a, personas.unit_b
    client.force_login(personas.operator)
    page = client.get(reverse("learning:jp_dashboard")).content.decode()
    # The dashboard opens on the operator's unit, checked in the picker; no list of every unit.
    assert f'name="unit" value="{unit_a.pk}" checked' in page
    assert "<option" not in page.split('id="unit-picker"')[1].split('id="year"')[0]
    options = reverse("org:unit_options")
    found = client.get(options, {"scope": "jp_dashboard", "unit_picker_q": "Dinas"})
    names = [u.name for u in found.context["options"]]
    assert unit_a.name in names and unit_b.name not in names
    client.force_login(personas.admin)
    found = client.get(options, {"scope": "jp_dashboard", "unit_picker_q": "Dinas"})
    assert unit_b.name in [u.name for u in found.context["options"]]


@pytest.mark.django_db
def test_cached_figures_are_invalidated_by_a_jp_line_and_not_by_a_transfer(
    client, personas, world, settings, django_capture_on_commit_callbacks
):
    settings.ABDI_JP_DASHBOARD_CACHE_SECONDS = 300
    year = world.completed.session.end_date.year
    url = reverse("learning:jp_dashboard")
    client.force_login(personas.admin)

    def summary():
        response = client.get(url, {"unit": personas.unit_a.pk, "year": year})
        assert response.status_code == 200
        return response.context["total"]

    first = summary()
    assert (first.staff, first.jp_sum) == (4, world.programme.jp)
    # The sub-unit's average (24 JP over 3 staff) keeps the Indonesian decimal comma.
    body = client.get(url, {"unit": personas.unit_a.pk, "year": year}).content.decode()
    assert '<td class="text-end">8,0</td>' in body
    with CaptureQueriesContext(connection) as ctx:
        again = summary()
    assert (again.staff, again.jp_sum) == (4, world.programme.jp)
    assert not any("GROUP BY" in q["sql"] for q in ctx.captured_queries)  # served cached
    # A JP line (jp_totals_refresh) bumps the version once its transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        add_line(personas.colleague, year, 6)
    assert summary().jp_sum == world.programme.jp + 6
    # A transfer is not seen by the credit services: shown after the cache time at the latest.
    Employee.objects.filter(pk=personas.colleague.pk).update(org_unit=personas.unit_b)
    assert summary().staff == 4
    settings.ABDI_JP_DASHBOARD_CACHE_SECONDS = 0
    assert summary().staff == 3
