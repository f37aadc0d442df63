"""Service tests of the SKP cycle: the year, planning, approval, versions (test_services_evaluation
has execution, evaluation, calibration and objections)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from abdi.core.models import Notification
from abdi.employees.models import ActingAssignment
from abdi.performance import services
from abdi.performance.models import (
    SKP,
    BehaviourExpectation,
    Indicator,
    PerformancePeriod,
    PerformanceYear,
    SKPEvent,
    WorkResult,
)
from abdi.performance.testing import (
    approve_skp,
    approved_skp_chain,
    fill_skp,
    main_results,
    open_year,
    write_expectations,
)
from abdi.testing import make_employee

pytestmark = pytest.mark.django_db


def _messages(exc) -> str:
    return " ".join(exc.value.messages)


# ---------------------------------------------------------------- the year


def test_open_year_creates_periods_with_due_dates(personas):
    year = open_year(personas.admin, cadence="quarterly", realisation_days_after_period=7)
    codes = set(year.periods.values_list("code", flat=True))
    assert codes == {"2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4", "2026"}
    q1 = PerformancePeriod.objects.get(code="2026-Q1")
    assert q1.end == dt.date(2026, 3, 31)
    assert q1.realisation_due == dt.date(2026, 4, 7)
    assert q1.evaluation_due == dt.date(2026, 4, 20)


def test_open_year_only_by_admin_and_once(personas):
    with pytest.raises(PermissionDenied):
        open_year(personas.supervisor.user)
    open_year(personas.admin, cadence="monthly")
    assert PerformancePeriod.objects.filter(kind="month").count() == 12
    with pytest.raises(ValidationError) as exc:
        services.performance_year_open(
            actor=personas.admin, year=2026, cadence="monthly", skp_deadline=dt.date(2026, 1, 31)
        )
    assert "sudah dibuka" in _messages(exc)


def test_open_year_refuses_bad_cadence(personas):
    with pytest.raises(ValidationError) as exc:
        services.performance_year_open(
            actor=personas.admin, year=2027, cadence="weekly", skp_deadline=dt.date(2027, 1, 31)
        )
    assert "cadence" in exc.value.message_dict
    assert not PerformanceYear.objects.exists()


def test_org_predikat_record_creates_then_updates(personas):
    open_year(personas.admin)
    q1 = PerformancePeriod.objects.get(code="2026-Q1")
    row = services.org_predikat_record(
        actor=personas.admin, org_unit=personas.unit_a, period=q1, predikat="baik"
    )
    again = services.org_predikat_record(
        actor=personas.admin, org_unit=personas.unit_a, period=q1, predikat="istimewa", basis="LKj"
    )
    assert again.pk == row.pk and again.predikat == "istimewa"
    with pytest.raises(ValidationError):
        services.org_predikat_record(
            actor=personas.admin, org_unit=personas.unit_a, period=q1, predikat="hebat"
        )
    with pytest.raises(PermissionDenied):
        services.org_predikat_record(
            actor=personas.head_a.user, org_unit=personas.unit_a, period=q1, predikat="baik"
        )


def test_period_close(personas):
    open_year(personas.admin)
    q1 = PerformancePeriod.objects.get(code="2026-Q1")
    services.period_close(actor=personas.admin, period=q1)
    assert PerformancePeriod.objects.get(code="2026-Q1").is_closed
    with pytest.raises(ValidationError):
        services.period_close(actor=personas.admin, period=q1)


# ---------------------------------------------------------------- creating the SKP


def test_skp_create_derives_appraiser_and_superior(personas):
    open_year(personas.admin)
    skp = services.skp_create(actor=personas.employee.user, employee=personas.employee, year=2026)
    assert skp.appraiser == personas.supervisor
    assert skp.appraiser_superior == personas.head_a
    assert skp.position == personas.staff_position
    assert skp.org_unit == personas.subunit_a
    assert not skp.from_performance_agreement
    assert skp.status == "draft" and skp.version == 1
    event = SKPEvent.objects.get(skp=skp)
    assert (event.action, event.actor) == ("create", personas.employee.user)


def test_top_of_agency_writes_from_performance_agreement(personas):
    open_year(personas.admin)
    skp = services.skp_create(actor=personas.head_a.user, employee=personas.head_a, year=2026)
    assert skp.from_performance_agreement and skp.appraiser is None


def test_skp_create_refusals(personas):
    with pytest.raises(ValidationError) as exc:
        services.skp_create(actor=personas.employee.user, employee=personas.employee, year=2026)
    assert "belum dibuka" in _messages(exc)
    open_year(personas.admin)
    with pytest.raises(PermissionDenied):
        services.skp_create(actor=personas.colleague.user, employee=personas.employee, year=2026)
    with pytest.raises(PermissionDenied):  # an operator of another unit
        services.skp_create(actor=personas.operator, employee=personas.outsider, year=2026)
    services.skp_create(actor=personas.operator, employee=personas.employee, year=2026)
    with pytest.raises(ValidationError) as exc:
        services.skp_create(actor=personas.employee.user, employee=personas.employee, year=2026)
    assert "sudah ada" in _messages(exc)
    assert SKP.objects.count() == 1


def test_acting_official_is_the_appraiser_when_the_head_position_is_vacant(personas):
    """The supervisor leaves; a Plt acts in the Kabid position: the Plt appraises the staff."""
    personas.supervisor.is_active = False
    personas.supervisor.save()
    plt = make_employee(name="Joko Plt", unit=personas.subunit_a, username="plt")
    ActingAssignment.objects.create(
        employee=plt,
        position=personas.supervisor_position,
        kind="plt",
        start_date=dt.date(2026, 1, 1),
        end_date=dt.date(2026, 12, 31),
    )
    open_year(personas.admin)
    skp = services.skp_create(actor=personas.employee.user, employee=personas.employee, year=2026)
    assert skp.appraiser == plt
    assert skp.appraiser_superior == personas.head_a


def test_without_plt_a_vacant_head_passes_to_the_next_level(personas):
    personas.supervisor.is_active = False
    personas.supervisor.save()
    open_year(personas.admin)
    skp = services.skp_create(actor=personas.employee.user, employee=personas.employee, year=2026)
    assert skp.appraiser == personas.head_a


# ---------------------------------------------------------------- RHK and indicators


@pytest.fixture
def chain_without_employee(personas):
    """head_a and supervisor approved; the employee's SKP is a fresh draft."""
    open_year(personas.admin)
    head = services.skp_create(actor=personas.head_a.user, employee=personas.head_a, year=2026)
    fill_skp(head)
    approve_skp(head, appraiser_user=personas.admin)
    sup = services.skp_create(
        actor=personas.supervisor.user, employee=personas.supervisor, year=2026
    )
    fill_skp(sup, supports=main_results(head))
    approve_skp(sup, appraiser_user=personas.head_a.user)
    emp = services.skp_create(actor=personas.employee.user, employee=personas.employee, year=2026)
    return head, sup, emp


