"""Who sees and does what in the SKP cycle (permissions.py) and the shared reads (selectors.py)."""

import datetime as dt

import pytest

from abdi.performance import permissions as perms
from abdi.performance import selectors, services
from abdi.performance.models import PerformancePeriod
from abdi.performance.testing import approved_skp_chain, fill_skp, main_results

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(personas):
    return approved_skp_chain(personas)


def _visible(user):
    return set(perms.skps_visible_to(user).values_list("employee__name", flat=True))


def test_skp_visibility_by_role(personas, chain):
    everyone = {"Andi Kepala", "Siti Atasan", "Budi Pegawai"}
    assert _visible(personas.employee.user) == {"Budi Pegawai"}
    assert _visible(personas.colleague.user) == set()
    assert _visible(personas.supervisor.user) == {"Siti Atasan", "Budi Pegawai"}
    assert _visible(personas.head_a.user) == everyone
    assert _visible(personas.outsider.user) == set()
    assert _visible(personas.head_b.user) == set()
    assert _visible(personas.operator) == everyone  # Dinas Kesehatan subtree
    assert _visible(personas.admin) == everyone
    assert _visible(personas.auditor) == everyone
    assert _visible(personas.leader) == everyone
    assert _visible(personas.nobody) == set()


def test_object_permissions(personas, chain):
    emp = chain.employee
    assert perms.can_evaluate(personas.supervisor.user, emp)
    assert not perms.can_evaluate(personas.head_a.user, emp)
    assert not perms.can_evaluate(personas.employee.user, emp)
    assert perms.can_revise_skp(personas.employee.user, emp)
    assert not perms.can_edit_skp(personas.employee.user, emp)  # approved
    assert perms.can_give_feedback(personas.head_a.user, emp)
    assert not perms.can_give_feedback(personas.colleague.user, emp)
    assert perms.can_calibrate(personas.head_a.user, personas.subunit_a)
    assert perms.can_calibrate(personas.supervisor.user, personas.subunit_a)
    assert not perms.can_calibrate(personas.supervisor.user, personas.unit_a)
    assert not perms.can_calibrate(personas.head_b.user, personas.unit_a)
    assert not perms.can_calibrate(personas.employee.user, personas.subunit_a)
    assert perms.can_calibrate(personas.admin, personas.unit_b)
    draft = services.skp_revise(actor=personas.employee.user, skp=emp)
    assert perms.can_edit_skp(personas.employee.user, draft)
    assert not perms.can_approve_skp(personas.supervisor.user, draft)  # not submitted


def test_employee_sees_own_evaluation_only_once_released(personas, chain):
    evaluation = services.evaluation_create(
        actor=personas.supervisor.user,
        skp=chain.employee,
        period=PerformancePeriod.objects.get(code="2026-Q1"),
        work_result_rating="meets",
        behaviour_rating="meets",
    )
    assert not perms.evaluations_visible_to(personas.employee.user).exists()
    assert perms.evaluations_visible_to(personas.supervisor.user).get() == evaluation
    assert not perms.evaluations_visible_to(personas.outsider.user).exists()
    services.evaluation_release(actor=personas.supervisor.user, evaluation=evaluation)
    assert perms.evaluations_visible_to(personas.employee.user).get() == evaluation


def test_inbox_lists_what_waits(personas, chain):
    # colleague: a draft without expectations, then submitted
    colleague = services.skp_create(
        actor=personas.colleague.user, employee=personas.colleague, year=2026
    )
    fill_skp(colleague, supports=main_results(chain.supervisor))
    inbox = selectors.inbox_for(personas.supervisor.user, on=dt.date(2026, 4, 5))
    assert inbox.to_write_expectations == [colleague]
    assert [(s.employee.name, p.code) for s, p in inbox.to_evaluate] == [
        ("Budi Pegawai", "2026-Q1")
    ]
    services.evaluation_create(
        actor=personas.supervisor.user,
        skp=chain.employee,
        period=PerformancePeriod.objects.get(code="2026-Q1"),
        work_result_rating="meets",
        behaviour_rating="meets",
    )
    inbox = selectors.inbox_for(personas.supervisor.user, on=dt.date(2026, 4, 5))
    assert inbox.to_evaluate == []
    assert selectors.inbox_for(personas.employee.user).total == 0


