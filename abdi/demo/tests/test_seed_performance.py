"""seed_demo's SKP cycle: an open quarterly year, unit predikat, SKPs in every state cascaded
along the position tree with the appraiser the services would derive, realisations and
evaluations that follow the rules, and work waiting for the demo logins."""

import datetime as dt
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import translation

from abdi.accounts.models import User
from abdi.core.models import Notification
from abdi.employees.positions import position_of
from abdi.performance import selectors, services
from abdi.performance.choices import EvaluationStatus, PeriodKind, SKPStatus, WorkResultKind
from abdi.performance.models import (
    SKP,
    Activity,
    Evaluation,
    EvaluationAdjustment,
    Objection,
    OrgUnitPredikat,
    PerformancePeriod,
    PerformanceYear,
    Realisation,
    SKPEvent,
    WorkResult,
)
from abdi.performance.permissions import evaluations_visible_to
from abdi.performance.selectors import inbox_for

TODAY = dt.date(2026, 8, 20)  # Q1 and Q2 are past, Q3 runs
N = 150


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed(seed=7, today=TODAY):
    out = StringIO()
    call_command(
        "seed_demo", employees=N, seed=seed, password="demo-pass-123", today=today, stdout=out
    )
    return out.getvalue()


def snapshot():
    return {
        "skps": list(
            SKP.objects.order_by("employee__nip").values_list(
                "employee__nip", "status", "approach", "appraiser__nip"
            )
        ),
        "results": list(
            WorkResult.objects.order_by("skp__employee__nip", "order").values_list(
                "skp__employee__nip", "title", "supports__skp__employee__nip"
            )
        ),
        "evaluations": list(
            Evaluation.objects.order_by("skp__employee__nip", "period__code").values_list(
                "skp__employee__nip", "period__code", "predikat", "status"
            )
        ),
        "realisations": Realisation.objects.count(),
    }


def seeded_then_rolled_back(seed_value):
    with transaction.atomic():
        seed(seed=seed_value)
        rows = snapshot()
        transaction.set_rollback(True)
    assert not SKP.objects.exists()
    return rows


@pytest.mark.django_db
def test_same_seed_gives_the_same_cycle_and_another_seed_differs():
    first = seeded_then_rolled_back(7)
    assert len(first["skps"]) > N * 0.8
    assert seeded_then_rolled_back(7) == first
    assert seeded_then_rolled_back(8) != first


@pytest.mark.django_db
def test_open_quarterly_year_and_unit_predikat_for_past_periods_and_the_year():
    output = seed()
    assert "SKP (current year)" in output
    year = PerformanceYear.objects.get()
    assert (year.year, year.cadence, year.is_open) == (2026, "quarterly", True)
    codes = set(year.periods.values_list("code", flat=True))
    assert codes == {"2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4", "2026"}
    recorded = Counter(OrgUnitPredikat.objects.values_list("period__code", flat=True))
    assert set(recorded) == {"2026-Q1", "2026-Q2", "2026"}  # past quarters and the year
    assert recorded["2026-Q1"] == recorded["2026"] > 10
    assert len(set(OrgUnitPredikat.objects.values_list("predikat", flat=True))) >= 2
    # every unit head's unit has its predikat (the head's work rating comes from it)
    heads = SKP.objects.filter(position__is_unit_head=True).values_list(
        "position__org_unit_id", flat=True
    )
    q1 = PerformancePeriod.objects.get(code="2026-Q1")
    have = set(OrgUnitPredikat.objects.filter(period=q1).values_list("org_unit_id", flat=True))
    assert set(heads) <= have


@pytest.mark.django_db
def test_appraiser_and_superior_are_what_the_services_derive():
    seed()
    on = TODAY
    skps = list(SKP.objects.select_related("employee"))
    assert Counter(s.status for s in skps).keys() == {
        SKPStatus.DRAFT,
        SKPStatus.SUBMITTED,
        SKPStatus.RETURNED,
        SKPStatus.APPROVED,
    }
    for skp in skps:
        if skp.position_id != skp.employee.position_id:
            # Moved afterwards by a career decision of the demo (an appointment or a transfer):
            # the SKP stays with the post and unit it was made for.
            continue
        appraiser, superior = services.derive_chain(skp.employee, on)
        assert (skp.appraiser_id, skp.appraiser_superior_id) == (
            appraiser.pk if appraiser else None,
            superior.pk if superior else None,
        ), skp.employee.nip
        assert skp.position_id == position_of(skp.employee, on=on)
        assert skp.org_unit_id == skp.employee.org_unit_id
        assert skp.from_performance_agreement == (appraiser is None)
    tops = [s for s in skps if s.from_performance_agreement]
    assert tops and all(s.status == SKPStatus.APPROVED for s in tops)


@pytest.mark.django_db
def test_cascade_content_and_workflow_follow_the_rules():
    seed()
    for skp in SKP.objects.exclude(status=SKPStatus.DRAFT):
        assert services.submit_problems(skp) == [], skp.pk  # complete: RHK, indicators, 7 values
    for wr in WorkResult.objects.filter(kind=WorkResultKind.MAIN).select_related(
        "skp", "supports__skp"
    ):
        if wr.skp.from_performance_agreement:
            assert wr.supports is None
        else:
            target = wr.supports.skp
            assert target.employee_id == wr.skp.appraiser_id
            assert target.status == SKPStatus.APPROVED
            assert wr.supports.kind == WorkResultKind.MAIN
    # workflow events in order, ending with the state
    last = {}
    for event in SKPEvent.objects.order_by("skp_id", "created_at", "pk"):
        last[event.skp_id] = event.action
    expected = {
        "draft": "create",
        "submitted": "submit",
        "returned": "return",
        "approved": "approve",
    }
    for skp in SKP.objects.all():
        assert last[skp.pk] == expected[skp.status]
    returned = SKPEvent.objects.filter(action="return")
    assert returned.exists() and all(e.note for e in returned)
    approved = SKP.objects.filter(status=SKPStatus.APPROVED)
    assert all(s.approved_at and s.submitted_at < s.approved_at for s in approved)


