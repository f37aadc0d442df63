"""The unit monitor's precomputed predikat counts (UnitPredikatCount) stay equal to a recount of
the evaluations after every kind of write that sets or changes a predikat: an evaluation, a
calibration (evaluation_adjust), an upheld objection; a rejected objection changes nothing; a
refresh repairs counts changed behind the services' back; before any counts exist the page counts
from the evaluations and has them built."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from abdi.org.models import OrgUnit
from abdi.performance import services
from abdi.performance.models import Evaluation, PerformancePeriod, UnitPredikatCount
from abdi.performance.selectors import monitoring as sel
from abdi.performance.services.counts import predikat_counts_refresh
from abdi.performance.testing import approve_skp, approved_skp_chain, fill_skp, main_results, period
from abdi.testing import make_employee

pytestmark = pytest.mark.django_db

QUARTER = "2026-Q4"


def recount(unit: OrgUnit, p: PerformancePeriod) -> dict[str, int]:
    return sel.predikat_counts(sel.evaluations_in_unit(unit=unit, period=p))


def assert_counts_match_records(personas) -> dict[str, int]:
    """For every period and the units at each level of the tree: the stored counts equal a
    recount of the evaluations. Returns the agency's counts for QUARTER."""
    units = [*OrgUnit.objects.filter(depth=1), personas.unit_a, personas.unit_b, personas.subunit_a]
    for p in PerformancePeriod.objects.all():
        for unit in units:
            unit = OrgUnit.objects.get(pk=unit.pk)
            assert sel.predikat_counts_in_unit(unit=unit, period=p) == recount(unit, p), (
                p.code,
                unit.name,
            )
    root = OrgUnit.objects.filter(depth=1).order_by("path").first()
    assert root is not None
    return sel.predikat_counts_in_unit(unit=root, period=period(QUARTER))


def evaluate(skp, user, work="meets", behaviour="meets", code=QUARTER):
    return services.evaluation_create(
        actor=user,
        skp=skp,
        period=period(code),
        work_result_rating=work,
        behaviour_rating=behaviour,
    )


def staff(personas, chain, n: int) -> list:
    skps = []
    for i in range(n):
        person = make_employee(
            name=f"Staf {i}",
            unit=personas.subunit_a,
            position=personas.staff_position,
            username=f"staf_{i}",
        )
        skp = services.skp_create(actor=person.user, employee=person, year=2026)
        fill_skp(skp, supports=main_results(chain.supervisor))
        skps.append(approve_skp(skp, appraiser_user=personas.supervisor.user))
    return skps


def test_counts_follow_evaluations_and_calibrations(personas):
    chain = approved_skp_chain(personas)
    extra = staff(personas, chain, 2)
    # Worked example: meets/meets is "baik", above/above "sangat_baik" (the loaded matrix).
    evaluate(chain.employee, personas.supervisor.user)
    first = assert_counts_match_records(personas)
    assert first["baik"] == 1 and sum(first.values()) == 1
    evaluate(extra[0], personas.supervisor.user)
    ev = evaluate(extra[1], personas.supervisor.user, "above", "above")
    created = assert_counts_match_records(personas)
    assert (created["baik"], created["sangat_baik"]) == (2, 1)
    services.evaluation_adjust(
        actor=personas.admin, evaluation=ev, predikat="butuh_perbaikan", reason="Kuota unit."
    )
    adjusted = assert_counts_match_records(personas)
    assert (adjusted["baik"], adjusted["sangat_baik"], adjusted["butuh_perbaikan"]) == (2, 0, 1)
    # A second calibration of the same evaluation, from a stale instance: the count moves from
    # the stored predikat, not from the one the caller held.
    stale = Evaluation.objects.get(pk=ev.pk)
    services.evaluation_adjust(actor=personas.admin, evaluation=ev, predikat="baik", reason="Ulang")
    stale.predikat = "sangat_baik"
    services.evaluation_adjust(
        actor=personas.admin, evaluation=stale, predikat="kurang", reason="X"
    )
    again = assert_counts_match_records(personas)
    assert (again["baik"], again["butuh_perbaikan"], again["kurang"]) == (2, 0, 1)


def test_counts_follow_an_upheld_objection_and_not_a_rejected_one(personas):
    chain = approved_skp_chain(personas)
    (other,) = staff(personas, chain, 1)
    upheld = evaluate(chain.employee, personas.supervisor.user, code="2026")
    rejected = evaluate(other, personas.supervisor.user, code="2026")
    for ev in (upheld, rejected):
        services.evaluation_release(actor=personas.supervisor.user, evaluation=ev)
    assert_counts_match_records(personas)
    objection = services.objection_file(
        actor=personas.employee.user, evaluation=upheld, reason="Target tercapai 120%"
    )
    services.objection_decide(
        actor=personas.head_a.user,
        objection=objection,
        upheld=True,
        reason="Bukti kuat",
        new_predikat="sangat_baik",
    )
    objection = services.objection_file(
        actor=other.employee.user, evaluation=rejected, reason="Mohon ditinjau"
    )
    services.objection_decide(
        actor=personas.head_a.user, objection=objection, upheld=False, reason="Sudah sesuai"
    )
    assert_counts_match_records(personas)
    stored = sel.predikat_counts_in_unit(unit=personas.unit_a, period=period("2026"))
    assert (stored["sangat_baik"], stored["baik"]) == (1, 1)


def test_a_refresh_repairs_the_counts(personas):
    chain = approved_skp_chain(personas)
    evaluate(chain.employee, personas.supervisor.user)
    UnitPredikatCount.objects.update(evaluations=7)
    UnitPredikatCount.objects.create(
        org_unit=personas.unit_b, period=period(QUARTER), predikat="kurang", evaluations=3
    )
    assert predikat_counts_refresh() == 2
    assert assert_counts_match_records(personas)["baik"] == 1
    assert predikat_counts_refresh() == 0


def test_before_any_counts_the_page_counts_live_and_has_them_built(
    personas, login, django_capture_on_commit_callbacks
):
    chain = approved_skp_chain(personas)
    evaluate(chain.employee, personas.supervisor.user, "above", "above")
    UnitPredikatCount.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        response = login(personas.admin).get(
            reverse("performance:unit_monitor"), {"unit": personas.unit_a.pk, "period": QUARTER}
        )
    assert response.status_code == 200
    assert response.context["distribution"].counts["sangat_baik"] == 1
    # The worker (immediate in tests) built the counts.
    assert UnitPredikatCount.objects.get().evaluations == 1
    assert_counts_match_records(personas)


def test_distribution_queries_do_not_grow_with_the_evaluations(personas):
    chain = approved_skp_chain(personas)
    extra = staff(personas, chain, 3)
    evaluate(chain.employee, personas.supervisor.user)
    unit = OrgUnit.objects.get(pk=personas.unit_a.pk)
    quarter = period(QUARTER)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            sel.predikat_counts_in_unit(unit=unit, period=quarter)
        return len(ctx.captured_queries)

    few = queries()
    for skp in extra:
        evaluate(skp, personas.supervisor.user, "above", "meets")
    assert queries() == few == 1