def test_main_rhk_needs_the_link_to_the_supervisors_rhk(personas, chain_without_employee):
    _head, sup, emp = chain_without_employee
    with pytest.raises(ValidationError) as exc:
        services.work_result_add(actor=personas.employee.user, skp=emp, title="Laporan layanan")
    assert "supports" in exc.value.message_dict
    assert "mengintervensi" in _messages(exc)
    assert not WorkResult.objects.filter(skp=emp).exists()
    result = services.work_result_add(
        actor=personas.employee.user,
        skp=emp,
        title="Laporan layanan",
        supports=main_results(sup)[0],
    )
    assert result.supports == main_results(sup)[0]
    # an additional work result needs no link
    extra = services.work_result_add(
        actor=personas.employee.user, skp=emp, title="Panitia HUT", kind="additional"
    )
    assert extra.supports is None


def test_linking_to_an_rhk_not_of_the_appraiser_is_refused(personas, chain_without_employee):
    head, _sup, emp = chain_without_employee
    with pytest.raises(ValidationError) as exc:
        services.work_result_add(
            actor=personas.employee.user, skp=emp, title="X", supports=main_results(head)[0]
        )
    assert "pejabat penilai" in _messages(exc)
    assert not emp.work_results.exists()


def test_linking_to_an_rhk_of_an_unapproved_skp_is_refused(personas):
    open_year(personas.admin)
    head = services.skp_create(actor=personas.head_a.user, employee=personas.head_a, year=2026)
    fill_skp(head)
    sup = services.skp_create(
        actor=personas.supervisor.user, employee=personas.supervisor, year=2026
    )
    with pytest.raises(ValidationError) as exc:
        services.work_result_add(
            actor=personas.supervisor.user, skp=sup, title="X", supports=main_results(head)[0]
        )
    assert "sudah disetujui" in _messages(exc)
    assert not sup.work_results.exists()


