"""Issue 13, the re-walk's leftovers: one figure under one label on a leader's home, no menu
entry that leads to an always empty page, the service admin's figures, overdue ratings that
name their rater, the next regular promotion in the future, and no "v1" on SKP pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from abdi.core.choices import Predikat
from abdi.employees import rules as employee_rules
from abdi.feedback.selectors.home import service_figures
from abdi.feedback.services import surveys as survey_svc
from abdi.feedback.testing import build_feedback_personas
from abdi.insights.models import DashboardSnapshot
from abdi.insights.permissions import default_unit
from abdi.performance.choices import SKPStatus
from abdi.performance.selectors import team as team_sel
from abdi.performance.testing import approved_skp_chain
from config.home import home_for
from config.navigation import navigation_for

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 8, 20)


@pytest.fixture(autouse=True)
def _indonesian():
    with translation.override("id"):
        yield


def labels(user) -> set[str]:
    return {str(c.label) for i in navigation_for(user) for c in (i.children or (i,))}


# --- 1. one figure, one label --------------------------------------------------------------------


def test_leader_home_shows_each_figure_once(personas, login):
    approved_skp_chain(personas)
    unit = default_unit(personas.admin)
    DashboardSnapshot.objects.create(
        unit=unit,
        year=2026,
        computed_at=timezone.now(),
        data={"figures": {"headcount": 7, "ip_n": 0, "ip_sum": 0, "skp_approved": 3}},
    )
    home = home_for(personas.admin, today=TODAY, visible_count=7)
    found = [f.label for f in home.figures]
    assert len([x for x in found if x.startswith("SKP disetujui")]) == 1, found
    assert found.count("Pegawai aktif") == 1, found
    # The live figure of the unit monitor stays (it links to the monitor), the snapshot's goes.
    skp = next(f for f in home.figures if f.label.startswith("SKP disetujui"))
    assert skp.url.startswith(reverse("performance:unit_monitor"))

    html = login(personas.admin).get(reverse("home")).content.decode()
    assert "Pegawai yang dapat Anda lihat" not in html
    assert html.count("Pegawai aktif") == 1
    assert html.count("SKP disetujui") == 1


# --- 2. no menu entry to an always empty page ---------------------------------------------------


def test_change_projects_only_for_who_can_have_one(personas, login):
    fp = build_feedback_personas(personas)
    for user in (fp.coordinator, fp.service_admin, fp.liaison, personas.auditor):
        assert "Aksi perubahan" not in labels(user)
        assert login(user).get(reverse("talent:projects")).status_code == 403
    for user in (personas.employee.user, personas.operator, personas.leader, personas.admin):
        assert "Aksi perubahan" in labels(user)
        assert login(user).get(reverse("talent:projects")).status_code == 200
    # No dropdown is left without entries.
    for item in navigation_for(fp.service_admin):
        assert item.url or item.children, item.label


# --- 3. the service admin's figures ------------------------------------------------------------


def test_service_admin_home_shows_ikm_and_complaints(personas, django_assert_max_num_queries):
    fp = build_feedback_personas(personas)
    survey = survey_svc.survey_create(
        actor=fp.service_admin,
        service=fp.service,
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 6, 30),
        population=100,
    )
    # One respondent answering 3 ("baik") to all nine elements: NRR 3 per element, IKM 3,
    # converted ×25 = 75,00.
    survey_svc.survey_response_submit(
        survey=survey,
        data=survey_svc.ResponseInput(answers={f"U{i}": 3 for i in range(1, 10)}),
        device_token="device-token-000001",
        today=dt.date(2026, 2, 2),
    )
    with django_assert_max_num_queries(10):
        figures = service_figures(fp.service_admin, today=TODAY)
    ikm = figures[0]
    assert ikm.label == "IKM layanan Anda"
    assert ikm.value == "75,00"
    assert "1 responden" in ikm.note and "30 Jun 2026" in ikm.note
    complaints = figures[1]
    assert complaints.label == "Pengaduan tentang layanan Anda 2026"
    assert complaints.value == "0"
    # Not for BKPSDM (the scorecard is theirs), nor for an employee.
    assert service_figures(personas.admin, today=TODAY) == []
    assert service_figures(personas.employee.user, today=TODAY) == []
    assert any(
        f.label == "IKM layanan Anda" for f in home_for(fp.service_admin, today=TODAY).figures
    )


# --- 4. whose rating is overdue --------------------------------------------------------------


def test_team_monitor_names_the_rater_of_an_overdue_rating(personas):
    chain = approved_skp_chain(personas)
    year = chain.employee.performance_year
    on = dt.date(2026, 8, 20)  # Q1 and Q2 ratings of the employee are past their deadline
    members = [personas.employee, personas.supervisor]

    def ratings(viewer):
        rows = team_sel.team_rows(members, year=year, period=None, today=on, viewer=viewer)
        row = next(r for r in rows if r.employee.pk == personas.employee.pk)
        return [str(o) for o in row.overdue if str(o).startswith("Penilaian")]

    sup = personas.supervisor.full_name
    assert ratings(personas.head_a) == [
        f"Penilaian Triwulan I 2026 oleh {sup}",
        f"Penilaian Triwulan II 2026 oleh {sup}",
    ]
    # The supervisor's own late ratings need no name.
    assert ratings(personas.supervisor) == [
        "Penilaian Triwulan I 2026",
        "Penilaian Triwulan II 2026",
    ]


# --- 6. the next regular promotion is in the future --------------------------------------------

SCHEDULES = (
    (dt.date(2000, 10, 10), (4, 10)),
    (dt.date(2024, 1, 1), (2, 4, 6, 8, 10, 12)),
    (dt.date(2025, 10, 1), tuple(range(1, 13))),
)


def outlook(rank_from: dt.date, today: dt.date):
    return employee_rules.regular_promotion_outlook(
        today=today,
        rank_effective_from=rank_from,
        rank_order=9,
        next_rank_exists=True,
        ceiling_rank_order=None,
        predikat_by_year={2024: Predikat.BAIK, 2025: Predikat.BAIK},
        sanction_in_force=False,
        min_years_in_rank=4,
        predikat_years=2,
        good_predikats=Predikat.at_least_baik(),
        schedules=SCHEDULES,
    )


@pytest.mark.parametrize(
    ("rank_from", "today", "due", "next_date", "overdue"),
    [
        # In rank since 15 Jan 2022: 4 years on 15 Jan 2026, first TMT 1 Feb 2026 (monthly
        # since Oct 2025); on 8 Dec 2026 not promoted yet → the next TMT is 1 Jan 2027, late.
        (
            dt.date(2022, 1, 15),
            dt.date(2026, 12, 8),
            dt.date(2026, 2, 1),
            dt.date(2027, 1, 1),
            True,
        ),
        # On the 1st of a month the TMT of that day is still ahead of nobody: it is today.
        (
            dt.date(2022, 1, 15),
            dt.date(2026, 12, 1),
            dt.date(2026, 2, 1),
            dt.date(2026, 12, 1),
            True,
        ),
        # Not due yet: the due date is the next date.
        (
            dt.date(2023, 3, 10),
            dt.date(2026, 12, 8),
            dt.date(2027, 4, 1),
            dt.date(2027, 4, 1),
            False,
        ),
    ],
)
def test_next_promotion_date_is_never_past(rank_from, today, due, next_date, overdue):
    result = outlook(rank_from, today)
    assert result.due_date == due
    assert result.next_date == next_date
    assert result.next_date >= today
    assert result.overdue is overdue


def test_home_says_a_late_promotion_in_words(personas, login, settings):
    from abdi.employees.models import Employee

    Employee.objects.filter(pk=personas.employee.pk).update(
        rank_effective_from=timezone.localdate().replace(day=1) - dt.timedelta(days=5 * 365)
    )
    html = login(personas.employee.user).get(reverse("home")).content.decode()
    assert 'data-testid="promotion-overdue"' in html
    assert "Terlambat: masa dalam golongan sudah cukup sejak" in html


# --- 7. no internal version code ---------------------------------------------------------------


def test_skp_pages_say_versi_only_where_a_revision_exists(personas, login):
    chain = approved_skp_chain(personas)
    skp = chain.employee
    assert skp.version_label == ""
    client = login(personas.employee.user)
    html = client.get(reverse("performance:skp_list")).content.decode()
    assert ">v1<" not in html and "Versi 1" not in html
    detail = client.get(reverse("performance:skp_detail", args=[skp.pk])).content.decode()
    assert "versi 1" not in detail.lower()
    skp.status = SKPStatus.SUPERSEDED
    assert skp.version_label == "Versi 1"
    skp.version, skp.status = 2, SKPStatus.DRAFT
    assert skp.version_label == "Versi 2"
