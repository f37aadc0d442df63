"""Transfer requests (three approvals, the 10-year and time-in-post rules) and rotation plans
(checked move by move, applied whole or not at all, on their TMT)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from abdi.accounts.models import RoleAssignment
from abdi.careers import services
from abdi.careers.models import RotationPlanStatus, TransferStatus
from abdi.careers.tasks_mutations import apply_due_rotation_plans
from abdi.careers.testing_proposals import receiving_operator
from abdi.employees.models import PositionHistory
from abdi.testing import make_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
pytestmark = pytest.mark.django_db


def pdf():
    return SimpleUploadedFile("surat.pdf", PDF, "application/pdf")


def submit(p, user=None, **kw):
    data = {
        "kind": "within",
        "reason": "Mengikuti suami.",
        "document": pdf(),
        "destination_unit": p.unit_b,
        "destination_position": p.staff_position_b,
    }
    data.update(kw)
    return services.transfer_request_submit(actor=user or p.employee.user, **data)


def test_transfer_through_three_approvals_to_the_decree(personas):
    p = personas
    request = submit(p)
    assert request.status == TransferStatus.SUBMITTED
    with pytest.raises(PermissionDenied):  # the receiving unit cannot approve first
        services.transfer_decide(actor=p.employee.user, request=request, approve=True)
    services.transfer_decide(actor=p.operator, request=request, approve=True)  # home OPD
    with pytest.raises(PermissionDenied):  # the operator of Dinkes is not the receiving unit
        services.transfer_decide(actor=p.operator, request=request, approve=True)
    services.transfer_decide(actor=receiving_operator(p), request=request, approve=True)
    services.transfer_decide(actor=p.admin, request=request, approve=True)  # BKPSDM
    request.refresh_from_db()
    assert request.status == TransferStatus.APPROVED
    today = timezone.localdate()
    services.transfer_record_decree(
        actor=p.admin,
        request=request,
        decree_number="821/7/BKPSDM",
        decree_date=today,
        effective_from=today,
    )
    p.employee.refresh_from_db()
    assert (p.employee.position_id, p.employee.org_unit_id) == (p.staff_position_b.pk, p.unit_b.pk)
    assert (
        PositionHistory.objects.get(employee=p.employee, effective_until__isnull=True).decree_number
        == "821/7/BKPSDM"
    )
    assert list(request.steps.values_list("action", flat=True)) == [
        "submit",
        "home_ok",
        "recv_ok",
        "approve",
        "decree",
    ]


def test_three_approvals_need_three_different_people(personas):
    p = personas
    request = submit(p)
    services.transfer_decide(actor=p.admin, request=request, approve=True)  # home, as BKPSDM
    with pytest.raises(ValidationError) as exc:  # the same admin again, as receiving unit
        services.transfer_decide(actor=p.admin, request=request, approve=True)
    assert "orang yang berbeda" in str(exc.value)
    request.refresh_from_db()
    assert request.status == TransferStatus.HOME_APPROVED
    # An operator whose scope covers both units gives one of the two unit approvals, not both.
    both = make_user("operator_pemda")
    RoleAssignment.objects.create(user=both, role="operator", org_unit=p.region)
    other = submit(p, user=p.colleague.user)
    services.transfer_decide(actor=both, request=other, approve=True)
    with pytest.raises(ValidationError):
        services.transfer_decide(actor=both, request=other, approve=True)
    services.transfer_decide(actor=receiving_operator(p), request=other, approve=True)
    services.transfer_decide(actor=p.admin, request=other, approve=True)
    other.refresh_from_db()
    assert other.status == TransferStatus.APPROVED
    assert other.steps.filter(action="reject").count() == 0


def test_other_agency_within_ten_years_is_refused(personas):
    p = personas  # outsider: TMT CPNS June 2017
    with pytest.raises(ValidationError) as error:
        submit(
            p,
            user=p.outsider.user,
            kind="other",
            destination_agency="Kabupaten Lain",
            destination_unit=None,
            destination_position=None,
        )
    assert "10 tahun sejak pengangkatan" in error.value.messages[0]
    # employee: TMT CPNS 2010, 16 years: allowed.
    request = submit(
        p,
        kind="other",
        destination_agency="Kabupaten Lain",
        destination_unit=None,
        destination_position=None,
    )
    assert request.destination_unit is None


def test_minimum_time_in_post_is_a_setting(personas, settings):
    settings.ABDI_MIN_YEARS_IN_POST = 20
    with pytest.raises(ValidationError) as error:
        submit(personas)
    assert "Belum 20 tahun pada jabatan sekarang" in error.value.messages[0]


def test_reject_needs_a_reason_and_one_open_request(personas):
    p = personas
    request = submit(p)
    with pytest.raises(ValidationError):
        submit(p)
    with pytest.raises(ValidationError):
        services.transfer_decide(actor=p.operator, request=request, approve=False, note=" ")
    services.transfer_decide(
        actor=p.operator, request=request, approve=False, note="Formasi penuh."
    )
    request.refresh_from_db()
    assert request.status == TransferStatus.REJECTED
    with pytest.raises(ValidationError):
        services.transfer_decide(actor=p.admin, request=request, approve=True)


def _plan(p, when=None):
    return services.rotation_plan_create(
        actor=p.admin, title="Rotasi Desember", effective_from=when or timezone.localdate()
    )


def test_rotation_swap_checked_and_applied(personas):
    p = personas
    plan = _plan(p)
    services.rotation_move_add(
        actor=p.admin,
        plan=plan,
        employee=p.employee,
        target_position=p.staff_position_b,
        decree_number="SK-1",
    )
    services.rotation_move_add(
        actor=p.admin,
        plan=plan,
        employee=p.outsider,
        target_position=p.staff_position,
        decree_number="SK-2",
    )
    report = services.rotation_plan_check(actor=p.admin, plan=plan)
    assert report.ok
    assert len(report.chains) == 1 and len(report.chains[0]) == 2
    assert all(
        "Belum ada hasil penilaian kompetensi" in m.warnings[0] for m in report.moves.values()
    )
    services.rotation_plan_apply(actor=p.admin, plan=plan)
    p.employee.refresh_from_db()
    p.outsider.refresh_from_db()
    assert p.employee.position_id == p.staff_position_b.pk
    assert p.outsider.position_id == p.staff_position.pk
    plan.refresh_from_db()
    assert plan.status == RotationPlanStatus.APPLIED
    with pytest.raises(ValidationError):
        services.rotation_plan_apply(actor=p.admin, plan=plan)


def test_rotation_into_a_full_post_applies_nothing(personas):
    p = personas
    plan = _plan(p)
    services.rotation_move_add(
        actor=p.admin,
        plan=plan,
        employee=p.employee,
        target_position=p.supervisor_position,
        decree_number="SK-1",
    )
    services.rotation_move_add(
        actor=p.admin,
        plan=plan,
        employee=p.outsider,
        target_position=p.head_position_b,
        decree_number="SK-2",
    )
    report = services.rotation_plan_report(plan)
    errors = {m.move_id: m.errors for m in report.moves.values()}
    first, second = plan.moves.order_by("pk")
    assert errors[first.pk] == [
        "Formasi Kepala Bidang Pelayanan penuh: formasi 1, pemegang sesudah rencana 2."
    ]
    assert "Jabatan pimpinan tinggi diisi melalui seleksi terbuka." in errors[second.pk]
    with pytest.raises(ValidationError):
        services.rotation_plan_apply(actor=p.admin, plan=plan)
    p.employee.refresh_from_db()
    assert p.employee.position_id == p.staff_position.pk
    with pytest.raises(PermissionDenied):
        services.rotation_plan_check(actor=p.operator, plan=plan)


def test_rotation_with_a_later_tmt_waits_for_the_worker(personas):
    p = personas
    plan = _plan(p, when=timezone.localdate() + dt.timedelta(days=3))
    services.rotation_move_add(
        actor=p.admin,
        plan=plan,
        employee=p.colleague,
        target_position=p.staff_position_b,
        decree_number="SK-9",
    )
    services.rotation_plan_apply(actor=p.admin, plan=plan)
    plan.refresh_from_db()
    assert plan.status == RotationPlanStatus.SCHEDULED
    assert apply_due_rotation_plans.call() == 0  # not yet the date
    type(plan).objects.filter(pk=plan.pk).update(effective_from=timezone.localdate())
    assert apply_due_rotation_plans.call() == 1
    p.colleague.refresh_from_db()
    assert p.colleague.position_id == p.staff_position_b.pk


def test_a_rotation_records_the_post_the_mover_leaves_as_read_under_the_lock(personas, monkeypatch):
    # Between the plan's check and the lock on the movers, a single decree moved the outsider
    # to another post: the plan records that post as the one left, not the earlier one.
    from abdi.careers.models import RotationMove
    from abdi.employees.models import Employee
    from abdi.employees.services import moves as services_moves
    from abdi.org.models import Position

    p = personas
    elsewhere = Position.objects.create(
        code="DISDIK-STAF-2",
        name="Pengelola Data",
        kind="pelaksana",
        class_grade=5,
        org_unit=p.unit_b,
        posts=1,
    )
    plan = _plan(p)
    services.rotation_move_add(
        actor=p.admin,
        plan=plan,
        employee=p.outsider,
        target_position=p.staff_position,
        decree_number="SK-3",
    )
    editable = services_moves.employees_editable_by

    def moved_meanwhile(actor):
        Employee.objects.filter(pk=p.outsider.pk).update(position=elsewhere)
        return editable(actor)

    monkeypatch.setattr(services_moves, "employees_editable_by", moved_meanwhile)
    services.rotation_plan_apply(actor=p.admin, plan=plan)
    move = RotationMove.objects.get(plan=plan)
    assert move.from_position_id == elsewhere.pk
    p.outsider.refresh_from_db()
    assert p.outsider.position_id == p.staff_position.pk