def test_only_the_owner_edits_and_only_drafts(personas, chain_without_employee):
    _head, sup, emp = chain_without_employee
    with pytest.raises(PermissionDenied):
        services.work_result_add(
            actor=personas.supervisor.user, skp=emp, title="X", supports=main_results(sup)[0]
        )
    with pytest.raises(ValidationError) as exc:  # sup's SKP is approved
        services.work_result_add(actor=personas.supervisor.user, skp=sup, title="Baru")
    assert "versi baru" in _messages(exc)


def test_indicator_without_a_target_is_refused(personas, chain_without_employee):
    _head, sup, emp = chain_without_employee
    result = services.work_result_add(
        actor=personas.employee.user, skp=emp, title="Laporan", supports=main_results(sup)[0]
    )
    with pytest.raises(ValidationError) as exc:
        services.indicator_add(
            actor=personas.employee.user,
            work_result=result,
            aspect="quantity",
            description="Jumlah laporan",
        )
    assert {"target_value", "target_unit"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError) as exc:
        services.indicator_add(
            actor=personas.employee.user,
            work_result=result,
            aspect="quantity",
            description="Jumlah laporan",
            target_value=12,
        )
    assert "target_unit" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.indicator_add(
            actor=personas.employee.user,
            work_result=result,
            aspect="mood",
            description="x",
            target_value=1,
            target_unit="x",
        )
    assert not Indicator.objects.filter(work_result=result).exists()
    ok = services.indicator_add(
        actor=personas.employee.user,
        work_result=result,
        aspect="quantity",
        description="Jumlah laporan",
        target_value="12",
        target_unit="laporan",
    )
    assert ok.target_value == Decimal(12)


def test_qualitative_indicator_needs_a_described_result(personas, chain_without_employee):
    _head, sup, _emp = chain_without_employee
    SKP.objects.filter(employee=personas.employee).delete()
    emp = services.skp_create(
        actor=personas.employee.user, employee=personas.employee, year=2026, approach="qualitative"
    )
    result = services.work_result_add(
        actor=personas.employee.user, skp=emp, title="Mutu", supports=main_results(sup)[0]
    )
    with pytest.raises(ValidationError) as exc:
        services.indicator_add(
            actor=personas.employee.user,
            work_result=result,
            aspect="quality",
            description="Mutu layanan",
            target_value=1,
            target_unit="x",
        )
    assert "target_description" in exc.value.message_dict
    services.indicator_add(
        actor=personas.employee.user,
        work_result=result,
        aspect="quality",
        description="Mutu layanan",
        target_description="Tidak ada keluhan berulang",
    )


