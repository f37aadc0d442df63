"""The home page per role and "Tugas saya" (issue 13): each card's selector within its query
budget, the page showing the role's real pending work, and the bulk approval of training
requests through the registration service with a message per item."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from abdi.core.worklist import WorkItem
from abdi.employees.selectors import employee_work, my_corrections
from abdi.feedback.selectors.home import complaint_figures, complaint_work
from abdi.feedback.services import complaints as complaint_svc
from abdi.feedback.testing import build_feedback_personas
from abdi.learning.choices import RegistrationStatus
from abdi.learning.models import Registration
from abdi.learning.selectors.home import jp_figures, learning_work, my_learning
from abdi.learning.testing import build_learning_world
from abdi.performance import selectors as mon
from abdi.performance import services as perf_services
from abdi.performance.selectors import my_performance, performance_work, unit_figures
from abdi.performance.testing import approved_skp_chain, fill_skp, main_results
from config.home import all_work, home_for

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 8, 20)


def counts(items: list[WorkItem]) -> dict[str, int]:
    return {i.key: i.count for i in items if i.count}


@pytest.fixture
def world(personas):
    chain = approved_skp_chain(personas)
    colleague = perf_services.skp_create(
        actor=personas.colleague.user, employee=personas.colleague, year=2026
    )
    fill_skp(colleague, supports=main_results(chain.supervisor))
    learning = build_learning_world(personas)
    return chain, learning


def test_performance_work_counts_what_the_inbox_counts(
    personas, world, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        items = performance_work(personas.supervisor.user, today=TODAY, detail=True)
    found = counts(items)
    # Q1 and Q2 have ended without a rating of the employee; the colleague's draft lacks
    # expectations.
    assert found["ratings_due"] == 2
    assert found["expectations"] == 1
    ratings = next(i for i in items if i.key == "ratings_due")
    assert [e.detail for e in ratings.entries] == ["Triwulan I 2026", "Triwulan II 2026"]
    assert ratings.overdue == 2
    assert counts(performance_work(personas.employee.user, today=TODAY)) == {}


def test_learning_work_and_progress(personas, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):
        items = learning_work(personas.supervisor.user, today=TODAY, detail=True)
    assert counts(items)["training_approvals"] == 1
    approvals = next(i for i in items if i.key == "training_approvals")
    assert approvals.bulk == "learning:approvals_bulk"
    assert approvals.entries[0].title == personas.employee.full_name
    with django_assert_max_num_queries(10):
        admin_items = learning_work(personas.admin, today=TODAY)
    assert {"seat_confirmations", "external_certificates"} <= {i.key for i in admin_items}
    with django_assert_max_num_queries(10):
        progress = my_learning(personas.employee.user, today=TODAY)
    labels = {f.label: f.value for f in progress}
    assert labels["E-learning berjalan"] == "1"
    assert labels["Pendaftaran pelatihan aktif"] == "1"
    assert labels["JP 2026"].endswith("dari 20 JP")
    assert my_learning(personas.leader, today=TODAY) == []


def test_scope_figures_within_budget(personas, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):
        figures = unit_figures(personas.admin, today=TODAY)
    assert figures and figures[0].url.startswith(reverse("performance:unit_monitor"))
    with django_assert_max_num_queries(12):
        assert jp_figures(personas.leader, today=TODAY)
    assert jp_figures(personas.employee.user, today=TODAY) == []
    with django_assert_max_num_queries(8):
        assert complaint_figures(personas.leader, today=TODAY)
    assert complaint_figures(personas.employee.user, today=TODAY) == []
    with django_assert_max_num_queries(10):
        mine = my_performance(personas.employee.user, today=TODAY)
    assert mine[0].value == "Disetujui"


def test_complaint_work_for_coordinator_and_liaison(personas, django_assert_max_num_queries):
    fp = build_feedback_personas(personas)
    data = complaint_svc.ComplaintInput(
        kind="complaint",
        title="Antrian terlalu lama",
        description="Menunggu tiga jam.",
        service=fp.service,
        reporter_name="Ani",
        reporter_email="ani@example.test",
        reporter_phone="0812",
    )
    complaint_svc.complaint_submit(data=data)
    with django_assert_max_num_queries(10):
        items = complaint_work(fp.coordinator, today=timezone.localdate(), detail=True)
    assert counts(items) == {"complaints_verify": 1}
    entry = next(i for i in items if i.key == "complaints_verify").entries[0]
    assert entry.detail.count("-") >= 1  # tracking code grouped with dashes
    assert counts(complaint_work(fp.liaison, today=timezone.localdate())) == {}
    assert complaint_work(personas.employee.user, today=timezone.localdate()) == []


def test_employee_work_for_operators(personas, django_assert_max_num_queries):
    from abdi.employees.models import CorrectionRequest

    CorrectionRequest.objects.create(
        employee=personas.employee,
        field_name="phone",
        requested_value="0812",
        reason="Nomor baru",
        submitted_by=personas.employee.user,
    )
    with django_assert_max_num_queries(6):
        items = employee_work(personas.operator, today=TODAY, detail=True)
    assert counts(items) == {"corrections": 1}
    assert employee_work(personas.employee.user, today=TODAY) == []
    assert my_corrections(personas.employee.user)[0].value == "1"


@pytest.mark.parametrize(
    "role", ["employee", "supervisor", "operator", "leader", "auditor", "admin", "nobody"]
)
def test_home_page_for_each_role(role, personas, world, login, django_assert_max_num_queries):
    client = login(personas.user(role))
    with django_assert_max_num_queries(90):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Menunggu tindakan Anda" in html
    if role == "supervisor":
        assert 'data-work="training_approvals"' in html
        assert 'data-work="ratings_due"' in html
    if role == "employee":
        assert "Perkembangan saya" in html
    if role in ("leader", "admin"):
        assert "Cakupan Anda" in html
        assert reverse("performance:unit_monitor") in html


def test_tasks_page_lists_entries_with_a_bulk_form(personas, world, login):
    response = login(personas.supervisor.user).get(reverse("tasks"))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("learning:approvals_bulk") in html
    assert personas.employee.full_name in html
    assert "Triwulan I 2026" in html


def test_bulk_approve_registrations_reports_each_item(personas, world, login):
    _chain, learning = world
    client = login(personas.supervisor.user)
    other = Registration.objects.create(
        session=learning.session,
        employee=personas.colleague,
        status=RegistrationStatus.PENDING_SUPERVISOR,
    )
    learning.session.is_cancelled = True  # the rules refuse every approval of this session
    learning.session.save(update_fields=["is_cancelled"])
    response = client.post(
        reverse("learning:approvals_bulk"),
        {"registration": [learning.pending.pk, other.pk], "next": reverse("tasks")},
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert len([m for m in messages if personas.employee.full_name in m]) == 1
    assert len([m for m in messages if personas.colleague.full_name in m]) == 1
    learning.pending.refresh_from_db()
    assert learning.pending.status == RegistrationStatus.PENDING_SUPERVISOR

    learning.session.is_cancelled = False
    learning.session.save(update_fields=["is_cancelled"])
    response = client.post(
        reverse("learning:approvals_bulk"),
        {"registration": [learning.pending.pk, other.pk]},
        follow=True,
    )
    assert "2 pendaftaran disetujui." in [str(m) for m in response.context["messages"]]
    assert not Registration.objects.filter(
        pk__in=[learning.pending.pk, other.pk], status=RegistrationStatus.PENDING_SUPERVISOR
    ).exists()


def test_bulk_approve_ignores_registrations_out_of_scope(personas, world, login):
    _chain, learning = world
    response = login(personas.head_b.user).post(
        reverse("learning:approvals_bulk"), {"registration": [learning.pending.pk]}
    )
    assert response.status_code in (302, 403)
    learning.pending.refresh_from_db()
    assert learning.pending.status == RegistrationStatus.PENDING_SUPERVISOR


def test_home_composition_lists_monitors_for_who_may_use_them(personas, world):
    admin_home = home_for(personas.admin, today=TODAY)
    assert {f.url for f in admin_home.monitors} >= {
        reverse("performance:unit_monitor"),
        reverse("performance:calibration"),
        reverse("performance:raters"),
    }
    assert home_for(personas.employee.user, today=TODAY).monitors == []
    assert all(i.count for i in all_work(personas.supervisor.user, today=TODAY))
    assert mon.can_use_calibration(personas.head_a.user)
