"""The proposal workflow: propose a batch (refusing whoever is not due), verify the documents,
record BKN's technical approval and the decree; only the decree writes the employee's history."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from openpyxl import load_workbook

from abdi.careers import services
from abdi.careers.models import CHECKLISTS, Proposal, ProposalBatch, ProposalStatus
from abdi.careers.selectors.proposals import batch_xlsx
from abdi.core.models import Rank
from abdi.employees.models import AnnualPredikat, Award, RankHistory, SalaryStepHistory
from abdi.employees.rules import add_years

pytestmark = pytest.mark.django_db


def _period():
    today = timezone.localdate()
    start = dt.date(today.year + (today.month == 12), today.month % 12 + 1, 1)
    return start, start + dt.timedelta(days=180)


def make_due_for_kp(employee):
    start, _end = _period()
    employee.rank_effective_from = add_years(start, -5)
    employee.save()
    year = timezone.localdate().year
    for y in (year - 2, year - 1, year):
        AnnualPredikat.objects.update_or_create(
            employee=employee, year=y, defaults={"predikat": "baik"}
        )


def propose(p, kind="kp", employees=None, actor=None):
    start, end = _period()
    return services.proposal_batch_create(
        actor=actor or p.operator,
        kind=kind,
        period_start=start,
        period_end=end,
        org_unit=p.unit_a,
        employees=employees or [p.employee],
    )


def all_ticked(kind):
    return {key: True for key, _label in CHECKLISTS[kind]}


def test_kp_flow_writes_the_rank_only_with_the_decree(personas):
    p = personas
    make_due_for_kp(p.employee)
    batch = propose(p)
    proposal = batch.proposals.get()
    assert proposal.status == ProposalStatus.PROPOSED
    assert proposal.proposed_rank.code == "III/b"
    services.proposal_verify(actor=p.admin, proposal=proposal, checklist=all_ticked("kp"))
    services.proposal_record_technical_approval(
        actor=p.admin, proposal=proposal, number="PT-123/BKN", date=timezone.localdate()
    )
    assert not RankHistory.objects.filter(employee=p.employee, rank__code="III/b").exists()
    start, _end = _period()
    services.proposal_record_decree(
        actor=p.admin,
        proposal=proposal,
        decree_number="800/123/BKPSDM",
        decree_date=timezone.localdate(),
        effective_from=start,
    )
    row = RankHistory.objects.get(employee=p.employee, rank__code="III/b")
    assert (row.effective_from, row.decree_number) == (start, "800/123/BKPSDM")
    p.employee.refresh_from_db()
    assert p.employee.rank.code == "III/b"
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DECREED
    steps = list(proposal.steps.values_list("action", "actor__username"))
    assert steps == [
        ("propose", "operator_dinkes"),
        ("verify", "admin_bkpsdm"),
        ("approve", "admin_bkpsdm"),
        ("decree", "admin_bkpsdm"),
    ]


def test_someone_not_due_refuses_the_batch_with_the_reason(personas):
    p = personas
    make_due_for_kp(p.employee)
    make_due_for_kp(p.colleague)
    AnnualPredikat.objects.filter(employee=p.colleague, year=timezone.localdate().year - 1).update(
        predikat="kurang"
    )
    with pytest.raises(ValidationError) as error:
        propose(p, employees=[p.employee, p.colleague])
    message = error.value.message_dict["employees"][0]
    assert p.colleague.nip in message
    assert "di bawah Baik" in message
    assert not ProposalBatch.objects.exists()


def test_out_of_scope_and_double_proposals(personas):
    p = personas
    make_due_for_kp(p.employee)
    make_due_for_kp(p.outsider)
    with pytest.raises(ValidationError) as error:
        propose(p, employees=[p.outsider])
    assert "di luar unit pengusul" in error.value.message_dict["employees"][0]
    propose(p)
    with pytest.raises(ValidationError) as error:
        propose(p)
    assert "sudah diusulkan" in error.value.message_dict["employees"][0]


def test_refused_keeps_reason_and_may_be_proposed_again(personas):
    p = personas
    make_due_for_kp(p.employee)
    proposal = propose(p).proposals.get()
    with pytest.raises(ValidationError):
        services.proposal_refuse(actor=p.admin, proposal=proposal, reason="  ")
    services.proposal_refuse(actor=p.admin, proposal=proposal, reason="SKP 2025 belum sah.")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.refusal_reason) == ("refused", "SKP 2025 belum sah.")
    again = propose(p).proposals.get()
    assert again.pk != proposal.pk


def test_only_bkpsdm_decides_and_steps_are_in_order(personas):
    p = personas
    make_due_for_kp(p.employee)
    proposal = propose(p).proposals.get()
    with pytest.raises(PermissionDenied):
        services.proposal_verify(actor=p.operator, proposal=proposal, checklist=all_ticked("kp"))
    with pytest.raises(ValidationError) as error:
        services.proposal_verify(actor=p.admin, proposal=proposal, checklist={"sk_pangkat": True})
    assert "Berkas belum lengkap" in error.value.messages[0]
    with pytest.raises(ValidationError):  # decree before technical approval
        services.proposal_record_decree(
            actor=p.admin,
            proposal=proposal,
            decree_number="1",
            decree_date=timezone.localdate(),
            effective_from=_period()[0],
        )
    with pytest.raises(PermissionDenied):
        propose(p, actor=p.auditor)


def test_kgb_and_award_decrees_write_their_rows(personas):
    p = personas
    start, _end = _period()
    p.employee.last_kgb_date = add_years(start, -2)
    p.employee.save()
    proposal = propose(p, kind="kgb").proposals.get()
    services.proposal_verify(actor=p.admin, proposal=proposal, checklist=all_ticked("kgb"))
    with pytest.raises(ValidationError):  # no BKN step for KGB
        services.proposal_record_technical_approval(
            actor=p.admin, proposal=proposal, number="X", date=timezone.localdate()
        )
    services.proposal_record_decree(
        actor=p.admin,
        proposal=proposal,
        decree_number="822/9/KGB",
        decree_date=timezone.localdate(),
        effective_from=proposal.due_date,
        basic_salary=3_500_000,
    )
    step = SalaryStepHistory.objects.get(employee=p.employee)
    assert (step.basic_salary, step.decree_number) == (3_500_000, "822/9/KGB")
    p.employee.refresh_from_db()
    assert p.employee.last_kgb_date == proposal.due_date

    p.colleague.tmt_cpns = add_years(start, -10)
    p.colleague.save()
    award = propose(p, kind="satyalancana", employees=[p.colleague]).proposals.get()
    assert award.grade.years == 10
    services.proposal_verify(actor=p.admin, proposal=award, checklist=all_ticked("satyalancana"))
    services.proposal_record_decree(
        actor=p.admin,
        proposal=award,
        decree_number="Keppres 5/TK/2027",
        decree_date=timezone.localdate(),
        effective_from=timezone.localdate(),
    )
    assert Award.objects.get(employee=p.colleague).name == "Satyalancana Karya Satya X Tahun"


def test_batch_xlsx_is_formula_safe(personas):
    p = personas
    make_due_for_kp(p.employee)
    p.employee.name = '=HYPERLINK("http://x","klik")'
    p.employee.save()
    batch = propose(p)
    sheet = load_workbook(io.BytesIO(batch_xlsx(batch)))["Usulan"]
    assert sheet["B2"].value == p.employee.nip  # the NIP stays text, all 18 digits
    assert sheet["C2"].value == p.employee.name  # shown as typed, stored as text
    assert sheet["C2"].data_type == "s"
    assert sheet["C2"].quotePrefix
    assert Proposal.objects.count() == 1
    assert Rank.objects.filter(code="III/b").exists()


def _retiring(employee, tmt):
    """A pelaksana (BUP 58) whose retirement date is `tmt` (1st of the month after the BUP
    birthday: born on the 10th of the month before, 58 years earlier)."""
    before = tmt - dt.timedelta(days=1)
    employee.birth_date = dt.date(before.year - 58, before.month, 10)
    employee.save()


def _bup_to_decree(p, employee, tmt):
    batch = services.proposal_batch_create(
        actor=p.operator,
        kind="bup",
        period_start=tmt,
        period_end=tmt + dt.timedelta(days=27),
        org_unit=p.unit_a,
        employees=[employee],
    )
    proposal = batch.proposals.get()
    assert proposal.due_date == tmt
    services.proposal_verify(actor=p.admin, proposal=proposal, checklist=all_ticked("bup"))
    services.proposal_record_technical_approval(
        actor=p.admin, proposal=proposal, number="PT-9/BKN", date=timezone.localdate()
    )
    return proposal


def _in_bup_list(employee, tmt):
    from abdi.careers.selectors.due import DueList

    due = DueList(kind="bup", period_start=tmt, period_end=tmt + dt.timedelta(days=27))
    return due.queryset.filter(pk=employee.pk).exists()


def test_retirement_decree_ends_service_on_its_tmt_and_leaves_the_due_lists(personas):
    from abdi.employees.models import PositionHistory

    p = personas
    tmt = timezone.localdate().replace(day=1)
    _retiring(p.colleague, tmt)
    proposal = _bup_to_decree(p, p.colleague, tmt)
    with pytest.raises(ValidationError) as error:  # the TMT is the retirement date, no other
        services.proposal_record_decree(
            actor=p.admin,
            proposal=proposal,
            decree_number="SK-PENSIUN-1",
            decree_date=timezone.localdate(),
            effective_from=services.rules.add_months(tmt, 1),
        )
    assert tmt.strftime("%d-%m-%Y") in error.value.message_dict["effective_from"][0]
    p.colleague.refresh_from_db()
    assert p.colleague.is_active
    services.proposal_record_decree(
        actor=p.admin,
        proposal=proposal,
        decree_number="SK-PENSIUN-1",
        decree_date=timezone.localdate(),
        effective_from=tmt,
    )
    p.colleague.refresh_from_db()
    assert not p.colleague.is_active
    last = PositionHistory.objects.filter(employee=p.colleague).order_by("-effective_from").first()
    assert last.effective_until == tmt - dt.timedelta(days=1)
    assert "SK-PENSIUN-1" in p.colleague.history.first().history_change_reason
    assert not _in_bup_list(p.colleague, tmt)
    with pytest.raises(ValidationError) as error:  # not proposed for BUP a second time
        services.proposal_batch_create(
            actor=p.operator,
            kind="bup",
            period_start=tmt,
            period_end=tmt + dt.timedelta(days=27),
            org_unit=p.unit_a,
            employees=[p.colleague],
        )
    assert "SK pensiun sudah terbit" in error.value.message_dict["employees"][0]


def test_retirement_decree_ahead_of_its_tmt_waits_for_the_worker(personas):
    from abdi.careers.tasks_proposals import end_service_on_retirement_tmt

    p = personas
    tmt = services.rules.add_months(timezone.localdate(), 1)
    _retiring(p.colleague, tmt)
    proposal = _bup_to_decree(p, p.colleague, tmt)
    services.proposal_record_decree(
        actor=p.admin,
        proposal=proposal,
        decree_number="SK-PENSIUN-2",
        decree_date=timezone.localdate(),
        effective_from=tmt,
    )
    p.colleague.refresh_from_db()
    assert p.colleague.is_active  # still serving until the TMT
    assert not _in_bup_list(p.colleague, tmt)  # but no longer due for anything
    assert end_service_on_retirement_tmt.call() == 0
    Proposal.objects.filter(pk=proposal.pk).update(decree_effective_from=timezone.localdate())
    assert end_service_on_retirement_tmt.call() == 1
    p.colleague.refresh_from_db()
    assert not p.colleague.is_active
    assert end_service_on_retirement_tmt.call() == 0


def test_retirement_decree_ahead_of_its_tmt_enqueues_the_end_of_service_for_that_date(
    personas, settings, django_capture_on_commit_callbacks
):
    from django_tasks import task_backends

    from abdi.careers.tasks_proposals import end_service_for_retirement
    from abdi.core.calendar import JAKARTA

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    p = personas
    tmt = services.rules.add_months(timezone.localdate(), 2).replace(day=1)
    _retiring(p.colleague, tmt)
    proposal = _bup_to_decree(p, p.colleague, tmt)
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_record_decree(
            actor=p.admin,
            proposal=proposal,
            decree_number="SK-PENSIUN-3",
            decree_date=timezone.localdate(),
            effective_from=tmt,
        )
    (queued,) = task_backends["default"].results
    assert queued.task.name == end_service_for_retirement.name
    assert queued.kwargs == {"proposal_id": proposal.pk}
    assert queued.task.run_after.astimezone(JAKARTA).date() == tmt
    # The enqueued task run on the date ends the service.
    Proposal.objects.filter(pk=proposal.pk).update(decree_effective_from=timezone.localdate())
    assert end_service_for_retirement.call(proposal_id=proposal.pk) is True
    p.colleague.refresh_from_db()
    assert not p.colleague.is_active


def test_one_failing_retirement_does_not_stop_the_others_nor_needs_the_recorder_role(personas):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from abdi.accounts.models import RoleAssignment
    from abdi.employees.models import PositionHistory

    p = personas
    tmt = services.rules.add_months(timezone.localdate(), 1).replace(day=1)
    proposals = []
    for employee, number in ((p.employee, "SK-PENSIUN-4"), (p.colleague, "SK-PENSIUN-5")):
        _retiring(employee, tmt)
        proposal = _bup_to_decree(p, employee, tmt)
        services.proposal_record_decree(
            actor=p.admin,
            proposal=proposal,
            decree_number=number,
            decree_date=timezone.localdate(),
            effective_from=tmt,
        )
        proposals.append(proposal)
    today = timezone.localdate()
    Proposal.objects.filter(pk__in=[x.pk for x in proposals]).update(decree_effective_from=today)
    # The first cannot take effect: its current post was recorded as starting today.
    PositionHistory.objects.filter(employee=p.employee, effective_until__isnull=True).update(
        effective_from=today
    )
    # The admin who recorded both decrees has since left BKPSDM.
    RoleAssignment.objects.filter(user=p.admin).delete()
    with pytest.raises(CommandError) as error:
        call_command("end_service_due", stdout=io.StringIO())
    assert str(proposals[0].pk) in str(error.value)
    p.employee.refresh_from_db()
    p.colleague.refresh_from_db()
    assert p.employee.is_active
    assert not p.colleague.is_active
    assert "SK-PENSIUN-5" in p.colleague.history.first().history_change_reason


def test_a_failing_retirement_is_told_to_bkpsdm_once_and_listed_until_it_takes_effect(
    personas, django_capture_on_commit_callbacks
):
    """The daily retry of a retirement that cannot take effect notifies the BKPSDM admins once
    with the reason (not every day), shows it in "Tugas saya", and clears when it works."""
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from abdi.careers.selectors.home import careers_work
    from abdi.core.models import Notification
    from abdi.employees.models import PositionHistory

    p = personas
    tmt = services.rules.add_months(timezone.localdate(), 1).replace(day=1)
    _retiring(p.employee, tmt)
    proposal = _bup_to_decree(p, p.employee, tmt)
    services.proposal_record_decree(
        actor=p.admin,
        proposal=proposal,
        decree_number="SK-PENSIUN-7",
        decree_date=timezone.localdate(),
        effective_from=tmt,
    )
    today = timezone.localdate()
    Proposal.objects.filter(pk=proposal.pk).update(decree_effective_from=today)
    # It cannot take effect: the current post was recorded as starting today.
    PositionHistory.objects.filter(employee=p.employee, effective_until__isnull=True).update(
        effective_from=today
    )
    told = Notification.objects.filter(verb="retirement_failed")
    for _day in range(3):  # three daily runs, one notice (sent after the commit)
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(CommandError):
            call_command("end_service_due", stdout=io.StringIO())
    proposal.refresh_from_db()
    assert proposal.effect_failed_since is not None and proposal.effect_failure
    assert list(told.values_list("user", flat=True)) == [p.admin.pk]
    notice = told.get()
    assert p.employee.nip in notice.message and "gagal berlaku" in notice.message
    assert notice.url.endswith(f"/{proposal.pk}/")
    # BKPSDM's "Tugas saya" lists it with the reason; others do not see it.
    item = next(
        i for i in careers_work(p.admin, today=today, detail=True) if i.key == "retirements_failing"
    )
    assert item.count == 1 and proposal.effect_failure[:40] in item.entries[0].detail
    assert not any(
        i.key == "retirements_failing" for i in careers_work(p.operator, today=today, detail=True)
    )
    # Put right, it takes effect on the next run and leaves the list.
    PositionHistory.objects.filter(employee=p.employee, effective_until__isnull=True).update(
        effective_from=today - dt.timedelta(days=400)
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("end_service_due", stdout=io.StringIO())
    proposal.refresh_from_db()
    p.employee.refresh_from_db()
    assert not p.employee.is_active
    assert proposal.effect_failed_since is None and proposal.effect_failure == ""
    assert told.count() == 1


def test_kp_decree_tmt_must_be_a_promotion_period_not_before_the_due_date(personas):
    p = personas
    make_due_for_kp(p.employee)
    proposal = propose(p).proposals.get()
    services.proposal_verify(actor=p.admin, proposal=proposal, checklist=all_ticked("kp"))
    services.proposal_record_technical_approval(
        actor=p.admin, proposal=proposal, number="PT-124/BKN", date=timezone.localdate()
    )
    for wrong in (proposal.due_date - dt.timedelta(days=31), proposal.due_date.replace(day=15)):
        with pytest.raises(ValidationError) as error:
            services.proposal_record_decree(
                actor=p.admin,
                proposal=proposal,
                decree_number="800/124/BKPSDM",
                decree_date=timezone.localdate(),
                effective_from=wrong,
            )
        assert "effective_from" in error.value.message_dict
    assert not RankHistory.objects.filter(employee=p.employee, rank__code="III/b").exists()