def test_inbox_for_submitted_and_objections(personas, chain):
    services.skp_revise(actor=personas.employee.user, skp=chain.employee)
    v2 = selectors.current_skp(personas.employee, 2026)
    assert v2.status == "approved"  # v1 is still the one in force
    draft = selectors.skp_versions(chain.employee).first()
    services.skp_submit(actor=personas.employee.user, skp=draft)
    assert selectors.inbox_for(personas.supervisor.user).to_decide == [draft]


def test_skp_list_filters_and_query_count(personas, chain, django_assert_max_num_queries):
    assert [s.employee.name for s in selectors.skp_list(personas.admin, {"q": "budi"})] == [
        "Budi Pegawai"
    ]
    assert selectors.skp_list(personas.admin, {"org_unit": personas.unit_b.pk}).count() == 0
    assert selectors.skp_list(personas.supervisor.user, {"appraiser": "me"}).count() == 1
    with django_assert_max_num_queries(3):
        rows = list(selectors.skp_list(personas.admin, {"year": 2026}))
        for skp in rows:
            str(skp.employee.name), str(skp.appraiser), str(skp.org_unit.name)
    assert len(rows) == 3


def test_skp_detail_queryset_is_scoped(personas, chain):
    assert (
        not selectors.skp_detail_queryset(personas.outsider.user)
        .filter(pk=chain.employee.pk)
        .exists()
    )
    skp = selectors.skp_detail_queryset(personas.employee.user).get(pk=chain.employee.pk)
    assert len(skp.work_results.all()) == 2
    assert len(skp.behaviour_expectations.all()) == 7


def test_period_by_code(personas, chain):
    assert selectors.period_by_code("2026-Q2").kind == "quarter"
    assert selectors.period_by_code("2026-Q9") is None
    assert selectors.period_by_code("2031") is None


def test_predikat_distribution_with_violations(personas, chain):
    year = PerformancePeriod.objects.get(code="2026")
    services.evaluation_create(
        actor=personas.supervisor.user,
        skp=chain.employee,
        period=year,
        work_result_rating="above",
        behaviour_rating="above",
    )
    services.org_predikat_record(
        actor=personas.admin, org_unit=personas.subunit_a, period=year, predikat="sangat_kurang"
    )
    result = selectors.predikat_distribution(unit=personas.subunit_a, period=year)
    assert result.total == 1 and result.counts["sangat_baik"] == 1
    assert result.org_predikat.predikat == "sangat_kurang"
    notes = {v.limit.note for v in result.violations}
    assert "Tidak ada Sangat Baik" in notes
    raters = selectors.rater_consistency(unit=personas.subunit_a, period=year)
    assert [r.rater for r in raters.rows] == [personas.supervisor]


def test_admin_reference_tables_editable_workflow_read_only(personas, chain, login):
    from django.contrib import admin as django_admin

    client = login(personas.superuser)
    models = [m for m in django_admin.site._registry if m._meta.app_label == "performance"]
    assert len(models) == 20
    for model in models:
        url = f"/admin/performance/{model._meta.model_name}/"
        response = client.get(url)
        assert response.status_code == 200, url
    assert client.get("/admin/performance/distributionlimit/add/").status_code == 200
    assert client.get("/admin/performance/skp/add/").status_code == 403
    skp_page = client.get(f"/admin/performance/skp/{chain.employee.pk}/change/")
    assert skp_page.status_code == 200 and b"Budi Pegawai" in skp_page.content
    assert client.post(f"/admin/performance/skp/{chain.employee.pk}/delete/").status_code == 403


def test_reminder_command(personas, chain):
    from io import StringIO

    from django.core.management import call_command

    from abdi.core.models import Notification

    out = StringIO()
    call_command("performance_reminders", "--days", "400", stdout=out)
    sent = int(out.getvalue().strip().removeprefix("sent="))
    assert sent == Notification.objects.filter(verb__startswith="deadline_").count()
    out = StringIO()
    call_command("performance_reminders", "--days", "400", stdout=out)
    assert out.getvalue().strip() == "sent=0"  # once a day