def test_update_and_delete(personas, chain_without_employee):
    _head, sup, emp = chain_without_employee
    result = services.work_result_add(
        actor=personas.employee.user, skp=emp, title="Lama", supports=main_results(sup)[0]
    )
    services.work_result_update(
        actor=personas.employee.user,
        work_result=result,
        title="Baru",
        supports=main_results(sup)[1],
    )
    result.refresh_from_db()
    assert result.title == "Baru" and result.supports == main_results(sup)[1]
    with pytest.raises(ValidationError):
        services.work_result_update(
            actor=personas.employee.user, work_result=result, title="Baru", supports=None
        )
    indicator = services.indicator_add(
        actor=personas.employee.user,
        work_result=result,
        aspect="time",
        description="Tepat waktu",
        target_value=12,
        target_unit="bulan",
    )
    services.indicator_update(
        actor=personas.employee.user,
        indicator=indicator,
        aspect="time",
        description="Tepat waktu",
        target_value=10,
        target_unit="bulan",
    )
    assert Indicator.objects.get(pk=indicator.pk).target_value == 10
    services.indicator_delete(actor=personas.employee.user, indicator=indicator)
    services.work_result_delete(actor=personas.employee.user, work_result=result)
    assert not emp.work_results.exists()


# ---------------------------------------------------------------- expectations, submit, decide


def test_expectations_only_by_the_appraiser(personas, chain_without_employee):
    _head, _sup, emp = chain_without_employee
    with pytest.raises(PermissionDenied):
        write_expectations(emp, personas.employee.user)
    with pytest.raises(PermissionDenied):
        write_expectations(emp, personas.colleague.user)
    rows = write_expectations(emp, personas.supervisor.user)
    assert len(rows) == 7
    assert {r.written_by for r in rows} == {personas.supervisor.user}
    first = rows[0].behaviour_value_id
    services.expectations_set(
        actor=personas.supervisor.user, skp=emp, expectations={first: "Ramah kepada pasien"}
    )
    assert BehaviourExpectation.objects.get(skp=emp, behaviour_value_id=first).expectation == (
        "Ramah kepada pasien"
    )
    services.expectations_set(actor=personas.supervisor.user, skp=emp, expectations={first: ""})
    assert emp.behaviour_expectations.count() == 6


def test_submit_without_expectations_is_refused(personas, chain_without_employee):
    _head, sup, emp = chain_without_employee
    fill_skp(emp, supports=main_results(sup))
    with pytest.raises(ValidationError) as exc:
        services.skp_submit(actor=personas.employee.user, skp=emp)
    assert "Ekspektasi perilaku baru 0 dari 7" in _messages(exc)
    emp.refresh_from_db()
    assert emp.status == "draft" and not emp.events.filter(action="submit").exists()


def test_submit_needs_rhk_and_indicators(personas, chain_without_employee):
    _head, sup, emp = chain_without_employee
    write_expectations(emp, personas.supervisor.user)
    with pytest.raises(ValidationError) as exc:
        services.skp_submit(actor=personas.employee.user, skp=emp)
    assert "paling sedikit satu rencana hasil kerja utama" in _messages(exc)
    services.work_result_add(
        actor=personas.employee.user,
        skp=emp,
        title="Tanpa indikator",
        supports=main_results(sup)[0],
    )
    with pytest.raises(ValidationError) as exc:
        services.skp_submit(actor=personas.employee.user, skp=emp)
    assert "belum memiliki indikator" in _messages(exc)
    with pytest.raises(PermissionDenied):
        services.skp_submit(actor=personas.supervisor.user, skp=emp)


