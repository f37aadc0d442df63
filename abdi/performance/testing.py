"""Helpers for performance tests (and demo data): open a year, build the approved SKP chain of the
personas (head_a → supervisor → employee) by calling the real services.

    year = open_year(personas.admin)
    chain = approved_skp_chain(personas)          # chain.head_a, chain.supervisor, chain.employee
    period = period_by_code("2026-Q1")
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, NamedTuple

from abdi.performance.models.planning import SKP
from abdi.performance.models.reference import BehaviourValue
from abdi.performance.models.years import PerformancePeriod, PerformanceYear
from abdi.performance.services import planning as planning_services
from abdi.performance.services import years as years_services


class SKPChain(NamedTuple):
    head_a: SKP
    supervisor: SKP
    employee: SKP


def open_year(
    actor, year: int = 2026, cadence: str = "quarterly", **options: Any
) -> PerformanceYear:
    """The performance year (opened by `actor`, a BKPSDM admin) — reused when already open."""
    existing = PerformanceYear.objects.filter(year=year).first()
    if existing is not None:
        return existing
    return years_services.performance_year_open(
        actor=actor,
        year=year,
        cadence=cadence,
        skp_deadline=options.pop("skp_deadline", dt.date(year, 1, 31)),
        **options,
    )


def period(code: str) -> PerformancePeriod:
    return PerformancePeriod.objects.get(code=code)


def write_expectations(skp: SKP, actor, text: str = "Menunjukkan perilaku {name} setiap hari."):
    return planning_services.expectations_set(
        actor=actor,
        skp=skp,
        expectations={v.pk: text.format(name=v.name) for v in BehaviourValue.objects.all()},
    )


def fill_skp(skp: SKP, *, supports: list | None = None, titles: list[str] | None = None) -> SKP:
    """Two main RHK (each supporting the matching RHK in `supports` when given), each with a
    quantity and a time indicator. Acts as the SKP's owner."""
    owner = skp.employee.user
    assert owner is not None, "the SKP's employee needs a login"
    titles = titles or [
        f"Terlaksananya program {n} {skp.employee.name}" for n in ("pertama", "kedua")
    ]
    for n, title in enumerate(titles):
        result = planning_services.work_result_add(
            actor=owner,
            skp=skp,
            title=title,
            kind="main",
            supports=supports[n % len(supports)] if supports else None,
        )
        if skp.approach == "qualitative":
            planning_services.indicator_add(
                actor=owner,
                work_result=result,
                aspect="quality",
                description="Mutu hasil kerja",
                target_description="Laporan diterima tanpa revisi",
            )
        else:
            planning_services.indicator_add(
                actor=owner,
                work_result=result,
                aspect="quantity",
                description="Jumlah laporan yang diselesaikan",
                target_value=Decimal(12),
                target_unit="laporan",
            )
            planning_services.indicator_add(
                actor=owner,
                work_result=result,
                aspect="time",
                description="Ketepatan waktu penyelesaian",
                target_value=Decimal(12),
                target_unit="bulan",
            )
    return skp


def approve_skp(skp: SKP, *, appraiser_user) -> SKP:
    """Expectations by the appraiser, submit by the owner, approval by the appraiser."""
    write_expectations(skp, appraiser_user)
    owner = skp.employee.user
    assert owner is not None, "the SKP's employee needs a login"
    planning_services.skp_submit(actor=owner, skp=skp)
    return planning_services.skp_approve(actor=appraiser_user, skp=skp)


def main_results(skp: SKP) -> list:
    return list(skp.work_results.filter(kind="main").order_by("order", "pk"))


def approved_skp_chain(personas, year: int = 2026, cadence: str = "quarterly") -> SKPChain:
    """The approved SKPs of head_a (from the performance agreement, approved by the BKPSDM admin),
    the supervisor (cascaded from head_a's) and the employee (cascaded from the supervisor's),
    each with 2 main RHK, indicators and the 7 expectations."""
    open_year(personas.admin, year=year, cadence=cadence)
    head = planning_services.skp_create(
        actor=personas.head_a.user, employee=personas.head_a, year=year
    )
    fill_skp(head)
    approve_skp(head, appraiser_user=personas.admin)

    sup = planning_services.skp_create(
        actor=personas.supervisor.user, employee=personas.supervisor, year=year
    )
    fill_skp(sup, supports=main_results(head))
    approve_skp(sup, appraiser_user=personas.head_a.user)

    emp = planning_services.skp_create(
        actor=personas.employee.user, employee=personas.employee, year=year
    )
    fill_skp(emp, supports=main_results(sup))
    approve_skp(emp, appraiser_user=personas.supervisor.user)
    return SKPChain(head, sup, emp)