@pytest.mark.django_db
def test_execution_only_on_approved_skps_within_the_year_so_far():
    seed()
    assert Activity.objects.exists() and Realisation.objects.exists()
    assert not Activity.objects.exclude(skp__status=SKPStatus.APPROVED).exists()
    assert not Activity.objects.filter(date__gt=TODAY).exists()
    assert not Activity.objects.filter(evidence="", evidence_link="").exists()
    realised = Realisation.objects.select_related("indicator__work_result__skp", "period")
    for r in realised:
        assert r.indicator.work_result.skp.status == SKPStatus.APPROVED
        assert r.period.start <= TODAY and r.period.kind != PeriodKind.YEAR
    assert set(realised.values_list("period__code", flat=True)) == {
        "2026-Q1",
        "2026-Q2",
        "2026-Q3",
    }


@pytest.mark.django_db
def test_evaluations_follow_the_matrix_and_the_unit_predikat():
    seed()
    matrix = selectors.predikat_matrix(TODAY)
    mapping = selectors.head_rating_mapping(TODAY)
    evaluations = list(Evaluation.objects.select_related("skp__position", "period"))
    assert {e.period.code for e in evaluations} == {"2026-Q1", "2026-Q2"}
    adjusted = dict(EvaluationAdjustment.objects.values_list("evaluation_id", "to_predikat"))
    for ev in evaluations:
        assert ev.evaluator_id == ev.skp.appraiser_id
        assert ev.skp.status == SKPStatus.APPROVED
        expected = adjusted.get(ev.pk) or matrix[(ev.work_result_rating, ev.behaviour_rating)]
        assert ev.predikat == expected
        if ev.skp.position and ev.skp.position.is_unit_head:
            org = OrgUnitPredikat.objects.get(
                org_unit_id=ev.skp.position.org_unit_id, period=ev.period
            )
            assert ev.work_result_from_org_predikat
            assert ev.work_result_rating == mapping[org.predikat]
        released = ev.status in (EvaluationStatus.RELEASED, EvaluationStatus.ACKNOWLEDGED)
        assert (ev.released_at is not None) == released
        assert (ev.acknowledged_at is not None) == (ev.status == EvaluationStatus.ACKNOWLEDGED)
    predikat = Counter(e.predikat for e in evaluations)
    assert len(predikat) >= 3 and predikat.most_common(1)[0][0] == "baik"
    assert {e.status for e in evaluations} == set(EvaluationStatus.values)
    objection = Objection.objects.get()
    assert objection.status == "filed"
    assert objection.evaluation.status == EvaluationStatus.RELEASED


@pytest.mark.django_db
def test_demo_logins_have_work_waiting_and_an_approved_skp(login):
    seed()
    atasan = User.objects.get(username="atasan")
    inbox = inbox_for(atasan, on=TODAY)
    assert inbox.to_decide  # an SKP to approve or return
    pegawai = User.objects.get(username="pegawai")
    skp = SKP.objects.get(employee__user=pegawai)
    assert skp.status == SKPStatus.APPROVED
    assert skp.appraiser.user == atasan
    assert Realisation.objects.filter(indicator__work_result__skp=skp).count() >= 4
    assert Activity.objects.filter(skp=skp).exclude(evidence="").exists()  # a real file
    visible = evaluations_visible_to(pegawai).filter(skp=skp)
    assert visible.filter(period__code="2026-Q2", status=EvaluationStatus.RELEASED).exists()
    # the pages show it
    client = login(atasan)
    page = client.get("/performance/inbox/").content.decode()
    assert inbox.to_decide[0].employee.name.split(",")[0] in page
    client = login(pegawai)
    page = client.get(f"/performance/skp/{skp.pk}/").content.decode()
    assert skp.work_results.first().title in page
    # the seeded notifications are the services' messages, read in the reader's language
    notes = Notification.objects.filter(user__in=[atasan, pegawai])
    assert notes.count() >= 3 and not notes.filter(message_key="").exists()
    released = notes.get(user=pegawai, verb="evaluation_released")
    assert "Triwulan II 2026" in released.message and "2026-Q2" not in released.message
    with translation.override("en"):
        texts = {n.verb: n.text for n in notes}
    assert "for approval" in texts["skp_submitted"], texts
    assert "was approved" in texts["skp_approved"], texts
    assert "Quarter II 2026" in texts["evaluation_released"], texts


@pytest.mark.django_db
def test_early_in_the_year_nothing_is_evaluated_yet():
    seed(today=dt.date(2026, 2, 10))
    assert SKP.objects.exists()
    assert not Evaluation.objects.exists()
    assert not OrgUnitPredikat.objects.exclude(period__kind=PeriodKind.YEAR).exists()
    assert set(Realisation.objects.values_list("period__code", flat=True)) <= {"2026-Q1"}