def test_submit_return_approve_with_events_and_notifications(personas, chain_without_employee):
    _head, sup, emp = chain_without_employee
    fill_skp(emp, supports=main_results(sup))
    write_expectations(emp, personas.supervisor.user)
    services.skp_submit(actor=personas.employee.user, skp=emp)
    assert Notification.objects.filter(user=personas.supervisor.user, verb="skp_submitted").exists()

    with pytest.raises(ValidationError) as exc:
        services.skp_return(actor=personas.supervisor.user, skp=emp, note="  ")
    assert "note" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        services.skp_return(actor=personas.colleague.user, skp=emp, note="x")
    services.skp_return(actor=personas.supervisor.user, skp=emp, note="Target terlalu rendah")
    emp.refresh_from_db()
    assert emp.status == "returned"
    assert Notification.objects.filter(user=personas.employee.user, verb="skp_returned").exists()

    services.skp_submit(actor=personas.employee.user, skp=emp)
    with pytest.raises(PermissionDenied):  # head_a is the superior, not the appraiser
        services.skp_approve(actor=personas.head_a.user, skp=emp)
    services.skp_approve(actor=personas.supervisor.user, skp=emp, note="Oke")
    emp.refresh_from_db()
    assert emp.status == "approved" and emp.approved_by == personas.supervisor.user
    assert Notification.objects.filter(user=personas.employee.user, verb="skp_approved").exists()
    events = list(emp.events.values_list("action", "actor__username", "note"))
    assert events == [
        ("create", "pegawai", ""),
        ("submit", "pegawai", ""),
        ("return", "atasan", "Target terlalu rendah"),
        ("submit", "pegawai", ""),
        ("approve", "atasan", "Oke"),
    ]


def test_approving_ones_own_skp_is_refused(personas):
    open_year(personas.admin)
    # head_a's SKP is approved by the BKPSDM admin (no appraiser in the tree); head_a cannot
    head = services.skp_create(actor=personas.head_a.user, employee=personas.head_a, year=2026)
    fill_skp(head)
    write_expectations(head, personas.admin)
    services.skp_submit(actor=personas.head_a.user, skp=head)
    with pytest.raises(ValidationError) as exc:
        services.skp_approve(actor=personas.head_a.user, skp=head)
    assert "miliknya sendiri" in _messages(exc)
    head.refresh_from_db()
    assert head.status == "submitted" and head.approved_by is None


def test_approve_needs_a_submitted_skp(personas, chain_without_employee):
    _head, _sup, emp = chain_without_employee
    with pytest.raises(ValidationError):
        services.skp_approve(actor=personas.supervisor.user, skp=emp)


# ---------------------------------------------------------------- versions


def test_revise_makes_v2_and_v1_stays_current_until_v2_is_approved(personas):
    chain = approved_skp_chain(personas)
    v1 = chain.employee
    v2 = services.skp_revise(actor=personas.employee.user, skp=v1)
    assert (v2.version, v2.status, v2.previous_version) == (2, "draft", v1)
    assert [r.title for r in main_results(v2)] == [r.title for r in main_results(v1)]
    assert Indicator.objects.filter(work_result__skp=v2).count() == 4
    assert v2.behaviour_expectations.count() == 7
    assert SKP.objects.get(pk=v1.pk).status == "approved"  # still current
    assert v2.events.get().action == "revise"
    with pytest.raises(ValidationError) as exc:  # one open version at a time
        services.skp_revise(actor=personas.employee.user, skp=SKP.objects.get(pk=v1.pk))
    assert "belum disetujui" in _messages(exc)

    services.work_result_update(
        actor=personas.employee.user,
        work_result=main_results(v2)[0],
        title="Judul baru",
        supports=main_results(v2)[0].supports,
    )
    services.skp_submit(actor=personas.employee.user, skp=v2)
    services.skp_approve(actor=personas.supervisor.user, skp=v2)
    assert SKP.objects.get(pk=v1.pk).status == "superseded"
    assert SKP.objects.get(pk=v2.pk).status == "approved"
    # v1 stays readable as it was
    assert main_results(SKP.objects.get(pk=v1.pk))[0].title != "Judul baru"


def test_revise_only_the_approved_by_the_owner(personas, chain_without_employee):
    _head, sup, emp = chain_without_employee
    with pytest.raises(ValidationError):
        services.skp_revise(actor=personas.employee.user, skp=emp)
    with pytest.raises(PermissionDenied):
        services.skp_revise(actor=personas.employee.user, skp=sup)
