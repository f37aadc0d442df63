"""The SKP document and the evaluation document (dokumen evaluasi kinerja pegawai) as PDF, in the
usual official layout of Permen PANRB 6/2022: title, period, identities of the employee, the
appraiser and the appraiser's superior, work results with indicators and targets (and
realisations), the 7 BerAKHLAK values with the leader's expectations, ratings and predikat, place
and date, signature blocks. HTML templates rendered by WeasyPrint."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from abdi.core.choices import Predikat
from abdi.employees.models import Employee
from abdi.performance.choices import PeriodKind, Rating, WorkResultKind
from abdi.performance.models.evaluation import Evaluation
from abdi.performance.models.execution import Realisation
from abdi.performance.models.planning import SKP, WorkResult
from abdi.performance.models.reference import BehaviourValue
from abdi.performance.models.years import OrgUnitPredikat, PerformancePeriod
from abdi.performance.selectors import planning as planning_selectors


@dataclass
class Identity:
    """One block of the identity table."""

    heading: str
    name: str = "—"
    nip: str = "—"
    rank: str = "—"
    position: str = "—"
    unit: str = "—"


def identity(heading: str, employee: Employee | None, *, position=None, unit=None) -> Identity:
    if employee is None:
        return Identity(heading)
    rank = employee.rank
    position = position or employee.position
    unit = unit or employee.org_unit
    return Identity(
        heading=heading,
        name=employee.full_name,
        nip=employee.nip,
        rank=f"{rank.title} ({rank.code})" if rank and rank.title else (rank.code if rank else "—"),
        position=position.name if position else "—",
        unit=unit.name if unit else "—",
    )


def _work_results(skp: SKP) -> tuple[list[WorkResult], list[WorkResult]]:
    results = list(
        skp.work_results.select_related("supports")
        .prefetch_related("indicators")
        .order_by("order", "pk")
    )
    main = [r for r in results if r.kind == WorkResultKind.MAIN]
    additional = [r for r in results if r.kind == WorkResultKind.ADDITIONAL]
    return main, additional


def _groups(main: list[WorkResult], additional: list[WorkResult]) -> list[dict]:
    return [
        {"label": _("A. Utama"), "results": main},
        {"label": _("B. Tambahan"), "results": additional},
    ]


def _behaviour(skp: SKP) -> list[dict]:
    written = {e.behaviour_value_id: e.expectation for e in skp.behaviour_expectations.all()}
    return [
        {
            "value": value,
            "guides": [g.strip() for g in value.guides.splitlines() if g.strip()],
            "expectation": written.get(value.pk, ""),
        }
        for value in BehaviourValue.objects.order_by("order")
    ]


def _identities(skp: SKP) -> list[Identity]:
    return [
        identity(_("Pegawai yang dinilai"), skp.employee, position=skp.position, unit=skp.org_unit),
        identity(_("Pejabat penilai kinerja"), skp.appraiser),
        identity(_("Atasan pejabat penilai kinerja"), skp.appraiser_superior),
    ]


def _place(skp: SKP) -> str:
    agency = skp.org_unit.agency
    return agency.region or agency.name


def skp_document_context(skp: SKP) -> dict:
    skp = planning_selectors.skp_document_queryset().get(pk=skp.pk)
    year = skp.performance_year.year
    main, additional = _work_results(skp)
    return {
        "skp": skp,
        "agency": skp.org_unit.agency,
        "title": _("SASARAN KINERJA PEGAWAI"),
        "period_start": dt.date(year, 1, 1),
        "period_end": dt.date(year, 12, 31),
        "identities": _identities(skp),
        "groups": _groups(main, additional),
        "behaviour": _behaviour(skp),
        "place": _place(skp),
        "date": timezone.localtime(skp.approved_at).date()
        if skp.approved_at
        else timezone.localdate(),
        "employee": skp.employee,
        "appraiser": skp.appraiser,
        "draft": skp.status != "approved" and skp.status != "superseded",
    }


def _realisations(skp: SKP, period: PerformancePeriod) -> dict[int, Realisation]:
    """Per indicator: the realisation of the period; for an annual evaluation without an annual
    realisation, the latest periodic one of the year (its period is shown beside it)."""
    rows = Realisation.objects.filter(indicator__work_result__skp=skp).select_related("period")
    if period.kind != PeriodKind.YEAR:
        return {r.indicator_id: r for r in rows.filter(period=period)}
    found: dict[int, Realisation] = {}
    for r in rows.filter(period__performance_year=period.performance_year).order_by("period__end"):
        if (
            r.period.kind == PeriodKind.YEAR
            or r.indicator_id not in found
            or (found[r.indicator_id].period.kind != PeriodKind.YEAR)
        ):
            found[r.indicator_id] = r
    return found


def evaluation_document_context(evaluation: Evaluation) -> dict:
    evaluation = (
        Evaluation.objects.select_related("period__performance_year", "evaluator__rank")
        .prefetch_related("adjustments")
        .get(pk=evaluation.pk)
    )
    skp = planning_selectors.skp_document_queryset().get(pk=evaluation.skp_id)
    main, additional = _work_results(skp)
    period = evaluation.period
    realisations = _realisations(skp, period)
    for result in main + additional:
        for indicator in result.indicators.all():  # the prefetched instances the template reads
            indicator.realisation = realisations.get(indicator.pk)
    org_predikat = None
    if evaluation.work_result_from_org_predikat:
        org_predikat = (
            OrgUnitPredikat.objects.filter(org_unit=skp.org_unit, period=period)
            .only("predikat")
            .first()
        )
    ratings = dict(Rating.choices)
    when = evaluation.released_at or evaluation.updated_at
    return {
        "skp": skp,
        "evaluation": evaluation,
        "agency": skp.org_unit.agency,
        "title": _("EVALUASI KINERJA PEGAWAI"),
        "period_label": _("Tahunan")
        if period.kind == PeriodKind.YEAR
        else period.get_kind_display(),
        "period_start": period.start,
        "period_end": period.end,
        "identities": _identities(skp),
        "groups": _groups(main, additional),
        "behaviour": _behaviour(skp),
        "work_rating": ratings.get(evaluation.work_result_rating, ""),
        "behaviour_rating": ratings.get(evaluation.behaviour_rating, ""),
        "predikat": dict(Predikat.choices).get(evaluation.predikat, evaluation.predikat),
        "org_predikat": org_predikat,
        "adjustments": list(evaluation.adjustments.all()),
        "place": _place(skp),
        "date": timezone.localtime(when).date() if when else timezone.localdate(),
        "employee": skp.employee,
        "appraiser": evaluation.evaluator,
        "draft": evaluation.status in ("draft", "final"),
    }


def render_pdf(template: str, context: dict, *, base_url: str | None = None) -> bytes:
    # local: WeasyPrint loads Pango and its fonts at import; only a PDF download pays for it
    from weasyprint import HTML

    html = render_to_string(template, context)
    return HTML(string=html, base_url=base_url).write_pdf()


def skp_pdf(skp: SKP, *, base_url: str | None = None) -> bytes:
    return render_pdf(
        "performance/documents/skp.html", skp_document_context(skp), base_url=base_url
    )


def evaluation_pdf(evaluation: Evaluation, *, base_url: str | None = None) -> bytes:
    return render_pdf(
        "performance/documents/evaluation.html",
        evaluation_document_context(evaluation),
        base_url=base_url,
    )
